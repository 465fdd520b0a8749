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

// findingsContent is how findings are kept as JSON.
type findingsContent struct {
	WorkingWell, Concerns []string
	Recommendations       []domain.Recommendation
	Review                domain.RoundReview
}

// GetFindings loads a round's findings; a round without any yet has empty
// findings at version 0.
func (r *Repository) GetFindings(ctx context.Context, partnershipID, roundID string) (domain.RoundFindings, error) {
	f := domain.RoundFindings{PartnershipID: partnershipID, RoundID: roundID}
	var content string
	err := r.db.QueryRowContext(ctx, `SELECT content, update_time, version FROM findings WHERE partnership_id = $1 AND round_id = $2`,
		partnershipID, roundID).Scan(&content, &f.UpdateTime, &f.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return f, nil
	}
	if err != nil {
		return f, fmt.Errorf("read findings: %w", err)
	}
	var c findingsContent
	if err := json.Unmarshal([]byte(content), &c); err != nil {
		return f, fmt.Errorf("findings of %s: %w", roundID, err)
	}
	f.WorkingWell, f.Concerns, f.Recommendations, f.Review = c.WorkingWell, c.Concerns, c.Recommendations, c.Review
	f.UpdateTime = f.UpdateTime.UTC()
	return f, nil
}

// SaveFindings stores f, whose version before the change was prev (0 for
// the first), with its events; another change in between is a conflict.
func (r *Repository) SaveFindings(ctx context.Context, f domain.RoundFindings, prev int64, evs ...domain.Event) error {
	content, err := json.Marshal(findingsContent{f.WorkingWell, f.Concerns, f.Recommendations, f.Review})
	if err != nil {
		return err
	}
	return r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		res, err := tx.ExecContext(ctx, `INSERT INTO findings (partnership_id, round_id, content, update_time, version)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (partnership_id, round_id) DO UPDATE SET content = excluded.content, update_time = excluded.update_time,
			  version = excluded.version WHERE findings.version = $6`,
			f.PartnershipID, f.RoundID, string(content), f.UpdateTime, f.Version, prev)
		if err != nil {
			return nil, fmt.Errorf("save findings: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return nil, failure.Conflict("the findings changed since they were read: read them again")
		}
		return evs, nil
	})
}
