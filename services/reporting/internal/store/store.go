// Package store keeps the reporting service's completion read model in
// PostgreSQL or the embedded SQLite database, with the same SQL for both.
//
// Times are always written in UTC. PostgreSQL compares them as timestamps;
// SQLite compares the driver's fixed-layout UTC text, which sorts the same.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/services/reporting/internal/app"
	"github.com/assure-audit/assure/services/reporting/internal/domain"
)

// Repository implements app.Repository.
type Repository struct {
	db *store.DB
}

var _ app.Repository = (*Repository)(nil)

// New returns a repository on db.
func New(db *store.DB) *Repository { return &Repository{db: db} }

// GetCampaign loads one campaign.
func (r *Repository) GetCampaign(ctx context.Context, name string) (domain.Campaign, error) {
	c := domain.Campaign{Name: name}
	var asOf, due, launched sql.NullTime
	err := r.db.QueryRowContext(ctx,
		`SELECT display_name, as_of_time, version, due_time, launch_time FROM reporting_campaigns WHERE name = $1`, name).
		Scan(&c.DisplayName, &asOf, &c.Version, &due, &launched)
	if errors.Is(err, sql.ErrNoRows) {
		return c, failure.NotFound("%s not found: the reporting service has heard of no such campaign", name)
	}
	if err != nil {
		return c, fmt.Errorf("get campaign: %w", err)
	}
	c.AsOf, c.Due, c.Launched = store.UTC(asOf), store.UTC(due), store.UTC(launched)
	return c, nil
}

// ListRows lists a campaign's submissions by organisation, then name.
func (r *Repository) ListRows(ctx context.Context, campaign string) ([]domain.Row, error) {
	rows, err := r.db.QueryContext(ctx,
		`SELECT s.organisation, COALESCE(o.display_name, ''), s.name, s.work_state, s.review_state, s.review_time, s.last_activity_time,
		   s.first_activity_time, s.first_hand_in_time
		 FROM reporting_submissions s LEFT JOIN reporting_organisations o ON o.name = s.organisation
		 WHERE s.campaign = $1 ORDER BY s.organisation, s.name`, campaign)
	if err != nil {
		return nil, fmt.Errorf("list report rows: %w", err)
	}
	defer rows.Close()
	var out []domain.Row
	for rows.Next() {
		var row domain.Row
		var work, review int
		var reviewed, last, firstActive, firstIn sql.NullTime
		if err := rows.Scan(&row.Organisation, &row.DisplayName, &row.Submission, &work, &review, &reviewed, &last,
			&firstActive, &firstIn); err != nil {
			return nil, fmt.Errorf("scan report row: %w", err)
		}
		row.Work, row.Review = domain.State(work), domain.State(review)
		row.ReviewTime, row.LastActivity = store.UTC(reviewed), store.UTC(last)
		row.FirstActivity, row.FirstHandIn = store.UTC(firstActive), store.UTC(firstIn)
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list report rows: %w", err)
	}
	return out, nil
}

// Changes returns the read-model writes of the transaction tx.
func Changes(tx *sql.Tx) app.Changes { return changes{tx: tx} }

// changes are upserts whose conflict clauses apply the domain's rules, so
// events give the same rows in any order and concurrent consumers cannot
// lose each other's writes.
type changes struct{ tx *sql.Tx }

// newer is the SQL condition, in an upsert's conflict clause on table,
// that the value offered for column (excluded) came from a newer event
// than the stored one, whose time is in timeCol: the value is offered
// (present holds for excluded.column), and it happened later, or at the
// same time and is greater. A NULL time is the oldest.
func newer(table, column, timeCol, present string) string {
	return strings.NewReplacer("$t", table, "$v", column, "$at", timeCol, "$present", present).Replace(
		`($present AND (
		   (excluded.$at IS NOT NULL AND ($t.$at IS NULL OR excluded.$at > $t.$at))
		   OR (((excluded.$at IS NULL AND $t.$at IS NULL) OR excluded.$at = $t.$at) AND excluded.$v > $t.$v)))`)
}

// newest sets column and timeCol to the offered ones if they are newer.
func newest(table, column, timeCol, present string) string {
	cond := newer(table, column, timeCol, present)
	return fmt.Sprintf(`%[2]s = CASE WHEN %[4]s THEN excluded.%[2]s ELSE %[1]s.%[2]s END,
		   %[3]s = CASE WHEN %[4]s THEN excluded.%[3]s ELSE %[1]s.%[3]s END`, table, column, timeCol, cond)
}

