package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

const submissionColumns = `partnership_id, campaign_id, id, organisation_id, state, update_time, submit_time, version`

func scanSubmission(s scanner) (domain.Submission, error) {
	var x domain.Submission
	var state int
	var submit sql.NullTime
	if err := s.Scan(&x.PartnershipID, &x.CampaignID, &x.ID, &x.OrganisationID, &state, &x.UpdateTime, &submit, &x.Version); err != nil {
		return x, err
	}
	x.State = domain.SubmissionState(state)
	x.UpdateTime, x.SubmitTime = x.UpdateTime.UTC(), fromNull(submit)
	x.Answers, x.AnswerTimes = map[string]form.Answer{}, map[string]time.Time{}
	return x, nil
}

type queryer interface {
	querier
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func getSubmission(ctx context.Context, q queryer, pid, cid, sid string) (domain.Submission, error) {
	s, err := scanSubmission(q.QueryRowContext(ctx, `SELECT `+submissionColumns+` FROM submissions
		WHERE partnership_id = $1 AND campaign_id = $2 AND id = $3`, pid, cid, sid))
	if errors.Is(err, sql.ErrNoRows) {
		return s, failure.NotFound("partnerships/%s/campaigns/%s/submissions/%s not found", pid, cid, sid)
	}
	if err != nil {
		return s, fmt.Errorf("get submission: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT question_key, kind, grade, text, value, update_time FROM answers
		WHERE partnership_id = $1 AND campaign_id = $2 AND submission_id = $3`, pid, cid, sid)
	if err != nil {
		return s, fmt.Errorf("get answers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var key, grade, text, value string
		var kind int
		var at time.Time
		if err := rows.Scan(&key, &kind, &grade, &text, &value, &at); err != nil {
			return s, fmt.Errorf("scan answer: %w", err)
		}
		a, err := decodeAnswer(key, kind, grade, text, value)
		if err != nil {
			return s, err
		}
		s.Answers[key] = a
		s.AnswerTimes[a.Key] = at.UTC()
	}
	return s, rows.Err()
}

// GetSubmission loads one submission with its answers.
func (r *Repository) GetSubmission(ctx context.Context, pid, cid, sid string) (domain.Submission, error) {
	return getSubmission(ctx, r.db, pid, cid, sid)
}

// ListSubmissions lists a campaign's submissions by id, without answers.
func (r *Repository) ListSubmissions(ctx context.Context, pid, cid string, offset, limit int) ([]domain.Submission, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT `+submissionColumns+` FROM submissions
		WHERE partnership_id = $1 AND campaign_id = $2 ORDER BY id LIMIT $3 OFFSET $4`, pid, cid, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("list submissions: %w", err)
	}
	defer rows.Close()
	var out []domain.Submission
	for rows.Next() {
		s, err := scanSubmission(rows)
		if err != nil {
			return nil, fmt.Errorf("list submissions: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// UpdateSubmission changes a submission under fn in one transaction; the
// answers fn changed are written, with their history.
func (r *Repository) UpdateSubmission(ctx context.Context, pid, cid, sid string, fn func(*domain.Submission) ([]domain.Event, error)) (domain.Submission, error) {
	var out domain.Submission
	err := r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		s, err := getSubmission(ctx, tx, pid, cid, sid)
		if err != nil {
			return nil, err
		}
		before := s.Version
		evs, err := fn(&s)
		if err != nil {
			return nil, err
		}
		out = s
		if s.Version == before {
			return nil, nil
		}
		res, err := tx.ExecContext(ctx, `UPDATE submissions SET state = $1, update_time = $2, submit_time = $3, version = $4
			WHERE partnership_id = $5 AND campaign_id = $6 AND id = $7 AND version = $8`,
			int(s.State), s.UpdateTime, nullTime(s.SubmitTime), s.Version, pid, cid, sid, before)
		if err != nil {
			return nil, fmt.Errorf("update submission: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil, failure.Conflict("submission changed concurrently; read it again")
		}
		for _, key := range s.Changed {
			at := s.AnswerTimes[key]
			value, err := encodeAnswer(s.Answers[key])
			if err != nil {
				return nil, fmt.Errorf("encode answer %s: %w", key, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO answers
				(partnership_id, campaign_id, submission_id, question_key, kind, grade, text, value, update_time)
				VALUES ($1, $2, $3, $4, 0, '', '', $5, $6)
				ON CONFLICT (partnership_id, campaign_id, submission_id, question_key)
				DO UPDATE SET kind = 0, grade = '', text = '', value = excluded.value, update_time = excluded.update_time`,
				pid, cid, sid, key, value, at); err != nil {
				return nil, fmt.Errorf("save answer %s: %w", key, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO answer_history
				(partnership_id, campaign_id, submission_id, question_key, kind, grade, text, value, save_time, submission_version)
				VALUES ($1, $2, $3, $4, 0, '', '', $5, $6, $7)`,
				pid, cid, sid, key, value, at, s.Version); err != nil {
				return nil, fmt.Errorf("record answer history %s: %w", key, err)
			}
		}
		out.Changed = nil
		return evs, nil
	})
	return out, err
}

// Kinds of answers stored before answers were kept whole as JSON, in the
// kind column of their rows.
const (
	legacyGrade = 1
	legacyText  = 2
)

// encodeAnswer writes an answer as the JSON kept in the value column.
func encodeAnswer(a form.Answer) (string, error) {
	b, err := json.Marshal(a)
	return string(b), err
}

// decodeAnswer reads an answer row: the JSON in value or, for rows saved
// before answers were kept as JSON (value empty), a grade or a text.
func decodeAnswer(key string, kind int, grade, text, value string) (form.Answer, error) {
	if value == "" {
		a := form.Answer{Key: key}
		switch kind {
		case legacyGrade:
			a.Grade = grade
		case legacyText:
			a.Text = text
		}
		return a, nil
	}
	var a form.Answer
	if err := json.Unmarshal([]byte(value), &a); err != nil {
		return a, fmt.Errorf("answer %s: %w", key, err)
	}
	a.Key = key
	return a, nil
}
