package app

import (
	"context"
	"fmt"

	"github.com/assure-audit/assure/services/reminder/internal/domain"
)

// ApplyCampaignLaunched records each submission the launch created as owed
// by the campaign's due time. A submission already handed in stays so.
func (a *App) ApplyCampaignLaunched(ctx context.Context, w Changes, e domain.CampaignLaunched) error {
	if err := e.Check(); err != nil {
		return err
	}
	for _, s := range e.Submissions {
		if err := w.LaunchSubmission(ctx, s.Name, e.Campaign, s.Organisation, e.DueTime); err != nil {
			return fmt.Errorf("launch %s: %w", s.Name, err)
		}
	}
	return nil
}
