// Package store keeps the reminder's read model, the submissions of each
// campaign and whether they have been handed in, in PostgreSQL or the
// embedded SQLite database, with the same SQL for both.
package store

import (
	"context"
	"database/sql"
	"fmt"
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

// CampaignKnown reports whether any submission of the campaign is recorded.
func (r *Repository) CampaignKnown(ctx context.Context, campaign string) (bool, error) {
	var n int
	err := r.db.QueryRowContext(ctx,
		`SELECT COUNT(*) FROM (SELECT 1 FROM reminder_submissions WHERE campaign = $1 LIMIT 1) AS known`, campaign).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("check campaign: %w", err)
	}
	return n > 0, nil
}

// outstanding selects the submissions still owed: launched, not handed in.
const outstanding = `FROM reminder_submissions WHERE campaign = $1 AND submitted = FALSE AND due_time IS NOT NULL`

// ListOutstanding lists outstanding submissions by organisation, then name.
func (r *Repository) ListOutstanding(ctx context.Context, campaign string, offset, limit int) ([]domain.Submission, int, error) {
	var total int
	if err := r.db.QueryRowContext(ctx, `SELECT COUNT(*) `+outstanding, campaign).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count outstanding submissions: %w", err)
	}
	rows, err := r.db.QueryContext(ctx,
		`SELECT name, campaign, organisation, due_time, submitted `+outstanding+
			` ORDER BY organisation, name LIMIT $2 OFFSET $3`, campaign, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("list outstanding submissions: %w", err)
	}
	defer rows.Close()
	var out []domain.Submission
	for rows.Next() {
		var s domain.Submission
		var due sql.NullTime
		if err := rows.Scan(&s.Name, &s.Campaign, &s.Organisation, &due, &s.Submitted); err != nil {
			return nil, 0, fmt.Errorf("scan outstanding submission: %w", err)
		}
		s.DueTime = due.Time.UTC()
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
// two events about one submission give the same row in either order and
// concurrent consumers cannot lose each other's writes.
type changes struct{ tx *sql.Tx }

// LaunchSubmission sets the campaign, organisation and due time and keeps
// the submitted flag (domain.Submission.Launch).
func (c changes) LaunchSubmission(ctx context.Context, name, campaign, organisation string, due time.Time) error {
	_, err := c.tx.ExecContext(ctx,
		`INSERT INTO reminder_submissions (name, campaign, organisation, due_time, submitted) VALUES ($1, $2, $3, $4, FALSE)
		 ON CONFLICT (name) DO UPDATE SET campaign = excluded.campaign, organisation = excluded.organisation, due_time = excluded.due_time`,
		name, campaign, organisation, due.UTC())
	if err != nil {
		return fmt.Errorf("upsert launched submission: %w", err)
	}
	return nil
}

// SubmitSubmission sets the submitted flag and fills in an organisation not
// yet known; a submission first heard of here is recorded without a due time
// (domain.Submission.Submit).
func (c changes) SubmitSubmission(ctx context.Context, name, campaign, organisation string) error {
	_, err := c.tx.ExecContext(ctx,
		`INSERT INTO reminder_submissions (name, campaign, organisation, due_time, submitted) VALUES ($1, $2, $3, NULL, TRUE)
		 ON CONFLICT (name) DO UPDATE SET submitted = TRUE,
		   organisation = CASE WHEN reminder_submissions.organisation = '' THEN excluded.organisation ELSE reminder_submissions.organisation END`,
		name, campaign, organisation)
	if err != nil {
		return fmt.Errorf("upsert submitted submission: %w", err)
	}
	return nil
}
