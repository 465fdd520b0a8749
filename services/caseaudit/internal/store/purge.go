package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
)

// RoundsToPurge lists the rounds whose case detail fell due to be purged
// by now and was not, as partnership and round ids, at most limit of them.
func (r *Repository) RoundsToPurge(ctx context.Context, now time.Time, limit int) ([][2]string, error) {
	var out [][2]string
	err := each(ctx, r.db, `SELECT partnership_id, id FROM rounds WHERE purge_after <= $1 AND purge_time IS NULL
		ORDER BY purge_after LIMIT $2`, []any{now.UTC(), limit}, func(rows *sql.Rows) error {
		var ids [2]string
		if err := rows.Scan(&ids[0], &ids[1]); err != nil {
			return err
		}
		out = append(out, ids)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find rounds to purge: %w", err)
	}
	return out, nil
}

// PurgeRound deletes a round's case detail (its cases and their agencies,
// the assignments with the auditors' declarations, the key table, the
// risk flags, the chronologies, the returns, the moderations) if
// due(round) says so when the round is read locked, marks it purged, and
// records the purge and its event. The round itself (theme, dates, state)
// and the reads of its key table stay. It reports whether it purged.
func (r *Repository) PurgeRound(ctx context.Context, partnershipID, id string, now time.Time, due func(domain.Round) bool) (bool, error) {
	purged := false
	err := r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM rounds WHERE partnership_id = $1 AND id = $2`+r.db.ForUpdate(),
			partnershipID, id).Scan(&one); err != nil {
			return nil, fmt.Errorf("lock round: %w", err)
		}
		rd, err := r.getRound(ctx, tx, partnershipID, id)
		if err != nil || !due(rd) {
			return nil, err
		}
		p := domain.Purge{PartnershipID: partnershipID, RoundID: id, Cases: len(rd.Cases), Time: now}
		counts := map[string]*int{"round_assignments": &p.Assignments, "case_keys": &p.Keys}
		for _, table := range []string{"case_moderations", "case_returns", "chronologies", "risk_flags", "case_keys", "round_assignments", "round_case_agencies", "round_cases"} {
			res, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE partnership_id = $1 AND round_id = $2`, partnershipID, id)
			if err != nil {
				return nil, fmt.Errorf("purge %s: %w", table, err)
			}
			if n, ok := counts[table]; ok {
				k, _ := res.RowsAffected()
				*n = int(k)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE rounds SET purge_time = $3, version = version + 1 WHERE partnership_id = $1 AND id = $2`,
			partnershipID, id, now); err != nil {
			return nil, fmt.Errorf("mark round purged: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO round_purges (partnership_id, round_id, cases, assignments, case_keys, purge_time)
			VALUES ($1, $2, $3, $4, $5, $6)`, partnershipID, id, p.Cases, p.Assignments, p.Keys, now); err != nil {
			return nil, fmt.Errorf("record purge: %w", err)
		}
		purged = true
		return []domain.Event{domain.RoundPurged{Purge: p}}, nil
	})
	return purged, err
}

// GetPurge returns the record of a round's purge; found is false if it
// was not purged.
func (r *Repository) GetPurge(ctx context.Context, partnershipID, id string) (domain.Purge, bool, error) {
	p := domain.Purge{PartnershipID: partnershipID, RoundID: id}
	err := r.db.QueryRowContext(ctx, `SELECT cases, assignments, case_keys, purge_time FROM round_purges WHERE partnership_id = $1 AND round_id = $2`,
		partnershipID, id).Scan(&p.Cases, &p.Assignments, &p.Keys, &p.Time)
	if err == sql.ErrNoRows {
		return p, false, nil
	}
	if err != nil {
		return p, false, fmt.Errorf("read purge: %w", err)
	}
	p.Time = p.Time.UTC()
	return p, true, nil
}
