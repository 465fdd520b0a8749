package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// CreateAction adds an action to a submission's plan. Plans stay open
// after the campaign closes, so organisations report progress between
// audits.
func (a *App) CreateAction(ctx context.Context, caller Caller, ref domain.SubmissionRef, in domain.ActionFields) (domain.PlanAction, error) {
	c, err := a.repo.CampaignHeader(ctx, ref.PartnershipID, ref.CampaignID)
	if err != nil {
		return domain.PlanAction{}, err
	}
	s, err := a.repo.GetSubmission(ctx, ref.PartnershipID, ref.CampaignID, ref.SubmissionID, false)
	if err != nil {
		return domain.PlanAction{}, err
	}
	if c.State == domain.CampaignDraft {
		return domain.PlanAction{}, failure.FailedPrecondition("the campaign has not been launched")
	}
	_, idx, err := a.compiledForm(ctx, "parent", c.TemplateVersion)
	if err != nil {
		return domain.PlanAction{}, err
	}
	act, err := domain.NewAction(resource.NewID(), ref, in, idx, caller.Person(), a.clock())
	if err != nil {
		return domain.PlanAction{}, err
	}
	return act, a.repo.InsertAction(ctx, act, domain.ActionChanged{Action: act, OrganisationID: s.OrganisationID, Created: true})
}

// UpdateAction changes the fields of an action named in mask, if etag is
// current, and records the change and its progress note in the trail.
func (a *App) UpdateAction(ctx context.Context, caller Caller, ref domain.SubmissionRef, id, etag string, in domain.ActionFields, mask []string) (domain.PlanAction, error) {
	_, err := resource.ParseEtag("action.etag", etag)
	if err != nil {
		return domain.PlanAction{}, err
	}
	s, err := a.repo.GetSubmission(ctx, ref.PartnershipID, ref.CampaignID, ref.SubmissionID, false)
	if err != nil {
		return domain.PlanAction{}, err
	}
	now := a.clock()
	return a.repo.UpdateAction(ctx, ref, id, func(act *domain.PlanAction) ([]domain.Event, error) {
		if err := resource.CheckEtag("action", etag, act.Version); err != nil {
			return nil, err
		}
		if err := act.Update(in, mask, caller.Person(), now); err != nil {
			return nil, err
		}
		return []domain.Event{domain.ActionChanged{Action: *act, OrganisationID: s.OrganisationID}}, nil
	})
}

// ListActions returns a submission's plan.
func (a *App) ListActions(ctx context.Context, ref domain.SubmissionRef) ([]domain.PlanAction, error) {
	if _, err := a.repo.GetSubmission(ctx, ref.PartnershipID, ref.CampaignID, ref.SubmissionID, false); err != nil {
		return nil, err
	}
	return a.repo.ListActions(ctx, ref)
}

// GetAction returns one action with its trail.
func (a *App) GetAction(ctx context.Context, ref domain.SubmissionRef, id string) (domain.PlanAction, error) {
	return a.repo.GetAction(ctx, ref, id)
}
