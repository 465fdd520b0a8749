package app

import (
	"context"
	"fmt"

	"github.com/assure-audit/assure/services/reporting/internal/domain"
)

// ApplyCampaignLaunched records the campaign and one not-started row per
// submission it created; rows that events have already moved on keep their
// progress. It returns the campaign, whose report has changed.
func (a *App) ApplyCampaignLaunched(ctx context.Context, w Changes, e domain.CampaignLaunched) ([]string, error) {
	if err := e.Check(); err != nil {
		return nil, err
	}
	return recordSubmissions(ctx, w, e)
}

// recordSubmissions records the campaign of e, unless it is a draft, and
// one not-started row per submission e created.
func recordSubmissions(ctx context.Context, w Changes, e domain.CampaignLaunched) ([]string, error) {
	if e.Draft && len(e.Submissions) == 0 {
		return nil, nil
	}
	if err := w.TouchCampaign(ctx, e.Campaign, e.DisplayName, e.Time); err != nil {
		return nil, fmt.Errorf("record campaign %s: %w", e.Campaign, err)
	}
	for _, s := range e.Submissions {
		if err := w.MergeProgress(ctx, s.Name, e.Campaign, s.Organisation, e.Progress()); err != nil {
			return nil, fmt.Errorf("record submission %s: %w", s.Name, err)
		}
	}
	return []string{e.Campaign}, nil
}
