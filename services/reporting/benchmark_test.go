package reporting_test

import (
	"context"
	"fmt"
	"math"
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

// TestHubBenchmark compares three partnerships of hub h1 on standard S1:
// north's five organisations all rate green (3): mean 3; west's six rate
// red, red, red, amber, amber, amber: mean (3×1 + 3×2)/6 = 1.5; south has
// only four, so its figure is suppressed. S2 has no answers anywhere.
// Counting schools only (all of north's and south's, west's three reds),
// north keeps its mean of 3 over five; west's three and south's four are
// suppressed.
func TestHubBenchmark(t *testing.T) {
	people := principals{
		"north": {PersonID: "north", Memberships: []authz.Membership{{Role: authz.QAOfficer, Partnership: "north"}},
			PartnershipHubs: map[string]string{"north": "h1"}},
		"east": {PersonID: "east", Memberships: []authz.Membership{{Role: authz.PartnershipAdmin, Partnership: "east"}},
			PartnershipHubs: map[string]string{"east": "h2"}},
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
			at := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
			testinfra.PublishAt(t, in.Bus, "template", "version.published", at, answerFixture())
			grades := map[string][]string{
				"north": {"green", "green", "green", "green", "green"},
				"west":  {"red", "red", "red", "amber", "amber", "amber"},
				"south": {"green", "green", "green", "green"},
			}
			var campaigns []string
			answers := 0
			for pid, gs := range grades {
				testinfra.PublishAt(t, in.Bus, "directory", "partnership.created", at, &directoryv1.PartnershipCreated{
					Partnership: &directoryv1.Partnership{Name: "partnerships/" + pid, Hub: "hubs/h1"}})
				campaign := "partnerships/" + pid + "/campaigns/s11"
				campaigns = append(campaigns, campaign)
				launch := &submissionv1.CampaignLaunched{Campaign: &submissionv1.Campaign{Name: campaign, DisplayName: "S11",
					TemplateVersion: "partnerships/north/templates/s11/versions/1", State: submissionv1.CampaignState_CAMPAIGN_STATE_OPEN,
					DueTime: timestamppb.New(at.AddDate(0, 2, 0))}}
				for i, g := range gs {
					org := fmt.Sprintf("%s-%d", pid, i)
					sub := campaign + "/submissions/" + org
					launch.Submissions = append(launch.Submissions, &submissionv1.LaunchedSubmission{Name: sub, Organisation: "organisations/" + org})
					typ := directoryv1.OrganisationType_ORGANISATION_TYPE_SCHOOL
					if pid == "west" && i >= 3 {
						typ = directoryv1.OrganisationType_ORGANISATION_TYPE_POLICE
					}
					testinfra.PublishAt(t, in.Bus, "directory", "organisation.created", at, &directoryv1.OrganisationCreated{
						Organisation: &directoryv1.Organisation{Name: "organisations/" + org, DisplayName: org, Type: typ}})
					testinfra.PublishAt(t, in.Bus, "submission", "answers.saved", at, &submissionv1.AnswersSaved{Submission: sub, Campaign: campaign,
						QuestionKeys: []string{"q1"}, Answers: []*submissionv1.Answer{{QuestionKey: "q1", Grade: g, Version: 1}}})
					answers++
				}
				testinfra.PublishAt(t, in.Bus, "submission", "campaign.launched", at, launch)
			}
			var b *reportingv1.HubBenchmark
			testinfra.Eventually(t, 10*time.Second, "the hub's answers applied", func() bool {
				var err error
				b, err = c.GetHubBenchmark(as("north"), &reportingv1.GetHubBenchmarkRequest{Hub: "hubs/h1", Campaigns: campaigns})
				if err != nil || len(b.GetRows()) != 3 {
					return false
				}
				n := 0
				for _, r := range b.GetRows() {
					n += int(r.GetCells()[0].GetOrganisations())
				}
				return n == 11 // north 5 + west 6; south suppressed
			})
			if len(b.GetSections()) != 2 || b.GetSections()[0] != "S1" || b.GetMinimumGroup() != 5 {
				t.Fatalf("benchmark %v", b)
			}
			// North's own row first, by name; the others anonymised.
			first := b.GetRows()[0]
			if first.GetPartnership() != "partnerships/north" || first.GetLabel() != "north" || math.Abs(first.GetCells()[0].GetMeanScore()-3) > 1e-9 {
				t.Fatalf("north's row %v", first)
			}
			var west, south *reportingv1.BenchmarkRow
			for _, r := range b.GetRows()[1:] {
				if r.GetPartnership() != "" || (r.GetLabel() != "Partnership A" && r.GetLabel() != "Partnership B") {
					t.Fatalf("not anonymised: %v", r)
				}
				if r.GetCells()[0].GetSuppressed() {
					south = r
				} else {
					west = r
				}
			}
			if west == nil || south == nil || math.Abs(west.GetCells()[0].GetMeanScore()-1.5) > 1e-9 || west.GetCells()[0].GetOrganisations() != 6 ||
				south.GetCells()[0].GetMeanScore() != 0 || !first.GetCells()[1].GetSuppressed() {
				t.Fatalf("rows %v", b.GetRows())
			}
			var schools *reportingv1.HubBenchmark
			testinfra.Eventually(t, 10*time.Second, "the organisations' types applied", func() bool {
				var err error
				schools, err = c.GetHubBenchmark(as("north"), &reportingv1.GetHubBenchmarkRequest{Hub: "hubs/h1", Campaigns: campaigns,
					OrganisationType: "school"})
				return err == nil && len(schools.GetRows()) == 3 && schools.GetRows()[0].GetCells()[0].GetOrganisations() == 5
			})
			if c := schools.GetRows()[0].GetCells()[0]; math.Abs(c.GetMeanScore()-3) > 1e-9 || c.GetSuppressed() ||
				!schools.GetRows()[1].GetCells()[0].GetSuppressed() || !schools.GetRows()[2].GetCells()[0].GetSuppressed() {
				t.Fatalf("schools only: %v", schools.GetRows())
			}
			if _, err := c.GetHubBenchmark(as("east"), &reportingv1.GetHubBenchmarkRequest{Hub: "hubs/h1", Campaigns: campaigns}); status.Code(err) != codes.NotFound {
				t.Fatalf("another hub's staff: %v", err)
			}
			_, err := c.GetHubBenchmark(as("north"), &reportingv1.GetHubBenchmarkRequest{Hub: "hubs/h1", Campaigns: []string{"partnerships/east/campaigns/s11"}})
			if status.Code(err) != codes.InvalidArgument {
				t.Fatalf("a campaign of another hub: %v", err)
			}
		})
	}
}
