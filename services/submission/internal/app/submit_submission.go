package app

import (
	"context"
	"time"

	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// SubmitSubmission checks a submission is complete and submits it.
func (a *App) SubmitSubmission(ctx context.Context, partnershipID, campaignID, submissionID, etag string) (domain.Submission, error) {
	return a.changeSubmission(ctx, partnershipID, campaignID, submissionID, etag,
		func(s *domain.Submission, form domain.Form, now time.Time) ([]domain.Event, error) {
			if err := s.Submit(form, now); err != nil {
				return nil, err
			}
			return []domain.Event{domain.SubmissionSubmitted{Submission: *s}}, nil
		})
}
