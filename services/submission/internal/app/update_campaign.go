package app

import (
	"context"
	"slices"

	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// UpdateCampaign changes the fields named in mask if etag is current. A
// moved due date of a launched campaign is an event like any change.
func (a *App) UpdateCampaign(ctx context.Context, partnershipID, campaignID, etag string, spec domain.CampaignSpec, mask []string) (domain.Campaign, error) {
	_, err := resource.ParseEtag("campaign.etag", etag)
	if err != nil {
		return domain.Campaign{}, err
	}
	spec = truncated(spec)
	now := a.clock()
	// References are checked against a copy first, outside the
	// transaction, since they may ask other services.
	current, err := a.repo.GetCampaign(ctx, partnershipID, campaignID)
	if err != nil {
		return domain.Campaign{}, err
	}
	if err := resource.CheckEtag("campaign", etag, current.Version); err != nil {
		return domain.Campaign{}, err
	}
	trial := current
	changed, err := trial.Update(spec, mask, now)
	if err != nil {
		return domain.Campaign{}, err
	}
	if len(changed) == 0 {
		return current, nil
	}
	if slices.ContainsFunc(changed, func(f string) bool {
		return f == "organisations" || f == "template_version" || f == "consortium" || f == "source_campaign"
	}) {
		if err := a.checkReferences(ctx, &trial); err != nil {
			return domain.Campaign{}, err
		}
	}
	return a.repo.UpdateCampaign(ctx, partnershipID, campaignID, func(c *domain.Campaign) (CampaignChange, error) {
		if err := resource.CheckEtag("campaign", etag, c.Version); err != nil {
			return CampaignChange{}, err
		}
		previousDue := c.DueTime
		changed, err := c.Update(spec, mask, now)
		if err != nil || len(changed) == 0 {
			return CampaignChange{}, err
		}
		c.Partnerships = trial.Partnerships
		ev := domain.CampaignUpdated{Campaign: *c, Changed: changed}
		if slices.Contains(changed, "due_time") {
			ev.PreviousDue = previousDue
		}
		return CampaignChange{Events: []domain.Event{ev}}, nil
	})
}
