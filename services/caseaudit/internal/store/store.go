// Package store keeps the case-audit service's rounds and their cases in
// PostgreSQL or the embedded SQLite database, with the same SQL for both.
package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/outbox"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/services/caseaudit/internal/app"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
)

// Repository implements app.Repository.
type Repository struct {
	db     *store.DB
	events *outbox.Writer[domain.Event]
}

var _ app.Repository = (*Repository)(nil)

// New returns a repository on the database of w, writing events through w.
func New(w *outbox.Writer[domain.Event]) *Repository { return &Repository{db: w.DB, events: w} }

// InsertRound stores a new round with its cases.
func (r *Repository) InsertRound(ctx context.Context, rd domain.Round, evs ...domain.Event) error {
	return r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		_, err := tx.ExecContext(ctx,
			`INSERT INTO rounds (partnership_id, id, theme, create_time, version, methodology, practice_from, practice_to,
			   template_version, returns_due_time, moderation_time, chair, state, update_time, key_readers, retention_days, sample_seed)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
			rd.PartnershipID, rd.ID, rd.Theme, rd.CreateTime, rd.Version, rd.Methodology, rd.PracticeFrom, rd.PracticeTo,
			rd.TemplateVersion, store.NullTime(rd.ReturnsDue), store.NullTime(rd.ModerationTime), rd.Chair, int(rd.State), rd.UpdateTime,
			jsonList(rd.KeyReaders), rd.RetentionDays, strconv.FormatUint(rd.SampleSeed, 10))
		if store.IsUniqueViolation(err) {
			return nil, failure.AlreadyExists("partnerships/%s/rounds/%s already exists", rd.PartnershipID, rd.ID)
		}
		if err != nil {
			return nil, fmt.Errorf("insert round: %w", err)
		}
		if err := insertCases(ctx, tx, rd); err != nil {
			return nil, err
		}
		return evs, nil
	})
}

// insertCases stores a round's cases and their agencies.
func insertCases(ctx context.Context, tx *sql.Tx, rd domain.Round) error {
	for i, c := range rd.Cases {
		_, err := tx.ExecContext(ctx,
			`INSERT INTO round_cases (partnership_id, round_id, position, reference, sampling_notes) VALUES ($1, $2, $3, $4, $5)`,
			rd.PartnershipID, rd.ID, i, c.Reference, c.SamplingNotes)
		if store.IsUniqueViolation(err) {
			return failure.Invalid(fmt.Sprintf("round.cases[%d].reference", i), "repeats a reference already in the round")
		}
		if err != nil {
			return fmt.Errorf("insert case: %w", err)
		}
		for k, a := range c.Agencies {
			_, err := tx.ExecContext(ctx,
				`INSERT INTO round_case_agencies (partnership_id, round_id, case_position, position, organisation_id) VALUES ($1, $2, $3, $4, $5)`,
				rd.PartnershipID, rd.ID, i, k, a)
			if store.IsUniqueViolation(err) {
				return failure.Invalid(fmt.Sprintf("round.cases[%d].agencies[%d]", i, k), "names organisations/"+a+" twice")
			}
			if err != nil {
				return fmt.Errorf("insert case agency: %w", err)
			}
		}
	}
	return nil
}

// replaceCases drops a round's cases and stores its new ones.
func replaceCases(ctx context.Context, tx *sql.Tx, rd domain.Round) error {
	for _, table := range []string{"round_case_agencies", "round_cases"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE partnership_id = $1 AND round_id = $2`, rd.PartnershipID, rd.ID); err != nil {
			return fmt.Errorf("drop cases: %w", err)
		}
	}
	return insertCases(ctx, tx, rd)
}

const roundColumns = `partnership_id, id, theme, create_time, version, methodology, practice_from, practice_to,
	template_version, returns_due_time, moderation_time, chair, state, update_time, key_readers, retention_days, close_time, purge_time, sample_seed`

// GetRound loads one round of a partnership.
func (r *Repository) GetRound(ctx context.Context, partnershipID, id string) (domain.Round, error) {
	return r.getRound(ctx, r.db, partnershipID, id)
}

func (r *Repository) getRound(ctx context.Context, q querier, partnershipID, id string) (domain.Round, error) {
	rs, err := r.queryRounds(ctx, q, partnershipID,
		`SELECT `+roundColumns+` FROM rounds WHERE partnership_id = $1 AND id = $2`, partnershipID, id)
	if err != nil {
		return domain.Round{}, err
	}
	if len(rs) == 0 {
		return domain.Round{}, failure.NotFound("partnerships/%s/rounds/%s not found", partnershipID, id)
	}
	return rs[0], nil
}

// ListRounds lists a partnership's rounds oldest first.
func (r *Repository) ListRounds(ctx context.Context, partnershipID string, offset, limit int) ([]domain.Round, error) {
	return r.queryRounds(ctx, r.db, partnershipID,
		`SELECT `+roundColumns+` FROM rounds WHERE partnership_id = $1 ORDER BY create_time, id LIMIT $2 OFFSET $3`,
		partnershipID, limit, offset)
}

