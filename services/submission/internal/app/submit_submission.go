package app

import (
	"context"
	"time"

	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// SubmitSubmission checks a submission is complete for its organisation
// and submits it.
func (a *App) SubmitSubmission(ctx context.Context, partnershipID, campaignID, submissionID, etag string) (domain.Submission, error) {
	return a.changeSubmission(ctx, partnershipID, campaignID, submissionID, etag, true,
		func(s *domain.Submission, f *form.Compiled, org domain.Organisation, now time.Time) ([]domain.Event, error) {
			if err := s.Submit(f, org.Type, now); err != nil {
				return nil, err
			}
			return []domain.Event{domain.SubmissionSubmitted{Submission: *s}}, nil
		})
}
