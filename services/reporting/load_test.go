package reporting_test

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/grpcserver"
	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/pkg/testinfra"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"github.com/assure-audit/assure/services/reporting"
	"github.com/jackc/pgx/v5"
	"go.opentelemetry.io/otel/metric"
	"google.golang.org/protobuf/types/known/timestamppb"
)

var (
	loadOrgs      = flag.Int("report-orgs", 1700, "organisations in the campaign BenchmarkCampaign loads")
	loadQuestions = flag.Int("report-questions", 150, "questions of its template (every tenth a number, the rest ratings)")
)

// dashboardSamples is how many times the dashboard is fetched for its
// percentiles.
const dashboardSamples = 40

// BenchmarkCampaign loads one campaign through the event path (a published
// template, -report-orgs organisations, the launch in events of 500
// submissions, one answers.saved event per return with every answer) into
// PostgreSQL over real NATS, and measures: the read model filled from the
// backlog; the same again with -rebuild-reporting; the dashboard (completion
// and ratings matrix) p50/p95; and the full answer export paged through the
// API against COPY … TO STDOUT of the same rows in the same database. It
// does its own repetitions: run it with -benchtime 1x and ASSURE_LOAD=1
// (make bench).
func BenchmarkCampaign(b *testing.B) {
	url, db, bus := loadInfra(b)
	orgs, questions := *loadOrgs, *loadQuestions
	const campaign = "partnerships/north/campaigns/s11"
	at := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)

	published := time.Now()
	events := publishCampaign(b, bus, campaign, at, orgs, questions)
	b.Logf("published %d events (%d answers) in %v", events, orgs*questions, time.Since(published).Round(time.Millisecond))

	fill := func(rebuild bool) time.Duration {
		start := time.Now()
		_, stop := runReporting(b, db, bus, reporting.Config{Rebuild: rebuild})
		waitAnswers(b, db, orgs*questions)
		took := time.Since(start)
		stop()
		return took
	}
	first := fill(false)
	rebuilt := fill(true)

	svc, stop := runReporting(b, db, bus, reporting.Config{})
	b.Cleanup(stop)
	c := reportingv1.NewReportingServiceClient(testinfra.ServeGRPCWith(b, grpcserver.Options{}, svc.RegisterGRPC))
	p50, p95 := measureDashboard(b, c, campaign, orgs)
	rows, exportRate, copyRate := measureExport(b, c, url, campaign)
	if rows != orgs*questions {
		b.Fatalf("exported %d rows, want %d", rows, orgs*questions)
	}
	b.ReportMetric(p50, "ms-dashboard-p50")
	b.ReportMetric(p95, "ms-dashboard-p95")
	b.ReportMetric(exportRate, "rows/s-export")
	b.ReportMetric(copyRate, "rows/s-copy")
	b.ReportMetric(exportRate/copyRate, "export/copy")
	b.ReportMetric(float64(events)/first.Seconds(), "events/s-first")
	b.ReportMetric(float64(events)/rebuilt.Seconds(), "events/s-rebuild")
	b.ReportMetric(float64(orgs*questions)/rebuilt.Seconds(), "answers/s-rebuild")
}