// queryRounds runs a query for rounds of one partnership and loads their
// cases and agencies.
func (r *Repository) queryRounds(ctx context.Context, q querier, partnershipID, query string, args ...any) ([]domain.Round, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query rounds: %w", err)
	}
	var out []domain.Round
	for rows.Next() {
		var rd domain.Round
		var due, meeting, updated, closed, purged sql.NullTime
		var state int
		var readers, seed string
		if err := rows.Scan(&rd.PartnershipID, &rd.ID, &rd.Theme, &rd.CreateTime, &rd.Version, &rd.Methodology,
			&rd.PracticeFrom, &rd.PracticeTo, &rd.TemplateVersion, &due, &meeting, &rd.Chair, &state, &updated, &readers,
			&rd.RetentionDays, &closed, &purged, &seed); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan round: %w", err)
		}
		rd.CreateTime = rd.CreateTime.UTC()
		rd.ReturnsDue, rd.ModerationTime, rd.UpdateTime = store.UTC(due), store.UTC(meeting), store.UTC(updated)
		rd.CloseTime, rd.PurgeTime = store.UTC(closed), store.UTC(purged)
		rd.SampleSeed, _ = strconv.ParseUint(seed, 10, 64)
		if rd.UpdateTime.IsZero() {
			rd.UpdateTime = rd.CreateTime
		}
		rd.State = domain.State(state)
		if err := json.Unmarshal([]byte(readers), &rd.KeyReaders); err != nil {
			rows.Close()
			return nil, fmt.Errorf("key readers of round %s: %w", rd.ID, err)
		}
		if len(rd.KeyReaders) == 0 {
			rd.KeyReaders = nil
		}
		out = append(out, rd)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query rounds: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	// Load the cases and their agencies for the page in two queries.
	args = []any{partnershipID}
	marks := make([]string, len(out))
	for i, rd := range out {
		args = append(args, rd.ID)
		marks[i] = fmt.Sprintf("$%d", i+2)
	}
	in := `partnership_id = $1 AND round_id IN (` + strings.Join(marks, ", ") + `)`
	cases := map[string][]domain.Case{}
	err = each(ctx, q, `SELECT round_id, reference, sampling_notes FROM round_cases WHERE `+in+` ORDER BY round_id, position`, args,
		func(rows *sql.Rows) error {
			var rid string
			var c domain.Case
			if err := rows.Scan(&rid, &c.Reference, &c.SamplingNotes); err != nil {
				return err
			}
			cases[rid] = append(cases[rid], c)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("query cases: %w", err)
	}
	err = each(ctx, q, `SELECT round_id, case_position, organisation_id FROM round_case_agencies WHERE `+in+
		` ORDER BY round_id, case_position, position`, args,
		func(rows *sql.Rows) error {
			var rid, oid string
			var pos int
			if err := rows.Scan(&rid, &pos, &oid); err != nil {
				return err
			}
			if pos >= len(cases[rid]) {
				return fmt.Errorf("agency %s of round %s names missing case %d", oid, rid, pos)
			}
			cases[rid][pos].Agencies = append(cases[rid][pos].Agencies, oid)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("query case agencies: %w", err)
	}
	for i := range out {
		out[i].Cases = cases[out[i].ID]
	}
	return out, nil
}

// UpdateRound loads a round locked for update, lets change alter it and
// stores what it made of it with the events it returns, all in one
// transaction. A change that returns no events stores nothing.
func (r *Repository) UpdateRound(ctx context.Context, partnershipID, id string, change func(*domain.Round) ([]domain.Event, error)) (domain.Round, error) {
	var out domain.Round
	err := r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		var exists int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM rounds WHERE partnership_id = $1 AND id = $2`+r.db.ForUpdate(),
			partnershipID, id).Scan(&exists)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, failure.NotFound("partnerships/%s/rounds/%s not found", partnershipID, id)
		}
		if err != nil {
			return nil, fmt.Errorf("lock round: %w", err)
		}
		rd, err := r.getRound(ctx, tx, partnershipID, id)
		if err != nil {
			return nil, err
		}
		before := fmt.Sprint(rd.Cases)
		evs, err := change(&rd)
		if err != nil || len(evs) == 0 {
			out = rd
			return nil, err
		}
		if fmt.Sprint(rd.Cases) != before {
			if err := replaceCases(ctx, tx, rd); err != nil {
				return nil, err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE rounds SET theme = $3, methodology = $4, practice_from = $5, practice_to = $6,
			template_version = $7, returns_due_time = $8, moderation_time = $9, chair = $10, state = $11, update_time = $12, version = $13,
			key_readers = $14, retention_days = $15, close_time = $16, purge_after = $17, sample_seed = $18
			WHERE partnership_id = $1 AND id = $2`, partnershipID, id, rd.Theme, rd.Methodology, rd.PracticeFrom, rd.PracticeTo,
			rd.TemplateVersion, store.NullTime(rd.ReturnsDue), store.NullTime(rd.ModerationTime), rd.Chair, int(rd.State), rd.UpdateTime, rd.Version,
			jsonList(rd.KeyReaders), rd.RetentionDays, store.NullTime(rd.CloseTime), store.NullTime(rd.PurgeAfter()), strconv.FormatUint(rd.SampleSeed, 10)); err != nil {
			return nil, fmt.Errorf("update round: %w", err)
		}
		out = rd
		return evs, nil
	})
	return out, err
}

// jsonList writes a list as JSON; nil as [].
func jsonList(l []string) string {
	if len(l) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(l)
	return string(b)
}

// querier is a database or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// each runs query and calls fn for every row.
func each(ctx context.Context, q querier, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
