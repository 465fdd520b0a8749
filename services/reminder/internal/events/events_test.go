package events_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/eventing"
	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/testinfra"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	"github.com/assure-audit/assure/services/reminder/internal/app"
	"github.com/assure-audit/assure/services/reminder/internal/domain"
	"github.com/assure-audit/assure/services/reminder/internal/events"
	remstore "github.com/assure-audit/assure/services/reminder/internal/store"
	"github.com/assure-audit/assure/services/reminder/migrations"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// counting records how often each change is made, then makes it.
type counting struct {
	app.Changes
	campaigns, launches, reports *int
}

func (c counting) ObserveCampaign(ctx context.Context, camp domain.Campaign) error {
	*c.campaigns++
	return c.Changes.ObserveCampaign(ctx, camp)
}

func (c counting) LaunchSubmission(ctx context.Context, name, campaign, org string) error {
	*c.launches++
	return c.Changes.LaunchSubmission(ctx, name, campaign, org)
}

func (c counting) ReportSubmission(ctx context.Context, name, campaign, org string, status domain.Status, at time.Time) error {
	*c.reports++
	return c.Changes.ReportSubmission(ctx, name, campaign, org, status, at)
}

func event(t *testing.T, id string, m proto.Message) natsbus.Event {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return natsbus.Event{ID: id, Type: string(m.ProtoReflect().Descriptor().FullName()), Time: time.Now(), Data: b}
}

