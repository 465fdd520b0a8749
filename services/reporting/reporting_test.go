package reporting_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/cache"
	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/pkg/testinfra"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	"github.com/assure-audit/assure/services/reporting"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// publisher sends events the way the outbox relay does and counts those the
// reporting service applies.
type publisher struct {
	t       *testing.T
	bus     *natsbus.Bus
	applied atomic.Int64
}

// publish sends msg as event of service, happening at at, under a new
// event id.
func (p *publisher) publish(service, event string, at time.Time, msg proto.Message) {
	p.t.Helper()
	testinfra.PublishAt(p.t, p.bus, service, event, at, msg)
	if typ := string(msg.ProtoReflect().Descriptor().FullName()); !strings.HasSuffix(typ, "Created") || typ == "assure.directory.v1.OrganisationCreated" {
		p.applied.Add(1)
	}
}

func launched(campaign, display string, orgs ...string) *submissionv1.CampaignLaunched {
	m := &submissionv1.CampaignLaunched{Campaign: &submissionv1.Campaign{Name: campaign, DisplayName: display,
		DueTime: timestamppb.New(time.Date(2026, 10, 30, 17, 0, 0, 0, time.UTC)), State: submissionv1.CampaignState_CAMPAIGN_STATE_OPEN}}
	for _, o := range orgs {
		m.Campaign.Organisations = append(m.Campaign.Organisations, "organisations/"+o)
		m.Submissions = append(m.Submissions, &submissionv1.LaunchedSubmission{Name: campaign + "/submissions/" + o, Organisation: "organisations/" + o})
	}
	return m
}

func saved(campaign, org string, at time.Time) *submissionv1.AnswersSaved {
	return &submissionv1.AnswersSaved{Submission: campaign + "/submissions/" + org, Campaign: campaign,
		QuestionKeys: []string{"q1"}, State: submissionv1.SubmissionState_SUBMISSION_STATE_IN_PROGRESS, SaveTime: timestamppb.New(at)}
}

func submitted(campaign, org string, at time.Time) *submissionv1.SubmissionSubmitted {
	return &submissionv1.SubmissionSubmitted{Submission: campaign + "/submissions/" + org, Campaign: campaign,
		Organisation: "organisations/" + org, SubmitTime: timestamppb.New(at)}
}

func organisation(id, display string) *directoryv1.OrganisationCreated {
	return &directoryv1.OrganisationCreated{Organisation: &directoryv1.Organisation{Name: "organisations/" + id, DisplayName: display,
		Type: directoryv1.OrganisationType_ORGANISATION_TYPE_OTHER, Partnerships: []string{"partnerships/north"}}}
}

// summary is a report in one line: counts, then each row as
// organisation=display name:state.
func summary(r *reportingv1.CompletionReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%q %d/%d/%d/%d", r.GetCampaignDisplayName(), r.GetTotal(), r.GetNotStarted(), r.GetInProgress(), r.GetSubmitted())
	for _, o := range r.GetOrganisations() {
		fmt.Fprintf(&b, " %s=%s:%s", strings.TrimPrefix(o.GetOrganisation(), "organisations/"), o.GetDisplayName(), o.GetState())
	}
	return b.String()
}

// waitFor polls until campaign's report summary is want and returns it.
func waitFor(t *testing.T, c reportingv1.ReportingServiceClient, campaign, want string) *reportingv1.CompletionReport {
	t.Helper()
	var r *reportingv1.CompletionReport
	var err error
	testinfra.Eventually(t, 10*time.Second, campaign+" report "+want, func() bool {
		r, err = c.GetCompletionReport(context.Background(), &reportingv1.GetCompletionReportRequest{Campaign: campaign})
		return err == nil && summary(r) == want
	})
	return r
}

func freshnessCount(t *testing.T, r *sdkmetric.ManualReader) int64 {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if h, ok := m.Data.(metricdata.Histogram[float64]); ok && m.Name == "assure_reporting_freshness_seconds" {
				for _, dp := range h.DataPoints {
					n += int64(dp.Count)
				}
			}
		}
	}
	return n
}

