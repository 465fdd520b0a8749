// Package store keeps the case-audit service's rounds and their cases in
// PostgreSQL or the embedded SQLite database, with the same SQL for both.
package store

import (
	"context"
	"database/sql"
	"fmt"
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
			`INSERT INTO rounds (partnership_id, id, theme, create_time, version) VALUES ($1, $2, $3, $4, $5)`,
			rd.PartnershipID, rd.ID, rd.Theme, rd.CreateTime, rd.Version)
		if store.IsUniqueViolation(err) {
			return nil, failure.AlreadyExists("partnerships/%s/rounds/%s already exists", rd.PartnershipID, rd.ID)
		}
		if err != nil {
			return nil, fmt.Errorf("insert round: %w", err)
		}
		for i, c := range rd.Cases {
			_, err := tx.ExecContext(ctx,
				`INSERT INTO round_cases (partnership_id, round_id, position, reference) VALUES ($1, $2, $3, $4)`,
				rd.PartnershipID, rd.ID, i, c.Reference)
			if store.IsUniqueViolation(err) {
				return nil, failure.Invalid(fmt.Sprintf("round.cases[%d].reference", i), "repeats a reference already in the round")
			}
			if err != nil {
				return nil, fmt.Errorf("insert case: %w", err)
			}
			for k, a := range c.Agencies {
				_, err := tx.ExecContext(ctx,
					`INSERT INTO round_case_agencies (partnership_id, round_id, case_position, position, organisation_id) VALUES ($1, $2, $3, $4, $5)`,
					rd.PartnershipID, rd.ID, i, k, a)
				if store.IsUniqueViolation(err) {
					return nil, failure.Invalid(fmt.Sprintf("round.cases[%d].agencies[%d]", i, k), "names organisations/"+a+" twice")
				}
				if err != nil {
					return nil, fmt.Errorf("insert case agency: %w", err)
				}
			}
		}
		return evs, nil
	})
}

const roundColumns = `partnership_id, id, theme, create_time, version`

// GetRound loads one round of a partnership.
func (r *Repository) GetRound(ctx context.Context, partnershipID, id string) (domain.Round, error) {
	rs, err := r.queryRounds(ctx, partnershipID,
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
	return r.queryRounds(ctx, partnershipID,
		`SELECT `+roundColumns+` FROM rounds WHERE partnership_id = $1 ORDER BY create_time, id LIMIT $2 OFFSET $3`,
		partnershipID, limit, offset)
}

// queryRounds runs a query for rounds of one partnership and loads their
// cases and agencies.
func (r *Repository) queryRounds(ctx context.Context, partnershipID, query string, args ...any) ([]domain.Round, error) {
	rows, err := r.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query rounds: %w", err)
	}
	var out []domain.Round
	for rows.Next() {
		var rd domain.Round
		if err := rows.Scan(&rd.PartnershipID, &rd.ID, &rd.Theme, &rd.CreateTime, &rd.Version); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan round: %w", err)
		}
		rd.CreateTime = rd.CreateTime.UTC()
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
	err = r.each(ctx, `SELECT round_id, reference FROM round_cases WHERE `+in+` ORDER BY round_id, position`, args,
		func(rows *sql.Rows) error {
			var rid string
			var c domain.Case
			if err := rows.Scan(&rid, &c.Reference); err != nil {
				return err
			}
			cases[rid] = append(cases[rid], c)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("query cases: %w", err)
	}
	err = r.each(ctx, `SELECT round_id, case_position, organisation_id FROM round_case_agencies WHERE `+in+
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

// each runs query and calls fn for every row.
func (r *Repository) each(ctx context.Context, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := r.db.QueryContext(ctx, query, args...)
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
