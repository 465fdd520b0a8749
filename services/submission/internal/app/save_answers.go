package app

import (
	"context"
	"time"

	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// SaveAnswers saves some answers of a submission if etag is still current.
func (a *App) SaveAnswers(ctx context.Context, partnershipID, campaignID, submissionID, etag string, answers []domain.Answer) (domain.Submission, error) {
	return a.changeSubmission(ctx, partnershipID, campaignID, submissionID, etag,
		func(s *domain.Submission, form domain.Form, now time.Time) ([]domain.Event, error) {
			keys, err := s.Save(form, answers, now)
			if err != nil {
				return nil, err
			}
			return []domain.Event{domain.AnswersSaved{Submission: *s, Keys: keys}}, nil
		})
}
