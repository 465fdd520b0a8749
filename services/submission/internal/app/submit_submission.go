package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// SubmitSubmission checks a submission is complete and submits it.
func (a *App) SubmitSubmission(ctx context.Context, partnershipID, campaignID, submissionID, etag string) (domain.Submission, error) {
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
		if err := s.Submit(form, now); err != nil {
			return nil, err
		}
		return []domain.Event{domain.SubmissionSubmitted{Submission: *s}}, nil
	})
}
