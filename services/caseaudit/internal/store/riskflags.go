package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
)

const riskColumns = `partnership_id, round_id, id, reference, organisation_id, kind, description, flagged_by, flag_time,
	ack_by, ack_note, ack_time, sends, last_sent, version`

// SaveRiskFlag stores f, whose version before the change was prev (0 for
// a new flag), with its events; another change in between is a conflict.
func (r *Repository) SaveRiskFlag(ctx context.Context, f domain.RiskFlag, prev int64, evs ...domain.Event) error {
	return r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		res, err := tx.ExecContext(ctx, `INSERT INTO risk_flags (`+riskColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
			ON CONFLICT (partnership_id, round_id, id) DO UPDATE SET ack_by = excluded.ack_by, ack_note = excluded.ack_note,
			  ack_time = excluded.ack_time, sends = excluded.sends, last_sent = excluded.last_sent, version = excluded.version
			WHERE risk_flags.version = $16`,
			f.PartnershipID, f.RoundID, f.ID, f.Reference, f.Agency, int(f.Kind), f.Description, f.FlaggedBy, f.FlagTime,
			f.AckBy, f.AckNote, store.NullTime(f.AckTime), f.Sends, f.LastSent, f.Version, prev)
		if err != nil {
			return nil, fmt.Errorf("save risk flag: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return nil, failure.Conflict("the risk flag changed meanwhile: read it again")
		}
		return evs, nil
	})
}

// GetRiskFlag loads one flag.
func (r *Repository) GetRiskFlag(ctx context.Context, partnershipID, roundID, id string) (domain.RiskFlag, error) {
	fs, err := r.queryRiskFlags(ctx, `SELECT `+riskColumns+` FROM risk_flags WHERE partnership_id = $1 AND round_id = $2 AND id = $3`,
		partnershipID, roundID, id)
	if err != nil {
		return domain.RiskFlag{}, err
	}
	if len(fs) == 0 {
		return domain.RiskFlag{}, failure.NotFound("partnerships/%s/rounds/%s/riskFlags/%s not found", partnershipID, roundID, id)
	}
	return fs[0], nil
}

// ListRiskFlags lists a round's flags, unacknowledged first, then by time
// raised.
func (r *Repository) ListRiskFlags(ctx context.Context, partnershipID, roundID string) ([]domain.RiskFlag, error) {
	return r.queryRiskFlags(ctx, `SELECT `+riskColumns+` FROM risk_flags WHERE partnership_id = $1 AND round_id = $2
		ORDER BY CASE WHEN ack_time IS NULL THEN 0 ELSE 1 END, flag_time, id`, partnershipID, roundID)
}

// UnacknowledgedRiskFlags lists the flags nobody has acknowledged last
// raised at or before before, at most limit, oldest first.
func (r *Repository) UnacknowledgedRiskFlags(ctx context.Context, before time.Time, limit int) ([]domain.RiskFlag, error) {
	return r.queryRiskFlags(ctx, `SELECT `+riskColumns+` FROM risk_flags WHERE ack_time IS NULL AND last_sent <= $1
		ORDER BY last_sent LIMIT $2`, before.UTC(), limit)
}

func (r *Repository) queryRiskFlags(ctx context.Context, query string, args ...any) ([]domain.RiskFlag, error) {
	var out []domain.RiskFlag
	err := each(ctx, r.db, query, args, func(rows *sql.Rows) error {
		var f domain.RiskFlag
		var kind int
		var acked sql.NullTime
		if err := rows.Scan(&f.PartnershipID, &f.RoundID, &f.ID, &f.Reference, &f.Agency, &kind, &f.Description, &f.FlaggedBy,
			&f.FlagTime, &f.AckBy, &f.AckNote, &acked, &f.Sends, &f.LastSent, &f.Version); err != nil {
			return err
		}
		f.Kind, f.AckTime = domain.RiskKind(kind), store.UTC(acked)
		f.FlagTime, f.LastSent = f.FlagTime.UTC(), f.LastSent.UTC()
		out = append(out, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("query risk flags: %w", err)
	}
	return out, nil
}
