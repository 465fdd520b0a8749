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
	"github.com/assure-audit/assure/services/reminder/internal/events"
	remstore "github.com/assure-audit/assure/services/reminder/internal/store"
	"github.com/assure-audit/assure/services/reminder/migrations"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// counting records how often each change is made, then makes it.
type counting struct {
	app.Changes
	launches, submits *int
}

func (c counting) LaunchSubmission(ctx context.Context, name, campaign, org string, due time.Time) error {
	*c.launches++
	return c.Changes.LaunchSubmission(ctx, name, campaign, org, due)
}

func (c counting) SubmitSubmission(ctx context.Context, name, campaign, org string) error {
	*c.submits++
	return c.Changes.SubmitSubmission(ctx, name, campaign, org)
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
	var launches, submits int
	repo := remstore.New(db)
	c := events.Consumer{DB: db, App: app.New(repo), Logger: logging.Discard(), Changes: func(tx *sql.Tx) app.Changes {
		return counting{Changes: remstore.Changes(tx), launches: &launches, submits: &submits}
	}}
	campaign := "partnerships/north/campaigns/s11"
	launch := event(t, "e1", &submissionv1.CampaignLaunched{
		Campaign:    &submissionv1.Campaign{Name: campaign, DueTime: timestamppb.Now()},
		Submissions: []*submissionv1.LaunchedSubmission{{Name: campaign + "/submissions/a", Organisation: "organisations/a"}}})
	submit := event(t, "e2", &submissionv1.SubmissionSubmitted{Submission: campaign + "/submissions/a", Campaign: campaign})
	for _, ev := range []natsbus.Event{launch, launch, submit, launch, submit} {
		if err := c.Handle(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	if launches != 1 || submits != 1 {
		t.Fatalf("applied %d launches and %d submissions, want 1 and 1", launches, submits)
	}

	// Ignored, or dropped as never applicable: acknowledged, nothing written.
	for _, ev := range []natsbus.Event{
		event(t, "e3", &submissionv1.CampaignCreated{Campaign: &submissionv1.Campaign{Name: campaign}}),
		{ID: "e4", Type: "assure.submission.v1.SomethingNew", Data: []byte{1, 2, 3}},
		{ID: "e5", Type: "assure.submission.v1.CampaignLaunched", Data: []byte{0xff, 0xff}},
		event(t, "e6", &submissionv1.CampaignLaunched{Campaign: &submissionv1.Campaign{Name: campaign}}),
	} {
		if err := c.Handle(ctx, ev); err != nil {
			t.Fatalf("%s: %v", ev.ID, err)
		}
	}
	if launches != 1 || submits != 1 {
		t.Fatalf("unusable events were applied: %d launches, %d submissions", launches, submits)
	}
	var recorded int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM inbox WHERE consumer = $1`, events.Service).Scan(&recorded); err != nil || recorded != 2 {
		t.Fatalf("inbox holds %d events (%v), want 2", recorded, err)
	}
}
