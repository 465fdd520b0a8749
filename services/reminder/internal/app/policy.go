package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/reminder/internal/domain"
)

// GetPolicy returns a campaign's reminder policy.
func (a *App) GetPolicy(ctx context.Context, campaign string) (domain.Policy, error) {
	if err := a.known(ctx, campaign); err != nil {
		return domain.Policy{}, err
	}
	p, _, err := a.reminders.Policy(ctx, campaign)
	return p, err
}

// UpdatePolicy changes the fields of a campaign's policy named in mask, if
// etag is current ("0" for the default policy).
func (a *App) UpdatePolicy(ctx context.Context, campaign, etag string, in domain.Policy, mask []string) (domain.Policy, error) {
	_, err := resource.ParseEtag("policy.etag", etag)
	if err != nil {
		return domain.Policy{}, err
	}
	if err := a.known(ctx, campaign); err != nil {
		return domain.Policy{}, err
	}
	p, _, err := a.reminders.Policy(ctx, campaign)
	if err != nil {
		return p, err
	}
	if err := resource.CheckEtag("reminder policy", etag, p.Version); err != nil {
		return p, err
	}
	before := p.Version
	if err := p.Update(in, mask, a.clock()); err != nil {
		return domain.Policy{}, err
	}
	ok, err := a.reminders.SavePolicy(ctx, campaign, p, before)
	if err != nil {
		return p, err
	}
	if !ok {
		return p, failure.Conflict("the reminder policy changed meanwhile: read it again")
	}
	return p, nil
}

// known fails with NotFound for a campaign no event has named.
func (a *App) known(ctx context.Context, campaign string) error {
	known, err := a.repo.CampaignKnown(ctx, campaign)
	if err != nil {
		return err
	}
	if !known {
		return failure.NotFound("%s not found: the reminder service has heard of no such campaign", campaign)
	}
	return nil
}
