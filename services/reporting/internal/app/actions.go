package app

import (
	"context"
	"time"

	"github.com/assure-audit/assure/services/reporting/internal/domain"
)

// uk is the time zone whose day decides what is overdue.
var uk = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return loc
}()

// ActionReport follows a campaign's action plans on the day of now (UK
// time).
func (a *App) ActionReport(ctx context.Context, campaign string, f domain.Filter, now time.Time) (domain.ActionReport, error) {
	d, err := a.dataset(ctx, campaign, f)
	if err != nil {
		return domain.ActionReport{}, err
	}
	actions, err := a.repo.Actions(ctx, campaign)
	if err != nil {
		return domain.ActionReport{}, err
	}
	return domain.Actions(d, actions, now.In(uk).Format(time.DateOnly)), nil
}
