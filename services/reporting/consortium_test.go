package reporting_test

import (
	"context"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/grpcserver"
	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/testinfra"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	"github.com/assure-audit/assure/services/reporting"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// principals and as are testinfra's, named short for the many calls.
type principals = testinfra.Principals

var as = testinfra.As

// TestConsortiumView: in a consortium's shared campaign owned by north,
// north's staff see every return, south's staff their own organisations'
// (the police, in both, among them), and another partnership nothing.
func TestConsortiumView(t *testing.T) {
	people := principals{
		"north": {PersonID: "north", Memberships: []authz.Membership{{Role: authz.QAOfficer, Partnership: "north"}}},
		"south": {PersonID: "south", Memberships: []authz.Membership{{Role: authz.ExecutiveViewer, Partnership: "south"}}},
		"east":  {PersonID: "east", Memberships: []authz.Membership{{Role: authz.PartnershipAdmin, Partnership: "east"}}},
	}
	for _, in := range testinfra.Infras(t, "reporting") {
		t.Run(in.Name, func(t *testing.T) {
			conn := testinfra.StartServiceWith(t, func(ctx context.Context) (*reporting.Service, error) {
				return reporting.New(ctx, reporting.Config{}, reporting.Deps{DB: in.DB, Bus: in.Bus, Logger: logging.Discard()})
			}, func(s *reporting.Service) grpcserver.Options {
				return grpcserver.Options{Guard: &authz.Guard{Table: authz.Merge(authz.Infrastructure, s.AccessTable()), Auth: people,
					Log: authz.SlogAccessLog{Logger: logging.Discard()}}}
			})
			c := reportingv1.NewReportingServiceClient(conn)
			const campaign = "partnerships/north/campaigns/pan"
			at := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
			testinfra.PublishAt(t, in.Bus, "template", "version.published", at, answerFixture())
			orgs := map[string][]string{"police": {"north", "south"}, "ash": {"north"}, "oak": {"south"}}
			launch := &submissionv1.CampaignLaunched{Campaign: &submissionv1.Campaign{Name: campaign, DisplayName: "Pan-area S11",
				TemplateVersion: "partnerships/north/templates/s11/versions/1", State: submissionv1.CampaignState_CAMPAIGN_STATE_OPEN,
				DueTime: timestamppb.New(at.AddDate(0, 2, 0)), Partnerships: []string{"partnerships/north", "partnerships/south"}}}
			for id, ps := range orgs {
				var names []string
				for _, p := range ps {
					names = append(names, "partnerships/"+p)
				}
				testinfra.PublishAt(t, in.Bus, "directory", "organisation.created", at, &directoryv1.OrganisationCreated{
					Organisation: &directoryv1.Organisation{Name: "organisations/" + id, DisplayName: id, Partnerships: names}})
				launch.Submissions = append(launch.Submissions, &submissionv1.LaunchedSubmission{Name: campaign + "/submissions/" + id,
					Organisation: "organisations/" + id, Partnerships: names})
				testinfra.PublishAt(t, in.Bus, "submission", "answers.saved", at.Add(time.Minute), &submissionv1.AnswersSaved{
					Submission: campaign + "/submissions/" + id, Campaign: campaign, QuestionKeys: []string{"q1"},
					Answers: []*submissionv1.Answer{{QuestionKey: "q1", Grade: "green", Version: 1}}, SaveTime: timestamppb.New(at.Add(time.Minute))})
			}
			testinfra.PublishAt(t, in.Bus, "submission", "campaign.launched", at, launch)
			rowsOf := func(who string) []string {
				r, err := c.GetRatingsReport(as(who), &reportingv1.GetRatingsReportRequest{Campaign: campaign})
				if err != nil {
					return []string{err.Error()}
				}
				var out []string
				for _, row := range r.GetRows() {
					out = append(out, row.GetOrganisation())
				}
				return out
			}
			testinfra.Eventually(t, 10*time.Second, "the launch and every save applied", func() bool {
				r, err := c.GetRatingsReport(as("north"), &reportingv1.GetRatingsReportRequest{Campaign: campaign})
				return err == nil && len(r.GetRows()) == 3 && len(r.GetQuestions()) > 0 && r.GetQuestions()[0].GetAnswered() == 3
			})
			if got := rowsOf("south"); len(got) != 2 || got[0] != "organisations/oak" && got[1] != "organisations/oak" {
				t.Fatalf("south sees %v, want oak and police", got)
			}
			comp, err := c.GetCompletionReport(as("south"), &reportingv1.GetCompletionReportRequest{Campaign: campaign})
			if err != nil || comp.GetTotal() != 2 {
				t.Fatalf("south's completion: %v %v", comp, err)
			}
			if comp, err := c.GetCompletionReport(as("north"), &reportingv1.GetCompletionReportRequest{Campaign: campaign}); err != nil || comp.GetTotal() != 3 {
				t.Fatalf("north's completion: %v %v", comp, err)
			}
			if _, err := c.GetRatingsReport(as("east"), &reportingv1.GetRatingsReportRequest{Campaign: campaign}); status.Code(err) != codes.NotFound {
				t.Fatalf("another partnership: %v", err)
			}
			// South asking for north's part still gets only its own.
			r, err := c.GetRatingsReport(as("south"), &reportingv1.GetRatingsReportRequest{Campaign: campaign, Partnership: "partnerships/north"})
			if err != nil || len(r.GetRows()) != 2 || (r.GetRows()[0].GetOrganisation() != "organisations/oak" && r.GetRows()[1].GetOrganisation() != "organisations/oak") {
				t.Fatalf("south asking for north: %v %v", r, err)
			}
		})
	}
}
