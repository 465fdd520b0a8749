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

const rapidReviewColumns = `partnership_id, id, reference, notified, milestones, agencies, decision, rationale, decide_time,
	create_time, update_time, version`

// InsertRapidReview stores a new rapid review with its events.
func (r *Repository) InsertRapidReview(ctx context.Context, rr domain.RapidReview, evs ...domain.Event) error {
	return r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		args, err := rapidReviewArgs(rr)
		if err != nil {
			return nil, err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO rapid_reviews (`+rapidReviewColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, args...)
		if err != nil {
			if store.IsUniqueViolation(err) {
				return nil, failure.AlreadyExists("partnerships/%s/rapidReviews/%s already exists", rr.PartnershipID, rr.ID)
			}
			return nil, fmt.Errorf("insert rapid review: %w", err)
		}
		return evs, nil
	})
}

// GetRapidReview loads one rapid review.
func (r *Repository) GetRapidReview(ctx context.Context, partnershipID, id string) (domain.RapidReview, error) {
	rs, err := queryRapidReviews(ctx, r.db, `SELECT `+rapidReviewColumns+` FROM rapid_reviews WHERE partnership_id = $1 AND id = $2`,
		partnershipID, id)
	if err != nil {
		return domain.RapidReview{}, err
	}
	if len(rs) == 0 {
		return domain.RapidReview{}, failure.NotFound("partnerships/%s/rapidReviews/%s not found", partnershipID, id)
	}
	return rs[0], nil
}

// ListRapidReviews lists a partnership's rapid reviews, newest first.
func (r *Repository) ListRapidReviews(ctx context.Context, partnershipID string) ([]domain.RapidReview, error) {
	return queryRapidReviews(ctx, r.db, `SELECT `+rapidReviewColumns+` FROM rapid_reviews WHERE partnership_id = $1
		ORDER BY create_time DESC, id LIMIT 1000`, partnershipID)
}

// UpdateRapidReview loads a review locked for update, lets change alter
// it and stores it with the events change returns, in one transaction.
func (r *Repository) UpdateRapidReview(ctx context.Context, partnershipID, id string, change func(*domain.RapidReview) ([]domain.Event, error)) (domain.RapidReview, error) {
	var out domain.RapidReview
	err := r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		rs, err := queryRapidReviews(ctx, tx, `SELECT `+rapidReviewColumns+` FROM rapid_reviews WHERE partnership_id = $1 AND id = $2`+
			r.db.ForUpdate(), partnershipID, id)
		if err != nil {
			return nil, err
		}
		if len(rs) == 0 {
			return nil, failure.NotFound("partnerships/%s/rapidReviews/%s not found", partnershipID, id)
		}
		rr := rs[0]
		evs, err := change(&rr)
		if err != nil {
			return nil, err
		}
		args, err := rapidReviewArgs(rr)
		if err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE rapid_reviews SET reference = $3, notified = $4, milestones = $5, agencies = $6,
			decision = $7, rationale = $8, decide_time = $9, create_time = $10, update_time = $11, version = $12
			WHERE partnership_id = $1 AND id = $2`, args...); err != nil {
			return nil, fmt.Errorf("update rapid review: %w", err)
		}
		out = rr
		return evs, nil
	})
	return out, err
}

func rapidReviewArgs(rr domain.RapidReview) ([]any, error) {
	ms, err := json.Marshal(rr.Milestones)
	if err != nil {
		return nil, err
	}
	as, err := json.Marshal(rr.Agencies)
	if err != nil {
		return nil, err
	}
	return []any{rr.PartnershipID, rr.ID, rr.Reference, rr.Notified, string(ms), string(as), int(rr.Decision), rr.Rationale,
		store.NullTime(rr.DecideTime), rr.CreateTime, rr.UpdateTime, rr.Version}, nil
}

func queryRapidReviews(ctx context.Context, q querier, query string, args ...any) ([]domain.RapidReview, error) {
	var out []domain.RapidReview
	err := each(ctx, q, query, args, func(rows *sql.Rows) error {
		var rr domain.RapidReview
		var ms, as string
		var decision int
		var decided sql.NullTime
		if err := rows.Scan(&rr.PartnershipID, &rr.ID, &rr.Reference, &rr.Notified, &ms, &as, &decision, &rr.Rationale, &decided,
			&rr.CreateTime, &rr.UpdateTime, &rr.Version); err != nil {
			return err
		}
		if err := errors.Join(json.Unmarshal([]byte(ms), &rr.Milestones), json.Unmarshal([]byte(as), &rr.Agencies)); err != nil {
			return fmt.Errorf("rapid review %s: %w", rr.ID, err)
		}
		for i := range rr.Agencies {
			rr.Agencies[i].ReceivedTime = rr.Agencies[i].ReceivedTime.UTC()
		}
		rr.Decision, rr.DecideTime = domain.Decision(decision), store.UTC(decided)
		rr.CreateTime, rr.UpdateTime = rr.CreateTime.UTC(), rr.UpdateTime.UTC()
		out = append(out, rr)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("query rapid reviews: %w", err)
	}
	return out, nil
}
