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
	var asOf sql.NullTime
	err := r.db.QueryRowContext(ctx,
		`SELECT display_name, as_of_time, version FROM reporting_campaigns WHERE name = $1`, name).
		Scan(&c.DisplayName, &asOf, &c.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return c, failure.NotFound("%s not found: the reporting service has heard of no such campaign", name)
	}
	if err != nil {
		return c, fmt.Errorf("get campaign: %w", err)
	}
	c.AsOf = utc(asOf)
	return c, nil
}

// ListRows lists a campaign's submissions by organisation, then name.
func (r *Repository) ListRows(ctx context.Context, campaign string) ([]domain.Row, error) {
	rows, err := r.db.QueryContext(ctx,
		`SELECT s.organisation, COALESCE(o.display_name, ''), s.name, s.state, s.last_activity_time
		 FROM reporting_submissions s LEFT JOIN reporting_organisations o ON o.name = s.organisation
		 WHERE s.campaign = $1 ORDER BY s.organisation, s.name`, campaign)
	if err != nil {
		return nil, fmt.Errorf("list report rows: %w", err)
	}
	defer rows.Close()
	var out []domain.Row
	for rows.Next() {
		var row domain.Row
		var state int
		var last sql.NullTime
		if err := rows.Scan(&row.Organisation, &row.DisplayName, &row.Submission, &state, &last); err != nil {
			return nil, fmt.Errorf("scan report row: %w", err)
		}
		row.State = domain.State(state)
		row.LastActivity = utc(last)
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

// TouchCampaign upserts the campaign: a given display name replaces the
// old, the as-of time only moves forward, the version moves on.
func (c changes) TouchCampaign(ctx context.Context, name, displayName string, eventTime time.Time) error {
	_, err := c.tx.ExecContext(ctx,
		`INSERT INTO reporting_campaigns (name, display_name, as_of_time, version) VALUES ($1, $2, $3, 1)
		 ON CONFLICT (name) DO UPDATE SET
		   display_name = CASE WHEN excluded.display_name <> '' THEN excluded.display_name ELSE reporting_campaigns.display_name END,
		   as_of_time = CASE WHEN reporting_campaigns.as_of_time IS NULL OR excluded.as_of_time > reporting_campaigns.as_of_time
		     THEN excluded.as_of_time ELSE reporting_campaigns.as_of_time END,
		   version = reporting_campaigns.version + 1`,
		name, displayName, nullTime(eventTime))
	if err != nil {
		return fmt.Errorf("upsert campaign: %w", err)
	}
	return nil
}

// MergeProgress upserts the submission with domain.Progress.Merge: the
// higher state rank, the later activity.
func (c changes) MergeProgress(ctx context.Context, submission, campaign, organisation string, p domain.Progress) error {
	_, err := c.tx.ExecContext(ctx,
		`INSERT INTO reporting_submissions (name, campaign, organisation, state, last_activity_time) VALUES ($1, $2, $3, $4, $5)
		 ON CONFLICT (name) DO UPDATE SET
		   organisation = CASE WHEN excluded.organisation <> '' THEN excluded.organisation ELSE reporting_submissions.organisation END,
		   state = CASE WHEN excluded.state > reporting_submissions.state THEN excluded.state ELSE reporting_submissions.state END,
		   last_activity_time = CASE WHEN reporting_submissions.last_activity_time IS NULL OR excluded.last_activity_time > reporting_submissions.last_activity_time
		     THEN excluded.last_activity_time ELSE reporting_submissions.last_activity_time END`,
		submission, campaign, organisation, int(p.State), nullTime(p.LastActivity))
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

// nullTime is t in UTC, or NULL when t is zero.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// utc reads a nullable time: zero when NULL.
func utc(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}
