package app

import (
	"context"
	"fmt"

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
	if err := w.TouchCampaign(ctx, e.Campaign, e.DisplayName, e.Time); err != nil {
		return nil, fmt.Errorf("record campaign %s: %w", e.Campaign, err)
	}
	return []string{e.Campaign}, nil
}
