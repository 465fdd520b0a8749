package reminder_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/testinfra"
	reminderv1 "github.com/assure-audit/assure/proto/gen/assure/reminder/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	"github.com/assure-audit/assure/services/reminder"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"
)

func launched(campaign string, due time.Time, orgs ...string) *submissionv1.CampaignLaunched {
	m := &submissionv1.CampaignLaunched{Campaign: &submissionv1.Campaign{
		Name: campaign, DisplayName: "Section 11 audit 2026", DueTime: timestamppb.New(due),
		State: submissionv1.CampaignState_CAMPAIGN_STATE_OPEN}}
	for _, o := range orgs {
		m.Campaign.Organisations = append(m.Campaign.Organisations, "organisations/"+o)
		m.Submissions = append(m.Submissions, &submissionv1.LaunchedSubmission{Name: campaign + "/submissions/" + o, Organisation: "organisations/" + o})
	}
	return m
}

func submitted(campaign, org string) *submissionv1.SubmissionSubmitted {
	return &submissionv1.SubmissionSubmitted{Submission: campaign + "/submissions/" + org, Campaign: campaign,
		Organisation: "organisations/" + org, SubmitTime: timestamppb.Now()}
}

// outstanding lists every outstanding submission of campaign by
// organisation id, or reports the call's error.
func outstanding(ctx context.Context, c reminderv1.ReminderServiceClient, campaign string) ([]string, int32, error) {
	resp, err := c.ListOutstandingSubmissions(ctx, &reminderv1.ListOutstandingSubmissionsRequest{Campaign: campaign})
	if err != nil {
		return nil, 0, err
	}
	var orgs []string
	for _, s := range resp.GetSubmissions() {
		orgs = append(orgs, s.GetOrganisation())
	}
	return orgs, resp.GetTotalSize(), nil
}

// waitFor polls until campaign's outstanding organisations are want.
func waitFor(t *testing.T, c reminderv1.ReminderServiceClient, campaign, want string) {
	t.Helper()
	var got []string
	var err error
	testinfra.Eventually(t, 10*time.Second, campaign+" outstanding = "+want, func() bool {
		got, _, err = outstanding(context.Background(), c, campaign)
		return err == nil && fmt.Sprint(got) == want
	})
}

func TestReminder(t *testing.T) {
	for _, in := range testinfra.Infras(t, "reminder") {
		t.Run(in.Name, func(t *testing.T) {
			ctx := context.Background()
			conn := testinfra.StartService(t, func(ctx context.Context) (*reminder.Service, error) {
				return reminder.New(ctx, reminder.Config{}, reminder.Deps{DB: in.DB, Bus: in.Bus, Logger: logging.Discard()})
			})
			c := reminderv1.NewReminderServiceClient(conn)
			due := time.Date(2026, 10, 30, 17, 0, 0, 0, time.UTC)
			s11 := "partnerships/north/campaigns/s11-2026"

			if _, err := c.ListOutstandingSubmissions(ctx, &reminderv1.ListOutstandingSubmissionsRequest{Campaign: s11}); status.Code(err) != codes.NotFound {
				t.Fatalf("unknown campaign: %v", err)
			}
			if _, err := c.ListOutstandingSubmissions(ctx, &reminderv1.ListOutstandingSubmissionsRequest{Campaign: "campaigns/s11"}); status.Code(err) != codes.InvalidArgument {
				t.Fatalf("malformed campaign: %v", err)
			}

			// An event type the reminder does not use is passed over.
			testinfra.Publish(t, in.Bus, "submission", "campaign.created", &submissionv1.CampaignCreated{Campaign: launched(s11, due).GetCampaign()})
			launch := launched(s11, due, "police", "health-trust", "a-school")
			testinfra.Publish(t, in.Bus, "submission", "campaign.launched", launch)
			waitFor(t, c, s11, "[organisations/a-school organisations/health-trust organisations/police]")

			// Paged, with the total on every page.
			p1, err := c.ListOutstandingSubmissions(ctx, &reminderv1.ListOutstandingSubmissionsRequest{Campaign: s11, PageSize: 2})
			if err != nil || len(p1.GetSubmissions()) != 2 || p1.GetTotalSize() != 3 || p1.GetNextPageToken() == "" {
				t.Fatalf("page 1: %v %v", p1, err)
			}
			if s := p1.GetSubmissions()[0]; s.GetSubmission() != s11+"/submissions/a-school" || !s.GetDueTime().AsTime().Equal(due) {
				t.Fatalf("first: %v", s)
			}
			p2, err := c.ListOutstandingSubmissions(ctx, &reminderv1.ListOutstandingSubmissionsRequest{Campaign: s11, PageSize: 2, PageToken: p1.GetNextPageToken()})
			if err != nil || len(p2.GetSubmissions()) != 1 || p2.GetTotalSize() != 3 || p2.GetNextPageToken() != "" {
				t.Fatalf("page 2: %v %v", p2, err)
			}
			if _, err := c.ListOutstandingSubmissions(ctx, &reminderv1.ListOutstandingSubmissionsRequest{Campaign: s11, PageToken: "forged"}); status.Code(err) != codes.InvalidArgument {
				t.Fatalf("forged token: %v", err)
			}

			testinfra.Publish(t, in.Bus, "submission", "submission.submitted", submitted(s11, "police"))
			waitFor(t, c, s11, "[organisations/a-school organisations/health-trust]")

			// The same launch again under a new message id (a redelivery the
			// broker cannot recognise) changes nothing: police stays handed
			// in. The event after it shows it has been consumed.
			testinfra.Publish(t, in.Bus, "submission", "campaign.launched", launch)
			testinfra.Publish(t, in.Bus, "submission", "submission.submitted", submitted(s11, "a-school"))
			waitFor(t, c, s11, "[organisations/health-trust]")
			if orgs, total, err := outstanding(ctx, c, s11); err != nil || total != 1 {
				t.Fatalf("after duplicate launch: %v %d %v", orgs, total, err)
			}

			// Handed in before the launch is seen: the launch does not make
			// it owed again.
			s175 := "partnerships/north/campaigns/s175-2026"
			testinfra.Publish(t, in.Bus, "submission", "submission.submitted", submitted(s175, "school-b"))
			waitFor(t, c, s175, "[]")
			testinfra.Publish(t, in.Bus, "submission", "campaign.launched", launched(s175, due, "school-b", "school-a"))
			waitFor(t, c, s175, "[organisations/school-a]")
		})
	}
}
