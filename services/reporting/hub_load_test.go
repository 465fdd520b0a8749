package reporting_test

import (
	"context"
	"flag"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/assure-audit/assure/pkg/grpcserver"
	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/outbox"
	"github.com/assure-audit/assure/pkg/testinfra"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"github.com/assure-audit/assure/services/reporting"
	"github.com/assure-audit/assure/services/reporting/internal/events"
)

var (
	hubPartnerships = flag.Int("hub-partnerships", 10, "partnerships of the hub BenchmarkHub loads")
	hubOrgs         = flag.Int("hub-orgs", 20000, "organisations across them")
	hubCycles       = flag.Int("hub-cycles", 3, "campaigns per partnership, one a year")
	hubQuestions    = flag.Int("hub-questions", 150, "questions of the template")
	autosaveRate    = flag.Int("autosave-rate", 200, "saves per second while freshness is measured")
	autosaveFor     = flag.Duration("autosave-for", 30*time.Second, "how long freshness is measured")
)

// partnershipSizes splits orgs between n partnerships unevenly, as real
// areas are: with 20,000 in 10 the first has 1,700 and the others 1,600
// to 2,500.
func partnershipSizes(orgs, n int) []int {
	shape := []float64{0.85, 1.25, 0.9, 1.1, 0.95, 1.05, 1.0, 0.8, 1.2, 0.9}
	sizes := make([]int, n)
	left := orgs
	for i := range sizes {
		if i == n-1 {
			sizes[i] = left
			break
		}
		sizes[i] = int(math.Round(float64(orgs) / float64(n) * shape[i%len(shape)]))
		left -= sizes[i]
	}
	return sizes
}

