package app

import (
	"context"

	"github.com/assure-audit/assure/services/reporting/internal/domain"
)

// ApplyCampaignUpdated records a campaign's display name as changed, unless
// an event that happened later has given it already. A draft is not
// recorded: its launch gives the name. It returns the campaign when its
// report has changed.
func (a *App) ApplyCampaignUpdated(ctx context.Context, w Changes, e domain.CampaignUpdated) ([]string, error) {
	if err := e.Check(); err != nil {
		return nil, err
	}
	if e.Draft {
		return nil, nil
	}
	if err := touchCampaign(ctx, w, e.Campaign, e.DisplayName, e.Due, e.Time); err != nil {
		return nil, err
	}
	return []string{e.Campaign}, nil
}