// TestHandle checks each event is applied once however often it is
// delivered, and that events the reminder cannot use are acknowledged.
func TestHandle(t *testing.T) {
	ctx := context.Background()
	db := testinfra.SQLite(t)
	if _, err := eventing.Prepare(ctx, eventing.Setup{Service: events.Service, DB: db, Migrations: migrations.FS, Consumes: true}); err != nil {
		t.Fatal(err)
	}
	var campaigns, launches, reports int
	repo := remstore.New(db)
	c := events.Consumer{DB: db, App: app.New(repo, repo, nil, app.Mail{}, time.Now), Logger: logging.Discard(), Changes: func(tx *sql.Tx) app.Changes {
		return counting{Changes: remstore.Changes(tx), campaigns: &campaigns, launches: &launches, reports: &reports}
	}}
	campaign := "partnerships/north/campaigns/s11"
	due := time.Date(2026, 10, 30, 17, 0, 0, 0, time.UTC)
	camp := &submissionv1.Campaign{Name: campaign, DueTime: timestamppb.New(due), State: submissionv1.CampaignState_CAMPAIGN_STATE_OPEN}
	sub := func(org string) string { return campaign + "/submissions/" + org }
	launch := event(t, "e1", &submissionv1.CampaignLaunched{Campaign: camp,
		Submissions: []*submissionv1.LaunchedSubmission{{Name: sub("a"), Organisation: "organisations/a"}}})
	submit := event(t, "e2", &submissionv1.SubmissionSubmitted{Submission: sub("a"), Campaign: campaign})
	returned := event(t, "e3", &submissionv1.SubmissionReturned{Submission: sub("a"), Campaign: campaign, ReturnTime: timestamppb.Now()})
	added := event(t, "e4", &submissionv1.CampaignOrganisationsAdded{Campaign: camp,
		Submissions: []*submissionv1.LaunchedSubmission{{Name: sub("b"), Organisation: "organisations/b"}, {Name: sub("c"), Organisation: "organisations/c"}}})
	moved := proto.Clone(camp).(*submissionv1.Campaign)
	moved.DueTime = timestamppb.New(due.AddDate(0, 0, 7))
	updated := event(t, "e5", &submissionv1.CampaignUpdated{Campaign: moved, ChangedFields: []string{"due_time"}, PreviousDueTime: camp.GetDueTime()})
	accepted := event(t, "e6", &submissionv1.SubmissionAccepted{Submission: sub("b"), Campaign: campaign, AcceptTime: timestamppb.Now()})
	for _, ev := range []natsbus.Event{launch, launch, submit, launch, submit, returned, added, returned, updated, added, updated, accepted, accepted} {
		if err := c.Handle(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	if campaigns != 3 || launches != 3 || reports != 3 {
		t.Fatalf("recorded %d campaigns, %d launches and %d reports, want 3, 3 and 3", campaigns, launches, reports)
	}
	subs, total, err := repo.ListOutstanding(ctx, campaign, 0, 10)
	if err != nil || total != 2 || subs[0].Organisation != "organisations/a" || subs[1].Organisation != "organisations/c" ||
		!subs[0].DueTime.Equal(due.AddDate(0, 0, 7)) {
		t.Fatalf("outstanding %+v %d %v", subs, total, err)
	}

	// Closed: nothing outstanding, but still known.
	closed := proto.Clone(moved).(*submissionv1.Campaign)
	closed.State = submissionv1.CampaignState_CAMPAIGN_STATE_CLOSED
	if err := c.Handle(ctx, event(t, "e7", &submissionv1.CampaignClosed{Campaign: closed})); err != nil {
		t.Fatal(err)
	}
	if subs, total, err := repo.ListOutstanding(ctx, campaign, 0, 10); err != nil || total != 0 || len(subs) != 0 {
		t.Fatalf("closed campaign outstanding %+v %d %v", subs, total, err)
	}
	if known, err := repo.CampaignKnown(ctx, campaign); err != nil || !known {
		t.Fatalf("closed campaign known %v %v", known, err)
	}

	// Ignored, or dropped as never applicable: acknowledged, nothing written.
	draft := &submissionv1.Campaign{Name: "partnerships/north/campaigns/draft", DueTime: timestamppb.New(due),
		State: submissionv1.CampaignState_CAMPAIGN_STATE_DRAFT}
	for _, ev := range []natsbus.Event{
		event(t, "e8", &submissionv1.CampaignCreated{Campaign: &submissionv1.Campaign{Name: campaign}}),
		event(t, "e10", &submissionv1.ActionChanged{Organisation: "organisations/a"}),
		event(t, "e11", &submissionv1.EvidenceUploaded{}),
		{ID: "e12", Type: "assure.submission.v1.SomethingNew", Data: []byte{1, 2, 3}},
		{ID: "e13", Type: "assure.submission.v1.CampaignLaunched", Data: []byte{0xff, 0xff}},
		event(t, "e14", &submissionv1.CampaignLaunched{Campaign: &submissionv1.Campaign{Name: campaign}}),
		event(t, "e15", &submissionv1.CampaignUpdated{}),
		event(t, "e16", &submissionv1.SubmissionReturned{Campaign: campaign}),
		{ID: "e17", Type: "assure.submission.v1.SubmissionAccepted", Data: []byte{0xff, 0xff}},
	} {
		if err := c.Handle(ctx, ev); err != nil {
			t.Fatalf("%s: %v", ev.ID, err)
		}
	}
	// A draft's update is applied but records nothing.
	if err := c.Handle(ctx, event(t, "e18", &submissionv1.CampaignUpdated{Campaign: draft})); err != nil {
		t.Fatal(err)
	}
	if campaigns != 4 || launches != 3 || reports != 3 {
		t.Fatalf("unusable events were applied: %d campaigns, %d launches, %d reports", campaigns, launches, reports)
	}
	if known, err := repo.CampaignKnown(ctx, draft.GetName()); err != nil || known {
		t.Fatalf("draft known %v %v", known, err)
	}
	var recorded int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM inbox WHERE consumer = $1`, events.Service).Scan(&recorded); err != nil || recorded != 8 {
		t.Fatalf("inbox holds %d events (%v), want 8", recorded, err)
	}
	// A save is applied for the progress reminders show, once.
	for i := 0; i < 2; i++ {
		if err := c.Handle(ctx, event(t, "e9", &submissionv1.AnswersSaved{Submission: sub("a"), Campaign: campaign,
			QuestionKeys: []string{"q1", "q2"}})); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := repo.Answered(ctx, campaign); err != nil || n[sub("a")] != 2 {
		t.Fatalf("answered %v %v", n, err)
	}
}
