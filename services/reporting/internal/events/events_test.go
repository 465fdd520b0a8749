package events_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/cache"
	"github.com/assure-audit/assure/pkg/eventing"
	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/testinfra"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	"github.com/assure-audit/assure/services/reporting/internal/app"
	"github.com/assure-audit/assure/services/reporting/internal/domain"
	"github.com/assure-audit/assure/services/reporting/internal/events"
	repstore "github.com/assure-audit/assure/services/reporting/internal/store"
	"github.com/assure-audit/assure/services/reporting/migrations"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

var (
	at  = time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	now = at.Add(1500 * time.Millisecond)
)

func event(t *testing.T, id string, m proto.Message) natsbus.Event {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return natsbus.Event{ID: id, Type: string(m.ProtoReflect().Descriptor().FullName()), Time: at, Data: b}
}

// freshness returns how many events the histogram saw and their sum.
func freshness(t *testing.T, r *sdkmetric.ManualReader) (uint64, float64) {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	var n uint64
	var sum float64
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if h, ok := m.Data.(metricdata.Histogram[float64]); ok && m.Name == events.FreshnessMetric {
				for _, dp := range h.DataPoints {
					n += dp.Count
					sum += dp.Sum
				}
			}
		}
	}
	return n, sum
}

// TestHandle checks each event is applied once however often it is
// delivered, drops the cached report it changes, records its freshness, and
// that events the service cannot use are acknowledged.
func TestHandle(t *testing.T) {
	ctx := context.Background()
	db := testinfra.SQLite(t)
	if _, err := eventing.Prepare(ctx, eventing.Setup{Service: events.Service, DB: db, Migrations: migrations.FS, Consumes: true}); err != nil {
		t.Fatal(err)
	}
	reader := sdkmetric.NewManualReader()
	hist, err := events.NewFreshness(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)))
	if err != nil {
		t.Fatal(err)
	}
	mem := cache.NewMemory()
	a := app.New(repstore.New(db), mem, logging.Discard())
	c := events.Consumer{DB: db, App: a, Changes: repstore.Changes, Freshness: hist,
		Now: func() time.Time { return now }, Logger: logging.Discard()}

	campaign := "partnerships/north/campaigns/s11"
	launch := event(t, "e1", &submissionv1.CampaignLaunched{
		Campaign:    &submissionv1.Campaign{Name: campaign, DisplayName: "Section 11"},
		Submissions: []*submissionv1.LaunchedSubmission{{Name: campaign + "/submissions/a", Organisation: "organisations/a"}}})
	saved := event(t, "e2", &submissionv1.AnswersSaved{Submission: campaign + "/submissions/a", Campaign: campaign, SaveTime: timestamppb.New(at)})
	org := event(t, "e3", &directoryv1.OrganisationCreated{Organisation: &directoryv1.Organisation{Name: "organisations/a", DisplayName: "A"}})
	for _, ev := range []natsbus.Event{launch, launch, saved, org, saved, launch, org} {
		if err := c.Handle(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	if n, sum := freshness(t, reader); n != 3 || sum != 4.5 {
		t.Fatalf("freshness recorded %d events summing %vs, want 3 and 4.5s", n, sum)
	}
	r, err := a.GetCompletionReport(ctx, campaign)
	if err != nil {
		t.Fatal(err)
	}
	if r.Campaign.Version != 3 || r.InProgress != 1 || r.Rows[0].DisplayName != "A" {
		t.Fatalf("report %+v: each event must be applied once", r)
	}
	if _, err := mem.Get(ctx, app.ReportKeyPrefix+campaign); err != nil {
		t.Fatalf("report not cached: %v", err)
	}

	// An event for the campaign drops its cached report once it commits.
	submitted := event(t, "e4", &submissionv1.SubmissionSubmitted{Submission: campaign + "/submissions/a", Campaign: campaign})
	if err := c.Handle(ctx, submitted); err != nil {
		t.Fatal(err)
	}
	if _, err := mem.Get(ctx, app.ReportKeyPrefix+campaign); !errors.Is(err, cache.ErrMiss) {
		t.Fatalf("cached report kept after an event: %v", err)
	}
	if r, _ := a.GetCompletionReport(ctx, campaign); r.Submitted != 1 || r.Rows[0].State() != domain.Submitted {
		t.Fatalf("report %+v", r)
	}

	// Returned, then organisations added and the campaign renamed, each
	// delivered twice: applied once each.
	returned := event(t, "e9", &submissionv1.SubmissionReturned{Submission: campaign + "/submissions/a", Campaign: campaign,
		ReturnTime: timestamppb.New(at.Add(time.Hour))})
	added := event(t, "e10", &submissionv1.CampaignOrganisationsAdded{
		Campaign:    &submissionv1.Campaign{Name: campaign, DisplayName: "Section 11", State: submissionv1.CampaignState_CAMPAIGN_STATE_OPEN},
		Submissions: []*submissionv1.LaunchedSubmission{{Name: campaign + "/submissions/b", Organisation: "organisations/b"}}})
	renamed := event(t, "e11", &submissionv1.CampaignUpdated{
		Campaign:      &submissionv1.Campaign{Name: campaign, DisplayName: "Section 11 (2026)", State: submissionv1.CampaignState_CAMPAIGN_STATE_OPEN},
		ChangedFields: []string{"display_name"}})
	renamed.Time = at.Add(time.Minute)
	for _, ev := range []natsbus.Event{returned, added, returned, renamed, added, renamed, launch} {
		if err := c.Handle(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	r, err = a.GetCompletionReport(ctx, campaign)
	if err != nil || r.Campaign.Version != 7 || r.Total != 2 || r.Returned != 1 || r.NotStarted != 1 || r.Campaign.DisplayName != "Section 11 (2026)" {
		t.Fatalf("report %+v %v", r, err)
	}
	accepted := event(t, "e12", &submissionv1.SubmissionAccepted{Submission: campaign + "/submissions/b", Campaign: campaign})
	for _, ev := range []natsbus.Event{accepted, accepted} {
		if err := c.Handle(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	if r, _ := a.GetCompletionReport(ctx, campaign); r.Campaign.Version != 8 || r.Accepted != 1 || r.Rows[1].State() != domain.Accepted {
		t.Fatalf("report %+v", r)
	}

	// Ignored, or dropped as never applicable: acknowledged, nothing written.
	draft := &submissionv1.Campaign{Name: "partnerships/north/campaigns/draft", DisplayName: "Draft",
		State: submissionv1.CampaignState_CAMPAIGN_STATE_DRAFT}
	for _, ev := range []natsbus.Event{
		event(t, "e5", &submissionv1.CampaignCreated{Campaign: &submissionv1.Campaign{Name: campaign}}),
		event(t, "e6", &directoryv1.PartnershipCreated{Partnership: &directoryv1.Partnership{Name: "partnerships/north"}}),
		{ID: "e7", Type: "assure.submission.v1.AnswersSaved", Data: []byte{0xff, 0xff}},
		event(t, "e8", &submissionv1.AnswersSaved{Campaign: campaign}),
		event(t, "e13", &submissionv1.CampaignClosed{Campaign: &submissionv1.Campaign{Name: campaign}}),
		event(t, "e14", &submissionv1.ActionChanged{Organisation: "organisations/a"}),
		event(t, "e15", &submissionv1.EvidenceUploaded{}),
		event(t, "e16", &submissionv1.SubmissionReturned{Campaign: campaign}),
		event(t, "e17", &submissionv1.CampaignUpdated{}),
		{ID: "e18", Type: "assure.submission.v1.SubmissionAccepted", Data: []byte{0xff, 0xff}},
	} {
		if err := c.Handle(ctx, ev); err != nil {
			t.Fatalf("%s: %v", ev.ID, err)
		}
	}
	// A draft's update and organisations added to it are applied but
	// record nothing.
	for _, ev := range []natsbus.Event{
		event(t, "e19", &submissionv1.CampaignUpdated{Campaign: draft}),
		event(t, "e20", &submissionv1.CampaignOrganisationsAdded{Campaign: draft}),
	} {
		if err := c.Handle(ctx, ev); err != nil {
			t.Fatalf("%s: %v", ev.ID, err)
		}
	}
	if _, err := a.GetCompletionReport(ctx, draft.GetName()); failure.KindOf(err) != failure.KindNotFound {
		t.Fatalf("draft: %v", err)
	}
	var recorded int
	// Ten events about campaigns and returns, the partnership (whose hub
	// the hub benchmark needs) and the action (for the action report).
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM inbox WHERE consumer = $1`, events.Service).Scan(&recorded); err != nil || recorded != 12 {
		t.Fatalf("inbox holds %d events (%v), want 12", recorded, err)
	}
	if n, _ := freshness(t, reader); n != 12 {
		t.Fatalf("freshness recorded %d events, want 12", n)
	}
}
