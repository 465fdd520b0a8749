package app

import (
	"context"
	"fmt"

	"github.com/assure-audit/assure/services/reporting/internal/domain"
)

// ApplySubmissionReported moves a submission to submitted, returned or
// accepted, with its last activity then, unless an event that happened
// later has reported it already, even if its campaign's launch has not been
// seen yet. It returns the campaign, whose report has changed.
func (a *App) ApplySubmissionReported(ctx context.Context, w Changes, e domain.SubmissionReported) ([]string, error) {
	if err := e.Check(); err != nil {
		return nil, err
	}
	if err := w.TouchCampaign(ctx, e.Campaign, "", e.Time); err != nil {
		return nil, fmt.Errorf("record campaign %s: %w", e.Campaign, err)
	}
	if err := w.MergeProgress(ctx, e.Submission, e.Campaign, e.Organisation, e.Progress()); err != nil {
		return nil, fmt.Errorf("record submission %s: %w", e.Submission, err)
	}
	return []string{e.Campaign}, nil
}
