package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/services/submission/internal/app"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// answerRow is an answer to write with where it belongs.
type answerRow struct {
	pid, cid, sid     string
	a                 domain.StoredAnswer
	submissionVersion int64
}

// insertAnswers writes answers in multi-row batches. A save (history set)
// replaces the stored answer unless the stored one is newer, so versions
// never go back, and records each value in the history; answers brought
// forward at launch are only inserted.
func insertAnswers(ctx context.Context, tx *sql.Tx, rows []answerRow, save bool) error {
	const width = 12
	for start := 0; start < len(rows); start += batchRows {
		end := min(start+batchRows, len(rows))
		args := make([]any, 0, (end-start)*width)
		for _, r := range rows[start:end] {
			value, err := encodeAnswer(r.a.Answer)
			if err != nil {
				return fmt.Errorf("encode answer %s: %w", r.a.Key, err)
			}
			args = append(args, r.pid, r.cid, r.sid, r.a.Key, 0, "", "", value, r.a.UpdateTime, r.a.Version, r.a.Person, r.a.BroughtForward)
		}
		q := `INSERT INTO answers (partnership_id, campaign_id, submission_id, question_key, kind, grade, text, value,
			update_time, version, person, brought_forward) VALUES ` + placeholders(end-start, width)
		if save {
			q += ` ON CONFLICT (partnership_id, campaign_id, submission_id, question_key) DO UPDATE SET kind = 0, grade = '',
				text = '', value = excluded.value, update_time = excluded.update_time, version = excluded.version,
				person = excluded.person, brought_forward = excluded.brought_forward WHERE answers.version < excluded.version`
		} else {
			q += ` ON CONFLICT DO NOTHING`
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("save answers: %w", err)
		}
		if !save {
			continue
		}
		hist := make([]any, 0, (end-start)*width)
		for i, r := range rows[start:end] {
			hist = append(hist, r.pid, r.cid, r.sid, r.a.Key, 0, "", "", args[i*width+7], r.a.UpdateTime, r.submissionVersion, r.a.Person, r.a.Version)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO answer_history (partnership_id, campaign_id, submission_id, question_key,
			kind, grade, text, value, save_time, submission_version, person, answer_version) VALUES `+placeholders(end-start, 12), hist...); err != nil {
			return fmt.Errorf("record answer history: %w", err)
		}
	}
	return nil
}

// readAnswers reads a submission's answers: those of keys, or all when
// keys is nil.
func readAnswers(ctx context.Context, q queryer, pid, cid, sid string, keys []string) (map[string]domain.StoredAnswer, error) {
	query := `SELECT question_key, kind, grade, text, value, update_time, version, person, brought_forward FROM answers
		WHERE partnership_id = $1 AND campaign_id = $2 AND submission_id = $3`
	args := []any{pid, cid, sid}
	if keys != nil {
		if len(keys) == 0 {
			return map[string]domain.StoredAnswer{}, nil
		}
		query += ` AND question_key IN (` + inList(4, len(keys)) + `)`
		for _, k := range keys {
			args = append(args, k)
		}
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("get answers: %w", err)
	}
	defer rows.Close()
	out := map[string]domain.StoredAnswer{}
	for rows.Next() {
		var key, grade, text, value, person string
		var kind int
		var at time.Time
		var version int64
		var bf bool
		if err := rows.Scan(&key, &kind, &grade, &text, &value, &at, &version, &person, &bf); err != nil {
			return nil, fmt.Errorf("scan answer: %w", err)
		}
		a, err := decodeAnswer(key, kind, grade, text, value)
		if err != nil {
			return nil, err
		}
		out[key] = domain.StoredAnswer{Answer: a, Version: version, UpdateTime: at.UTC(), Person: person, BroughtForward: bf}
	}
	return out, rows.Err()
}

// CampaignAnswers returns the answers of every submission of a campaign,
// by organisation.
func (r *Repository) CampaignAnswers(ctx context.Context, pid, cid string) (map[string]map[string]form.Answer, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT s.organisation_id, a.question_key, a.kind, a.grade, a.text, a.value
		FROM answers a JOIN submissions s ON s.partnership_id = a.partnership_id AND s.campaign_id = a.campaign_id AND s.id = a.submission_id
		WHERE a.partnership_id = $1 AND a.campaign_id = $2`, pid, cid)
	if err != nil {
		return nil, fmt.Errorf("read campaign answers: %w", err)
	}
	defer rows.Close()
	out := map[string]map[string]form.Answer{}
	for rows.Next() {
		var org, key, grade, text, value string
		var kind int
		if err := rows.Scan(&org, &key, &kind, &grade, &text, &value); err != nil {
			return nil, fmt.Errorf("scan campaign answer: %w", err)
		}
		a, err := decodeAnswer(key, kind, grade, text, value)
		if err != nil {
			return nil, err
		}
		if out[org] == nil {
			out[org] = map[string]form.Answer{}
		}
		out[org][key] = a
	}
	return out, rows.Err()
}

// AnswerHistory lists the saved values of a submission's answers (of one
// question when key is set), newest first, each with the value before.
func (r *Repository) AnswerHistory(ctx context.Context, pid, cid, sid, key string, offset, limit int) ([]app.AnswerChange, error) {
	query := `SELECT question_key, kind, grade, text, value, save_time, submission_version, person, answer_version
		FROM answer_history WHERE partnership_id = $1 AND campaign_id = $2 AND submission_id = $3`
	args := []any{pid, cid, sid}
	if key != "" {
		query += ` AND question_key = $4`
		args = append(args, key)
	}
	rows, err := r.db.QueryContext(ctx, query+` ORDER BY question_key, submission_version`, args...)
	if err != nil {
		return nil, fmt.Errorf("read answer history: %w", err)
	}
	defer rows.Close()
	type entry struct {
		change app.AnswerChange
		order  int64
	}
	var all []entry
	prev := map[string]*domain.StoredAnswer{}
	for rows.Next() {
		var k, grade, text, value, person string
		var kind int
		var at time.Time
		var subVersion, version int64
		if err := rows.Scan(&k, &kind, &grade, &text, &value, &at, &subVersion, &person, &version); err != nil {
			return nil, fmt.Errorf("scan answer history: %w", err)
		}
		a, err := decodeAnswer(k, kind, grade, text, value)
		if err != nil {
			return nil, err
		}
		sa := domain.StoredAnswer{Answer: a, Version: version, UpdateTime: at.UTC(), Person: person}
		all = append(all, entry{change: app.AnswerChange{Answer: sa, Previous: prev[k]}, order: subVersion})
		cp := sa
		prev[k] = &cp
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].order > all[j].order })
	var out []app.AnswerChange
	for i := offset; i < len(all) && len(out) < limit; i++ {
		out = append(out, all[i].change)
	}
	return out, nil
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
