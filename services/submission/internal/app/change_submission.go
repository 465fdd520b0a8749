package app

import (
	"context"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// changeSubmission applies change to a submission whose etag is still the
// one the caller read, with the compiled form of its campaign's version,
// the answering organisation (read only when withOrganisation is set) and
// the time of the change. A stale etag fails with a conflict, so the client can read the
// latest answers and show both to the person.
func (a *App) changeSubmission(ctx context.Context, partnershipID, campaignID, submissionID, etag string, withOrganisation bool,
	change func(s *domain.Submission, f *form.Compiled, org domain.Organisation, now time.Time) ([]domain.Event, error)) (domain.Submission, error) {
	want, err := resource.ParseEtag("etag", etag)
	if err != nil {
		return domain.Submission{}, err
	}
	c, err := a.repo.GetCampaign(ctx, partnershipID, campaignID)
	if err != nil {
		return domain.Submission{}, err
	}
	f, err := a.compiledForm(ctx, "name", c.TemplateVersion)
	if err != nil {
		return domain.Submission{}, err
	}
	var org domain.Organisation
	if withOrganisation {
		if org, err = a.answeringOrganisation(ctx, partnershipID, campaignID, submissionID); err != nil {
			return domain.Submission{}, err
		}
	}
	now := a.clock()
	return a.repo.UpdateSubmission(ctx, partnershipID, campaignID, submissionID, func(s *domain.Submission) ([]domain.Event, error) {
		if s.Version != want {
			return nil, failure.Conflict("submission changed since it was read (etag %s, now %s): read it again", etag, resource.Etag(s.Version))
		}
		return change(s, f, org, now)
	})
}

// answeringOrganisation returns the organisation a submission belongs to;
// one neither copied here nor known to the directory has no type.
func (a *App) answeringOrganisation(ctx context.Context, partnershipID, campaignID, submissionID string) (domain.Organisation, error) {
	s, err := a.repo.GetSubmission(ctx, partnershipID, campaignID, submissionID)
	if err != nil {
		return domain.Organisation{}, err
	}
	org, err := a.organisation(ctx, "name", s.OrganisationID)
	if failure.KindOf(err) == failure.KindInvalid {
		return domain.Organisation{ID: s.OrganisationID}, nil
	}
	return org, err
}
