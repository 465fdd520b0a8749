package app

import (
	"context"
	"time"

	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// SaveAnswers saves some answers of a submission if etag is still current,
// each checked against its question as a draft.
func (a *App) SaveAnswers(ctx context.Context, partnershipID, campaignID, submissionID, etag string, answers []form.Answer) (domain.Submission, error) {
	return a.changeSubmission(ctx, partnershipID, campaignID, submissionID, etag, false,
		func(s *domain.Submission, f *form.Compiled, _ domain.Organisation, now time.Time) ([]domain.Event, error) {
			keys, err := s.Save(f, answers, now)
			if err != nil {
				return nil, err
			}
			return []domain.Event{domain.AnswersSaved{Submission: *s, Keys: keys}}, nil
		})
}
