// Package store keeps the reminder's read model, the launched campaigns and
// their submissions with what was last reported of each, in PostgreSQL or
// the embedded SQLite database, with the same SQL for both.
//
// Times are always written in UTC. PostgreSQL compares them as timestamps;
// SQLite compares the driver's UTC text, which sorts the same.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/services/reminder/internal/app"
	"github.com/assure-audit/assure/services/reminder/internal/domain"
)

// Repository implements app.Repository.
type Repository struct {
	db *store.DB
}

var _ app.Repository = (*Repository)(nil)

// New returns a repository on db.
func New(db *store.DB) *Repository { return &Repository{db: db} }

// CampaignKnown reports whether the campaign or any of its submissions is
// recorded.
func (r *Repository) CampaignKnown(ctx context.Context, campaign string) (bool, error) {
	var n int
	err := r.db.QueryRowContext(ctx,
		`SELECT COUNT(*) FROM (
		   SELECT 1 FROM reminder_campaigns WHERE name = $1
		   UNION ALL SELECT 1 FROM (SELECT 1 FROM reminder_submissions WHERE campaign = $1 LIMIT 1) AS one
		 ) AS known`, campaign).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("check campaign: %w", err)
	}
	return n > 0, nil
}

// outstanding selects the submissions still owed (domain.Outstanding): the
// campaign is launched, neither closed (3) nor archived (5), and nothing
// has been reported of the submission (0) or it was sent back (4).
const outstanding = `FROM reminder_submissions s JOIN reminder_campaigns c ON c.name = s.campaign
	WHERE s.campaign = $1 AND s.status IN (0, 4) AND c.due_time IS NOT NULL AND c.state NOT IN (3, 5)`

// ListOutstanding lists outstanding submissions by organisation, then name.
func (r *Repository) ListOutstanding(ctx context.Context, campaign string, offset, limit int) ([]domain.Submission, int, error) {
	var total int
	if err := r.db.QueryRowContext(ctx, `SELECT COUNT(*) `+outstanding, campaign).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count outstanding submissions: %w", err)
	}
	rows, err := r.db.QueryContext(ctx,
		`SELECT s.name, s.campaign, s.organisation, s.status, s.status_time, c.due_time `+outstanding+
			` ORDER BY s.organisation, s.name LIMIT $2 OFFSET $3`, campaign, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("list outstanding submissions: %w", err)
	}
	defer rows.Close()
	var out []domain.Submission
	for rows.Next() {
		var s domain.Submission
		var status int
		var at, due sql.NullTime
		if err := rows.Scan(&s.Name, &s.Campaign, &s.Organisation, &status, &at, &due); err != nil {
			return nil, 0, fmt.Errorf("scan outstanding submission: %w", err)
		}
		s.Status, s.StatusTime, s.DueTime = domain.Status(status), store.UTC(at), store.UTC(due)
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("list outstanding submissions: %w", err)
	}
	return out, total, nil
}

// Changes returns the read-model writes of the transaction tx.
func Changes(tx *sql.Tx) app.Changes { return changes{tx: tx} }

// changes are upserts whose conflict clauses apply the domain's rules, so
// events give the same rows in any order and concurrent consumers cannot
// lose each other's writes.
type changes struct{ tx *sql.Tx }

// newer is the SQL condition, in an upsert's conflict clause, that the
// value offered for column (excluded) was reported by a newer event than
// the stored one, whose time is in column timeCol: a later time, or the
// same time and a greater value. A NULL time is the oldest; a NULL value
// is never newer. It is the rule of domain.Campaign.Merge and
// domain.Submission.Report.
func newer(table, column, timeCol string) string {
	return strings.NewReplacer("$t", table, "$v", column, "$at", timeCol).Replace(
		`(excluded.$v IS NOT NULL AND (
		   (excluded.$at IS NOT NULL AND ($t.$at IS NULL OR excluded.$at > $t.$at))
		   OR (((excluded.$at IS NULL AND $t.$at IS NULL) OR excluded.$at = $t.$at)
		       AND ($t.$v IS NULL OR excluded.$v > $t.$v))))`)
}

// newest sets column and timeCol to the offered ones if they are newer.
func newest(table, column, timeCol string) string {
	cond := newer(table, column, timeCol)
	return fmt.Sprintf(`%[2]s = CASE WHEN %[4]s THEN excluded.%[2]s ELSE %[1]s.%[2]s END,
		%[3]s = CASE WHEN %[4]s THEN excluded.%[3]s ELSE %[1]s.%[3]s END`, table, column, timeCol, cond)
}

var (
	observeCampaign = `INSERT INTO reminder_campaigns (name, due_time, due_event_time, state, state_event_time) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (name) DO UPDATE SET ` +
		newest("reminder_campaigns", "due_time", "due_event_time") + `, ` +
		newest("reminder_campaigns", "state", "state_event_time")

	reportSubmission = `INSERT INTO reminder_submissions (name, campaign, organisation, status, status_time) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (name) DO UPDATE SET
		  organisation = CASE WHEN reminder_submissions.organisation = '' THEN excluded.organisation ELSE reminder_submissions.organisation END, ` +
		newest("reminder_submissions", "status", "status_time")
)

// ObserveCampaign keeps, of the due time and of the state each, the one
// reported by the newest event (domain.Campaign.Merge).
func (c changes) ObserveCampaign(ctx context.Context, camp domain.Campaign) error {
	// An unreported state is 0 with no time, older than any reported.
	_, err := c.tx.ExecContext(ctx, observeCampaign,
		camp.Name, store.NullTime(camp.DueTime), store.NullTime(camp.DueReported), int(camp.State), store.NullTime(camp.StateReported))
	if err != nil {
		return fmt.Errorf("upsert campaign: %w", err)
	}
	return nil
}

// LaunchSubmission sets the campaign and organisation and keeps what has
// been reported of the submission (domain.Submission.Launch).
func (c changes) LaunchSubmission(ctx context.Context, name, campaign, organisation string) error {
	_, err := c.tx.ExecContext(ctx,
		`INSERT INTO reminder_submissions (name, campaign, organisation, status, status_time) VALUES ($1, $2, $3, 0, NULL)
		 ON CONFLICT (name) DO UPDATE SET campaign = excluded.campaign, organisation = excluded.organisation`,
		name, campaign, organisation)
	if err != nil {
		return fmt.Errorf("upsert launched submission: %w", err)
	}
	return nil
}

// ReportSubmission keeps the status reported by the newest event and fills
// in an organisation not yet known; a submission first heard of here is
// recorded with its status alone (domain.Submission.Report).
func (c changes) ReportSubmission(ctx context.Context, name, campaign, organisation string, status domain.Status, at time.Time) error {
	_, err := c.tx.ExecContext(ctx, reportSubmission, name, campaign, organisation, int(status), store.NullTime(at))
	if err != nil {
		return fmt.Errorf("upsert submission status: %w", err)
	}
	return nil
}
