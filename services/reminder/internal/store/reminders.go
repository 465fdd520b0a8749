package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/services/reminder/internal/domain"
)

// ObserveDetails keeps the campaign's name, dates and partnerships as the
// newest event reported them.
func (c changes) ObserveDetails(ctx context.Context, d domain.CampaignDetails) error {
	ps, err := json.Marshal(d.Partnerships)
	if err != nil {
		return err
	}
	_, err = c.tx.ExecContext(ctx, `INSERT INTO reminder_campaigns (name, state, display_name, open_time, close_time, partnerships, details_event_time)
		VALUES ($1, 0, $2, $3, $4, $5, $6)
		ON CONFLICT (name) DO UPDATE SET
		  display_name = CASE WHEN reminder_campaigns.details_event_time IS NULL OR excluded.details_event_time >= reminder_campaigns.details_event_time
		    THEN excluded.display_name ELSE reminder_campaigns.display_name END,
		  open_time = CASE WHEN reminder_campaigns.details_event_time IS NULL OR excluded.details_event_time >= reminder_campaigns.details_event_time
		    THEN excluded.open_time ELSE reminder_campaigns.open_time END,
		  close_time = CASE WHEN reminder_campaigns.details_event_time IS NULL OR excluded.details_event_time >= reminder_campaigns.details_event_time
		    THEN excluded.close_time ELSE reminder_campaigns.close_time END,
		  partnerships = CASE WHEN reminder_campaigns.details_event_time IS NULL OR excluded.details_event_time >= reminder_campaigns.details_event_time
		    THEN excluded.partnerships ELSE reminder_campaigns.partnerships END,
		  details_event_time = CASE WHEN reminder_campaigns.details_event_time IS NULL OR excluded.details_event_time >= reminder_campaigns.details_event_time
		    THEN excluded.details_event_time ELSE reminder_campaigns.details_event_time END`,
		d.Campaign, d.DisplayName, store.NullTime(d.Open), store.NullTime(d.Close), string(ps), d.Time.UTC())
	if err != nil {
		return fmt.Errorf("record campaign details: %w", err)
	}
	return nil
}

