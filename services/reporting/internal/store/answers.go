package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/services/reporting/internal/domain"
)

// answersPerInsert bounds the rows of one multi-row upsert: 5 parameters
// each stays well inside SQLite's and PostgreSQL's limits.
const answersPerInsert = 500

// PutAnswers keeps the answers a save reported, each unless a newer
// version of it is kept already, in as few statements as the parameter
// limits allow. A key reported twice keeps its highest version, as one
// statement may touch a row only once.
func (c changes) PutAnswers(ctx context.Context, submission string, answers []domain.SavedAnswer) error {
	latest := make(map[string]int, len(answers))
	var rows []domain.SavedAnswer
	for _, a := range answers {
		if i, ok := latest[a.Answer.Key]; ok {
			if a.Version > rows[i].Version {
				rows[i] = a
			}
			continue
		}
		latest[a.Answer.Key] = len(rows)
		rows = append(rows, a)
	}
	for start := 0; start < len(rows); start += answersPerInsert {
		chunk := rows[start:min(start+answersPerInsert, len(rows))]
		var q strings.Builder
		q.WriteString(`INSERT INTO reporting_answers (submission, question_key, value, version, update_time) VALUES `)
		args := make([]any, 0, 5*len(chunk))
		for i, a := range chunk {
			v, err := json.Marshal(a.Answer)
			if err != nil {
				return err
			}
			if i > 0 {
				q.WriteString(", ")
			}
			n := len(args)
			fmt.Fprintf(&q, "($%d, $%d, $%d, $%d, $%d)", n+1, n+2, n+3, n+4, n+5)
			args = append(args, submission, a.Answer.Key, string(v), a.Version, a.Time.UTC())
		}
		q.WriteString(` ON CONFLICT (submission, question_key) DO UPDATE SET value = excluded.value,
			version = excluded.version, update_time = excluded.update_time WHERE reporting_answers.version < excluded.version`)
		if _, err := c.tx.ExecContext(ctx, q.String(), args...); err != nil {
			return fmt.Errorf("upsert answers: %w", err)
		}
	}
	return nil
}

