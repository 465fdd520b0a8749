package app

import (
	"context"
	"fmt"

	"github.com/assure-audit/assure/services/reminder/internal/domain"
)

// ApplySubmissionReported records a submission as handed in, sent back for
// revision or accepted, unless an event that happened later has reported
// it already, even if its campaign's launch has not been seen yet. A
// submission handed in or accepted is no longer owed; one sent back is owed
// again.
func (a *App) ApplySubmissionReported(ctx context.Context, w Changes, e domain.SubmissionReported) error {
	if err := e.Check(); err != nil {
		return err
	}
	if err := w.ReportSubmission(ctx, e.Submission, e.Campaign, e.Organisation, e.Status, e.Time); err != nil {
		return fmt.Errorf("report %s: %w", e.Submission, err)
	}
	return nil
}