// RecordAnswered notes questions answered in a submission.
func (c changes) RecordAnswered(ctx context.Context, submission string, keys []string) error {
	for _, k := range keys {
		if _, err := c.tx.ExecContext(ctx, `INSERT INTO reminder_answered (submission, question_key) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
			submission, k); err != nil {
			return fmt.Errorf("record answered: %w", err)
		}
	}
	return nil
}

// PutPerson keeps a person's address and name.
func (c changes) PutPerson(ctx context.Context, p domain.Person) error {
	_, err := c.tx.ExecContext(ctx, `INSERT INTO reminder_people (id, email, display_name, active) VALUES ($1, $2, $3, $4)
		ON CONFLICT (id) DO UPDATE SET email = excluded.email, display_name = excluded.display_name, active = excluded.active`,
		p.ID, strings.ToLower(p.Email), p.Name, p.Active)
	if err != nil {
		return fmt.Errorf("record person: %w", err)
	}
	return nil
}

// PutMembership records that a person holds a role in a scope (a
// partnership or organisation id).
func (c changes) PutMembership(ctx context.Context, personID, role, scope string) error {
	_, err := c.tx.ExecContext(ctx, `INSERT INTO reminder_memberships (person_id, role, scope) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
		personID, role, scope)
	if err != nil {
		return fmt.Errorf("record membership: %w", err)
	}
	return nil
}

// DeleteMembership forgets a membership.
func (c changes) DeleteMembership(ctx context.Context, personID, role, scope string) error {
	_, err := c.tx.ExecContext(ctx, `DELETE FROM reminder_memberships WHERE person_id = $1 AND role = $2 AND scope = $3`, personID, role, scope)
	if err != nil {
		return fmt.Errorf("forget membership: %w", err)
	}
	return nil
}

// PutName keeps the display name of an organisation or partnership.
func (c changes) PutName(ctx context.Context, name, displayName string) error {
	_, err := c.tx.ExecContext(ctx, `INSERT INTO reminder_names (name, display_name) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET display_name = excluded.display_name`, name, displayName)
	if err != nil {
		return fmt.Errorf("record name: %w", err)
	}
	return nil
}

const chasedColumns = `name, due_time, due_event_time, state, state_event_time, display_name, open_time, close_time, partnerships`

func scanChased(s interface{ Scan(...any) error }) (domain.Chased, error) {
	var c domain.Chased
	var due, dueAt, stateAt, open, closeT sql.NullTime
	var state int
	var ps string
	if err := s.Scan(&c.Name, &due, &dueAt, &state, &stateAt, &c.DisplayName, &open, &closeT, &ps); err != nil {
		return c, err
	}
	c.DueTime, c.DueReported, c.State, c.StateReported = store.UTC(due), store.UTC(dueAt), domain.CampaignState(state), store.UTC(stateAt)
	c.Campaign.Name, c.CampaignDetails.Campaign = c.Name, c.Name
	c.Open, c.Close = store.UTC(open), store.UTC(closeT)
	if err := json.Unmarshal([]byte(ps), &c.Partnerships); err != nil {
		return c, fmt.Errorf("campaign %s partnerships: %w", c.Name, err)
	}
	return c, nil
}

// ChasedCampaigns lists the launched campaigns neither closed nor archived.
func (r *Repository) ChasedCampaigns(ctx context.Context) ([]domain.Chased, error) {
	out, err := store.Query(ctx, r.db, scanChased, `SELECT `+chasedColumns+` FROM reminder_campaigns
		WHERE due_time IS NOT NULL AND state NOT IN (3, 5) ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list chased campaigns: %w", err)
	}
	return out, nil
}

// ChasedCampaign returns one campaign as the scheduler sees it.
func (r *Repository) ChasedCampaign(ctx context.Context, name string) (domain.Chased, bool, error) {
	c, err := scanChased(r.db.QueryRowContext(ctx, `SELECT `+chasedColumns+` FROM reminder_campaigns WHERE name = $1`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	if err != nil {
		return c, false, fmt.Errorf("get campaign: %w", err)
	}
	return c, true, nil
}

// AllOutstanding lists every outstanding submission of a campaign.
func (r *Repository) AllOutstanding(ctx context.Context, campaign string) ([]domain.Submission, error) {
	subs, _, err := r.ListOutstanding(ctx, campaign, 0, 1<<30)
	return subs, err
}

// SentReminders returns, per submission of the campaign, the reminder keys
// that have deliveries.
func (r *Repository) SentReminders(ctx context.Context, campaign string) (map[string]map[string]bool, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT DISTINCT submission, reminder FROM reminder_deliveries WHERE campaign = $1`, campaign)
	if err != nil {
		return nil, fmt.Errorf("read sent reminders: %w", err)
	}
	defer rows.Close()
	out := map[string]map[string]bool{}
	for rows.Next() {
		var s, k string
		if err := rows.Scan(&s, &k); err != nil {
			return nil, err
		}
		if out[s] == nil {
			out[s] = map[string]bool{}
		}
		out[s][k] = true
	}
	return out, rows.Err()
}

// People lists the active people holding one of roles in scope.
func (r *Repository) People(ctx context.Context, scope string, roles ...string) ([]domain.Person, error) {
	args := []any{scope}
	var in []string
	for i, role := range roles {
		args = append(args, role)
		in = append(in, fmt.Sprintf("$%d", i+2))
	}
	rows, err := r.db.QueryContext(ctx, `SELECT DISTINCT p.id, p.email, p.display_name FROM reminder_memberships m
		JOIN reminder_people p ON p.id = m.person_id
		WHERE m.scope = $1 AND m.role IN (`+strings.Join(in, ", ")+`) AND p.active ORDER BY p.email`, args...)
	if err != nil {
		return nil, fmt.Errorf("list people: %w", err)
	}
	defer rows.Close()
	var out []domain.Person
	for rows.Next() {
		p := domain.Person{Active: true}
		if err := rows.Scan(&p.ID, &p.Email, &p.Name); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Answered counts the questions answered in each submission of a campaign.
func (r *Repository) Answered(ctx context.Context, campaign string) (map[string]int, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT submission, COUNT(*) FROM reminder_answered WHERE submission LIKE $1 GROUP BY submission`,
		campaign+"/submissions/%")
	if err != nil {
		return nil, fmt.Errorf("count answered: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}

// DisplayName returns the name kept for an organisation or partnership, or
// "" when none is.
func (r *Repository) DisplayName(ctx context.Context, name string) (string, error) {
	var d string
	err := r.db.QueryRowContext(ctx, `SELECT display_name FROM reminder_names WHERE name = $1`, name).Scan(&d)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return d, err
}

// Policy returns a campaign's policy, found false while it is the default.
func (r *Repository) Policy(ctx context.Context, campaign string) (domain.Policy, bool, error) {
	var p domain.Policy
	var raw string
	err := r.db.QueryRowContext(ctx, `SELECT policy, version, update_time FROM reminder_policies WHERE campaign = $1`, campaign).
		Scan(&raw, &p.Version, &p.UpdateTime)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.DefaultPolicy(), false, nil
	}
	if err != nil {
		return p, false, fmt.Errorf("get policy: %w", err)
	}
	if err := json.Unmarshal([]byte(raw), &p); err != nil {
		return p, false, fmt.Errorf("policy of %s: %w", campaign, err)
	}
	p.UpdateTime = p.UpdateTime.UTC()
	return p, true, nil
}

// SavePolicy writes a changed policy if the stored one is still at
// version before (0: the default).
func (r *Repository) SavePolicy(ctx context.Context, campaign string, p domain.Policy, before int64) (bool, error) {
	raw, err := json.Marshal(p)
	if err != nil {
		return false, err
	}
	var res sql.Result
	if before == 0 {
		res, err = r.db.ExecContext(ctx, `INSERT INTO reminder_policies (campaign, policy, version, update_time) VALUES ($1, $2, $3, $4)
			ON CONFLICT DO NOTHING`, campaign, string(raw), p.Version, p.UpdateTime.UTC())
	} else {
		res, err = r.db.ExecContext(ctx, `UPDATE reminder_policies SET policy = $2, version = $3, update_time = $4
			WHERE campaign = $1 AND version = $5`, campaign, string(raw), p.Version, p.UpdateTime.UTC(), before)
	}
	if err != nil {
		return false, fmt.Errorf("save policy: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

const deliveryColumns = `id, campaign, submission, organisation, reminder, kind, recipient, recipient_name, state, attempts, last_error,
	due_time, next_attempt_time, send_time, message_id, subject, text, html, create_time`

func scanDelivery(s interface{ Scan(...any) error }) (domain.Delivery, error) {
	var d domain.Delivery
	var kind string
	var state int
	var sent sql.NullTime
	err := s.Scan(&d.ID, &d.Campaign, &d.Submission, &d.Organisation, &d.Reminder, &kind, &d.Recipient, &d.Name, &state, &d.Attempts,
		&d.LastError, &d.DueTime, &d.NextAttempt, &sent, &d.MessageID, &d.Subject, &d.Text, &d.HTML, &d.CreateTime)
	d.Kind, d.State, d.SendTime = domain.Kind(kind), domain.DeliveryState(state), store.UTC(sent)
	d.DueTime, d.NextAttempt, d.CreateTime = d.DueTime.UTC(), d.NextAttempt.UTC(), d.CreateTime.UTC()
	return d, err
}

// ListDeliveries lists a campaign's deliveries, or one submission's,
// newest first.
func (r *Repository) ListDeliveries(ctx context.Context, campaign, submission string, offset, limit int) ([]domain.Delivery, error) {
	q := `SELECT ` + deliveryColumns + ` FROM reminder_deliveries WHERE campaign = $1`
	args := []any{campaign}
	if submission != "" {
		q += ` AND submission = $2`
		args = append(args, submission)
	}
	args = append(args, limit, offset)
	q += fmt.Sprintf(` ORDER BY create_time DESC, id LIMIT $%d OFFSET $%d`, len(args)-1, len(args))
	out, err := store.Query(ctx, r.db, scanDelivery, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list deliveries: %w", err)
	}
	return out, nil
}

// messagesDue lists the messages with deliveries waiting whose time has
// come.
func messagesDue(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, now time.Time, limit int) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT message_id FROM reminder_deliveries WHERE state = 1 AND next_attempt_time <= $1 LIMIT $2`,
		now.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("list messages due: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// Owed reports whether a submission is still owed: outstanding in a
// campaign still chased.
func (r *Repository) Owed(ctx context.Context, submission string) (bool, error) {
	var n int
	err := r.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM reminder_submissions s JOIN reminder_campaigns c ON c.name = s.campaign
		WHERE s.name = $1 AND s.status IN (0, 4) AND c.due_time IS NOT NULL AND c.state NOT IN (3, 5)`, submission).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("check owed: %w", err)
	}
	return n > 0, nil
}
