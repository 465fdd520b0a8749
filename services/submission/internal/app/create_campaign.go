package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// CreateCampaign creates a draft campaign of a partnership for one of its
// published template versions. For a consortium campaign the partnership
// must be one of the consortium's, and the audience may come from any of
// them.
func (a *App) CreateCampaign(ctx context.Context, partnershipID, id string, spec domain.CampaignSpec) (domain.Campaign, error) {
	id, err := resource.ID("campaign_id", id)
	if err != nil {
		return domain.Campaign{}, err
	}
	spec = truncated(spec)
	c, err := domain.NewCampaign(id, partnershipID, spec, a.clock())
	if err != nil {
		// Report the references' problems too, so one answer names all.
		trial := domain.Campaign{ID: id, PartnershipID: partnershipID, CampaignSpec: spec}
		return domain.Campaign{}, mergeInvalid(err, a.checkReferences(ctx, &trial))
	}
	if err := a.checkReferences(ctx, &c); err != nil {
		return domain.Campaign{}, err
	}
	if err := a.repo.InsertCampaign(ctx, c, domain.CampaignCreated{Campaign: c}); err != nil {
		return domain.Campaign{}, err
	}
	return c, nil
}

// truncated cuts the campaign's times to the microsecond both databases
// keep, so what a write returns equals what a later read gives.
func truncated(spec domain.CampaignSpec) domain.CampaignSpec {
	spec.DueTime = spec.DueTime.Truncate(time.Microsecond)
	spec.OpenTime = spec.OpenTime.Truncate(time.Microsecond)
	spec.CloseTime = spec.CloseTime.Truncate(time.Microsecond)
	return spec
}

// checkReferences checks what a draft campaign names in other services
// and sets its partnerships: the template version, the consortium, the
// organisations and the source campaign.
func (a *App) checkReferences(ctx context.Context, c *domain.Campaign) error {
	var v failure.Violations
	keep := func(err error) error {
		if f, ok := failure.As(err); ok && f.Kind == failure.KindInvalid {
			v = append(v, f.Violations...)
			return nil
		}
		return err
	}
	if _, err := a.form(ctx, "campaign.template_version", c.TemplateVersion); keep(err) != nil {
		return err
	}
	c.Partnerships = []string{c.PartnershipID}
	if c.Consortium != "" {
		cons, err := a.consortium(ctx, "campaign.consortium", c.Consortium)
		if keep(err) != nil {
			return err
		}
		if err == nil {
			if !contains(cons.Partnerships, c.PartnershipID) {
				v.Addf("campaign.consortium", "partnerships/%s is not in %s", c.PartnershipID, c.Consortium)
			} else {
				c.Partnerships = cons.Partnerships
			}
		}
	}
	for i, oid := range c.Organisations {
		field := fmt.Sprintf("campaign.organisations[%d]", i)
		o, err := a.organisation(ctx, field, oid)
		if keep(err) != nil {
			return err
		}
		if err == nil && !anyIn(o.Partnerships, c.Partnerships) {
			v.Addf(field, "organisations/%s is not in the campaign's partnerships (%s)", oid, strings.Join(c.Partnerships, ", "))
		}
	}
	if c.SourceCampaign != "" {
		ids, err := resource.Parse("campaign.source_campaign", c.SourceCampaign, "partnerships", "campaigns")
		if err != nil {
			return err
		}
		src, err := a.repo.CampaignHeader(ctx, ids[0], ids[1])
		switch {
		case failure.KindOf(err) == failure.KindNotFound || err == nil && !src.Participant(c.PartnershipID):
			v.Add("campaign.source_campaign", c.SourceCampaign+" does not exist")
		case err != nil:
			return err
		case domain.Form{Name: src.TemplateVersion}.Template() != domain.Form{Name: c.TemplateVersion}.Template():
			v.Add("campaign.source_campaign", "answers another template ("+src.TemplateVersion+"); answers are brought forward only between versions of one template")
		}
	}
	return v.Err()
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func anyIn(xs, set []string) bool {
	for _, x := range xs {
		if contains(set, x) {
			return true
		}
	}
	return false
}

// mergeInvalid adds the violations of more to those of err when both are
// invalid-argument failures; otherwise err stands.
func mergeInvalid(err, more error) error {
	fe, ok := failure.As(err)
	fm, ok2 := failure.As(more)
	if !ok || !ok2 || fe.Kind != failure.KindInvalid || fm.Kind != failure.KindInvalid {
		return err
	}
	v := append(failure.Violations(append([]failure.FieldViolation(nil), fe.Violations...)), fm.Violations...)
	return v.Err()
}
