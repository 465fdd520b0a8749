package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/outbox"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	_ "github.com/jackc/pgx/v5/stdlib"
)

// saver autosaves one submission, one answer at a time, keeping the
// version of each answer it was given back.
type saver struct {
	r        *rest
	name     string
	versions map[string]int64
	round    int
}

// save saves a new value of free-text question q|1 of a generated
// template (so every save changes the answer) and returns the time taken.
func (s *saver) save(q int) (time.Duration, error) {
	a := answerFor(q|1, s.round)
	a["version"] = s.versions[a["questionKey"].(string)]
	s.round++
	start := time.Now()
	code, body, err := s.r.call("POST", "/v1/"+s.name+":saveAnswers", map[string]any{"answers": []any{a}})
	took := time.Since(start)
	if err != nil {
		return took, err
	}
	if code != http.StatusOK {
		return took, fmt.Errorf("save %s: %d %v", s.name, code, body)
	}
	if len(asList(body["answers"])) == 0 {
		return took, fmt.Errorf("save %s of %v wrote nothing: %v", s.name, a, body)
	}
	for _, x := range asList(body["answers"]) {
		m := x.(map[string]any)
		s.versions[m["questionKey"].(string)] = int64(num(m["version"]))
	}
	return took, nil
}

// runFor runs loop on n goroutines until d has passed and reports the
// throughput and latency quantiles of what they recorded.
func runFor(b *testing.B, n int, d time.Duration, loop func(w int, until time.Time, l *latencies) error) {
	var l latencies
	var failures atomic.Int64
	var first atomic.Value
	until := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < n; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := loop(w, until, &l); err != nil {
				failures.Add(1)
				first.CompareAndSwap(nil, err.Error())
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if f := failures.Load(); f > 0 {
		b.Fatalf("%d workers failed; first: %v", f, first.Load())
	}
	b.ReportMetric(float64(l.count())/elapsed.Seconds(), "saves/s")
	b.ReportMetric(l.quantile(0.5), "p50-ms")
	b.ReportMetric(l.quantile(0.99), "p99-ms")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkLoadAutosave measures autosave through the REST edge with every
// service as its own process on PostgreSQL, at 1, 50 and 500 respondents
// each saving their own return one answer at a time, and beside each the
// same transaction run directly against PostgreSQL as the ceiling.
func BenchmarkLoadAutosave(b *testing.B) {
	loadEnabled(b)
	p := startPlatform(b)
	levels := []int{1, 50, 500}
	f := newFixture(b, p, "autosave", levels[len(levels)-1], 10)
	_, _, subs := f.launch(b, p, "autosave", "")
	db := submissionDB(b, p.pgURL)
	d := time.Duration(envInt("ASSURE_LOAD_SECONDS", 15)) * time.Second
	// One saver per return, kept across the levels, so each knows the
	// versions of its answers as a respondent's browser would.
	savers := make([]*saver, len(subs))
	for i, name := range subs {
		savers[i] = &saver{r: f.lead, name: name, versions: map[string]int64{}}
	}
	for _, n := range levels {
		b.Run(fmt.Sprintf("rest/respondents=%d", n), func(b *testing.B) {
			runFor(b, n, d, func(w int, until time.Time, l *latencies) error {
				s := savers[w]
				for q := 0; time.Now().Before(until); q = (q + 1) % 10 {
					took, err := s.save(q)
					if err != nil {
						return err
					}
					l.add(took)
				}
				return nil
			})
		})
		b.Run(fmt.Sprintf("postgres/respondents=%d", n), func(b *testing.B) {
			runFor(b, n, d, func(w int, until time.Time, l *latencies) error {
				for q := 0; time.Now().Before(until); q = (q + 1) % 10 {
					start := time.Now()
					if err := directSave(db, p.prefix, subs[w], q); err != nil {
						return err
					}
					l.add(time.Since(start))
				}
				return nil
			})
		})
	}
}

// submissionDB opens the submission service's schema directly.
func submissionDB(b testing.TB, pgURL string) *sql.DB {
	sep := "?"
	if strings.Contains(pgURL, "?") {
		sep = "&"
	}
	db, err := sql.Open("pgx", pgURL+sep+"search_path=submission")
	if err != nil {
		b.Fatal(err)
	}
	db.SetMaxOpenConns(64)
	b.Cleanup(func() { db.Close() })
	return db
}

// directSave is the transaction of one autosave, written by hand against
// the submission service's tables: lock the submission, read the answer,
// bump the submission, upsert the answer, record its history and an
// outbox row. Its answers use keys of their own so the service's rows
// are left alone, and its outbox rows carry a type no consumer applies.
func directSave(db *sql.DB, prefix, name string, q int) error {
	ctx := context.Background()
	parts := strings.Split(name, "/")
	pid, cid, sid := parts[1], parts[3], parts[5]
	key := fmt.Sprintf("direct_%03d", q)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it does nothing
	var version int64
	var state int
	if err := tx.QueryRowContext(ctx, `SELECT state, version FROM submissions WHERE partnership_id = $1 AND campaign_id = $2 AND id = $3 FOR UPDATE`,
		pid, cid, sid).Scan(&state, &version); err != nil {
		return err
	}
	var answerVersion int64
	err = tx.QueryRowContext(ctx, `SELECT version FROM answers WHERE partnership_id = $1 AND campaign_id = $2 AND submission_id = $3 AND question_key IN ($4)`,
		pid, cid, sid, key).Scan(&answerVersion)
	if err != nil && err != sql.ErrNoRows {
		return err
	}
	now := time.Now().UTC()
	value := fmt.Sprintf(`{"key":%q,"text":"Policy reviewed by the board, round %d"}`, key, version)
	if _, err := tx.ExecContext(ctx, `UPDATE submissions SET state = $1, update_time = $2, version = $3 WHERE partnership_id = $4 AND campaign_id = $5 AND id = $6 AND version = $7`,
		state, now, version+1, pid, cid, sid, version); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO answers (partnership_id, campaign_id, submission_id, question_key, kind, grade, text, value,
		update_time, version, person, brought_forward) VALUES ($1, $2, $3, $4, 0, '', '', $5, $6, $7, 'direct', FALSE)
		ON CONFLICT (partnership_id, campaign_id, submission_id, question_key) DO UPDATE SET value = excluded.value,
		update_time = excluded.update_time, version = excluded.version, person = excluded.person WHERE answers.version < excluded.version`,
		pid, cid, sid, key, value, now, answerVersion+1); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO answer_history (partnership_id, campaign_id, submission_id, question_key, kind, grade, text,
		value, save_time, submission_version, person, answer_version) VALUES ($1, $2, $3, $4, 0, '', '', $5, $6, $7, 'direct', $8)`,
		pid, cid, sid, key, value, now, version+1, answerVersion+1); err != nil {
		return err
	}
	ev := &submissionv1.EvidenceUploaded{Evidence: &submissionv1.Evidence{Name: name + "/evidence/direct", FileName: value}}
	if _, err := outbox.Add(ctx, tx, prefix+".submission.bench.direct", ev, now); err != nil {
		return err
	}
	return tx.Commit()
}

// BenchmarkLoadFormSize shows that an autosave costs the same whatever the
// size of the form: single-answer saves to a fully answered 10-question
// return and a fully answered 300-question return, interleaved in one run.
func BenchmarkLoadFormSize(b *testing.B) {
	loadEnabled(b)
	p := startPlatform(b)
	saves := envInt("ASSURE_LOAD_SAVES", 500)
	var ls [2]latencies
	var savers [2]*saver
	sizes := [2]int{10, 300}
	for i, size := range sizes {
		id := fmt.Sprintf("size%d", size)
		f := newFixture(b, p, id, 1, size)
		_, _, subs := f.launch(b, p, id, "")
		f.lead.must("POST", "/v1/"+subs[0]+":saveAnswers", map[string]any{"answers": answersFor(size, 0)})
		cur := f.lead.must("GET", "/v1/"+subs[0], nil)
		s := &saver{r: f.lead, name: subs[0], versions: map[string]int64{}, round: 1}
		for _, a := range cur["answers"].([]any) {
			m := a.(map[string]any)
			s.versions[m["questionKey"].(string)] = int64(num(m["version"]))
		}
		savers[i] = s
	}
	for n := 0; n < saves; n++ {
		for i, size := range sizes {
			took, err := savers[i].save((n * 7) % size)
			if err != nil {
				b.Fatal(err)
			}
			ls[i].add(took)
		}
	}
	for i, size := range sizes {
		b.ReportMetric(ls[i].quantile(0.5), fmt.Sprintf("p50-ms-%dq", size))
		b.ReportMetric(ls[i].quantile(0.99), fmt.Sprintf("p99-ms-%dq", size))
	}
	b.ReportMetric(ls[1].quantile(0.5)/ls[0].quantile(0.5), "p50-ratio-300q/10q")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkLoadReturns sends whole returns through REST: every
// organisation saves all the answers of a 100-question template in one
// call and submits, 16 at a time. It reports returns per second, the
// latency of a whole return (save and submit), the CPU the platform's
// processes and the whole machine spent per return, and how long after
// the start (and after the last response) every event had been applied by
// reporting and reminder; then how long the CSV exports of every answer and
// of every return take through the gateway, and the peak memory of the
// gateway and the reporting process while they run.
func BenchmarkLoadReturns(b *testing.B) {
	loadEnabled(b)
	p := startPlatform(b)
	orgs := envInt("ASSURE_LOAD_ORGS", 10000)
	const questions, workers = 100, 16
	f := newFixture(b, p, "returns", orgs, questions)
	campaign, _, subs := f.launch(b, p, "returns", "")
	answers := answersFor(questions, 0)
	var l latencies
	var failed atomic.Value
	cpu0, machine0 := p.cpuTicks(), machineTicks()
	start := time.Now()
	parallel(len(subs), workers, func(i int) {
		t0 := time.Now()
		code, body, err := f.lead.call("POST", "/v1/"+subs[i]+":saveAnswers", map[string]any{"answers": answers})
		if err == nil && code == http.StatusOK {
			code, body, err = f.lead.call("POST", "/v1/"+subs[i]+":submit", map[string]any{"etag": body["etag"]})
		}
		if err != nil || code != http.StatusOK {
			failed.CompareAndSwap(nil, fmt.Sprintf("%s: %d %v %v", subs[i], code, body, err))
			return
		}
		l.add(time.Since(t0))
	})
	lastResponse := time.Since(start)
	cpu, machine := p.cpuTicks()-cpu0, machineTicks()-machine0
	if f := failed.Load(); f != nil {
		b.Fatalf("a return failed: %v", f)
	}
	// Downstream: every submission counted as submitted by reporting and
	// none left outstanding by reminder.
	deadline := time.Now().Add(10 * time.Minute)
	for {
		rep := p.rest.must("GET", "/v1/"+campaign+"/completionReport", nil)
		out := p.rest.must("GET", "/v1/"+campaign+"/outstandingSubmissions?pageSize=1", nil)
		if num(rep["submitted"]) == orgs && len(asList(out["submissions"])) == 0 {
			break
		}
		if time.Now().After(deadline) {
			b.Fatalf("events never all applied: report %v submitted", rep["submitted"])
		}
		time.Sleep(200 * time.Millisecond)
	}
	applied := time.Since(start)
	// Every answer exported, one row each, then every return, one row
	// each, through the gateway's CSV exports.
	answersCSV := p.exportCSV(b, "/v1/"+campaign+"/answers.csv")
	if answersCSV.rows != orgs*questions {
		b.Fatalf("the answer export has %d rows, want %d", answersCSV.rows, orgs*questions)
	}
	returnsCSV := p.exportCSV(b, "/v1/"+campaign+"/submissions.csv")
	if returnsCSV.rows != orgs {
		b.Fatalf("the return export has %d rows, want %d", returnsCSV.rows, orgs)
	}
	b.ReportMetric(answersCSV.took.Seconds(), "s-answers-csv")
	b.ReportMetric(float64(answersCSV.rows)/answersCSV.took.Seconds(), "rows/s-answers-csv")
	b.ReportMetric(float64(answersCSV.bytes)/(1<<20), "MiB-answers-csv")
	b.ReportMetric(answersCSV.peak["gateway"], "MiB-peak-gateway-answers-csv")
	b.ReportMetric(answersCSV.peak[Reporting], "MiB-peak-reporting-answers-csv")
	b.ReportMetric(answersCSV.cpu["gateway"], "cpu-s-gateway-answers-csv")
	b.ReportMetric(answersCSV.cpu[Reporting], "cpu-s-reporting-answers-csv")
	b.ReportMetric(answersCSV.cpu["machine"], "cpu-s-machine-answers-csv")
	b.ReportMetric(returnsCSV.took.Seconds(), "s-returns-csv")
	b.ReportMetric(returnsCSV.cpu["gateway"], "cpu-s-gateway-returns-csv")
	b.ReportMetric(returnsCSV.cpu[Reporting], "cpu-s-reporting-returns-csv")
	b.ReportMetric(returnsCSV.cpu["machine"], "cpu-s-machine-returns-csv")
	b.ReportMetric(returnsCSV.peak["gateway"], "MiB-peak-gateway-returns-csv")
	b.ReportMetric(returnsCSV.peak[Reporting], "MiB-peak-reporting-returns-csv")
	b.ReportMetric(float64(orgs)/lastResponse.Seconds(), "returns/s")
	b.ReportMetric(l.quantile(0.5), "p50-ms")
	b.ReportMetric(l.quantile(0.95), "p95-ms")
	b.ReportMetric(l.quantile(0.99), "p99-ms")
	b.ReportMetric(float64(cpu)*10/float64(orgs), "platform-cpu-ms/return")
	b.ReportMetric(float64(machine)*10/float64(orgs), "machine-cpu-ms/return")
	b.ReportMetric(lastResponse.Seconds(), "s-to-last-response")
	b.ReportMetric(applied.Seconds(), "s-to-all-applied")
	b.ReportMetric(0, "ns/op")
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// BenchmarkLoadLaunch launches a campaign for 1,700 organisations whose
// previous returns hold 150 answers each, bringing them all forward, beside
// the same launch without bringing anything forward.
func BenchmarkLoadLaunch(b *testing.B) {
	loadEnabled(b)
	p := startPlatform(b)
	orgs := envInt("ASSURE_LOAD_LAUNCH_ORGS", 1700)
	const questions = 150
	f := newFixture(b, p, "launch", orgs, questions)
	previous, _, subs := f.launch(b, p, "previous", "")
	answers := answersFor(questions, 0)
	parallel(len(subs), 16, func(i int) {
		f.lead.must("POST", "/v1/"+subs[i]+":saveAnswers", map[string]any{"answers": answers})
	})
	_, plain, _ := f.launch(b, p, "plain", "")
	name, carried, subs := f.launch(b, p, "carried", previous)
	got := f.lead.must("GET", "/v1/"+subs[len(subs)/2], nil)
	if n := len(asList(got["answers"])); n != questions {
		b.Fatalf("%s carried %d answers, want %d", name, n, questions)
	}
	b.ReportMetric(carried.Seconds(), "s-launch-with-bring-forward")
	b.ReportMetric(plain.Seconds(), "s-launch-without")
	b.ReportMetric(float64(orgs*questions)/carried.Seconds(), "answers/s")
	b.ReportMetric(0, "ns/op")
}
