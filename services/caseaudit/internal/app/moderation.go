package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
)

// ModerationView is a case's moderation with each agency's grades beside
// it, per graded question.
type ModerationView struct {
	domain.CaseModeration
	Domains []domain.DomainView
}

// moderationOf loads a round's template form and a case's moderation.
func (a *App) moderationOf(ctx context.Context, partnershipID, roundID, reference string) (domain.Round, form.Form, domain.CaseModeration, error) {
	r, err := a.repo.GetRound(ctx, partnershipID, roundID)
	if err != nil {
		return r, form.Form{}, domain.CaseModeration{}, err
	}
	if r.TemplateVersion == "" {
		// Still being planned: nothing graded yet.
		m, err := a.repo.GetModeration(ctx, partnershipID, roundID, reference)
		return r, form.Form{}, m, err
	}
	f, err := a.form(ctx, r.TemplateVersion)
	if err != nil {
		return r, form.Form{}, domain.CaseModeration{}, err
	}
	m, err := a.repo.GetModeration(ctx, partnershipID, roundID, reference)
	return r, f.Form(), m, err
}

// GetCaseModeration returns a case's moderation beside the agencies'
// grades from their returns.
func (a *App) GetCaseModeration(ctx context.Context, partnershipID, roundID, reference string) (ModerationView, error) {
	_, f, m, err := a.moderationOf(ctx, partnershipID, roundID, reference)
	if err != nil {
		return ModerationView{}, err
	}
	return a.moderationView(ctx, f, m)
}

// moderationView sets moderation m of a case beside its agencies' returns
// graded on form f.
func (a *App) moderationView(ctx context.Context, f form.Form, m domain.CaseModeration) (ModerationView, error) {
	returns, err := a.repo.CaseReturns(ctx, m.PartnershipID, m.RoundID, m.Reference, "")
	if err != nil {
		return ModerationView{}, err
	}
	return ModerationView{m, domain.ModerationView(f, returns, m)}, nil
}

// SaveCaseModeration records a case's moderation for person if etag is
// still its own ("0" the first time), and records ModerationSaved.
func (a *App) SaveCaseModeration(ctx context.Context, partnershipID, roundID, reference, etag string, domains map[string]domain.ModeratedDomain, person string) (ModerationView, error) {
	_, err := resource.ParseEtag("etag", etag)
	if err != nil {
		return ModerationView{}, err
	}
	r, f, prev, err := a.moderationOf(ctx, partnershipID, roundID, reference)
	if err != nil {
		return ModerationView{}, err
	}
	if err := resource.CheckEtag("moderation", etag, prev.Version); err != nil {
		return ModerationView{}, err
	}
	m, err := r.SaveModeration(prev, f, reference, domains, person, a.clock())
	if err != nil {
		return ModerationView{}, err
	}
	if err := a.repo.SaveModeration(ctx, m, prev.Version, domain.ModerationSaved{Moderation: m}); err != nil {
		return ModerationView{}, err
	}
	return a.moderationView(ctx, f, m)
}
