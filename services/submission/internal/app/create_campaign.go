package app

import (
	"context"
	"fmt"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// CreateCampaign creates a draft campaign for a published template version
// of the partnership, sent to organisations of the partnership.
func (a *App) CreateCampaign(ctx context.Context, partnershipID, id, displayName, templateVersion string, orgs []string, due time.Time) (domain.Campaign, error) {
	id, err := resource.ID("campaign_id", id)
	if err != nil {
		return domain.Campaign{}, err
	}
	c, err := domain.NewCampaign(id, partnershipID, displayName, templateVersion, orgs, due.Truncate(time.Microsecond), a.clock())
	if err != nil {
		return domain.Campaign{}, err
	}
	if _, err := a.form(ctx, "campaign.template_version", templateVersion); err != nil {
		return domain.Campaign{}, err
	}
	var v failure.Violations
	for i, oid := range orgs {
		field := fmt.Sprintf("campaign.organisations[%d]", i)
		o, err := a.organisation(ctx, field, oid)
		if f, ok := failure.As(err); ok && f.Kind == failure.KindInvalid {
			v = append(v, f.Violations...)
			continue
		}
		if err != nil {
			return domain.Campaign{}, err
		}
		if !o.InPartnership(partnershipID) {
			v.Addf(field, "organisations/%s is not in partnerships/%s", oid, partnershipID)
		}
	}
	if err := v.Err(); err != nil {
		return domain.Campaign{}, err
	}
	if err := a.repo.InsertCampaign(ctx, c, domain.CampaignCreated{Campaign: c}); err != nil {
		return domain.Campaign{}, err
	}
	return c, nil
}
