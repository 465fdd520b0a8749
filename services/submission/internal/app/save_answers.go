package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// SaveAnswers saves some answers of a submission if etag is still current.
// A stale etag fails with a conflict, so the client can read the latest
// answers and show both to the person.
func (a *App) SaveAnswers(ctx context.Context, partnershipID, campaignID, submissionID, etag string, answers []domain.Answer) (domain.Submission, error) {
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
		keys, err := s.Save(form, answers, now)
		if err != nil {
			return nil, err
		}
		return []domain.Event{domain.AnswersSaved{Submission: *s, Keys: keys}}, nil
	})
}
