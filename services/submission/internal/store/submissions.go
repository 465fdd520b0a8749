package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/services/submission/internal/app"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

var isUnique = store.IsUniqueViolation

// submissionDetails is the JSON of a submission's details column.
type submissionDetails struct {
	SubmitPerson string              `json:"submit_person,omitempty"`
	AcceptTime   time.Time           `json:"accept_time,omitempty"`
	AcceptPerson string              `json:"accept_person,omitempty"`
	QAComments   []domain.QAComment  `json:"qa_comments,omitempty"`
	ReopenedKeys []string            `json:"reopened_keys,omitempty"`
	Assignments  map[string][]string `json:"assignments,omitempty"`
}

const submissionColumns = `partnership_id, campaign_id, id, organisation_id, state, update_time, submit_time, version, details, partnerships`

func scanSubmission(s scanner) (domain.Submission, error) {
	var x domain.Submission
	var state int
	var submit sql.NullTime
	var details, partnerships string
	if err := s.Scan(&x.PartnershipID, &x.CampaignID, &x.ID, &x.OrganisationID, &state, &x.UpdateTime, &submit, &x.Version,
		&details, &partnerships); err != nil {
		return x, err
	}
	var d submissionDetails
	if err := json.Unmarshal([]byte(details), &d); err != nil {
		return x, fmt.Errorf("submission %s details: %w", x.ID, err)
	}
	if err := json.Unmarshal([]byte(partnerships), &x.Partnerships); err != nil {
		return x, fmt.Errorf("submission %s partnerships: %w", x.ID, err)
	}
	x.SubmitPerson, x.AcceptPerson, x.QAComments, x.ReopenedKeys, x.Assignments = d.SubmitPerson, d.AcceptPerson, d.QAComments, d.ReopenedKeys, d.Assignments
	if !d.AcceptTime.IsZero() {
		x.AcceptTime = d.AcceptTime.UTC()
	}
	x.State = domain.SubmissionState(state)
	x.UpdateTime, x.SubmitTime = x.UpdateTime.UTC(), fromNull(submit)
	return x, nil
}

func submissionArgs(s domain.Submission) (details, partnerships string, err error) {
	details, err = toJSON(submissionDetails{SubmitPerson: s.SubmitPerson, AcceptTime: s.AcceptTime, AcceptPerson: s.AcceptPerson,
		QAComments: s.QAComments, ReopenedKeys: s.ReopenedKeys, Assignments: s.Assignments})
	if err != nil {
		return "", "", err
	}
	ps := s.Partnerships
	if ps == nil {
		ps = []string{}
	}
	partnerships, err = toJSON(ps)
	return details, partnerships, err
}

// batchRows is how many rows one multi-row INSERT writes.
const batchRows = 400

