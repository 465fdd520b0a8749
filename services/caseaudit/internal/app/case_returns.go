package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
)

// returnFor loads what a change to an agency's return on a case needs: the
// round, its compiled template, and the return (zero before the first
// save), at etag. When auditor is set it must be the agency's accepted
// auditor for the case; to anyone else there is no such return.
func (a *App) returnFor(ctx context.Context, partnershipID, roundID, reference, agency, etag, auditor string) (domain.Round, *form.Compiled, domain.CaseReturn, error) {
	var zero domain.CaseReturn
	_, err := resource.ParseEtag("etag", etag)
	if err != nil {
		return domain.Round{}, nil, zero, err
	}
	if auditor != "" {
		asg, found, err := a.repo.GetAssignment(ctx, partnershipID, roundID, reference, agency)
		if err != nil {
			return domain.Round{}, nil, zero, err
		}
		if !found || asg.State != domain.Accepted || asg.Auditor != auditor {
			return domain.Round{}, nil, zero, failure.NotFound("no case of yours to audit in partnerships/%s/rounds/%s", partnershipID, roundID)
		}
	}
	r, err := a.repo.GetRound(ctx, partnershipID, roundID)
	if err != nil {
		return domain.Round{}, nil, zero, err
	}
	f, err := a.form(ctx, r.TemplateVersion)
	if err != nil {
		return domain.Round{}, nil, zero, err
	}
	cs, err := a.repo.CaseReturns(ctx, partnershipID, roundID, reference, agency)
	if err != nil {
		return domain.Round{}, nil, zero, err
	}
	var c domain.CaseReturn
	if len(cs) == 1 {
		c = cs[0]
	}
	if err := resource.CheckEtag("return", etag, c.Version); err != nil {
		return domain.Round{}, nil, zero, err
	}
	return r, f, c, nil
}

// SaveCaseReturn saves answers in agency's return on a case for person,
// the agency's accepted auditor for it, and records ReturnChanged.
func (a *App) SaveCaseReturn(ctx context.Context, partnershipID, roundID, reference, agency, etag string, answers []form.Answer, person string) (domain.CaseReturn, error) {
	r, f, prev, err := a.returnFor(ctx, partnershipID, roundID, reference, agency, etag, person)
	if err != nil {
		return domain.CaseReturn{}, err
	}
	c, err := r.SaveReturn(prev, f, reference, agency, answers, person, a.clock())
	if err != nil {
		return domain.CaseReturn{}, err
	}
	return c, a.repo.SaveCaseReturn(ctx, c, prev.Version, domain.ReturnChanged{Return: c})
}

// SubmitCaseReturn hands agency's return on a case in for person, its
// accepted auditor, and records ReturnChanged.
func (a *App) SubmitCaseReturn(ctx context.Context, partnershipID, roundID, reference, agency, etag, person string) (domain.CaseReturn, error) {
	_, f, c, err := a.returnFor(ctx, partnershipID, roundID, reference, agency, etag, person)
	if err != nil {
		return domain.CaseReturn{}, err
	}
	prev := c.Version
	if c.Version == 0 {
		return domain.CaseReturn{}, failure.FailedPrecondition("nothing has been saved in the return yet")
	}
	if err := c.Submit(f, person, a.clock()); err != nil {
		return domain.CaseReturn{}, err
	}
	return c, a.repo.SaveCaseReturn(ctx, c, prev, domain.ReturnChanged{Return: c})
}

// ReviewCaseReturn records person's QA decision on a submitted return and
// records ReturnChanged.
func (a *App) ReviewCaseReturn(ctx context.Context, partnershipID, roundID, reference, agency, etag string, accept bool, comment, person string) (domain.CaseReturn, error) {
	_, _, c, err := a.returnFor(ctx, partnershipID, roundID, reference, agency, etag, "")
	if err != nil {
		return domain.CaseReturn{}, err
	}
	prev := c.Version
	if err := c.Review(accept, comment, person, a.clock()); err != nil {
		return domain.CaseReturn{}, err
	}
	return c, a.repo.SaveCaseReturn(ctx, c, prev, domain.ReturnChanged{Return: c})
}

// ListCaseReturns lists a round's returns; the round must exist.
func (a *App) ListCaseReturns(ctx context.Context, partnershipID, roundID string) ([]domain.CaseReturn, error) {
	if _, err := a.repo.GetRound(ctx, partnershipID, roundID); err != nil {
		return nil, err
	}
	return a.repo.CaseReturns(ctx, partnershipID, roundID, "", "")
}
