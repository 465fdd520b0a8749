package app

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// AddOrganisations adds organisations to a campaign's audience; in a
// launched campaign their submissions are created at once (with answers
// brought forward, as at launch).
func (a *App) AddOrganisations(ctx context.Context, partnershipID, campaignID string, ids []string) (domain.Campaign, error) {
	c, err := a.repo.GetCampaign(ctx, partnershipID, campaignID)
	if err != nil {
		return c, err
	}
	trial := c
	trial.Organisations = ids
	if err := a.checkReferences(ctx, &trial); err != nil {
		return domain.Campaign{}, err
	}
	ps := map[string][]string{}
	for _, id := range ids {
		o, err := a.organisation(ctx, "organisations", id)
		if err != nil {
			return domain.Campaign{}, err
		}
		ps[id] = o.Partnerships
	}
	carried, err := a.bringForward(ctx, c, ids)
	if err != nil {
		return domain.Campaign{}, err
	}
	now := a.clock()
	return a.repo.UpdateCampaign(ctx, partnershipID, campaignID, func(c *domain.Campaign) (CampaignChange, error) {
		before := c.Version
		subs, err := c.AddOrganisations(ids, ps, now)
		if err != nil || c.Version == before {
			return CampaignChange{}, err
		}
		return CampaignChange{NewSubmissions: subs, Carried: carried,
			Events: domain.AddedEvents(*c, subs)}, nil
	})
}

// CloseCampaign closes a campaign to answers now.
func (a *App) CloseCampaign(ctx context.Context, partnershipID, campaignID string) (domain.Campaign, error) {
	now := a.clock()
	return a.repo.UpdateCampaign(ctx, partnershipID, campaignID, func(c *domain.Campaign) (CampaignChange, error) {
		closed, err := c.Close(now)
		if err != nil || !closed {
			return CampaignChange{}, err
		}
		return CampaignChange{Events: []domain.Event{domain.CampaignClosedEvent{Campaign: *c}}}, nil
	})
}

// ArchiveCampaign files away a closed campaign.
func (a *App) ArchiveCampaign(ctx context.Context, partnershipID, campaignID string) (domain.Campaign, error) {
	now := a.clock()
	return a.repo.UpdateCampaign(ctx, partnershipID, campaignID, func(c *domain.Campaign) (CampaignChange, error) {
		var evs []domain.Event
		if _, closed := c.Tick(now); closed {
			evs = append(evs, domain.CampaignClosedEvent{Campaign: *c})
		}
		archived, err := c.Archive(now)
		if err != nil || !archived {
			return CampaignChange{Events: evs}, err
		}
		return CampaignChange{Events: append(evs, domain.CampaignArchivedEvent{Campaign: *c})}, nil
	})
}

// Tick records the openings and closings that time has brought, each with
// its event. Replicas may tick together: each change is made under the
// campaign's row lock and made once.
func (a *App) Tick(ctx context.Context, log *slog.Logger) error {
	now := a.clock()
	due, err := a.repo.CampaignsToTick(ctx, now)
	if err != nil {
		return fmt.Errorf("campaigns to tick: %w", err)
	}
	for _, c := range due {
		_, err := a.repo.UpdateCampaign(ctx, c.PartnershipID, c.ID, func(c *domain.Campaign) (CampaignChange, error) {
			opened, closed := c.Tick(now)
			var evs []domain.Event
			if opened {
				evs = append(evs, domain.CampaignOpened{Campaign: *c})
			}
			if closed {
				evs = append(evs, domain.CampaignClosedEvent{Campaign: *c})
			}
			return CampaignChange{Events: evs}, nil
		})
		if err != nil {
			log.ErrorContext(ctx, "campaign clock", "campaign", c.ID, "partnership", c.PartnershipID, "error", err)
		}
	}
	return nil
}