// loadInfra skips b unless the load benchmarks were asked for, and gives
// it a PostgreSQL database of its own (its URL, and opened on the
// reporting schema) and a NATS bus.
func loadInfra(b *testing.B) (string, *store.DB, *natsbus.Bus) {
	if os.Getenv("ASSURE_LOAD") == "" {
		b.Skip("load benchmark: set ASSURE_LOAD=1 (make bench)")
	}
	url := testinfra.Postgres(b)
	db, err := store.Open(context.Background(), store.Config{PostgresURL: url, Schema: "reporting"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return url, db, testinfra.Bus(b)
}

// measureDashboard fetches the campaign's dashboard (completion report
// and ratings matrix) dashboardSamples times and returns the p50 and p95
// in milliseconds.
func measureDashboard(b *testing.B, c reportingv1.ReportingServiceClient, campaign string, orgs int) (p50, p95 float64) {
	b.Helper()
	ctx := context.Background()
	var dash []time.Duration
	for range dashboardSamples {
		start := time.Now()
		comp, err := c.GetCompletionReport(ctx, &reportingv1.GetCompletionReportRequest{Campaign: campaign})
		if err != nil || int(comp.GetTotal()) != orgs {
			b.Fatalf("completion %v %v", comp.GetTotal(), err)
		}
		r, err := c.GetRatingsReport(ctx, &reportingv1.GetRatingsReportRequest{Campaign: campaign})
		if err != nil || len(r.GetRows()) != orgs {
			b.Fatalf("ratings %d rows %v", len(r.GetRows()), err)
		}
		dash = append(dash, time.Since(start))
	}
	slices.Sort(dash)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	return ms(dash[len(dash)/2]), ms(dash[len(dash)*95/100])
}

// measureExport pages through the campaign's answers as the CSV export
// does and then has PostgreSQL COPY the same rows out, returning the rows
// and both rates in rows a second.
func measureExport(b *testing.B, c reportingv1.ReportingServiceClient, url, campaign string) (rows int, export, copied float64) {
	b.Helper()
	start := time.Now()
	token := ""
	for {
		page, err := c.ListAnswerRows(context.Background(), &reportingv1.ListAnswerRowsRequest{Campaign: campaign, PageSize: 5000, PageToken: token})
		if err != nil {
			b.Fatal(err)
		}
		rows += len(page.GetRows())
		if token = page.GetNextPageToken(); token == "" {
			break
		}
	}
	took := time.Since(start)
	start, returns := time.Now(), 0
	for token = ""; ; {
		page, err := c.ListSubmissionRows(context.Background(), &reportingv1.ListSubmissionRowsRequest{Campaign: campaign, PageSize: 500, PageToken: token})
		if err != nil {
			b.Fatal(err)
		}
		returns += len(page.GetRows())
		if token = page.GetNextPageToken(); token == "" {
			break
		}
	}
	b.ReportMetric(time.Since(start).Seconds(), "s-returns-export")
	n, copyTook := copyAnswers(b, url, campaign)
	if n != int64(rows) {
		b.Fatalf("COPY gave %d rows, the export %d", n, rows)
	}
	return rows, float64(rows) / took.Seconds(), float64(n) / copyTook.Seconds()
}

// runReporting builds and runs a reporting service on db and bus until
// stop is called.
func runReporting(b *testing.B, db *store.DB, bus *natsbus.Bus, cfg reporting.Config) (svc *reporting.Service, stop func()) {
	return runReportingWith(b, db, bus, cfg, nil)
}

// runReportingWith is runReporting with its metrics sent to mp.
func runReportingWith(b *testing.B, db *store.DB, bus *natsbus.Bus, cfg reporting.Config, mp metric.MeterProvider) (svc *reporting.Service, stop func()) {
	b.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	svc, err := reporting.New(ctx, cfg, reporting.Deps{DB: db, Bus: bus, Logger: logging.Discard(), MeterProvider: mp})
	if err != nil {
		cancel()
		b.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = svc.Run(ctx); close(done) }()
	return svc, func() { cancel(); <-done }
}

// publishCampaign publishes the template, organisations, launch and one
// save per return, returning how many events it published.
func publishCampaign(b *testing.B, nb *natsbus.Bus, campaign string, at time.Time, orgs, questions int) int {
	b.Helper()
	sections, grades := loadTemplate(questions)
	version := "partnerships/north/templates/s11/versions/1"
	testinfra.PublishAt(b, nb, "template", "version.published", at, &templatev1.TemplateVersionPublished{Version: &templatev1.TemplateVersion{
		Name: version, Version: 1, Template: &templatev1.Template{Name: "partnerships/north/templates/s11", DisplayName: "S11", Sections: sections}}})
	events := 1
	var subs []*submissionv1.LaunchedSubmission
	for o := 0; o < orgs; o++ {
		id := fmt.Sprintf("org-%05d", o)
		testinfra.PublishAt(b, nb, "directory", "organisation.created", at, &directoryv1.OrganisationCreated{
			Organisation: &directoryv1.Organisation{Name: "organisations/" + id, DisplayName: "Organisation " + id,
				Type: directoryv1.OrganisationType(1 + o%5), Partnerships: []string{"partnerships/north"}}})
		subs = append(subs, &submissionv1.LaunchedSubmission{Name: campaign + "/submissions/" + id,
			Organisation: "organisations/" + id, Partnerships: []string{"partnerships/north"}})
		events++
	}
	for i := 0; i < len(subs); i += 500 {
		testinfra.PublishAt(b, nb, "submission", "campaign.launched", at, &submissionv1.CampaignLaunched{Campaign: &submissionv1.Campaign{
			Name: campaign, DisplayName: "Section 11", TemplateVersion: version, State: submissionv1.CampaignState_CAMPAIGN_STATE_OPEN,
			DueTime: timestamppb.New(at.AddDate(0, 2, 0))}, Submissions: subs[i:min(i+500, len(subs))]})
		events++
	}
	for o, s := range subs {
		save := &submissionv1.AnswersSaved{Submission: s.GetName(), Campaign: campaign,
			State: submissionv1.SubmissionState_SUBMISSION_STATE_IN_PROGRESS, SaveTime: timestamppb.New(at.Add(time.Hour))}
		for q := 0; q < questions; q++ {
			a := &submissionv1.Answer{QuestionKey: fmt.Sprintf("q%d", q), Version: 1, Grade: grades[(o+q)%3].GetValue()}
			if q%10 == 9 {
				a.Grade, a.Number = "", strconv.Itoa(o%97)
			}
			save.QuestionKeys = append(save.QuestionKeys, a.GetQuestionKey())
			save.Answers = append(save.Answers, a)
		}
		testinfra.PublishAt(b, nb, "submission", "answers.saved", at.Add(time.Hour), save)
		events++
	}
	return events
}

// loadTemplate is a template of questions questions in standards of 15,
// every tenth a number and the rest ratings on grades.
func loadTemplate(questions int) (sections []*templatev1.Section, grades []*templatev1.Grade) {
	grades = []*templatev1.Grade{{Value: "red", Label: "Not met", Colour: "#d4351c", Score: 1},
		{Value: "amber", Label: "Partly met", Colour: "#f47738", Score: 2},
		{Value: "green", Label: "Fully met", Colour: "#00703c", Score: 3}}
	for q := range questions {
		if q%15 == 0 {
			sections = append(sections, &templatev1.Section{Code: fmt.Sprintf("S%d", q/15+1), Title: fmt.Sprintf("Standard %d", q/15+1)})
		}
		question := &templatev1.Question{Key: fmt.Sprintf("q%d", q), Text: fmt.Sprintf("Question %d", q),
			Type: &templatev1.Question_Rating{Rating: &templatev1.RatingScale{Grades: grades}}}
		if q%10 == 9 {
			question.Type = &templatev1.Question_Number{Number: &templatev1.NumberType{}}
		}
		s := sections[len(sections)-1]
		s.Questions = append(s.Questions, question)
	}
	return sections, grades
}

// waitSubmitted waits until the read model holds n returns handed in.
func waitSubmitted(b *testing.B, db *store.DB, n int) {
	b.Helper()
	deadline := time.Now().Add(10 * time.Minute)
	for time.Now().Before(deadline) {
		var got int
		if err := db.QueryRow(`SELECT COUNT(*) FROM reporting_submissions WHERE review_state = 3`).Scan(&got); err == nil && got == n {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.Fatalf("the read model did not reach %d returns handed in", n)
}

// waitAnswers waits until the read model holds n answers.
func waitAnswers(b *testing.B, db *store.DB, n int) {
	b.Helper()
	deadline := time.Now().Add(10 * time.Minute)
	for time.Now().Before(deadline) {
		var got int
		if err := db.QueryRow(`SELECT COUNT(*) FROM reporting_answers`).Scan(&got); err == nil && got == n {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.Fatalf("the read model did not reach %d answers", n)
}

// copyAnswers is the ceiling of an export: the same rows, joined the same
// way, written by PostgreSQL itself as CSV.
func copyAnswers(b *testing.B, url, campaign string) (int64, time.Duration) {
	b.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	start := time.Now()
	tag, err := conn.PgConn().CopyTo(ctx, io.Discard, `COPY (SELECT s.organisation, o.display_name, o.type, a.submission, s.work_state,
		a.question_key, a.value, a.update_time FROM reporting.reporting_answers a
		JOIN reporting.reporting_submissions s ON s.name = a.submission
		LEFT JOIN reporting.reporting_organisations o ON o.name = s.organisation
		WHERE s.campaign = '`+campaign+`' ORDER BY o.display_name, a.submission) TO STDOUT WITH (FORMAT csv)`)
	if err != nil {
		b.Fatal(err)
	}
	return tag.RowsAffected(), time.Since(start)
}
