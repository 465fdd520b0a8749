package reporting_test

import (
	"context"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/testinfra"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	"github.com/assure-audit/assure/services/reporting"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// TestRebuild loses the read model and rebuilds it by replaying the
// streams from their first event: the reports come back as they were.
func TestRebuild(t *testing.T) {
	for _, in := range testinfra.Infras(t, "reporting") {
		t.Run(in.Name, func(t *testing.T) {
			ctx := context.Background()
			start := func(rebuild bool) reportingv1.ReportingServiceClient {
				conn := testinfra.StartService(t, func(ctx context.Context) (*reporting.Service, error) {
					return reporting.New(ctx, reporting.Config{Rebuild: rebuild}, reporting.Deps{DB: in.DB, Bus: in.Bus, Logger: logging.Discard()})
				})
				return reportingv1.NewReportingServiceClient(conn)
			}
			c := start(false)
			const campaign = "partnerships/north/campaigns/s11"
			at := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
			testinfra.PublishAt(t, in.Bus, "template", "version.published", at, answerFixture())
			testinfra.PublishAt(t, in.Bus, "directory", "organisation.created", at, &directoryv1.OrganisationCreated{
				Organisation: &directoryv1.Organisation{Name: "organisations/police", DisplayName: "Northshire Police",
					Type: directoryv1.OrganisationType_ORGANISATION_TYPE_POLICE}})
			testinfra.PublishAt(t, in.Bus, "submission", "campaign.launched", at, &submissionv1.CampaignLaunched{
				Campaign: &submissionv1.Campaign{Name: campaign, DisplayName: "S11", TemplateVersion: "partnerships/north/templates/s11/versions/1",
					State: submissionv1.CampaignState_CAMPAIGN_STATE_OPEN, DueTime: timestamppb.New(at.AddDate(0, 1, 0))},
				Submissions: []*submissionv1.LaunchedSubmission{{Name: campaign + "/submissions/police", Organisation: "organisations/police"}}})
			testinfra.PublishAt(t, in.Bus, "submission", "answers.saved", at, &submissionv1.AnswersSaved{Submission: campaign + "/submissions/police",
				Campaign: campaign, QuestionKeys: []string{"q1"}, Answers: []*submissionv1.Answer{{QuestionKey: "q1", Grade: "amber", Version: 1}}})
			whole := func(c reportingv1.ReportingServiceClient) bool {
				r, err := c.GetRatingsReport(ctx, &reportingv1.GetRatingsReportRequest{Campaign: campaign})
				return err == nil && len(r.GetRows()) == 1 && r.GetRows()[0].GetDisplayName() == "Northshire Police" &&
					r.GetQuestions()[0].GetAnswered() == 1 && r.GetRows()[0].GetCells()[0].GetLabel() == "Partly met"
			}
			testinfra.Eventually(t, 10*time.Second, "the report built", func() bool { return whole(c) })

			// The answers are lost.
			if _, err := in.DB.ExecContext(ctx, `DELETE FROM reporting_answers`); err != nil {
				t.Fatal(err)
			}
			// A replica started on the damaged database shows the loss (the
			// running one keeps the matrix it built at this campaign version).
			if whole(start(false)) {
				t.Fatal("the loss did not show")
			}
			rebuilt := start(true)
			// Other replicas share the durable consumer, so an event may go
			// to one of them first and come back after the ack wait (30 s).
			testinfra.Eventually(t, 45*time.Second, "the report rebuilt by replaying", func() bool { return whole(rebuilt) })
		})
	}
}
