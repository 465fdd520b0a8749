package app

import (
	"context"
	"fmt"
	"slices"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// LaunchCampaign sends a draft campaign: one submission per organisation
// of its audience (named, and of its audience types in its partnerships),
// each starting from the organisation's answers to the source campaign
// where the template lineage carries them. It opens now or at its open
// time. Launching a launched campaign again is a no-op.
func (a *App) LaunchCampaign(ctx context.Context, partnershipID, campaignID string) (domain.Campaign, error) {
	c, err := a.repo.GetCampaign(ctx, partnershipID, campaignID)
	if err != nil || c.State != domain.CampaignDraft {
		return c, err
	}
	orgs, orgPartnerships, err := a.audience(ctx, c)
	if err != nil {
		return domain.Campaign{}, err
	}
	now := a.clock()
	carried, err := a.bringForward(ctx, c, orgs)
	if err != nil {
		return domain.Campaign{}, err
	}
	return a.repo.UpdateCampaign(ctx, partnershipID, campaignID, func(c *domain.Campaign) (CampaignChange, error) {
		subs, launched, err := c.Launch(orgs, orgPartnerships, now)
		if err != nil || !launched {
			return CampaignChange{}, err
		}
		return CampaignChange{NewSubmissions: subs, Carried: carried,
			Events: domain.LaunchEvents(*c, subs)}, nil
	})
}

// audience resolves who a campaign goes to: the organisations named and
// those of its audience types in its partnerships, with the partnerships
// each belongs to.
func (a *App) audience(ctx context.Context, c domain.Campaign) ([]string, map[string][]string, error) {
	known, err := a.partnershipOrganisations(ctx, c.Partnerships)
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[string]domain.Organisation, len(known))
	for _, o := range known {
		byID[o.ID] = o
	}
	ps := map[string][]string{}
	var orgs []string
	add := func(o domain.Organisation) {
		if _, ok := ps[o.ID]; ok {
			return
		}
		ps[o.ID] = o.Partnerships
		orgs = append(orgs, o.ID)
	}
	for _, id := range c.Organisations {
		o, ok := byID[id]
		if !ok {
			if o, err = a.organisation(ctx, "campaign.organisations", id); err != nil {
				return nil, nil, err
			}
		}
		add(o)
	}
	if len(c.AudienceTypes) > 0 {
		for _, o := range known {
			if slices.Contains(c.AudienceTypes, o.Type) {
				add(o)
			}
		}
	}
	return orgs, ps, nil
}

// partnershipOrganisations lists the organisations of the partnerships:
// from the directory where it answers, so organisations created a moment
// ago are not missed while their events are on the way, and from the
// copies kept from events for a partnership the directory does not show
// the caller (another partnership of a consortium) or when it is not
// configured.
func (a *App) partnershipOrganisations(ctx context.Context, pids []string) ([]domain.Organisation, error) {
	if a.directory == nil {
		return a.copies.PartnershipOrganisations(ctx, pids)
	}
	seen := map[string]bool{}
	var out []domain.Organisation
	for _, pid := range pids {
		os, err := a.directory.PartnershipOrganisations(ctx, pid)
		if failure.KindOf(err) == failure.KindNotFound {
			os, err = a.copies.PartnershipOrganisations(ctx, []string{pid})
		}
		if err != nil {
			return nil, fmt.Errorf("organisations of partnerships/%s: %w", pid, err)
		}
		for _, o := range os {
			if !seen[o.ID] {
				seen[o.ID] = true
				out = append(out, o)
			}
		}
	}
	return out, nil
}

// bringForward returns, per organisation, the answers carried from the
// campaign's source campaign: those the lineage carries and that are still
// valid answers of the new version.
func (a *App) bringForward(ctx context.Context, c domain.Campaign, orgs []string) (map[string][]domain.StoredAnswer, error) {
	if c.SourceCampaign == "" {
		return nil, nil
	}
	ids, err := resource.Parse("campaign.source_campaign", c.SourceCampaign, "partnerships", "campaigns")
	if err != nil {
		return nil, err
	}
	src, err := a.repo.CampaignHeader(ctx, ids[0], ids[1])
	if err != nil {
		return nil, fmt.Errorf("source campaign: %w", err)
	}
	chain, found, err := a.versionChain(ctx, c.TemplateVersion, src.TemplateVersion)
	if err != nil || !found {
		return nil, err
	}
	carry := domain.NewCarry(chain)
	if carry.Len() == 0 {
		return nil, nil
	}
	compiled, _, err := a.compiledForm(ctx, "campaign.template_version", c.TemplateVersion)
	if err != nil {
		return nil, err
	}
	previous, err := a.repo.CampaignAnswers(ctx, ids[0], ids[1])
	if err != nil {
		return nil, err
	}
	at := a.clock()
	out := map[string][]domain.StoredAnswer{}
	for _, org := range orgs {
		answers := carry.Answers(previous[org])
		for _, key := range sortedKeys(answers) {
			ans := answers[key]
			if compiled.CheckDraft([]form.Answer{ans}) != nil {
				continue // no longer a valid answer of the new version
			}
			out[org] = append(out[org], domain.StoredAnswer{Answer: ans, Version: 1, UpdateTime: at, BroughtForward: true})
		}
	}
	return out, nil
}

func sortedKeys(m map[string]form.Answer) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
