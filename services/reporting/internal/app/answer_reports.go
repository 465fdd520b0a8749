package app

import (
	"context"
	"strings"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/services/reporting/internal/domain"
)

// dataset reads a campaign's dataset narrowed by the filter.
func (a *App) dataset(ctx context.Context, campaign string, f domain.Filter) (domain.Dataset, error) {
	d, err := a.repo.Dataset(ctx, campaign)
	if err != nil {
		return d, err
	}
	return d.Filtered(f), nil
}

// Ratings returns a campaign's ratings matrix.
func (a *App) Ratings(ctx context.Context, campaign string, f domain.Filter) (domain.RatingsReport, error) {
	d, err := a.dataset(ctx, campaign, f)
	if err != nil {
		return domain.RatingsReport{}, err
	}
	return domain.Ratings(d), nil
}

// Moderation returns the gaps between self-assessed and moderated grades.
func (a *App) Moderation(ctx context.Context, campaign string, f domain.Filter) ([]domain.ModerationGap, error) {
	d, err := a.dataset(ctx, campaign, f)
	if err != nil {
		return nil, err
	}
	return domain.ModerationGaps(d), nil
}

// Numeric returns a campaign's number questions' figures.
func (a *App) Numeric(ctx context.Context, campaign string, f domain.Filter) (domain.NumericReport, error) {
	d, err := a.dataset(ctx, campaign, f)
	if err != nil {
		return domain.NumericReport{}, err
	}
	return domain.Numeric(d), nil
}

// Feedback returns one submission's answers beside its area's.
func (a *App) Feedback(ctx context.Context, submission, orgType string) (domain.FeedbackReport, error) {
	campaign := submission[:strings.Index(submission, "/submissions/")]
	d, err := a.dataset(ctx, campaign, domain.Filter{OrganisationType: orgType})
	if err != nil {
		return domain.FeedbackReport{}, err
	}
	full, err := a.repo.Dataset(ctx, campaign)
	if err != nil {
		return domain.FeedbackReport{}, err
	}
	// The submission itself is always part of the comparison.
	for _, s := range full.Submissions {
		if s.Name == submission && !containsSubmission(d.Submissions, submission) {
			d.Submissions = append(d.Submissions, s)
		}
	}
	r, ok := domain.Feedback(d, submission)
	if !ok {
		return r, failure.NotFound("%s not found", submission)
	}
	return r, nil
}

func containsSubmission(ss []domain.SubmissionInfo, name string) bool {
	for _, s := range ss {
		if s.Name == name {
			return true
		}
	}
	return false
}

// AnswerRows returns one page of a campaign's answers flattened for
// export, with when each was saved, and whether more follow.
func (a *App) AnswerRows(ctx context.Context, campaign string, f domain.Filter, offset, limit int) ([]domain.AnswerRow, []time.Time, bool, error) {
	d, err := a.dataset(ctx, campaign, f)
	if err != nil {
		return nil, nil, false, err
	}
	times, err := a.repo.AnswerTimes(ctx, campaign)
	if err != nil {
		return nil, nil, false, err
	}
	rows := domain.AnswerRows(d)
	if offset > len(rows) {
		offset = len(rows)
	}
	end := min(offset+limit, len(rows))
	page := rows[offset:end]
	at := make([]time.Time, len(page))
	for i, r := range page {
		at[i] = times[r.Submission][r.QuestionKey]
	}
	return page, at, end < len(rows), nil
}