func TestReporting(t *testing.T) {
	redis, err := cache.NewRedis(context.Background(), testinfra.RedisURL(), testinfra.RedisPrefix(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { redis.Close() })
	for _, in := range testinfra.Infras(t, "reporting") {
		t.Run(in.Name, func(t *testing.T) {
			ctx := context.Background()
			// Reports are cached in Redis beside PostgreSQL, in process
			// beside SQLite.
			var reports cache.Cache = cache.NewMemory()
			if in.DB.Dialect == store.Postgres {
				reports = redis
			}
			reader := sdkmetric.NewManualReader()
			conn := testinfra.StartService(t, func(ctx context.Context) (*reporting.Service, error) {
				return reporting.New(ctx, reporting.Config{}, reporting.Deps{DB: in.DB, Bus: in.Bus, Logger: logging.Discard(),
					Cache: reports, MeterProvider: sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))})
			})
			c := reportingv1.NewReportingServiceClient(conn)
			p := &publisher{t: t, bus: in.Bus}
			base := time.Now().UTC().Truncate(time.Second).Add(-time.Hour)
			s11 := "partnerships/north/campaigns/s11-2026"

			if _, err := c.GetCompletionReport(ctx, &reportingv1.GetCompletionReportRequest{Campaign: s11}); status.Code(err) != codes.NotFound {
				t.Fatalf("unknown campaign: %v", err)
			}
			if _, err := c.GetCompletionReport(ctx, &reportingv1.GetCompletionReportRequest{Campaign: "partnerships/north/s11"}); status.Code(err) != codes.InvalidArgument {
				t.Fatalf("malformed campaign: %v", err)
			}

			// Types the service does not use are passed over.
			p.publish("directory", "partnership.created", base, &directoryv1.PartnershipCreated{Partnership: &directoryv1.Partnership{Name: "partnerships/north"}})
			p.publish("submission", "campaign.created", base, &submissionv1.CampaignCreated{Campaign: launched(s11, "Section 11 audit 2026").GetCampaign()})
			p.publish("directory", "organisation.created", base, organisation("police", "Northshire Police"))
			launch := launched(s11, "Section 11 audit 2026", "police", "health-trust", "a-school")
			p.publish("submission", "campaign.launched", base.Add(time.Minute), launch)
			r := waitFor(t, c, s11, `"Section 11 audit 2026" 3/3/0/0 a-school=:NOT_STARTED health-trust=:NOT_STARTED police=Northshire Police:NOT_STARTED`)
			if first := r.GetOrganisations()[0]; !r.GetAsOfTime().AsTime().Equal(base.Add(time.Minute)) ||
				first.GetSubmission() != s11+"/submissions/a-school" || first.GetLastActivityTime() != nil {
				t.Fatalf("report %v", r)
			}
			if _, err := reports.Get(ctx, "completion:"+s11); err != nil {
				t.Fatalf("report not cached: %v", err)
			}

			// Each event shows at once: the cached report is never served stale.
			p.publish("submission", "answers.saved", base.Add(2*time.Minute), saved(s11, "health-trust", base.Add(2*time.Minute)))
			waitFor(t, c, s11, `"Section 11 audit 2026" 3/2/1/0 a-school=:NOT_STARTED health-trust=:IN_PROGRESS police=Northshire Police:NOT_STARTED`)
			p.publish("directory", "organisation.created", base.Add(2*time.Minute), organisation("health-trust", "Northshire Health"))
			waitFor(t, c, s11, `"Section 11 audit 2026" 3/2/1/0 a-school=:NOT_STARTED health-trust=Northshire Health:IN_PROGRESS police=Northshire Police:NOT_STARTED`)

			// Out of order: a save that happened before the submission but
			// arrives after it never takes the state back, nor the activity
			// or as-of time. The same launch again under a new message id (a
			// redelivery the broker cannot recognise) changes nothing either.
			// The police save after them, on the same stream, shows they have
			// been applied.
			p.publish("directory", "organisation.created", base, organisation("a-school", "A School"))
			p.publish("submission", "submission.submitted", base.Add(4*time.Minute), submitted(s11, "a-school", base.Add(4*time.Minute)))
			p.publish("submission", "answers.saved", base.Add(3*time.Minute), saved(s11, "a-school", base.Add(3*time.Minute)))
			p.publish("submission", "campaign.launched", base.Add(time.Minute), launch)
			p.publish("submission", "answers.saved", base.Add(3*time.Minute), saved(s11, "police", base.Add(3*time.Minute)))
			r = waitFor(t, c, s11, `"Section 11 audit 2026" 3/0/2/1 a-school=A School:SUBMITTED health-trust=Northshire Health:IN_PROGRESS police=Northshire Police:IN_PROGRESS`)
			if at := r.GetOrganisations()[0].GetLastActivityTime().AsTime(); !at.Equal(base.Add(4 * time.Minute)) {
				t.Fatalf("last activity %v", at)
			}
			if at := r.GetAsOfTime().AsTime(); !at.Equal(base.Add(4 * time.Minute)) {
				t.Fatalf("as of %v", at)
			}

			// Submitted before the launch is seen: the launch does not take
			// it back to not started.
			s175 := "partnerships/north/campaigns/s175-2026"
			p.publish("submission", "submission.submitted", base.Add(5*time.Minute), submitted(s175, "school-b", base.Add(5*time.Minute)))
			waitFor(t, c, s175, `"" 1/0/0/1 school-b=:SUBMITTED`)
			p.publish("submission", "campaign.launched", base.Add(time.Minute), launched(s175, "Section 175 audit 2026", "school-b", "school-a"))
			r = waitFor(t, c, s175, `"Section 175 audit 2026" 2/1/0/1 school-a=:NOT_STARTED school-b=:SUBMITTED`)
			if at := r.GetAsOfTime().AsTime(); !at.Equal(base.Add(5 * time.Minute)) {
				t.Fatalf("as of %v", at)
			}

			// Every applied event's freshness is measured.
			want := p.applied.Load()
			testinfra.Eventually(t, 5*time.Second, fmt.Sprintf("%d freshness measurements", want), func() bool {
				return freshnessCount(t, reader) == want
			})
		})
	}
}