// BenchmarkHub loads a hub's worth of audits through the real event path:
// -hub-partnerships partnerships of -hub-orgs organisations, each running
// -hub-cycles yearly campaigns of a -hub-questions template, every return
// answered in full (by default 10 × 20,000 × 3 × 150: 9,000,000 answers),
// every return of past years and 70% of this year's handed in. The events
// are published to NATS first; a fresh reporting service then fills its
// read model from the streams, as -rebuild-reporting does after clearing
// it. On the full dataset it measures the dashboard (completion and
// ratings matrix) and the answer export of this year's campaign of the
// first partnership (1,700 organisations) against COPY, and then how fresh
// the read model stays under a steady autosave load of -autosave-rate
// saves a second. Run it with -benchtime 1x and ASSURE_LOAD=1.
func BenchmarkHub(b *testing.B) {
	url, db, bus := loadInfra(b)
	questions := *hubQuestions
	sizes := partnershipSizes(*hubOrgs, *hubPartnerships)

	published := time.Now()
	h := publishHub(b, bus, sizes, *hubCycles, questions)
	b.Logf("published %d events (%d answers, %d returns) in %v", h.events, h.answers, h.returns, time.Since(published).Round(time.Second))

	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	start := time.Now()
	svc, stop := runReportingWith(b, db, bus, reporting.Config{}, mp)
	b.Cleanup(stop)
	waitAnswers(b, db, h.answers)
	waitSubmitted(b, db, h.submitted)
	filled := time.Since(start)
	b.Logf("read model filled from the streams in %v", filled.Round(time.Second))

	c := reportingv1.NewReportingServiceClient(testinfra.ServeGRPCWith(b, grpcserver.Options{}, svc.RegisterGRPC))
	p50, p95 := measureDashboard(b, c, h.campaign, sizes[0])
	rows, exportRate, copyRate := measureExport(b, c, url, h.campaign)
	if rows != sizes[0]*questions {
		b.Fatalf("exported %d rows, want %d", rows, sizes[0]*questions)
	}

	// Freshness under steady autosave: saves of three answers each to
	// this year's returns, -autosave-rate a second, each stamped with the
	// time it is published; the service records how long each took to
	// reach the read model.
	before := freshnessOf(b, reader)
	saves := autosave(b, bus, h.current, questions, *autosaveRate, *autosaveFor)
	deadline := time.Now().Add(2 * time.Minute)
	var after freshness
	for {
		after = freshnessOf(b, reader)
		if after.count-before.count >= uint64(saves) || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	load := after.minus(before)
	if load.count < uint64(saves) {
		b.Fatalf("only %d of %d saves applied", load.count, saves)
	}

	b.ReportMetric(float64(h.events)/filled.Seconds(), "events/s-fill")
	b.ReportMetric(float64(h.answers)/filled.Seconds(), "answers/s-fill")
	b.ReportMetric(p50, "ms-dashboard-p50")
	b.ReportMetric(p95, "ms-dashboard-p95")
	b.ReportMetric(exportRate, "rows/s-export")
	b.ReportMetric(copyRate, "rows/s-copy")
	b.ReportMetric(exportRate/copyRate, "export/copy")
	b.ReportMetric(float64(saves)/autosaveFor.Seconds(), "saves/s-autosave")
	b.ReportMetric(load.mean()*1000, "ms-freshness-mean")
	b.ReportMetric(load.quantile(0.5)*1000, "ms-freshness-p50-bucket")
	b.ReportMetric(load.quantile(0.99)*1000, "ms-freshness-p99-bucket")
}

// hub is what publishHub published.
type hub struct {
	events, answers, returns, submitted int
	// campaign is this year's campaign of the first partnership.
	campaign string
	// current are the submissions of this year's campaigns.
	current []string
}

// publishHub publishes the partnerships, organisations, template,
// launches, saves and hand-ins of the hub, the saves and hand-ins four at
// a time as they are made.
func publishHub(b *testing.B, bus *natsbus.Bus, sizes []int, cycles, questions int) hub {
	b.Helper()
	at := time.Date(2024, 9, 1, 9, 0, 0, 0, time.UTC)
	var h hub
	publish := func(service, event string, when time.Time, msg proto.Message) error {
		data, err := proto.Marshal(msg)
		if err != nil {
			return err
		}
		return bus.Publish(context.Background(), bus.Subject(service, event), testinfra.UniqueName(), data, map[string]string{
			outbox.HeaderEventType: string(msg.ProtoReflect().Descriptor().FullName()),
			outbox.HeaderEventTime: when.UTC().Format(time.RFC3339Nano)})
	}
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	for _, s := range []string{"template", "directory", "submission"} {
		must(bus.EnsureStream(context.Background(), s))
	}
	sections, grades := loadTemplate(questions)
	const version = "hubs/default/templates/s11/versions/1"
	must(publish("template", "version.published", at, &templatev1.TemplateVersionPublished{Version: &templatev1.TemplateVersion{
		Name: version, Version: 1, Template: &templatev1.Template{Name: "hubs/default/templates/s11", DisplayName: "S11", Sections: sections}}}))
	h.events++
	// The saves and hand-ins go to four publishers as they are made, so
	// the 9 million answers are never all in memory.
	type work struct {
		save   *submissionv1.AnswersSaved
		submit *submissionv1.SubmissionSubmitted
		when   time.Time
	}
	saves := make(chan work, 256)
	var wg sync.WaitGroup
	var failed error
	var mu sync.Mutex
	for range 4 {
		wg.Go(func() {
			for w := range saves {
				err := publish("submission", "answers.saved", w.when, w.save)
				if err == nil && w.submit != nil {
					err = publish("submission", "submission.submitted", w.when.Add(time.Hour), w.submit)
				}
				if err != nil {
					mu.Lock()
					failed = err
					mu.Unlock()
				}
			}
		})
	}
	for p, size := range sizes {
		partnership := fmt.Sprintf("partnerships/p%02d", p)
		must(publish("directory", "partnership.created", at, &directoryv1.PartnershipCreated{
			Partnership: &directoryv1.Partnership{Name: partnership, DisplayName: fmt.Sprintf("Partnership %d", p), Hub: "default"}}))
		h.events++
		var orgs []string
		for o := range size {
			org := fmt.Sprintf("organisations/p%02d-org-%05d", p, o)
			orgs = append(orgs, org)
			must(publish("directory", "organisation.created", at, &directoryv1.OrganisationCreated{
				Organisation: &directoryv1.Organisation{Name: org, DisplayName: fmt.Sprintf("Organisation %d of %d", o, p),
					Type: directoryv1.OrganisationType(1 + o%5), Partnerships: []string{partnership}}}))
			h.events++
		}
		for cycle := range cycles {
			launched := at.AddDate(cycle, 0, 0)
			campaign := fmt.Sprintf("%s/campaigns/s11-%d", partnership, launched.Year())
			last := cycle == cycles-1
			if p == 0 && last {
				h.campaign = campaign
			}
			var subs []*submissionv1.LaunchedSubmission
			for _, org := range orgs {
				subs = append(subs, &submissionv1.LaunchedSubmission{Name: campaign + "/submissions/" + org[len("organisations/"):],
					Organisation: org, Partnerships: []string{partnership}})
			}
			for i := 0; i < len(subs); i += 500 {
				must(publish("submission", "campaign.launched", launched, &submissionv1.CampaignLaunched{Campaign: &submissionv1.Campaign{
					Name: campaign, DisplayName: fmt.Sprintf("Section 11 %d", launched.Year()), TemplateVersion: version,
					State: submissionv1.CampaignState_CAMPAIGN_STATE_OPEN, Partnerships: []string{partnership},
					DueTime: timestamppb.New(launched.AddDate(0, 2, 0))}, Submissions: subs[i:min(i+500, len(subs))]}))
				h.events++
			}
			for o, s := range subs {
				saved := launched.Add(time.Duration(o%600) * time.Hour)
				save := &submissionv1.AnswersSaved{Submission: s.GetName(), Campaign: campaign,
					State: submissionv1.SubmissionState_SUBMISSION_STATE_IN_PROGRESS, SaveTime: timestamppb.New(saved)}
				for q := range questions {
					// Grades improve a little each year.
					a := &submissionv1.Answer{QuestionKey: fmt.Sprintf("q%d", q), Version: 1, Grade: grades[min((o+q)%3+cycle%2, 2)].GetValue()}
					if q%10 == 9 {
						a.Grade, a.Number = "", strconv.Itoa(o%97)
					}
					save.QuestionKeys = append(save.QuestionKeys, a.GetQuestionKey())
					save.Answers = append(save.Answers, a)
				}
				w := work{save: save, when: saved}
				if !last || o%10 < 7 {
					w.submit = &submissionv1.SubmissionSubmitted{Submission: s.GetName(), Campaign: campaign,
						Organisation: s.GetOrganisation(), SubmitTime: timestamppb.New(saved.Add(time.Hour))}
					h.submitted++
				}
				saves <- w
				h.events++
				if w.submit != nil {
					h.events++
				}
				h.returns++
				h.answers += questions
				if last {
					h.current = append(h.current, s.GetName())
				}
			}
		}
	}
	close(saves)
	wg.Wait()
	must(failed)
	return h
}

// autosave publishes saves of three answers to random returns of subs,
// rate a second for d, each stamped with the moment it is published, and
// returns how many it published.
func autosave(b *testing.B, bus *natsbus.Bus, subs []string, questions, rate int, d time.Duration) int {
	b.Helper()
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	end := time.Now().Add(d)
	n := 0
	for now := range tick.C {
		if now.After(end) {
			break
		}
		sub := subs[(n*7919)%len(subs)]
		campaign := sub[:strings.Index(sub, "/submissions/")]
		save := &submissionv1.AnswersSaved{Submission: sub, Campaign: campaign,
			State: submissionv1.SubmissionState_SUBMISSION_STATE_IN_PROGRESS, SaveTime: timestamppb.New(now)}
		for q := range 3 {
			// Three rating questions of one standard (qN0 to qN2).
			key := fmt.Sprintf("q%d", (n*3+q*41)%questions/10*10+q)
			save.QuestionKeys = append(save.QuestionKeys, key)
			save.Answers = append(save.Answers, &submissionv1.Answer{QuestionKey: key, Version: int64(2 + n), Grade: "green"})
		}
		testinfra.PublishAt(b, bus, "submission", "answers.saved", time.Now(), save)
		n++
	}
	return n
}

// savedType is the event type of answers.saved.
var savedType = string((&submissionv1.AnswersSaved{}).ProtoReflect().Descriptor().FullName())

// freshness is the freshness histogram of answers.saved events.
type freshness struct {
	bounds []float64
	counts []uint64
	count  uint64
	sum    float64
}

func freshnessOf(b *testing.B, r *sdkmetric.ManualReader) freshness {
	b.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.Collect(context.Background(), &rm); err != nil {
		b.Fatal(err)
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != events.FreshnessMetric {
				continue
			}
			for _, dp := range m.Data.(metricdata.Histogram[float64]).DataPoints {
				if v, _ := dp.Attributes.Value("event.type"); v.AsString() != savedType {
					continue
				}
				return freshness{bounds: dp.Bounds, counts: slices.Clone(dp.BucketCounts), count: dp.Count, sum: dp.Sum}
			}
		}
	}
	return freshness{}
}

// minus is what was recorded since before.
func (f freshness) minus(before freshness) freshness {
	out := f
	out.counts = slices.Clone(f.counts)
	for i := range before.counts {
		out.counts[i] -= before.counts[i]
	}
	out.count -= before.count
	out.sum -= before.sum
	return out
}

func (f freshness) mean() float64 { return f.sum / float64(f.count) }

// quantile is the upper bound of the bucket holding the q'th quantile.
func (f freshness) quantile(q float64) float64 {
	want := uint64(math.Ceil(q * float64(f.count)))
	var seen uint64
	for i, n := range f.counts {
		seen += n
		if seen >= want {
			if i < len(f.bounds) {
				return f.bounds[i]
			}
			return math.Inf(1)
		}
	}
	return math.Inf(1)
}
