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
	"github.com/assure-audit/assure/services/reporting/internal/app"
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
	if !passedOver[string(msg.ProtoReflect().Descriptor().FullName())] {
		p.applied.Add(1)
	}
}

// passedOver are the event types the reporting service acknowledges
// without applying.
var passedOver = map[string]bool{
	"assure.submission.v1.CampaignCreated":  true,
	"assure.submission.v1.CampaignOpened":   true,
	"assure.submission.v1.CampaignClosed":   true,
	"assure.submission.v1.CampaignArchived": true,
	"assure.submission.v1.EvidenceUploaded": true,
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

func added(campaign, display string, orgs ...string) *submissionv1.CampaignOrganisationsAdded {
	l := launched(campaign, display, orgs...)
	return &submissionv1.CampaignOrganisationsAdded{Campaign: l.GetCampaign(), Submissions: l.GetSubmissions()}
}

func renamed(campaign, display string, due time.Time) *submissionv1.CampaignUpdated {
	c := launched(campaign, display).GetCampaign()
	previous := c.GetDueTime()
	c.DueTime = timestamppb.New(due)
	return &submissionv1.CampaignUpdated{Campaign: c, ChangedFields: []string{"display_name", "due_time"}, PreviousDueTime: previous}
}

func returned(campaign, org string, at time.Time) *submissionv1.SubmissionReturned {
	return &submissionv1.SubmissionReturned{Submission: campaign + "/submissions/" + org, Campaign: campaign,
		Organisation: "organisations/" + org, Comments: []*submissionv1.QaComment{{QuestionKey: "q1", Text: "Evidence?"}},
		Person: "people/qa", ReturnTime: timestamppb.New(at)}
}

func accepted(campaign, org string, at time.Time) *submissionv1.SubmissionAccepted {
	return &submissionv1.SubmissionAccepted{Submission: campaign + "/submissions/" + org, Campaign: campaign,
		Organisation: "organisations/" + org, Person: "people/qa", AcceptTime: timestamppb.New(at)}
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
			if _, err := reports.Get(ctx, app.ReportKeyPrefix+s11); err != nil {
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

			// Sent back by QA: returned, which the counts give as in
			// progress (the report has no count of its own for it).
			minute := func(n int) time.Time { return base.Add(time.Duration(n) * time.Minute) }
			p.publish("submission", "submission.returned", minute(6), returned(s11, "a-school", minute(6)))
			waitFor(t, c, s11, `"Section 11 audit 2026" 3/0/3/0 a-school=A School:RETURNED health-trust=Northshire Health:IN_PROGRESS police=Northshire Police:IN_PROGRESS`)

			// Out of order: health-trust's return arrives before the
			// submission it followed. A save while returned keeps a-school
			// returned and moves its activity; its return again under a new
			// message id changes nothing. Police's submission after them
			// shows they have been applied.
			p.publish("submission", "submission.returned", minute(8), returned(s11, "health-trust", minute(8)))
			p.publish("submission", "submission.submitted", minute(7), submitted(s11, "health-trust", minute(7)))
			p.publish("submission", "answers.saved", minute(9), saved(s11, "a-school", minute(9)))
			p.publish("submission", "submission.returned", minute(6), returned(s11, "a-school", minute(6)))
			p.publish("submission", "submission.submitted", minute(9), submitted(s11, "police", minute(9)))
			r = waitFor(t, c, s11, `"Section 11 audit 2026" 3/0/2/1 a-school=A School:RETURNED health-trust=Northshire Health:RETURNED police=Northshire Police:SUBMITTED`)
			if at := r.GetOrganisations()[0].GetLastActivityTime().AsTime(); !at.Equal(minute(9)) {
				t.Fatalf("last activity %v", at)
			}

			// Resubmitted and accepted: accepted counts as submitted. The
			// return and the first submission redelivered after the
			// acceptance are older and change nothing.
			p.publish("submission", "submission.submitted", minute(10), submitted(s11, "a-school", minute(10)))
			p.publish("submission", "submission.returned", minute(6), returned(s11, "a-school", minute(6)))
			p.publish("submission", "submission.accepted", minute(11), accepted(s11, "a-school", minute(11)))
			p.publish("submission", "submission.submitted", minute(4), submitted(s11, "a-school", minute(4)))
			p.publish("submission", "submission.returned", minute(6), returned(s11, "a-school", minute(6)))
			p.publish("submission", "submission.submitted", minute(12), submitted(s11, "health-trust", minute(12)))
			waitFor(t, c, s11, `"Section 11 audit 2026" 3/0/0/3 a-school=A School:ACCEPTED health-trust=Northshire Health:SUBMITTED police=Northshire Police:SUBMITTED`)

			// Organisations added after the launch count. Out of order:
			// late-school submits before its addition arrives, and the
			// campaign is renamed before the addition (which carries the old
			// name) arrives; the launch and the addition redelivered after
			// them take back neither.
			p.publish("submission", "submission.submitted", minute(14), submitted(s11, "late-school", minute(14)))
			p.publish("submission", "campaign.updated", minute(13), renamed(s11, "Section 11 audit 2026 (extended)", time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC)))
			p.publish("submission", "campaign.organisations_added", minute(12), added(s11, "Section 11 audit 2026", "new-school", "late-school"))
			p.publish("submission", "campaign.launched", minute(1), launch)
			p.publish("submission", "campaign.organisations_added", minute(12), added(s11, "Section 11 audit 2026", "new-school", "late-school"))
			// Passed over: they change nothing the report shows.
			p.publish("submission", "campaign.closed", minute(15), &submissionv1.CampaignClosed{Campaign: launch.GetCampaign()})
			p.publish("submission", "campaign.archived", minute(16), &submissionv1.CampaignArchived{Campaign: launch.GetCampaign()})
			p.publish("submission", "action.created", minute(15), &submissionv1.ActionChanged{Organisation: "organisations/police"})
			p.publish("submission", "evidence.uploaded", minute(15), &submissionv1.EvidenceUploaded{})
			p.publish("directory", "organisation.created", minute(14), organisation("new-school", "New School"))
			r = waitFor(t, c, s11, `"Section 11 audit 2026 (extended)" 5/1/0/4 a-school=A School:ACCEPTED health-trust=Northshire Health:SUBMITTED `+
				`late-school=:SUBMITTED new-school=New School:NOT_STARTED police=Northshire Police:SUBMITTED`)
			if at := r.GetAsOfTime().AsTime(); !at.Equal(minute(14)) {
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