// insertSubmissions creates submissions that do not exist yet, with the
// answers carried into each, in multi-row batches.
func insertSubmissions(ctx context.Context, tx *sql.Tx, subs []domain.Submission, carried map[string][]domain.StoredAnswer) error {
	for start := 0; start < len(subs); start += batchRows {
		end := min(start+batchRows, len(subs))
		var args []any
		for _, s := range subs[start:end] {
			details, ps, err := submissionArgs(s)
			if err != nil {
				return err
			}
			args = append(args, s.PartnershipID, s.CampaignID, s.ID, s.OrganisationID, int(s.State), s.UpdateTime,
				nullTime(s.SubmitTime), s.Version, details, ps)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO submissions (`+submissionColumns+`) VALUES `+
			placeholders(end-start, 10)+` ON CONFLICT DO NOTHING`, args...); err != nil {
			return fmt.Errorf("insert submissions: %w", err)
		}
	}
	var answers []answerRow
	for _, s := range subs {
		for _, a := range carried[s.ID] {
			answers = append(answers, answerRow{pid: s.PartnershipID, cid: s.CampaignID, sid: s.ID, a: a})
		}
	}
	return insertAnswers(ctx, tx, answers, false)
}

func getSubmission(ctx context.Context, q queryer, pid, cid, sid, lock string, withAnswers bool) (domain.Submission, error) {
	s, err := scanSubmission(q.QueryRowContext(ctx, `SELECT `+submissionColumns+` FROM submissions
		WHERE partnership_id = $1 AND campaign_id = $2 AND id = $3`+lock, pid, cid, sid))
	if errors.Is(err, sql.ErrNoRows) {
		return s, failure.NotFound("partnerships/%s/campaigns/%s/submissions/%s not found", pid, cid, sid)
	}
	if err != nil {
		return s, fmt.Errorf("get submission: %w", err)
	}
	if !withAnswers {
		return s, nil
	}
	s.Answers, err = readAnswers(ctx, q, pid, cid, sid, nil)
	return s, err
}

// GetSubmission loads one submission, with its answers if asked.
func (r *Repository) GetSubmission(ctx context.Context, pid, cid, sid string, withAnswers bool) (domain.Submission, error) {
	return getSubmission(ctx, r.db, pid, cid, sid, "", withAnswers)
}

func (r *Repository) submissions(ctx context.Context, query string, args ...any) ([]domain.Submission, error) {
	out, err := store.Query(ctx, r.db, scanSubmission, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list submissions: %w", err)
	}
	return out, nil
}

// ListSubmissions lists a campaign's submissions by id, without answers;
// with seenBy set, only those whose organisation is in that partnership.
func (r *Repository) ListSubmissions(ctx context.Context, pid, cid, seenBy string, offset, limit int) ([]domain.Submission, error) {
	if seenBy == "" {
		return r.submissions(ctx, `SELECT `+submissionColumns+` FROM submissions
			WHERE partnership_id = $1 AND campaign_id = $2 ORDER BY id LIMIT $3 OFFSET $4`, pid, cid, limit, offset)
	}
	// partnerships holds a JSON list of ids made of [a-z0-9-], so the
	// quoted id matches exactly one element.
	return r.submissions(ctx, `SELECT `+submissionColumns+` FROM submissions
		WHERE partnership_id = $1 AND campaign_id = $2 AND partnerships LIKE $3 ORDER BY id LIMIT $4 OFFSET $5`,
		pid, cid, `%"`+seenBy+`"%`, limit, offset)
}

// OrganisationSubmissions lists the organisations' submissions across
// campaigns, newest first.
func (r *Repository) OrganisationSubmissions(ctx context.Context, orgs []string, offset, limit int) ([]domain.Submission, error) {
	if len(orgs) == 0 {
		return nil, nil
	}
	args := make([]any, 0, len(orgs)+2)
	for _, o := range orgs {
		args = append(args, o)
	}
	args = append(args, limit, offset)
	n := len(orgs)
	return r.submissions(ctx, `SELECT `+submissionColumns+` FROM submissions WHERE organisation_id IN (`+inList(1, n)+`)
		ORDER BY update_time DESC, partnership_id, campaign_id, id LIMIT $`+fmt.Sprint(n+1)+` OFFSET $`+fmt.Sprint(n+2), args...)
}

func updateSubmissionRow(ctx context.Context, tx *sql.Tx, s domain.Submission, before int64) error {
	details, ps, err := submissionArgs(s)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE submissions SET state = $1, update_time = $2, submit_time = $3, version = $4,
		details = $5, partnerships = $6 WHERE partnership_id = $7 AND campaign_id = $8 AND id = $9 AND version = $10`,
		int(s.State), s.UpdateTime, nullTime(s.SubmitTime), s.Version, details, ps, s.PartnershipID, s.CampaignID, s.ID, before)
	if err != nil {
		return fmt.Errorf("update submission: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return failure.Conflict("submission changed concurrently; read it again")
	}
	return nil
}

// UpdateSubmission changes a submission under fn in one transaction,
// holding its row lock; with withAnswers fn sees every answer.
func (r *Repository) UpdateSubmission(ctx context.Context, pid, cid, sid string, withAnswers bool, fn func(*domain.Submission) ([]domain.Event, error)) (domain.Submission, error) {
	var out domain.Submission
	err := r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		s, err := getSubmission(ctx, tx, pid, cid, sid, r.db.ForUpdate(), withAnswers)
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
		return evs, updateSubmissionRow(ctx, tx, s, before)
	})
	return out, err
}

// SaveAnswers saves some answers of a submission in one transaction that
// reads and writes only the submission's row and the answers saved, so its
// cost does not grow with the size of the form.
func (r *Repository) SaveAnswers(ctx context.Context, pid, cid, sid string, keys []string, fn app.SaveFunc) (domain.Submission, []domain.StoredAnswer, error) {
	var out domain.Submission
	var saved []domain.StoredAnswer
	err := r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		s, err := getSubmission(ctx, tx, pid, cid, sid, r.db.ForUpdate(), false)
		if err != nil {
			return nil, err
		}
		current, err := readAnswers(ctx, tx, pid, cid, sid, keys)
		if err != nil {
			return nil, err
		}
		before := s.Version
		written, evs, err := fn(&s, current)
		if err != nil {
			return nil, err
		}
		out, saved = s, written
		if len(written) == 0 {
			return nil, nil
		}
		if err := updateSubmissionRow(ctx, tx, s, before); err != nil {
			return nil, err
		}
		rows := make([]answerRow, len(written))
		for i, a := range written {
			rows[i] = answerRow{pid: pid, cid: cid, sid: sid, a: a, submissionVersion: s.Version}
		}
		if err := insertAnswers(ctx, tx, rows, true); err != nil {
			return nil, err
		}
		return evs, nil
	})
	return out, saved, err
}
