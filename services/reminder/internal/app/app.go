// Package app holds the reminder's use cases: one command or query per
// file, and the interfaces they need from storage.
package app

import (
	"context"
	"time"

	"github.com/assure-audit/assure/services/reminder/internal/domain"
)

// Repository reads the reminder's read model.
type Repository interface {
	// CampaignKnown reports whether any event has named the campaign.
	CampaignKnown(ctx context.Context, campaign string) (bool, error)
	// ListOutstanding lists one page of the campaign's outstanding
	// submissions (see domain.Outstanding), ordered by organisation, each
	// with its campaign's due time, and how many there are in all.
	ListOutstanding(ctx context.Context, campaign string, offset, limit int) ([]domain.Submission, int, error)
}

// Changes writes the read model inside the transaction that applies one
// event. Each change follows the domain's rules, so the result does not
// depend on the order the events arrive in.
type Changes interface {
	// ObserveCampaign merges what an event reports of a campaign into what
	// is known of it (see domain.Campaign.Merge).
	ObserveCampaign(ctx context.Context, c domain.Campaign) error
	// LaunchSubmission records a submission as its campaign's launch, or
	// the organisations added to it, report it (see
	// domain.Submission.Launch).
	LaunchSubmission(ctx context.Context, name, campaign, organisation string) error
	// ReportSubmission records a status reported of a submission (see
	// domain.Submission.Report).
	ReportSubmission(ctx context.Context, name, campaign, organisation string, status domain.Status, at time.Time) error
}

// App is the reminder's application layer.
type App struct {
	repo Repository
}

// New returns the application layer over repo.
func New(repo Repository) *App {
	return &App{repo: repo}
}
