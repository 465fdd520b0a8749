package app

import (
	"context"
	"fmt"

	"github.com/assure-audit/assure/services/reporting/internal/domain"
)

// ApplyAnswersSaved moves a submission to in progress, unless it has got
// further, with its last activity at the save. It returns the campaign,
// whose report has changed.
func (a *App) ApplyAnswersSaved(ctx context.Context, w Changes, e domain.AnswersSaved) ([]string, error) {
	if err := e.Check(); err != nil {
		return nil, err
	}
	if err := w.TouchCampaign(ctx, e.Campaign, "", e.Time); err != nil {
		return nil, fmt.Errorf("record campaign %s: %w", e.Campaign, err)
	}
	if err := w.MergeProgress(ctx, e.Submission, e.Campaign, "", e.Progress()); err != nil {
		return nil, fmt.Errorf("record submission %s: %w", e.Submission, err)
	}
	return []string{e.Campaign}, nil
}
