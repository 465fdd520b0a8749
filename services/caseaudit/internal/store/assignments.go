package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
)

const assignmentColumns = `partnership_id, round_id, reference, organisation_id, auditor, state, involved, worked_on_case,
	statement, declined, assign_time, decide_time, version`

// GetAssignment loads the assignment of a case for an agency; found is
// false when none was made.
func (r *Repository) GetAssignment(ctx context.Context, partnershipID, roundID, reference, agency string) (domain.Assignment, bool, error) {
	as, err := r.queryAssignments(ctx, `SELECT `+assignmentColumns+` FROM round_assignments
		WHERE partnership_id = $1 AND round_id = $2 AND reference = $3 AND organisation_id = $4`, partnershipID, roundID, reference, agency)
	if err != nil || len(as) == 0 {
		return domain.Assignment{}, false, err
	}
	return as[0], true, nil
}

// ListAssignments lists a round's assignments by case reference, then
// agency.
func (r *Repository) ListAssignments(ctx context.Context, partnershipID, roundID string) ([]domain.Assignment, error) {
	return r.queryAssignments(ctx, `SELECT `+assignmentColumns+` FROM round_assignments
		WHERE partnership_id = $1 AND round_id = $2 ORDER BY reference, organisation_id`, partnershipID, roundID)
}

// IsAuditor reports whether person is named, and has not declined, for a
// case of the round.
func (r *Repository) IsAuditor(ctx context.Context, partnershipID, roundID, person string) (bool, error) {
	var one int
	err := r.db.QueryRowContext(ctx, `SELECT 1 FROM round_assignments WHERE auditor = $1 AND partnership_id = $2 AND round_id = $3
		AND state IN (1, 2) LIMIT 1`, person, partnershipID, roundID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("find assignment: %w", err)
	}
	return true, nil
}

// SaveAssignment stores a, whose version before the change was prev (0
// for a new one), with its events; another change in between is a
// conflict.
func (r *Repository) SaveAssignment(ctx context.Context, a domain.Assignment, prev int64, evs ...domain.Event) error {
	declined, err := json.Marshal(a.Declined)
	if err != nil {
		return err
	}
	if a.Declined == nil {
		declined = []byte("[]")
	}
	return r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		res, err := tx.ExecContext(ctx, `INSERT INTO round_assignments (`+assignmentColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
			ON CONFLICT (partnership_id, round_id, reference, organisation_id) DO UPDATE SET auditor = excluded.auditor,
			  state = excluded.state, involved = excluded.involved, worked_on_case = excluded.worked_on_case,
			  statement = excluded.statement, declined = excluded.declined, assign_time = excluded.assign_time,
			  decide_time = excluded.decide_time, version = excluded.version
			WHERE round_assignments.version = $14`,
			a.PartnershipID, a.RoundID, a.Reference, a.Agency, a.Auditor, int(a.State), a.Declaration.Involved,
			a.Declaration.WorkedOnCase, a.Declaration.Statement, string(declined), a.AssignTime, store.NullTime(a.DecideTime), a.Version, prev)
		if err != nil {
			return nil, fmt.Errorf("save assignment: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return nil, failure.Conflict("the assignment of case %s changed meanwhile: read it again", a.Reference)
		}
		return evs, nil
	})
}

func (r *Repository) queryAssignments(ctx context.Context, query string, args ...any) ([]domain.Assignment, error) {
	var out []domain.Assignment
	err := each(ctx, r.db, query, args, func(rows *sql.Rows) error {
		var a domain.Assignment
		var state int
		var declined string
		var decided sql.NullTime
		if err := rows.Scan(&a.PartnershipID, &a.RoundID, &a.Reference, &a.Agency, &a.Auditor, &state, &a.Declaration.Involved,
			&a.Declaration.WorkedOnCase, &a.Declaration.Statement, &declined, &a.AssignTime, &decided, &a.Version); err != nil {
			return err
		}
		a.State, a.AssignTime, a.DecideTime = domain.AssignmentState(state), a.AssignTime.UTC(), store.UTC(decided)
		if err := json.Unmarshal([]byte(declined), &a.Declined); err != nil {
			return fmt.Errorf("declined auditors: %w", err)
		}
		if len(a.Declined) == 0 {
			a.Declined = nil
		}
		out = append(out, a)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("query assignments: %w", err)
	}
	return out, nil
}
