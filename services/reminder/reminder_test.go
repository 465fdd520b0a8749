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
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

func campaignAt(campaign string, due time.Time, state submissionv1.CampaignState) *submissionv1.Campaign {
	return &submissionv1.Campaign{Name: campaign, DisplayName: "Section 11 audit 2026", DueTime: timestamppb.New(due), State: state}
}

func launched(campaign string, due time.Time, orgs ...string) *submissionv1.CampaignLaunched {
	m := &submissionv1.CampaignLaunched{Campaign: campaignAt(campaign, due, submissionv1.CampaignState_CAMPAIGN_STATE_OPEN)}
	m.Submissions = launchedSubmissions(campaign, orgs...)
	for _, o := range orgs {
		m.Campaign.Organisations = append(m.Campaign.Organisations, "organisations/"+o)
	}
	return m
}

func launchedSubmissions(campaign string, orgs ...string) []*submissionv1.LaunchedSubmission {
	var subs []*submissionv1.LaunchedSubmission
	for _, o := range orgs {
		subs = append(subs, &submissionv1.LaunchedSubmission{Name: campaign + "/submissions/" + o, Organisation: "organisations/" + o,
			Partnerships: []string{"partnerships/north"}})
	}
	return subs
}

func added(campaign string, due time.Time, orgs ...string) *submissionv1.CampaignOrganisationsAdded {
	return &submissionv1.CampaignOrganisationsAdded{Campaign: campaignAt(campaign, due, submissionv1.CampaignState_CAMPAIGN_STATE_OPEN),
		Submissions: launchedSubmissions(campaign, orgs...)}
}

func updated(campaign string, due, previous time.Time) *submissionv1.CampaignUpdated {
	return &submissionv1.CampaignUpdated{Campaign: campaignAt(campaign, due, submissionv1.CampaignState_CAMPAIGN_STATE_OPEN),
		ChangedFields: []string{"due_time"}, PreviousDueTime: timestamppb.New(previous)}
}

func submittedAt(campaign, org string, at time.Time) *submissionv1.SubmissionSubmitted {
	return &submissionv1.SubmissionSubmitted{Submission: campaign + "/submissions/" + org, Campaign: campaign,
		Organisation: "organisations/" + org, SubmitTime: timestamppb.New(at), Person: "people/lead"}
}

func returned(campaign, org string, at time.Time) *submissionv1.SubmissionReturned {
	return &submissionv1.SubmissionReturned{Submission: campaign + "/submissions/" + org, Campaign: campaign,
		Organisation: "organisations/" + org, Comments: []*submissionv1.QaComment{{QuestionKey: "q1", Text: "evidence?"}},
		Person: "people/qa", ReturnTime: timestamppb.New(at)}
}

