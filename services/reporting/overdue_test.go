package reporting_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/testinfra"
	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
	"github.com/assure-audit/assure/services/reporting"
)

// TestCompletionOverdue: on 15 November, of four returns due 30 October
// the one not started, the one in progress and the one sent back are
// overdue; the one submitted is not. Moving the due date to 30 November
// clears them all, and an older update arriving after it does not bring
// the old date back. The burn-up counts the returns started and handed in
// by each day's end from the launch on, the one sent back still handed in.
func TestCompletionOverdue(t *testing.T) {
	now := time.Date(2026, 11, 15, 12, 0, 0, 0, time.UTC)
	day := func(month time.Month, d int) time.Time { return time.Date(2026, month, d, 9, 0, 0, 0, time.UTC) }
	for _, in := range testinfra.Infras(t, "reporting") {
		t.Run(in.Name, func(t *testing.T) {
			conn := testinfra.StartService(t, func(ctx context.Context) (*reporting.Service, error) {
				return reporting.New(ctx, reporting.Config{}, reporting.Deps{DB: in.DB, Bus: in.Bus, Logger: logging.Discard(),
					Now: func() time.Time { return now }})
			})
			c := reportingv1.NewReportingServiceClient(conn)
			ctx := context.Background()
			const campaign = "partnerships/north/campaigns/s11"
			testinfra.PublishAt(t, in.Bus, "submission", "campaign.launched", day(10, 1), launched(campaign, "S11", "a", "b", "c", "d"))
			testinfra.PublishAt(t, in.Bus, "submission", "answers.saved", day(10, 5), saved(campaign, "b", day(10, 5)))
			testinfra.PublishAt(t, in.Bus, "submission", "submission.submitted", day(10, 20), submitted(campaign, "c", day(10, 20)))
			testinfra.PublishAt(t, in.Bus, "submission", "submission.submitted", day(10, 21), submitted(campaign, "d", day(10, 21)))
			testinfra.PublishAt(t, in.Bus, "submission", "submission.returned", day(10, 25), returned(campaign, "d", day(10, 25)))

			report := func(what string, check func(*reportingv1.CompletionReport) bool) *reportingv1.CompletionReport {
				t.Helper()
				var r *reportingv1.CompletionReport
				testinfra.Eventually(t, 10*time.Second, what, func() bool {
					var err error
					r, err = c.GetCompletionReport(ctx, &reportingv1.GetCompletionReportRequest{Campaign: campaign})
					return err == nil && check(r)
				})
				return r
			}
			// The report's rows are read after its campaign, so until both
			// are read after the last event the as-of time may lag.
			r := report("every event applied", func(r *reportingv1.CompletionReport) bool {
				return r.GetSubmitted() == 1 && r.GetOrganisations()[3].GetState() == "RETURNED" && r.GetAsOfTime().AsTime().Equal(day(10, 25))
			})
			late := map[string]bool{}
			for _, o := range r.GetOrganisations() {
				late[o.GetOrganisation()] = o.GetOverdue()
			}
			if r.GetOverdue() != 3 || !late["organisations/a"] || !late["organisations/b"] || late["organisations/c"] || !late["organisations/d"] ||
				!r.GetDueTime().AsTime().Equal(time.Date(2026, 10, 30, 17, 0, 0, 0, time.UTC)) {
				t.Fatalf("overdue %d, rows %v, due %v", r.GetOverdue(), late, r.GetDueTime().AsTime())
			}
			if r.GetReturned() != 1 || r.GetAccepted() != 0 || r.GetInProgress() != 2 {
				t.Fatalf("returned %d, accepted %d, in progress %d", r.GetReturned(), r.GetAccepted(), r.GetInProgress())
			}
			burnUp(t, r, 25, map[int]string{0: "2026-10-01 0 0", 4: "2026-10-05 1 0", 18: "2026-10-19 1 0",
				19: "2026-10-20 2 1", 20: "2026-10-21 3 2", 24: "2026-10-25 3 2"})

			testinfra.PublishAt(t, in.Bus, "submission", "campaign.updated", day(11, 2), renamed(campaign, "S11", day(11, 30)))
			report("the due date moved to 30 November", func(r *reportingv1.CompletionReport) bool {
				return r.GetDueTime().AsTime().Equal(day(11, 30)) && r.GetOverdue() == 0
			})
			testinfra.PublishAt(t, in.Bus, "submission", "campaign.updated", day(10, 15), renamed(campaign, "S11", day(10, 1)))
			testinfra.PublishAt(t, in.Bus, "submission", "answers.saved", day(11, 3), saved(campaign, "a", day(11, 3)))
			r = report("the older update and a later save applied", func(r *reportingv1.CompletionReport) bool {
				return r.GetOrganisations()[0].GetState() == "IN_PROGRESS" && r.GetAsOfTime().AsTime().Equal(day(11, 3))
			})
			if !r.GetDueTime().AsTime().Equal(day(11, 30)) || r.GetOverdue() != 0 {
				t.Fatalf("after an older update: due %v, overdue %d", r.GetDueTime().AsTime(), r.GetOverdue())
			}
			burnUp(t, r, 34, map[int]string{0: "2026-10-01 0 0", 32: "2026-11-02 3 2", 33: "2026-11-03 4 2"})
		})
	}
}

// burnUp checks the report's burn-up has n days and the days given at
// their indexes, each "date started handed-in".
func burnUp(t *testing.T, r *reportingv1.CompletionReport, n int, want map[int]string) {
	t.Helper()
	days := r.GetOverTime()
	if len(days) != n {
		t.Fatalf("burn-up of %d days, want %d: %v", len(days), n, days)
	}
	for i, w := range want {
		d := days[i]
		if got := fmt.Sprintf("%s %d %d", d.GetDate(), d.GetStarted(), d.GetHandedIn()); got != w {
			t.Errorf("burn-up day %d is %s, want %s", i, got, w)
		}
	}
}
