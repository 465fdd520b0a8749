package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
)

// SaveChronology stores c, whose version before the save was prev (0 for
// the first), with its events; another save in between is a conflict.
func (r *Repository) SaveChronology(ctx context.Context, c domain.Chronology, prev int64, evs ...domain.Event) error {
	entries, err := json.Marshal(c.Entries)
	if err != nil {
		return err
	}
	return r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		res, err := tx.ExecContext(ctx, `INSERT INTO chronologies (partnership_id, round_id, reference, organisation_id, entries, saved_by,
			  save_time, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (partnership_id, round_id, reference, organisation_id) DO UPDATE SET entries = excluded.entries,
			  saved_by = excluded.saved_by, save_time = excluded.save_time, version = excluded.version
			WHERE chronologies.version = $9`,
			c.PartnershipID, c.RoundID, c.Reference, c.Agency, string(entries), c.SavedBy, c.SaveTime, c.Version, prev)
		if err != nil {
			return nil, fmt.Errorf("save chronology: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return nil, failure.Conflict("the chronology of case %s changed since it was read: read it again", c.Reference)
		}
		return evs, nil
	})
}

// Chronologies loads the agencies' chronologies of a case (one agency's
// when agency is not empty).
func (r *Repository) Chronologies(ctx context.Context, partnershipID, roundID, reference, agency string) ([]domain.Chronology, error) {
	var out []domain.Chronology
	err := each(ctx, r.db, `SELECT organisation_id, entries, saved_by, save_time, version FROM chronologies
		WHERE partnership_id = $1 AND round_id = $2 AND reference = $3 AND ($4 = '' OR organisation_id = $4) ORDER BY organisation_id`,
		[]any{partnershipID, roundID, reference, agency}, func(rows *sql.Rows) error {
			c := domain.Chronology{PartnershipID: partnershipID, RoundID: roundID, Reference: reference}
			var entries string
			if err := rows.Scan(&c.Agency, &entries, &c.SavedBy, &c.SaveTime, &c.Version); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(entries), &c.Entries); err != nil {
				return fmt.Errorf("chronology entries: %w", err)
			}
			c.SaveTime = c.SaveTime.UTC()
			out = append(out, c)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("read chronologies: %w", err)
	}
	return out, nil
}
