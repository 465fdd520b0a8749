package app

import (
	"context"
	"fmt"

	"github.com/assure-audit/assure/services/reminder/internal/domain"
)

// ApplySubmissionSubmitted records a submission as handed in, so it is no
// longer owed, even if its campaign's launch has not been seen yet.
func (a *App) ApplySubmissionSubmitted(ctx context.Context, w Changes, e domain.SubmissionSubmitted) error {
	if err := e.Check(); err != nil {
		return err
	}
	if err := w.SubmitSubmission(ctx, e.Submission, e.Campaign, e.Organisation); err != nil {
		return fmt.Errorf("submit %s: %w", e.Submission, err)
	}
	return nil
}
