package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
)

// PutForm keeps a published template version's form; versions never
// change, so a second copy is ignored.
func PutForm(ctx context.Context, tx *sql.Tx, name string, f form.Form) error {
	content, err := json.Marshal(f)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO forms (name, content) VALUES ($1, $2) ON CONFLICT DO NOTHING`, name, string(content)); err != nil {
		return fmt.Errorf("keep form: %w", err)
	}
	return nil
}

// Form returns a kept template version's form, compiled; found is false if
// its event has not arrived.
func (r *Repository) Form(ctx context.Context, name string) (*form.Compiled, bool, error) {
	var content string
	err := r.db.QueryRowContext(ctx, `SELECT content FROM forms WHERE name = $1`, name).Scan(&content)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read form: %w", err)
	}
	var f form.Form
	if err := json.Unmarshal([]byte(content), &f); err != nil {
		return nil, false, fmt.Errorf("form %s: %w", name, err)
	}
	c, err := form.Compile(f)
	if err != nil {
		return nil, false, fmt.Errorf("form %s: %w", name, err)
	}
	return c, true, nil
}

const returnColumns = `partnership_id, round_id, reference, organisation_id, answers, state, qa_comment, saved_by, save_time,
	submit_time, reviewed_by, review_time, version`

// SaveCaseReturn stores c, whose version before the change was prev (0 for
// a new one), with its events; another change in between is a conflict.
func (r *Repository) SaveCaseReturn(ctx context.Context, c domain.CaseReturn, prev int64, evs ...domain.Event) error {
	answers, err := json.Marshal(c.Answers)
	if err != nil {
		return err
	}
	return r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		res, err := tx.ExecContext(ctx, `INSERT INTO case_returns (`+returnColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
			ON CONFLICT (partnership_id, round_id, reference, organisation_id) DO UPDATE SET answers = excluded.answers,
			  state = excluded.state, qa_comment = excluded.qa_comment, saved_by = excluded.saved_by, save_time = excluded.save_time,
			  submit_time = excluded.submit_time, reviewed_by = excluded.reviewed_by, review_time = excluded.review_time,
			  version = excluded.version
			WHERE case_returns.version = $14`,
			c.PartnershipID, c.RoundID, c.Reference, c.Agency, string(answers), int(c.State), c.QAComment, c.SavedBy, c.SaveTime,
			store.NullTime(c.SubmitTime), c.ReviewedBy, store.NullTime(c.ReviewTime), c.Version, prev)
		if err != nil {
			return nil, fmt.Errorf("save return: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return nil, failure.Conflict("the return on case %s changed since it was read: read it again", c.Reference)
		}
		return evs, nil
	})
}

// CaseReturns loads a round's returns (one when reference and agency are
// given), by case then agency.
func (r *Repository) CaseReturns(ctx context.Context, partnershipID, roundID, reference, agency string) ([]domain.CaseReturn, error) {
	var out []domain.CaseReturn
	err := each(ctx, r.db, `SELECT `+returnColumns+` FROM case_returns WHERE partnership_id = $1 AND round_id = $2
		AND ($3 = '' OR reference = $3) AND ($4 = '' OR organisation_id = $4) ORDER BY reference, organisation_id`,
		[]any{partnershipID, roundID, reference, agency}, func(rows *sql.Rows) error {
			var c domain.CaseReturn
			var answers string
			var state int
			var submitted, reviewed sql.NullTime
			if err := rows.Scan(&c.PartnershipID, &c.RoundID, &c.Reference, &c.Agency, &answers, &state, &c.QAComment, &c.SavedBy,
				&c.SaveTime, &submitted, &c.ReviewedBy, &reviewed, &c.Version); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(answers), &c.Answers); err != nil {
				return fmt.Errorf("answers of a return: %w", err)
			}
			c.State, c.SaveTime, c.SubmitTime, c.ReviewTime = domain.ReturnState(state), c.SaveTime.UTC(), store.UTC(submitted), store.UTC(reviewed)
			out = append(out, c)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("read returns: %w", err)
	}
	return out, nil
}
