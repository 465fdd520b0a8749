package app

import (
	"cmp"
	"context"
	"slices"

	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/pkg/workdays"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
)

// calendar is the working-day calendar rapid reviews are clocked by.
var calendar = workdays.EnglandAndWales()

// ReviewWithClock is a rapid review with where its clock stands today.
type ReviewWithClock struct {
	domain.RapidReview
	Clock domain.Clock
}

func (a *App) withClock(r domain.RapidReview) ReviewWithClock {
	return ReviewWithClock{r, r.ClockOn(workdays.DateOf(a.now(), workdays.London()), calendar)}
}

// CreateRapidReview opens a rapid review and records RapidReviewChanged.
func (a *App) CreateRapidReview(ctx context.Context, partnershipID, id, ref, notified string, milestones []domain.Milestone, agencies []string) (ReviewWithClock, error) {
	id, err := resource.ID("rapid_review_id", id)
	if err != nil {
		return ReviewWithClock{}, err
	}
	r, err := domain.NewRapidReview(id, partnershipID, ref, notified, milestones, agencies, calendar, a.clock())
	if err != nil {
		return ReviewWithClock{}, err
	}
	if err := a.repo.InsertRapidReview(ctx, r, domain.RapidReviewChanged{RapidReview: r}); err != nil {
		return ReviewWithClock{}, err
	}
	return a.withClock(r), nil
}

// GetRapidReview returns a rapid review with its clock.
func (a *App) GetRapidReview(ctx context.Context, partnershipID, id string) (ReviewWithClock, error) {
	r, err := a.repo.GetRapidReview(ctx, partnershipID, id)
	if err != nil {
		return ReviewWithClock{}, err
	}
	return a.withClock(r), nil
}

// RapidReviewDashboard lists a partnership's rapid reviews: the open ones
// (undecided) by working days left, fewest first, then the decided ones,
// newest first.
func (a *App) RapidReviewDashboard(ctx context.Context, partnershipID string) ([]ReviewWithClock, error) {
	rs, err := a.repo.ListRapidReviews(ctx, partnershipID)
	if err != nil {
		return nil, err
	}
	out := make([]ReviewWithClock, len(rs))
	for i, r := range rs {
		out[i] = a.withClock(r)
	}
	open := func(r ReviewWithClock) bool { return r.Decision == domain.Undecided }
	slices.SortStableFunc(out, func(x, y ReviewWithClock) int {
		switch {
		case open(x) && !open(y):
			return -1
		case !open(x) && open(y):
			return 1
		case open(x):
			return cmp.Compare(x.Clock.DaysLeft, y.Clock.DaysLeft)
		}
		return 0
	})
	return out, nil
}

// changeRapidReview applies change to a review whose etag is still etag
// and records RapidReviewChanged.
func (a *App) changeRapidReview(ctx context.Context, partnershipID, id, etag string, change func(*domain.RapidReview) error) (ReviewWithClock, error) {
	_, err := resource.ParseEtag("etag", etag)
	if err != nil {
		return ReviewWithClock{}, err
	}
	r, err := a.repo.UpdateRapidReview(ctx, partnershipID, id, func(r *domain.RapidReview) ([]domain.Event, error) {
		if err := resource.CheckEtag("rapid review", etag, r.Version); err != nil {
			return nil, err
		}
		if err := change(r); err != nil {
			return nil, err
		}
		return []domain.Event{domain.RapidReviewChanged{RapidReview: *r}}, nil
	})
	if err != nil {
		return ReviewWithClock{}, err
	}
	return a.withClock(r), nil
}

// RecordAgencySummary records an agency's summary.
func (a *App) RecordAgencySummary(ctx context.Context, partnershipID, id, etag, agency, summary string) (ReviewWithClock, error) {
	now := a.clock()
	return a.changeRapidReview(ctx, partnershipID, id, etag, func(r *domain.RapidReview) error { return r.RecordSummary(agency, summary, now) })
}

// CompleteMilestone records a milestone met on day.
func (a *App) CompleteMilestone(ctx context.Context, partnershipID, id, etag, key, day string) (ReviewWithClock, error) {
	now := a.clock()
	return a.changeRapidReview(ctx, partnershipID, id, etag, func(r *domain.RapidReview) error { return r.CompleteMilestone(key, day, now) })
}

// DecideRapidReview records the decision and its rationale.
func (a *App) DecideRapidReview(ctx context.Context, partnershipID, id, etag string, d domain.Decision, rationale string) (ReviewWithClock, error) {
	now := a.clock()
	return a.changeRapidReview(ctx, partnershipID, id, etag, func(r *domain.RapidReview) error { return r.Decide(d, rationale, now) })
}
