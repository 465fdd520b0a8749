package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

const actionColumns = `partnership_id, campaign_id, submission_id, id, question_key, section, title, owner, due_date, status,
	progress_note, create_time, update_time, version, updates`

func actionArgs(a domain.PlanAction) ([]any, error) {
	updates, err := toJSON(a.Updates)
	if err != nil {
		return nil, err
	}
	s := a.Submission
	return []any{s.PartnershipID, s.CampaignID, s.SubmissionID, a.ID, a.QuestionKey, a.Section, a.Title, a.Owner, a.DueDate,
		int(a.Status), a.ProgressNote, a.CreateTime, a.UpdateTime, a.Version, updates}, nil
}

func scanAction(s scanner) (domain.PlanAction, error) {
	var a domain.PlanAction
	var status int
	var updates string
	if err := s.Scan(&a.Submission.PartnershipID, &a.Submission.CampaignID, &a.Submission.SubmissionID, &a.ID, &a.QuestionKey,
		&a.Section, &a.Title, &a.Owner, &a.DueDate, &status, &a.ProgressNote, &a.CreateTime, &a.UpdateTime, &a.Version, &updates); err != nil {
		return a, err
	}
	if err := json.Unmarshal([]byte(updates), &a.Updates); err != nil {
		return a, fmt.Errorf("action %s updates: %w", a.ID, err)
	}
	a.Status = domain.ActionStatus(status)
	a.CreateTime, a.UpdateTime = a.CreateTime.UTC(), a.UpdateTime.UTC()
	return a, nil
}

// InsertAction stores a new action.
func (r *Repository) InsertAction(ctx context.Context, a domain.PlanAction, evs ...domain.Event) error {
	return r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		args, err := actionArgs(a)
		if err != nil {
			return nil, err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO actions (`+actionColumns+`) VALUES `+placeholders(1, 15), args...)
		if isUnique(err) {
			return nil, failure.AlreadyExists("action %s already exists", a.ID)
		}
		if err != nil {
			return nil, fmt.Errorf("insert action: %w", err)
		}
		return evs, nil
	})
}

func getAction(ctx context.Context, q querier, ref domain.SubmissionRef, id, lock string) (domain.PlanAction, error) {
	a, err := scanAction(q.QueryRowContext(ctx, `SELECT `+actionColumns+` FROM actions
		WHERE partnership_id = $1 AND campaign_id = $2 AND submission_id = $3 AND id = $4`+lock,
		ref.PartnershipID, ref.CampaignID, ref.SubmissionID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, failure.NotFound("partnerships/%s/campaigns/%s/submissions/%s/actions/%s not found",
			ref.PartnershipID, ref.CampaignID, ref.SubmissionID, id)
	}
	if err != nil {
		return a, fmt.Errorf("get action: %w", err)
	}
	return a, nil
}

// GetAction loads one action with its trail.
func (r *Repository) GetAction(ctx context.Context, ref domain.SubmissionRef, id string) (domain.PlanAction, error) {
	return getAction(ctx, r.db, ref, id, "")
}

// ListActions lists a submission's actions, oldest first.
func (r *Repository) ListActions(ctx context.Context, ref domain.SubmissionRef) ([]domain.PlanAction, error) {
	out, err := store.Query(ctx, r.db, scanAction, `SELECT `+actionColumns+` FROM actions
		WHERE partnership_id = $1 AND campaign_id = $2 AND submission_id = $3 ORDER BY create_time, id`,
		ref.PartnershipID, ref.CampaignID, ref.SubmissionID)
	if err != nil {
		return nil, fmt.Errorf("list actions: %w", err)
	}
	return out, nil
}

// UpdateAction changes an action under fn in one transaction.
func (r *Repository) UpdateAction(ctx context.Context, ref domain.SubmissionRef, id string, fn func(*domain.PlanAction) ([]domain.Event, error)) (domain.PlanAction, error) {
	var out domain.PlanAction
	err := r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		a, err := getAction(ctx, tx, ref, id, r.db.ForUpdate())
		if err != nil {
			return nil, err
		}
		before := a.Version
		evs, err := fn(&a)
		if err != nil {
			return nil, err
		}
		out = a
		if a.Version == before {
			return nil, nil
		}
		args, err := actionArgs(a)
		if err != nil {
			return nil, err
		}
		res, err := tx.ExecContext(ctx, `UPDATE actions SET title = $5, owner = $6, due_date = $7, status = $8, progress_note = $9,
			update_time = $10, version = $11, updates = $12
			WHERE partnership_id = $1 AND campaign_id = $2 AND submission_id = $3 AND id = $4 AND version = $13`,
			args[0], args[1], args[2], args[3], args[6], args[7], args[8], args[9], args[10], args[12], args[13], args[14], before)
		if err != nil {
			return nil, fmt.Errorf("update action: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil, failure.Conflict("action changed concurrently; read it again")
		}
		return evs, nil
	})
	return out, err
}
