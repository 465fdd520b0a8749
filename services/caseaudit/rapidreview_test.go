package caseaudit_test

import (
	"fmt"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/testinfra"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	"github.com/assure-audit/assure/services/caseaudit"
)

// TestRapidReviews on Monday 4 January 2027: a review notified on Friday
// 18 December 2026 has its agencies' information due on working day 10,
// Wednesday 6 January (Christmas, Boxing Day's substitute and New Year's
// Day skipped): two working days left, amber. One notified today has ten,
// green. The dashboard lists the nearer first, and a decided one last.
func TestRapidReviews(t *testing.T) {
	now := time.Date(2027, 1, 4, 10, 0, 0, 0, time.UTC)
	people := principals{
		"admin":       {PersonID: "admin", Memberships: []authz.Membership{{Role: authz.PartnershipAdmin, Partnership: "north"}}},
		"auditor":     {PersonID: "auditor", Memberships: []authz.Membership{{Role: authz.CaseAuditor, Partnership: "north"}}},
		"police-lead": {PersonID: "police-lead", Memberships: []authz.Membership{{Role: authz.OrganisationLead, Organisation: "police"}}},
		"school-lead": {PersonID: "school-lead", Memberships: []authz.Membership{{Role: authz.OrganisationLead, Organisation: "school"}}},
		"exec":        {PersonID: "exec", Memberships: []authz.Membership{{Role: authz.ExecutiveViewer, Partnership: "north"}}},
	}
	for _, in := range testinfra.Infras(t, "caseaudit") {
		t.Run(in.Name, func(t *testing.T) {
			c := guarded(t, in, people, caseaudit.Config{}, caseaudit.Deps{Logger: logging.Discard(),
				Now: func() time.Time { return now }})
			create := func(id, ref, notified string) *caseauditv1.RapidReview {
				t.Helper()
				r, err := c.CreateRapidReview(as("admin"), &caseauditv1.CreateRapidReviewRequest{Parent: "partnerships/north", RapidReviewId: id,
					RapidReview: &caseauditv1.RapidReview{Reference: ref, NotificationDate: notified,
						Agencies: []*caseauditv1.AgencySummary{{Agency: "organisations/police"}, {Agency: "organisations/health"}}}})
				if err != nil {
					t.Fatal(err)
				}
				return r
			}
			clock := func(r *caseauditv1.RapidReview) string {
				k := r.GetClock()
				return fmt.Sprintf("%s %s %d %s", k.GetNextMilestone(), k.GetNextDueDate(), k.GetWorkingDaysLeft(), k.GetRag())
			}
			older := create("rr-1", "RR-2026-07", "2026-12-18")
			var due []string
			for _, m := range older.GetMilestones() {
				due = append(due, m.GetKey()+" "+m.GetDueDate())
			}
			if fmt.Sprint(due) != "[agency_information 2027-01-06 panel_review 2027-01-08 decision_sent 2027-01-13]" ||
				clock(older) != "agency_information 2027-01-06 2 AMBER" {
				t.Fatalf("milestones %v, clock %s", due, clock(older))
			}
			newer := create("rr-2", "RR-2027-01", "2027-01-04")
			if clock(newer) != "agency_information 2027-01-18 10 GREEN" {
				t.Fatalf("newer clock %s", clock(newer))
			}
			if _, err := c.CreateRapidReview(as("admin"), &caseauditv1.CreateRapidReviewRequest{Parent: "partnerships/north",
				RapidReview: &caseauditv1.RapidReview{Reference: "RR-X", NotificationDate: "2027-01-05"}}); status.Code(err) != codes.InvalidArgument {
				t.Fatalf("a notification tomorrow: %v", err)
			}
			dashboard := func(who string) string {
				t.Helper()
				l, err := c.ListRapidReviews(as(who), &caseauditv1.ListRapidReviewsRequest{Parent: "partnerships/north"})
				if err != nil {
					return status.Code(err).String()
				}
				var out []string
				for _, r := range l.GetRapidReviews() {
					out = append(out, r.GetReference()+" "+r.GetClock().GetRag())
				}
				return fmt.Sprint(out)
			}
			if got := dashboard("auditor"); got != "[RR-2026-07 AMBER RR-2027-01 GREEN]" {
				t.Fatalf("dashboard %s", got)
			}
			if got := dashboard("exec"); got != "PermissionDenied" {
				t.Fatalf("an executive reading case detail: %s", got)
			}
			// The police's lead records its summary; the school's may not.
			record := func(who, etag string) (*caseauditv1.RapidReview, error) {
				return c.RecordAgencySummary(as(who), &caseauditv1.RecordAgencySummaryRequest{Name: older.GetName(), Agency: "organisations/police",
					Summary: "Two contacts in November", Etag: etag})
			}
			if _, err := record("school-lead", older.GetEtag()); status.Code(err) != codes.NotFound {
				t.Fatalf("the school's lead recording the police's summary: %v", err)
			}
			got, err := record("police-lead", older.GetEtag())
			if err != nil || got.GetAgencies()[0].GetSummary() != "Two contacts in November" || got.GetAgencies()[0].GetReceiveTime() == nil {
				t.Fatalf("summary: %v %v", got, err)
			}
			if _, err := record("police-lead", older.GetEtag()); status.Code(err) != codes.Aborted {
				t.Fatalf("stale etag: %v", err)
			}
			got, err = c.CompleteMilestone(as("admin"), &caseauditv1.CompleteMilestoneRequest{Name: older.GetName(), Key: "agency_information",
				Date: "2027-01-04", Etag: got.GetEtag()})
			if err != nil || clock(got) != "panel_review 2027-01-08 4 GREEN" {
				t.Fatalf("milestone met: %v %v", clock(got), err)
			}
			got, err = c.DecideRapidReview(as("admin"), &caseauditv1.DecideRapidReviewRequest{Name: older.GetName(),
				Decision: caseauditv1.RapidReviewDecision_RAPID_REVIEW_DECISION_NO_REVIEW, Rationale: "Learning captured in the rapid review", Etag: got.GetEtag()})
			if err != nil || got.GetDecision() != caseauditv1.RapidReviewDecision_RAPID_REVIEW_DECISION_NO_REVIEW || got.GetMilestones()[2].GetDoneDate() != "2027-01-04" {
				t.Fatalf("decide: %v %v", got, err)
			}
			if got.GetClock().GetNextMilestone() != "" {
				t.Fatalf("a decided review's clock runs on: %v", got.GetClock())
			}
			if got := dashboard("admin"); got != "[RR-2027-01 GREEN RR-2026-07 GREEN]" {
				t.Fatalf("dashboard after the decision %s", got)
			}
		})
	}
}
