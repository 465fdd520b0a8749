package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/assure-audit/assure/pkg/cache"
	"github.com/assure-audit/assure/services/reporting/internal/domain"
)

// ReportKeyPrefix begins the cache key of every built report. It names the
// layout of domain.Report, so replicas running another layout never read
// each other's reports.
const ReportKeyPrefix = "completion.v4:"

// reportKey is the cache key of a campaign's built report.
func reportKey(campaign string) string { return ReportKeyPrefix + campaign }

// GetCompletionReport returns a campaign's completion report; a campaign no
// event has named is not found.
//
// Built reports are cached for ReportTTL. A cached report is used only if
// it was built at the campaign's current version, so one cached by a reader
// racing with an event is never served after that event has committed; the
// campaign row is read before the rows, so a report is never labelled with
// a version newer than its contents.
func (a *App) GetCompletionReport(ctx context.Context, campaign string) (domain.Report, error) {
	c, err := a.repo.GetCampaign(ctx, campaign)
	if err != nil {
		return domain.Report{}, err
	}
	key := reportKey(campaign)
	switch b, err := a.cache.Get(ctx, key); {
	case err == nil:
		var r domain.Report
		if err := json.Unmarshal(b, &r); err == nil && r.Campaign.Version == c.Version {
			return r, nil
		}
	case !errors.Is(err, cache.ErrMiss):
		a.log.WarnContext(ctx, "read cached report", "campaign", campaign, "error", err)
	}
	rows, err := a.repo.ListRows(ctx, campaign)
	if err != nil {
		return domain.Report{}, err
	}
	r := domain.NewReport(c, rows)
	b, err := json.Marshal(r)
	if err != nil {
		return domain.Report{}, fmt.Errorf("encode report: %w", err)
	}
	if err := a.cache.Set(ctx, key, b, ReportTTL); err != nil {
		a.log.WarnContext(ctx, "cache report", "campaign", campaign, "error", err)
	}
	return r, nil
}

// ReportsChanged drops the cached reports of campaigns once a change to them
// has committed. A failure is only logged: the version check in
// GetCompletionReport still keeps a stale report from being served.
func (a *App) ReportsChanged(ctx context.Context, campaigns []string) {
	if err := a.DropReports(ctx, campaigns); err != nil {
		a.log.WarnContext(ctx, "drop cached reports", "campaigns", campaigns, "error", err)
	}
}

// DropReports deletes the cached reports of campaigns.
func (a *App) DropReports(ctx context.Context, campaigns []string) error {
	if len(campaigns) == 0 {
		return nil
	}
	keys := make([]string, len(campaigns))
	for i, c := range campaigns {
		keys[i] = reportKey(c)
	}
	if err := a.cache.Delete(ctx, keys...); err != nil {
		return fmt.Errorf("drop cached reports: %w", err)
	}
	return nil
}

// CompletionReportOf returns the completion report of the returns f
// keeps: of one organisation type, or those of one partnership (the part
// of a shared campaign a partnership taking part sees). No filter gives
// the whole report, cached.
func (a *App) CompletionReportOf(ctx context.Context, campaign string, f domain.Filter) (domain.Report, error) {
	if f == (domain.Filter{}) {
		return a.GetCompletionReport(ctx, campaign)
	}
	c, d, err := a.header(ctx, campaign)
	if err != nil {
		return domain.Report{}, err
	}
	keep := map[string]bool{}
	for _, s := range d.Filtered(f).Submissions {
		keep[s.Name] = true
	}
	rows, err := a.repo.ListRows(ctx, campaign)
	if err != nil {
		return domain.Report{}, err
	}
	var mine []domain.Row
	for _, r := range rows {
		if keep[r.Submission] {
			mine = append(mine, r)
		}
	}
	return domain.NewReport(c, mine), nil
}