// PutForm keeps a published template version with its lineage; versions
// never change.
func (c changes) PutForm(ctx context.Context, name string, v form.Version) error {
	content, err := json.Marshal(v.Form)
	if err != nil {
		return err
	}
	lineage := ""
	if v.Lineage != nil {
		b, err := json.Marshal(v.Lineage)
		if err != nil {
			return err
		}
		lineage = string(b)
	}
	if _, err := c.tx.ExecContext(ctx, `INSERT INTO reporting_forms (name, content, lineage) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
		name, string(content), lineage); err != nil {
		return fmt.Errorf("keep form: %w", err)
	}
	return nil
}

// SetCampaignTemplate records the template version a campaign answers and
// the partnerships taking part.
func (c changes) SetCampaignTemplate(ctx context.Context, campaign, version string, partnerships []string) error {
	ps, err := json.Marshal(partnerships)
	if err != nil {
		return err
	}
	if _, err := c.tx.ExecContext(ctx, `UPDATE reporting_campaigns SET template_version = $2, partnerships = $3 WHERE name = $1`,
		campaign, version, string(ps)); err != nil {
		return fmt.Errorf("record campaign template: %w", err)
	}
	return nil
}

// CampaignPartnerships returns the partnerships taking part in a campaign
// (ids); found is false for a campaign no event has named.
func (r *Repository) CampaignPartnerships(ctx context.Context, campaign string) ([]string, bool, error) {
	var ps string
	err := r.db.QueryRowContext(ctx, `SELECT partnerships FROM reporting_campaigns WHERE name = $1`, campaign).Scan(&ps)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read campaign partnerships: %w", err)
	}
	var out []string
	if err := json.Unmarshal([]byte(ps), &out); err != nil {
		return nil, false, fmt.Errorf("campaign %s partnerships: %w", campaign, err)
	}
	return out, true, nil
}

// SetOrganisationDetails records an organisation's type and partnerships.
func (c changes) SetOrganisationDetails(ctx context.Context, name, typ string, partnerships []string) error {
	ps, err := json.Marshal(partnerships)
	if err != nil {
		return err
	}
	if _, err := c.tx.ExecContext(ctx, `UPDATE reporting_organisations SET type = $2, partnerships = $3 WHERE name = $1`,
		name, typ, string(ps)); err != nil {
		return fmt.Errorf("record organisation details: %w", err)
	}
	return nil
}

// SetSubmissionPartnerships records which of the campaign's partnerships a
// submission's organisation belongs to.
func (c changes) SetSubmissionPartnerships(ctx context.Context, submission string, partnerships []string) error {
	ps, err := json.Marshal(partnerships)
	if err != nil {
		return err
	}
	if _, err := c.tx.ExecContext(ctx, `UPDATE reporting_submissions SET partnerships = $2 WHERE name = $1`, submission, string(ps)); err != nil {
		return fmt.Errorf("record submission partnerships: %w", err)
	}
	return nil
}

// Header reads a campaign's dataset without its answers: the form, the
// submissions (by name) and their organisations.
func (r *Repository) Header(ctx context.Context, campaign string) (domain.Dataset, error) {
	d := domain.Dataset{Campaign: campaign, Organisations: map[string]domain.OrgInfo{}, Answers: map[string]map[string]form.Answer{}}
	err := r.db.QueryRowContext(ctx, `SELECT template_version FROM reporting_campaigns WHERE name = $1`, campaign).Scan(&d.TemplateVersion)
	if errors.Is(err, sql.ErrNoRows) {
		return d, failure.NotFound("%s not found: the reporting service has heard of no such campaign", campaign)
	}
	if err != nil {
		return d, fmt.Errorf("read campaign: %w", err)
	}
	if d.TemplateVersion != "" {
		var content string
		err := r.db.QueryRowContext(ctx, `SELECT content FROM reporting_forms WHERE name = $1`, d.TemplateVersion).Scan(&content)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return d, failure.Unavailable(nil, "the template version %s has not reached the reporting service yet; try again", d.TemplateVersion)
		case err != nil:
			return d, fmt.Errorf("read form: %w", err)
		}
		if err := json.Unmarshal([]byte(content), &d.Form); err != nil {
			return d, fmt.Errorf("form %s: %w", d.TemplateVersion, err)
		}
	}
	rows, err := r.db.QueryContext(ctx, `SELECT s.name, s.organisation, s.work_state, s.review_state, s.partnerships,
		s.last_activity_time, s.first_hand_in_time,
		COALESCE(o.display_name, ''), COALESCE(o.type, ''), COALESCE(o.partnerships, '[]')
		FROM reporting_submissions s LEFT JOIN reporting_organisations o ON o.name = s.organisation
		WHERE s.campaign = $1 ORDER BY s.name`, campaign)
	if err != nil {
		return d, fmt.Errorf("read submissions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s domain.SubmissionInfo
		var work, review int
		var sps, ops string
		var o domain.OrgInfo
		var last, handedIn sql.NullTime
		if err := rows.Scan(&s.Name, &s.Organisation, &work, &review, &sps, &last, &handedIn, &o.DisplayName, &o.Type, &ops); err != nil {
			return d, fmt.Errorf("scan submission: %w", err)
		}
		s.LastActivity, s.FirstHandIn = store.UTC(last), store.UTC(handedIn)
		s.State = domain.State(work)
		if review != 0 {
			s.State = domain.State(review)
		}
		_ = json.Unmarshal([]byte(sps), &s.Partnerships)
		_ = json.Unmarshal([]byte(ops), &o.Partnerships)
		o.Name = s.Organisation
		d.Organisations[s.Organisation] = o
		d.Submissions = append(d.Submissions, s)
	}
	if err := rows.Err(); err != nil {
		return d, err
	}
	sort.SliceStable(d.Submissions, func(i, j int) bool { return d.Submissions[i].Name < d.Submissions[j].Name })
	return d, nil
}

// Dataset reads what a campaign's answer reports are computed from.
func (r *Repository) Dataset(ctx context.Context, campaign string) (domain.Dataset, error) {
	d, err := r.Header(ctx, campaign)
	if err != nil {
		return d, err
	}
	rows, err := r.db.QueryContext(ctx, `SELECT a.submission, a.question_key, a.value, a.update_time FROM reporting_answers a
		JOIN reporting_submissions s ON s.name = a.submission WHERE s.campaign = $1`, campaign)
	if err != nil {
		return d, fmt.Errorf("read answers: %w", err)
	}
	d.Answers, _, err = scanAnswers(rows)
	return d, err
}

// AnswersOf reads the answers of the named submissions, and when each was
// last saved, by submission then question key. It asks for one submission
// at a time: a lookup by the key's first column is planned on the index
// whatever the table's statistics say, where a list of submissions in one
// query was planned as a scan of the whole table while they were missing
// (after a rebuild, or with autovacuum off), 40 times slower on a hub's 9
// million answers.
func (r *Repository) AnswersOf(ctx context.Context, submissions []string) (map[string]map[string]form.Answer, map[string]map[string]time.Time, error) {
	answers, times := map[string]map[string]form.Answer{}, map[string]map[string]time.Time{}
	for _, sub := range submissions {
		rows, err := r.db.QueryContext(ctx, `SELECT submission, question_key, value, update_time FROM reporting_answers
			WHERE submission = $1`, sub)
		if err != nil {
			return nil, nil, fmt.Errorf("read answers of %s: %w", sub, err)
		}
		if err := scanAnswersInto(rows, answers, times); err != nil {
			return nil, nil, err
		}
	}
	return answers, times, nil
}

// scanAnswers reads rows of (submission, question key, value, saved at)
// and closes them.
func scanAnswers(rows *sql.Rows) (map[string]map[string]form.Answer, map[string]map[string]time.Time, error) {
	answers, times := map[string]map[string]form.Answer{}, map[string]map[string]time.Time{}
	if err := scanAnswersInto(rows, answers, times); err != nil {
		return nil, nil, err
	}
	return answers, times, nil
}

// scanAnswersInto reads rows as scanAnswers does into answers and times,
// and closes them.
func scanAnswersInto(rows *sql.Rows, answers map[string]map[string]form.Answer, times map[string]map[string]time.Time) error {
	defer rows.Close()
	for rows.Next() {
		var sub, key, value string
		var at time.Time
		if err := rows.Scan(&sub, &key, &value, &at); err != nil {
			return fmt.Errorf("scan answer: %w", err)
		}
		var a form.Answer
		if err := json.Unmarshal([]byte(value), &a); err != nil {
			return fmt.Errorf("answer %s %s: %w", sub, key, err)
		}
		a.Key = key
		if answers[sub] == nil {
			answers[sub], times[sub] = map[string]form.Answer{}, map[string]time.Time{}
		}
		answers[sub][key], times[sub][key] = a, at.UTC()
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read answers: %w", err)
	}
	return nil
}

// Version returns a published template version with its lineage; found is
// false if none has reached the service.
func (r *Repository) Version(ctx context.Context, name string) (form.Version, bool, error) {
	var v form.Version
	var content, lineage string
	err := r.db.QueryRowContext(ctx, `SELECT content, lineage FROM reporting_forms WHERE name = $1`, name).Scan(&content, &lineage)
	if errors.Is(err, sql.ErrNoRows) {
		return v, false, nil
	}
	if err != nil {
		return v, false, fmt.Errorf("read form: %w", err)
	}
	if err := json.Unmarshal([]byte(content), &v.Form); err != nil {
		return v, false, fmt.Errorf("form %s: %w", name, err)
	}
	if lineage != "" {
		if err := json.Unmarshal([]byte(lineage), &v.Lineage); err != nil {
			return v, false, fmt.Errorf("form %s lineage: %w", name, err)
		}
	}
	return v, true, nil
}

// PutPartnership keeps the hub of a partnership.
func (c changes) PutPartnership(ctx context.Context, id, hub string) error {
	if _, err := c.tx.ExecContext(ctx, `INSERT INTO reporting_partnerships (id, hub) VALUES ($1, $2)
		ON CONFLICT (id) DO UPDATE SET hub = excluded.hub`, id, hub); err != nil {
		return fmt.Errorf("keep partnership: %w", err)
	}
	return nil
}

// PartnershipHub returns the hub of a partnership ("" when unknown).
func (r *Repository) PartnershipHub(ctx context.Context, id string) (string, error) {
	var hub string
	err := r.db.QueryRowContext(ctx, `SELECT hub FROM reporting_partnerships WHERE id = $1`, id).Scan(&hub)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return hub, err
}

// PutAction keeps an action as its newest event reported it; its complete
// time is kept from the first report of it complete.
func (c changes) PutAction(ctx context.Context, a domain.Action) error {
	var completed any
	if a.Status == domain.ActionComplete && !a.CompleteTime.IsZero() {
		completed = a.CompleteTime.UTC()
	}
	if _, err := c.tx.ExecContext(ctx, `INSERT INTO reporting_actions (name, submission, organisation, section, question_key, title, owner,
		due_date, status, version, create_time, complete_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		ON CONFLICT (name) DO UPDATE SET section = excluded.section, title = excluded.title, owner = excluded.owner,
		due_date = excluded.due_date, status = excluded.status, version = excluded.version,
		complete_time = CASE WHEN excluded.status = 4 THEN COALESCE(reporting_actions.complete_time, excluded.complete_time) ELSE NULL END
		WHERE reporting_actions.version < excluded.version`,
		a.Name, a.Submission, a.Organisation, a.Section, a.QuestionKey, a.Title, a.Owner, a.DueDate, int(a.Status), a.Version,
		a.CreateTime.UTC(), completed); err != nil {
		return fmt.Errorf("keep action: %w", err)
	}
	return nil
}

// Actions lists the actions of a campaign's submissions.
func (r *Repository) Actions(ctx context.Context, campaign string) ([]domain.Action, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT name, submission, organisation, section, question_key, title, owner, due_date, status,
		version, create_time, complete_time FROM reporting_actions WHERE submission LIKE $1 ORDER BY name`, campaign+"/submissions/%")
	if err != nil {
		return nil, fmt.Errorf("read actions: %w", err)
	}
	defer rows.Close()
	var out []domain.Action
	for rows.Next() {
		var a domain.Action
		var status int
		var completed sql.NullTime
		if err := rows.Scan(&a.Name, &a.Submission, &a.Organisation, &a.Section, &a.QuestionKey, &a.Title, &a.Owner, &a.DueDate,
			&status, &a.Version, &a.CreateTime, &completed); err != nil {
			return nil, fmt.Errorf("scan action: %w", err)
		}
		a.Status, a.CreateTime = domain.ActionStatus(status), a.CreateTime.UTC()
		if completed.Valid {
			a.CompleteTime = completed.Time.UTC()
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// readModel are the tables filled only from events, emptied by a rebuild.
var readModel = []string{"reporting_answers", "reporting_actions", "reporting_submissions", "reporting_campaigns",
	"reporting_organisations", "reporting_forms", "reporting_partnerships"}

// Clear empties the read model and forgets which events were applied, so
// replaying the streams rebuilds it from scratch.
func (r *Repository) Clear(ctx context.Context, consumer string) error {
	return r.db.InTx(ctx, func(tx *sql.Tx) error {
		for _, t := range readModel {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t); err != nil {
				return fmt.Errorf("clear %s: %w", t, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM inbox WHERE consumer = $1`, consumer); err != nil {
			return fmt.Errorf("clear inbox: %w", err)
		}
		return nil
	})
}

// CampaignNames lists every campaign in the read model.
func (r *Repository) CampaignNames(ctx context.Context) ([]string, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT name FROM reporting_campaigns ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list campaigns: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
