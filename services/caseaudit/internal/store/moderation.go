package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
)

// GetModeration loads a case's moderation; none yet is an empty one at
// version 0.
func (r *Repository) GetModeration(ctx context.Context, partnershipID, roundID, reference string) (domain.CaseModeration, error) {
	m := domain.CaseModeration{PartnershipID: partnershipID, RoundID: roundID, Reference: reference}
	var domains string
	err := r.db.QueryRowContext(ctx, `SELECT domains, saved_by, save_time, version FROM case_moderations
		WHERE partnership_id = $1 AND round_id = $2 AND reference = $3`, partnershipID, roundID, reference).
		Scan(&domains, &m.SavedBy, &m.SaveTime, &m.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return m, nil
	}
	if err != nil {
		return m, fmt.Errorf("read moderation: %w", err)
	}
	if err := json.Unmarshal([]byte(domains), &m.Domains); err != nil {
		return m, fmt.Errorf("moderation of %s: %w", reference, err)
	}
	m.SaveTime = m.SaveTime.UTC()
	return m, nil
}

// SaveModeration stores m, at version prev before the change, with its
// events; another save in between is a conflict.
func (r *Repository) SaveModeration(ctx context.Context, m domain.CaseModeration, prev int64, evs ...domain.Event) error {
	domains, err := json.Marshal(m.Domains)
	if err != nil {
		return err
	}
	return r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		res, err := tx.ExecContext(ctx, `INSERT INTO case_moderations (partnership_id, round_id, reference, domains, saved_by, save_time, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (partnership_id, round_id, reference) DO UPDATE SET domains = excluded.domains, saved_by = excluded.saved_by,
			  save_time = excluded.save_time, version = excluded.version WHERE case_moderations.version = $8`,
			m.PartnershipID, m.RoundID, m.Reference, string(domains), m.SavedBy, m.SaveTime, m.Version, prev)
		if err != nil {
			return nil, fmt.Errorf("save moderation: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return nil, failure.Conflict("the moderation of case %s changed since it was read: read it again", m.Reference)
		}
		return evs, nil
	})
}
