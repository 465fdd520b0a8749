package app

import (
	"context"
	"slices"
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

// Ratings returns a campaign's ratings matrix, built once per version of
// the campaign and filter.
func (a *App) Ratings(ctx context.Context, campaign string, f domain.Filter) (domain.RatingsReport, error) {
	c, err := a.repo.GetCampaign(ctx, campaign)
	if err != nil {
		return domain.RatingsReport{}, err
	}
	return memoized(ctx, &a.memo, memoKey{report: "ratings", campaign: campaign, filter: f}, c.Version, func(ctx context.Context) (domain.RatingsReport, error) {
		d, err := a.dataset(ctx, campaign, f)
		if err != nil {
			return domain.RatingsReport{}, err
		}
		return domain.Ratings(d), nil
	})
}

// Moderation returns the gaps between self-assessed and moderated grades,
// built once per version of the campaign and filter.
func (a *App) Moderation(ctx context.Context, campaign string, f domain.Filter) ([]domain.ModerationGap, error) {
	c, err := a.repo.GetCampaign(ctx, campaign)
	if err != nil {
		return nil, err
	}
	return memoized(ctx, &a.memo, memoKey{report: "moderation", campaign: campaign, filter: f}, c.Version, func(ctx context.Context) ([]domain.ModerationGap, error) {
		d, err := a.dataset(ctx, campaign, f)
		if err != nil {
			return nil, err
		}
		return domain.ModerationGaps(d), nil
	})
}

// Numeric returns a campaign's number questions' figures, built once per
// version of the campaign and filter.
func (a *App) Numeric(ctx context.Context, campaign string, f domain.Filter) (domain.NumericReport, error) {
	c, err := a.repo.GetCampaign(ctx, campaign)
	if err != nil {
		return domain.NumericReport{}, err
	}
	return memoized(ctx, &a.memo, memoKey{report: "numeric", campaign: campaign, filter: f}, c.Version, func(ctx context.Context) (domain.NumericReport, error) {
		d, err := a.dataset(ctx, campaign, f)
		if err != nil {
			return domain.NumericReport{}, err
		}
		return domain.Numeric(d), nil
	})
}

// Feedback returns one submission's answers beside its area's: the
// campaign's returns of organisations of type orgType (all if empty), and
// always the submission itself.
func (a *App) Feedback(ctx context.Context, submission, orgType string) (domain.FeedbackReport, error) {
	campaign := submission[:strings.Index(submission, "/submissions/")]
	full, err := a.repo.Dataset(ctx, campaign)
	if err != nil {
		return domain.FeedbackReport{}, err
	}
	d := full.Filtered(domain.Filter{OrganisationType: orgType})
	named := func(s domain.SubmissionInfo) bool { return s.Name == submission }
	if i := slices.IndexFunc(full.Submissions, named); i >= 0 && !slices.ContainsFunc(d.Submissions, named) {
		d.Submissions = append(d.Submissions, full.Submissions[i])
	}
	r, ok := domain.Feedback(d, submission)
	if !ok {
		return r, failure.NotFound("%s not found", submission)
	}
	return r, nil
}

// RowsPerSubmission bounds the rows one submission can export: a position
// in the export is its submission's place times this, plus the row within
// it.
const RowsPerSubmission = 1 << 20

// answerChunk is how many submissions' answers are read at once.
const answerChunk = 64

// AnswerRows returns the campaign's answers flattened for export, with when
// each was saved, from position from (0, or a next position returned
// before) until limit rows; next is where the page after starts, -1 at the
// end. Only the answers of the submissions on the page are read, so paging
// through an export costs in all what reading it once does.
func (a *App) AnswerRows(ctx context.Context, campaign string, f domain.Filter, from, limit int) ([]domain.AnswerRow, []time.Time, int, error) {
	_, d, err := a.header(ctx, campaign)
	if err != nil {
		return nil, nil, 0, err
	}
	subs := d.Filtered(f).Submissions // in report order
	si, ri := from/RowsPerSubmission, from%RowsPerSubmission
	var rows []domain.AnswerRow
	var at []time.Time
	for si < len(subs) && len(rows) < limit {
		chunk := subs[si:min(si+answerChunk, len(subs))]
		names := make([]string, len(chunk))
		for i, s := range chunk {
			names[i] = s.Name
		}
		answers, times, err := a.repo.AnswersOf(ctx, names)
		if err != nil {
			return nil, nil, 0, err
		}
		for _, s := range chunk {
			rs := domain.SubmissionRows(d, s, answers[s.Name])
			rs = rs[min(ri, len(rs)):]
			take := min(len(rs), limit-len(rows))
			for _, r := range rs[:take] {
				rows = append(rows, r)
				at = append(at, times[s.Name][r.QuestionKey])
			}
			if take < len(rs) {
				return rows, at, si*RowsPerSubmission + ri + take, nil
			}
			si, ri = si+1, 0
			if len(rows) == limit {
				break
			}
		}
	}
	if si == len(subs) {
		return rows, at, -1, nil
	}
	return rows, at, si * RowsPerSubmission, nil
}