var (
	touchCampaign = `INSERT INTO reporting_campaigns (name, display_name, display_name_time, as_of_time, version) VALUES ($1, $2, $3, $4, 1)
		 ON CONFLICT (name) DO UPDATE SET ` +
		newest("reporting_campaigns", "display_name", "display_name_time", "excluded.display_name <> ''") + `,
		   as_of_time = CASE WHEN reporting_campaigns.as_of_time IS NULL OR excluded.as_of_time > reporting_campaigns.as_of_time
		     THEN excluded.as_of_time ELSE reporting_campaigns.as_of_time END,
		   version = reporting_campaigns.version + 1`

	mergeProgress = `INSERT INTO reporting_submissions (name, campaign, organisation, work_state, review_state, review_time, last_activity_time,
		   first_activity_time, first_hand_in_time)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		 ON CONFLICT (name) DO UPDATE SET
		   organisation = CASE WHEN excluded.organisation <> '' THEN excluded.organisation ELSE reporting_submissions.organisation END,
		   work_state = CASE WHEN excluded.work_state > reporting_submissions.work_state THEN excluded.work_state ELSE reporting_submissions.work_state END, ` +
		newest("reporting_submissions", "review_state", "review_time", "excluded.review_state <> 0") + `,
		   last_activity_time = CASE WHEN reporting_submissions.last_activity_time IS NULL OR excluded.last_activity_time > reporting_submissions.last_activity_time
		     THEN excluded.last_activity_time ELSE reporting_submissions.last_activity_time END,
		   first_activity_time = ` + earliest("reporting_submissions", "first_activity_time") + `,
		   first_hand_in_time = ` + earliest("reporting_submissions", "first_hand_in_time")
)

// earliest is the SQL for the earlier of a stored and an offered time, a
// NULL being unknown.
func earliest(table, column string) string {
	return strings.NewReplacer("$t", table, "$c", column).Replace(
		`CASE WHEN $t.$c IS NULL OR excluded.$c < $t.$c THEN excluded.$c ELSE $t.$c END`)
}

// TouchCampaign upserts the campaign: a given display name replaces the
// old unless the old was given by an event that happened later, the as-of
// time only moves forward, the version moves on.
func (c changes) TouchCampaign(ctx context.Context, name, displayName string, eventTime time.Time) error {
	var named any
	if displayName != "" {
		named = store.NullTime(eventTime)
	}
	_, err := c.tx.ExecContext(ctx, touchCampaign, name, displayName, named, store.NullTime(eventTime))
	if err != nil {
		return fmt.Errorf("upsert campaign: %w", err)
	}
	return nil
}

// SetCampaignDue records the campaign's due date unless the one recorded
// came from an event that happened later (at the same time, the later
// date wins), so the order events arrive in does not matter.
func (c changes) SetCampaignDue(ctx context.Context, name string, due, eventTime time.Time) error {
	_, err := c.tx.ExecContext(ctx, `UPDATE reporting_campaigns SET due_time = $2, due_time_at = $3
		WHERE name = $1 AND (due_time_at IS NULL OR due_time_at < $3 OR (due_time_at = $3 AND due_time < $2))`,
		name, due.UTC(), eventTime.UTC())
	if err != nil {
		return fmt.Errorf("record due date: %w", err)
	}
	return nil
}

// SetCampaignLaunched records that the campaign was launched at, unless
// an earlier launch is recorded.
func (c changes) SetCampaignLaunched(ctx context.Context, name string, at time.Time) error {
	_, err := c.tx.ExecContext(ctx, `UPDATE reporting_campaigns SET launch_time = $2
		WHERE name = $1 AND (launch_time IS NULL OR launch_time > $2)`, name, at.UTC())
	if err != nil {
		return fmt.Errorf("record launch: %w", err)
	}
	return nil
}

// MergeProgress upserts the submission with domain.Progress.Merge: the
// higher work state, the review reported by the newer event, the later
// activity.
func (c changes) MergeProgress(ctx context.Context, submission, campaign, organisation string, p domain.Progress) error {
	var reviewed any
	if p.Review != domain.StateUnknown {
		reviewed = store.NullTime(p.ReviewTime)
	}
	_, err := c.tx.ExecContext(ctx, mergeProgress,
		submission, campaign, organisation, int(p.Work), int(p.Review), reviewed, store.NullTime(p.LastActivity),
		store.NullTime(p.FirstActivity), store.NullTime(p.FirstHandIn))
	if err != nil {
		return fmt.Errorf("upsert submission progress: %w", err)
	}
	return nil
}

// PutOrganisation upserts the organisation's display name and moves on the
// version of the campaigns that list it.
func (c changes) PutOrganisation(ctx context.Context, name, displayName string) ([]string, error) {
	if _, err := c.tx.ExecContext(ctx,
		`INSERT INTO reporting_organisations (name, display_name) VALUES ($1, $2)
		 ON CONFLICT (name) DO UPDATE SET display_name = excluded.display_name`, name, displayName); err != nil {
		return nil, fmt.Errorf("upsert organisation: %w", err)
	}
	rows, err := c.tx.QueryContext(ctx,
		`SELECT DISTINCT campaign FROM reporting_submissions WHERE organisation = $1 ORDER BY campaign`, name)
	if err != nil {
		return nil, fmt.Errorf("find campaigns of organisation: %w", err)
	}
	var campaigns []string
	for rows.Next() {
		var campaign string
		if err := rows.Scan(&campaign); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan campaign of organisation: %w", err)
		}
		campaigns = append(campaigns, campaign)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find campaigns of organisation: %w", err)
	}
	if _, err := c.tx.ExecContext(ctx,
		`UPDATE reporting_campaigns SET version = version + 1
		 WHERE name IN (SELECT campaign FROM reporting_submissions WHERE organisation = $1)`, name); err != nil {
		return nil, fmt.Errorf("move on campaign versions: %w", err)
	}
	return campaigns, nil
}
