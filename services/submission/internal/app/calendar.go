package app

import (
	"context"
	"time"

	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// Calendar is a hub's campaigns in a window and their clashes.
type Calendar struct {
	Campaigns []domain.Campaign
	Clashes   []domain.Clash
}

// CampaignCalendar lists the scheduled and open campaigns of a hub's
// partnerships whose windows meet [start, end), and the clashes between
// them: campaigns open in the same weeks that reach the same
// organisations.
func (a *App) CampaignCalendar(ctx context.Context, hub string, start, end time.Time) (Calendar, error) {
	if start.IsZero() {
		start = a.clock()
	}
	if end.IsZero() {
		end = start.AddDate(1, 0, 0)
	}
	pids, err := a.copies.HubPartnerships(ctx, hub)
	if err != nil {
		return Calendar{}, err
	}
	cs, err := a.repo.LaunchedCampaigns(ctx, pids)
	if err != nil {
		return Calendar{}, err
	}
	var in []*domain.Campaign
	var out Calendar
	for i := range cs {
		c := &cs[i]
		from, to := c.Window()
		if !from.Before(end) || !to.After(start) {
			continue
		}
		out.Campaigns = append(out.Campaigns, *c)
		in = append(in, c)
	}
	out.Clashes = domain.Clashes(in)
	return out, nil
}
