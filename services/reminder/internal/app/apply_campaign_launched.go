package app

import (
	"context"
	"fmt"

	"github.com/assure-audit/assure/services/reminder/internal/domain"
)

// ApplyCampaignLaunched records the campaign's due time and state as the
// launch reports them, and each submission the launch created as owed. A
// submission already handed in stays so, and a due date moved since the
// launch stays moved.
func (a *App) ApplyCampaignLaunched(ctx context.Context, w Changes, e domain.CampaignLaunched) error {
	if err := e.Check(); err != nil {
		return err
	}
	return recordSubmissions(ctx, w, e)
}

// recordSubmissions records the campaign as e reports it, unless it is a
// draft, and the submissions e created.
func recordSubmissions(ctx context.Context, w Changes, e domain.CampaignLaunched) error {
	if !e.Draft() {
		if err := w.ObserveCampaign(ctx, e.Account()); err != nil {
			return fmt.Errorf("record campaign %s: %w", e.Campaign, err)
		}
		if err := observeDetails(ctx, w, e.CampaignChanged); err != nil {
			return err
		}
	}
	for _, s := range e.Submissions {
		if err := w.LaunchSubmission(ctx, s.Name, e.Campaign, s.Organisation); err != nil {
			return fmt.Errorf("launch %s: %w", s.Name, err)
		}
	}
	return nil
}
