package app

import (
	"context"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// changeSubmission applies change to a submission whose etag is still the
// one the caller read, with the form of its campaign and the time of the
// change. A stale etag fails with a conflict, so the client can read the
// latest answers and show both to the person.
func (a *App) changeSubmission(ctx context.Context, partnershipID, campaignID, submissionID, etag string,
	change func(s *domain.Submission, form domain.Form, now time.Time) ([]domain.Event, error)) (domain.Submission, error) {
	want, err := resource.ParseEtag("etag", etag)
	if err != nil {
		return domain.Submission{}, err
	}
	c, err := a.repo.GetCampaign(ctx, partnershipID, campaignID)
	if err != nil {
		return domain.Submission{}, err
	}
	form, err := a.form(ctx, "name", c.TemplateVersion)
	if err != nil {
		return domain.Submission{}, err
	}
	now := a.clock()
	return a.repo.UpdateSubmission(ctx, partnershipID, campaignID, submissionID, func(s *domain.Submission) ([]domain.Event, error) {
		if s.Version != want {
			return nil, failure.Conflict("submission changed since it was read (etag %s, now %s): read it again", etag, resource.Etag(s.Version))
		}
		return change(s, form, now)
	})
}