func accepted(campaign, org string, at time.Time) *submissionv1.SubmissionAccepted {
	return &submissionv1.SubmissionAccepted{Submission: campaign + "/submissions/" + org, Campaign: campaign,
		Organisation: "organisations/" + org, Person: "people/qa", AcceptTime: timestamppb.New(at)}
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

// waitForDue polls until every outstanding submission of campaign is due
// at want.
func waitForDue(t *testing.T, c reminderv1.ReminderServiceClient, campaign string, want time.Time) {
	t.Helper()
	testinfra.Eventually(t, 10*time.Second, campaign+" due "+want.String(), func() bool {
		resp, err := c.ListOutstandingSubmissions(context.Background(), &reminderv1.ListOutstandingSubmissionsRequest{Campaign: campaign})
		if err != nil || len(resp.GetSubmissions()) == 0 {
			return false
		}
		for _, s := range resp.GetSubmissions() {
			if !s.GetDueTime().AsTime().Equal(want) {
				return false
			}
		}
		return true
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

			// Events carry the time they happened; a redelivery carries its
			// original time.
			base := time.Now().UTC().Truncate(time.Second).Add(-time.Hour)
			at := func(minutes int) time.Time { return base.Add(time.Duration(minutes) * time.Minute) }
			publish := func(event string, minutes int, msg proto.Message) {
				t.Helper()
				testinfra.PublishAt(t, in.Bus, "submission", event, at(minutes), msg)
			}

			// Event types the reminder does not use are passed over.
			publish("campaign.created", 0, &submissionv1.CampaignCreated{Campaign: launched(s11, due).GetCampaign()})
			publish("answers.saved", 0, &submissionv1.AnswersSaved{Submission: s11 + "/submissions/police", Campaign: s11})
			publish("evidence.uploaded", 0, &submissionv1.EvidenceUploaded{})
			launch := launched(s11, due, "police", "health-trust", "a-school")
			publish("campaign.launched", 1, launch)
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

			publish("submission.submitted", 2, submittedAt(s11, "police", at(2)))
			waitFor(t, c, s11, "[organisations/a-school organisations/health-trust]")

			// The same launch again under a new message id (a redelivery the
			// broker cannot recognise) changes nothing: police stays handed
			// in. The event after it shows it has been consumed.
			publish("campaign.launched", 1, launch)
			publish("submission.submitted", 3, submittedAt(s11, "a-school", at(3)))
			waitFor(t, c, s11, "[organisations/health-trust]")
			if orgs, total, err := outstanding(ctx, c, s11); err != nil || total != 1 {
				t.Fatalf("after duplicate launch: %v %d %v", orgs, total, err)
			}

			// Sent back by QA: owed again. Accepted: not owed, and a return
			// redelivered after the acceptance does not make it owed.
			publish("submission.returned", 4, returned(s11, "police", at(4)))
			waitFor(t, c, s11, "[organisations/health-trust organisations/police]")
			publish("submission.accepted", 5, accepted(s11, "a-school", at(5)))
			publish("submission.returned", 4, returned(s11, "a-school", at(4)))
			publish("submission.submitted", 3, submittedAt(s11, "a-school", at(3)))
			publish("submission.returned", 4, returned(s11, "police", at(4)))
			// Resubmitted: handed in again; the return redelivered twice
			// after it is older and changes nothing.
			publish("submission.submitted", 6, submittedAt(s11, "police", at(6)))
			publish("submission.returned", 4, returned(s11, "police", at(4)))
			publish("submission.returned", 4, returned(s11, "police", at(4)))

			// Organisations added after the launch owe their submissions
			// (and their listing shows the events before have been applied).
			// Out of order: zeta's return arrives before its submission and
			// both before the organisations were added; the return is newer,
			// so zeta owes it again.
			publish("submission.returned", 9, returned(s11, "zeta", at(9)))
			publish("submission.submitted", 8, submittedAt(s11, "zeta", at(8)))
			publish("campaign.organisations_added", 7, added(s11, due, "new-school", "zeta"))
			waitFor(t, c, s11, "[organisations/health-trust organisations/new-school organisations/zeta]")
			// Added again under a new id: nothing changes.
			publish("campaign.organisations_added", 7, added(s11, due, "new-school", "zeta"))
			publish("submission.submitted", 10, submittedAt(s11, "new-school", at(10)))
			waitFor(t, c, s11, "[organisations/health-trust organisations/zeta]")

			// A moved due date moves every submission's due time, those
			// added later included; the launch and the additions redelivered
			// after it carry the old date from before and do not move it
			// back.
			later := due.AddDate(0, 0, 14)
			publish("campaign.updated", 11, updated(s11, later, due))
			waitForDue(t, c, s11, later)
			publish("campaign.launched", 1, launch)
			publish("campaign.organisations_added", 7, added(s11, due, "new-school", "zeta"))
			publish("campaign.updated", 11, updated(s11, later, due))
			publish("submission.returned", 12, returned(s11, "new-school", at(12)))
			waitFor(t, c, s11, "[organisations/health-trust organisations/new-school organisations/zeta]")
			waitForDue(t, c, s11, later)

			// Closed: nothing outstanding, though the campaign is still
			// known; a return, an update or a launch arriving later changes
			// that no more than the archiving does.
			closed := campaignAt(s11, later, submissionv1.CampaignState_CAMPAIGN_STATE_CLOSED)
			publish("campaign.closed", 13, &submissionv1.CampaignClosed{Campaign: closed})
			waitFor(t, c, s11, "[]")
			publish("submission.returned", 12, returned(s11, "a-school", at(12)))
			publish("campaign.updated", 11, updated(s11, later, due))
			publish("campaign.launched", 1, launch)
			archived := campaignAt(s11, later, submissionv1.CampaignState_CAMPAIGN_STATE_ARCHIVED)
			publish("campaign.archived", 14, &submissionv1.CampaignArchived{Campaign: archived})
			publish("campaign.closed", 13, &submissionv1.CampaignClosed{Campaign: closed})

			// Handed in before the launch is seen: the launch does not make
			// it owed again. A due date moved before the launch arrives
			// stays moved.
			s175 := "partnerships/north/campaigns/s175-2026"
			publish("submission.submitted", 22, submittedAt(s175, "school-b", at(22)))
			waitFor(t, c, s175, "[]")
			// The events about s11 before have been applied.
			if orgs, total, err := outstanding(ctx, c, s11); err != nil || total != 0 {
				t.Fatalf("archived: %v %d %v", orgs, total, err)
			}
			publish("campaign.updated", 21, updated(s175, later, due))
			publish("campaign.launched", 20, launched(s175, due, "school-b", "school-a"))
			waitFor(t, c, s175, "[organisations/school-a]")
			waitForDue(t, c, s175, later)

			// A scheduled campaign is chased like an open one; opening it
			// changes nothing.
			s157 := "partnerships/north/campaigns/s157-2026"
			scheduled := launched(s157, due, "school-c")
			scheduled.Campaign.State = submissionv1.CampaignState_CAMPAIGN_STATE_SCHEDULED
			publish("campaign.launched", 30, scheduled)
			waitFor(t, c, s157, "[organisations/school-c]")
			publish("campaign.opened", 31, &submissionv1.CampaignOpened{Campaign: campaignAt(s157, due, submissionv1.CampaignState_CAMPAIGN_STATE_OPEN)})
			publish("submission.submitted", 32, submittedAt(s157, "school-c", at(32)))
			waitFor(t, c, s157, "[]")
		})
	}
}
