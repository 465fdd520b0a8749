package app

import (
	"context"

	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// LaunchCampaign opens a campaign and creates one submission per
// organisation. Launching an open campaign again is a no-op.
func (a *App) LaunchCampaign(ctx context.Context, partnershipID, campaignID string) (domain.Campaign, error) {
	now := a.clock()
	return a.repo.UpdateCampaign(ctx, partnershipID, campaignID, func(c *domain.Campaign) (CampaignChange, error) {
		subs, launched, err := c.Launch(now)
		if err != nil || !launched {
			return CampaignChange{}, err
		}
		return CampaignChange{
			NewSubmissions: subs,
			Events:         []domain.Event{domain.CampaignLaunched{Campaign: *c, Submissions: subs}},
		}, nil
	})
}
