package app

import (
	"context"
	"fmt"
	"time"

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
	if err := touchCampaign(ctx, w, e.Campaign, e.DisplayName, e.Due, e.Time); err != nil {
		return nil, err
	}
	if !e.Draft && !e.Time.IsZero() {
		if err := w.SetCampaignLaunched(ctx, e.Campaign, e.Time); err != nil {
			return nil, fmt.Errorf("record campaign %s launch: %w", e.Campaign, err)
		}
	}
	for _, s := range e.Submissions {
		if err := w.MergeProgress(ctx, s.Name, e.Campaign, s.Organisation, e.Progress()); err != nil {
			return nil, fmt.Errorf("record submission %s: %w", s.Name, err)
		}
	}
	return []string{e.Campaign}, nil
}

// touchCampaign records an event about the campaign with its display name
// and due date, either of which may be absent.
func touchCampaign(ctx context.Context, w Changes, campaign, displayName string, due, at time.Time) error {
	if err := w.TouchCampaign(ctx, campaign, displayName, at); err != nil {
		return fmt.Errorf("record campaign %s: %w", campaign, err)
	}
	if due.IsZero() {
		return nil
	}
	if err := w.SetCampaignDue(ctx, campaign, due, at); err != nil {
		return fmt.Errorf("record campaign %s due date: %w", campaign, err)
	}
	return nil
}
