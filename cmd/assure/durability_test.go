package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/testinfra"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"
)

// The shape of the durability run. Timings are for the schedule only;
// nothing asserts how long anything took.
const (
	durWriters   = 8
	durQuestions = 20
	durRun       = 26 * time.Second // how long writers start new saves
	durGiveUp    = 3 * time.Minute  // after durRun, how long a pending save may keep retrying
	durPace      = 15 * time.Millisecond
)

// TestDurability autosaves answers from concurrent writers while the
// submission process is killed (SIGKILL) and restarted twice and
// PostgreSQL crashes (immediate stop) and recovers once. Every save that
// was acknowledged must be there afterwards with the version acknowledged,
// none applied twice, versions never go back, and the events of every save
// must reach the bus once and the reporting service.
func TestDurability(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	began := time.Now()
	pg := startPGCluster(t)
	natsPrefix := testinfra.NATSPrefix(t)
	env := sharedInfraEnv(t, pg.URL(), natsPrefix)
	noLimit := []string{"-rate-per-person", "0"}

	// Every service its own process; submission on a fixed gRPC address so
	// that it comes back where the gateway dials.
	subAddr := fmt.Sprintf("127.0.0.1:%d", scratchPort(t))
	sp := startSeparate(t, env, map[string][]string{"*": noLimit, Submission: {"-grpc-addr", subAddr},
		"gateway": {"-rate-per-address", "0", "-rate-per-token", "0"}})
	services, gw := sp.services, sp.gateway
	if services[Submission].grpc != subAddr {
		t.Fatalf("submission listens on %s, not the fixed %s", services[Submission].grpc, subAddr)
	}
	// A restarted submission process comes back with the same arguments.
	subArgs := append([]string{"-target", Submission, "-directory-addr", services[Directory].grpc,
		"-template-addr", services[Template].grpc, "-grpc-addr", subAddr}, noLimit...)

	// The fixture: one organisation, its lead, a template of short-text
	// questions, a campaign launched.
	admin := signInWithPassword(t, client{t: t, base: "http://" + gw.http}, bootstrapEmail, bootstrapPassword)
	fx := durabilityFixture(t, admin, logFile(services[Directory].log))
	t.Logf("fixture ready after %s: %s", time.Since(began).Round(time.Millisecond), fx.submission)

	// The writers, each owning the keys i, i+8, i+16 … and a reader that
	// watches versions never go back.
	// Should the test stop early, the writers stop with it.
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	rec := newDurRecorder()
	hc := &httpCaller{ctx: ctx, base: "http://" + gw.http, token: fx.lead.token,
		http: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 2 * durWriters}}}
	start := time.Now()
	rec.start = start
	stopAt := start.Add(durRun)
	giveUp := stopAt.Add(durGiveUp)
	var wg sync.WaitGroup
	writers := make([]*durWriter, durWriters)
	for i := range writers {
		w := &durWriter{id: i, hc: hc, sub: fx.submission, rec: rec, base: map[string]int{}, giveUp: giveUp}
		for k := i; k < len(fx.keys); k += durWriters {
			w.keys = append(w.keys, fx.keys[k])
		}
		writers[i] = w
		wg.Add(1)
		go func() { defer wg.Done(); w.run(stopAt) }()
	}
	readerDone := make(chan struct{})
	var stopReader atomic.Bool
	go func() { defer close(readerDone); watchVersions(hc, fx.submission, rec, &stopReader) }()

	// The chaos, on a schedule from the writers' start.
	var killed []*proc // the submission processes killed, for their logs
	at := func(d time.Duration) { time.Sleep(time.Until(start.Add(d))) }
	restartSubmission := func(n int) {
		old := services[Submission]
		rec.setPhase(fmt.Sprintf("submission killed (%d)", n))
		if err := old.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		select {
		case <-old.exited:
		case <-time.After(30 * time.Second):
			t.Fatal("submission did not die of SIGKILL within 30s")
		}
		t.Logf("%6.1fs submission killed (SIGKILL)", time.Since(start).Seconds())
		time.Sleep(time.Second) // down for a moment, as a crashed pod would be
		p := startProc(t, fmt.Sprintf("%s-restart-%d", Submission, n), env, subArgs...)
		p.waitReady(t)
		services[Submission] = p
		killed = append(killed, old)
		rec.setPhase(fmt.Sprintf("after submission restart (%d)", n))
		t.Logf("%6.1fs submission restarted and ready on %s", time.Since(start).Seconds(), p.grpc)
	}
	at(5 * time.Second)
	restartSubmission(1)
	at(12 * time.Second)
	rec.setPhase("postgres crashed")
	pg.Crash(t)
	t.Logf("%6.1fs PostgreSQL crashed (pg_ctl stop -m immediate)", time.Since(start).Seconds())
	time.Sleep(2 * time.Second)
	rec.setPhase("postgres recovering")
	pg.Start(t)
	rec.setPhase("after postgres restart")
	t.Logf("%6.1fs PostgreSQL started again (crash recovery done)", time.Since(start).Seconds())
	at(19 * time.Second)
	restartSubmission(2)
	wg.Wait()
	stopReader.Store(true)
	<-readerDone
	t.Logf("%6.1fs writers done", time.Since(start).Seconds())

	// No process but the one killed on purpose may have died.
	for name, p := range map[string]*proc{Directory: services[Directory], Template: services[Template], Submission: services[Submission],
		Reminder: services[Reminder], Reporting: services[Reporting], CaseAudit: services[CaseAudit], "gateway": gw} {
		select {
		case <-p.exited:
			t.Errorf("%s exited during the run: %v", name, p.err)
		default:
		}
	}

	rec.report(t)
	for _, f := range rec.failures() {
		t.Errorf("writer: %s", f)
	}

	// The checks, over REST after the storm.
	// The completion report is for the partnership's admins, not the lead.
	check := client{t: t, base: "http://" + gw.http, token: admin.token}
	histories := map[string][]durChange{}
	for _, k := range fx.keys {
		histories[k] = answerHistory(t, hc, fx.submission, k)
	}
	checkHistories(t, rec, fx.keys, histories)
	checkFinalAnswers(t, rec, hc, fx)
	checkVersionsIncrease(t, rec)

	// Downstream: every save's event relayed once, applied by reporting,
	// and the report shows the return in progress.
	db, err := sql.Open("pgx", pg.URL()) // the driver testinfra registers
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	durWaitFor(t, 2*time.Minute, "the submission outbox to drain", func() (bool, string) {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM submission.outbox`).Scan(&n); err != nil {
			return false, err.Error()
		}
		return n == 0, fmt.Sprintf("%d rows left", n)
	})
	ids := checkStream(t, natsPrefix, histories)
	durWaitFor(t, 2*time.Minute, "reporting to apply every answers.saved event", func() (bool, string) {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM reporting.inbox WHERE consumer = 'reporting' AND event_id = ANY($1)`, ids).Scan(&n); err != nil {
			return false, err.Error()
		}
		return n == len(ids), fmt.Sprintf("%d of %d applied", n, len(ids))
	})
	lastSave := fx.lastUpdate(t, hc)
	durWaitFor(t, 2*time.Minute, "the completion report to show the return in progress with its last save", func() (bool, string) {
		r := check.do("GET", "/v1/"+fx.campaign+"/completionReport", nil)
		if r.code != http.StatusOK {
			return false, fmt.Sprintf("%d %s", r.code, r.raw)
		}
		orgs, _ := r.body["organisations"].([]any)
		var last time.Time
		if len(orgs) == 1 {
			s, _ := orgs[0].(map[string]any)["lastActivityTime"].(string)
			last, _ = time.Parse(time.RFC3339Nano, s)
		}
		ok := num(r.body["total"]) == 1 && num(r.body["inProgress"]) == 1 && !last.Before(lastSave.Add(-time.Microsecond))
		return ok, fmt.Sprintf("%s (last save at %s)", r.raw, lastSave.Format(time.RFC3339Nano))
	})
	logProcessErrors(t, append(killed, services[Directory], services[Template], services[Submission],
		services[Reminder], services[Reporting], services[CaseAudit], gw))
	t.Logf("durability run took %s in all", time.Since(began).Round(time.Second))
}

// durFixture is what the durability test writes into.
type durFixture struct {
	campaign, submission, person string
	keys                         []string
	lead                         client
}

func durabilityFixture(t *testing.T, c client, l links) durFixture {
	t.Helper()
	const id = "durable"
	p := "partnerships/" + id
	c.ok("POST", "/v1/partnerships?partnershipId="+id, map[string]any{"displayName": "Durable partnership", "hub": "hubs/default"})
	org := "organisations/" + id + "-police"
	c.ok("POST", "/v1/organisations?organisationId="+id+"-police", map[string]any{
		"displayName": "Durable Police", "type": "ORGANISATION_TYPE_POLICE", "partnerships": []string{p}})
	email := "lead@" + id + "-police.example.org"
	person := c.ok("POST", "/v1/people", map[string]any{"email": email, "displayName": "Lead of durable police"})
	c.ok("POST", "/v1/"+person["name"].(string)+"/memberships", map[string]any{"role": "ROLE_ORGANISATION_LEAD", "organisation": org})
	lead := signInByLink(t, c, l, email)

	var keys []string
	var questions []any
	for i := 1; i <= durQuestions; i++ {
		k := fmt.Sprintf("q%02d", i)
		keys = append(keys, k)
		questions = append(questions, map[string]any{"key": k, "text": "Question " + k, "textAnswer": map[string]any{"maxLength": 200}})
	}
	tmpl := c.ok("POST", "/v1/"+p+"/templates?templateId=autosave", map[string]any{
		"displayName": "Autosave", "kind": "TEMPLATE_KIND_SECTION_11",
		"sections": []any{map[string]any{"code": "S1", "title": "Everything", "questions": questions}}})
	version := c.ok("POST", "/v1/"+p+"/templates/autosave:publish", map[string]any{"etag": tmpl["etag"]})
	due := time.Now().Add(60 * 24 * time.Hour).UTC().Format(time.RFC3339)
	camp := c.ok("POST", "/v1/"+p+"/campaigns?campaignId=autosave", map[string]any{
		"displayName": "Autosave", "templateVersion": version["name"], "organisations": []string{org}, "dueTime": due})
	cname := camp["name"].(string)
	if got := c.ok("POST", "/v1/"+cname+":launch", map[string]any{}); got["state"] != "CAMPAIGN_STATE_OPEN" {
		t.Fatalf("launch: %v", got)
	}
	subs, _ := c.ok("GET", "/v1/"+cname+"/submissions", nil)["submissions"].([]any)
	if len(subs) != 1 {
		t.Fatalf("want 1 submission, got %v", subs)
	}
	return durFixture{campaign: cname, submission: subs[0].(map[string]any)["name"].(string),
		person: person["name"].(string), keys: keys, lead: lead}
}

// lastUpdate is the update time of the newest answer of the submission.
func (fx durFixture) lastUpdate(t *testing.T, hc *httpCaller) time.Time {
	t.Helper()
	answers, err := hc.answers(fx.submission, time.Now().Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	var last time.Time
	for _, a := range answers {
		if a.updateTime.After(last) {
			last = a.updateTime
		}
	}
	return last
}

// httpCaller is a REST caller safe to use from any goroutine: it returns
// errors instead of failing the test.
type httpCaller struct {
	ctx         context.Context // ends every call when the test ends
	base, token string
	http        *http.Client
}

func (h *httpCaller) call(method, path string, body any) (int, map[string]any, string, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, "", err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(h.ctx, method, h.base+path, rd)
	if err != nil {
		return 0, nil, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+h.token)
	resp, err := h.http.Do(req)
	if err != nil {
		return 0, nil, "", err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, "", err
	}
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	return resp.StatusCode, m, string(raw), nil
}

// durAnswer is an answer as read back.
type durAnswer struct {
	key, text, person string
	version           int
	updateTime        time.Time
}

func parseAnswer(v any) durAnswer {
	m, _ := v.(map[string]any)
	a := durAnswer{version: num(m["version"])}
	a.key, _ = m["questionKey"].(string)
	a.text, _ = m["text"].(string)
	a.person, _ = m["updatePerson"].(string)
	if s, ok := m["updateTime"].(string); ok {
		a.updateTime, _ = time.Parse(time.RFC3339Nano, s)
	}
	return a
}

// answers reads the submission's answers, retrying through outages until
// deadline.
func (h *httpCaller) answers(sub string, deadline time.Time) (map[string]durAnswer, error) {
	for {
		code, body, raw, err := h.call("GET", "/v1/"+sub, nil)
		if err == nil && code == http.StatusOK {
			out := map[string]durAnswer{}
			list, _ := body["answers"].([]any)
			for _, v := range list {
				a := parseAnswer(v)
				out[a.key] = a
			}
			return out, nil
		}
		if err == nil && code < 500 && code != http.StatusTooManyRequests {
			return nil, fmt.Errorf("GET %s: %d %s", sub, code, raw)
		}
		if time.Now().After(deadline) || h.ctx.Err() != nil {
			return nil, fmt.Errorf("GET %s: still failing at the deadline: %d %s %v", sub, code, raw, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// durAck is one acknowledged save.
type durAck struct {
	writer     int
	key, value string
	version    int
	base       int    // the version the save was based on
	how        string // "saved", "saved on a retry", "retry recognised as applied", "409 but applied"
	attempts   int
}

// durRecorder collects what the writers saw.
type durRecorder struct {
	mu       sync.Mutex
	phase    string
	acks     map[string][]durAck         // per key, in order
	top      map[string]int              // the highest version acknowledged per key
	outcomes map[string]int              // phase | outcome → count
	window   map[string][2]time.Duration // phase | outcome → first and last, from start
	start    time.Time
	samples  map[string][]string // phase | outcome → a few examples
	fails    []string
	saves    int // saves started
	retries  int // attempts after the first
	reads    int // reads by the version watcher
}

func newDurRecorder() *durRecorder {
	return &durRecorder{phase: "before the chaos", acks: map[string][]durAck{}, top: map[string]int{},
		outcomes: map[string]int{}, window: map[string][2]time.Duration{}, samples: map[string][]string{}, start: time.Now()}
}

func (r *durRecorder) setPhase(p string) { r.mu.Lock(); r.phase = p; r.mu.Unlock() }

func (r *durRecorder) outcome(what, sample string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := r.phase + " | " + what
	r.outcomes[k]++
	at := time.Since(r.start)
	w, ok := r.window[k]
	if !ok {
		w[0] = at
	}
	w[1] = at
	r.window[k] = w
	if sample != "" && len(r.samples[k]) < 2 {
		r.samples[k] = append(r.samples[k], durTruncate(sample, 300))
	}
}

func (r *durRecorder) fail(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fails = append(r.fails, fmt.Sprintf("[%s] ", r.phase)+fmt.Sprintf(format, args...))
}

func (r *durRecorder) failures() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.fails...)
}

func (r *durRecorder) ack(a durAck) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.acks[a.key] = append(r.acks[a.key], a)
	if a.version > r.top[a.key] {
		r.top[a.key] = a.version
	}
}

func (r *durRecorder) snapshotTop() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]int, len(r.top))
	for k, v := range r.top {
		out[k] = v
	}
	return out
}

// report logs the counts.
func (r *durRecorder) report(t *testing.T) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	acked, how := 0, map[string]int{}
	for _, as := range r.acks {
		acked += len(as)
		for _, a := range as {
			how[a.how]++
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "saves started %d, acknowledged %d %v, retries %d, version-watch reads %d, failures %d\n",
		r.saves, acked, how, r.retries, r.reads, len(r.fails))
	keys := make([]string, 0, len(r.outcomes))
	for k := range r.outcomes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b.WriteString("outcomes by phase:\n")
	for _, k := range keys {
		w := r.window[k]
		fmt.Fprintf(&b, "  %-60s %6d   %5.1fs – %5.1fs\n", k, r.outcomes[k], w[0].Seconds(), w[1].Seconds())
	}
	kinds := make([]string, 0, len(r.samples))
	for k := range r.samples {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Fprintf(&b, "examples of %s:\n", k)
		for _, s := range r.samples[k] {
			fmt.Fprintf(&b, "    %s\n", s)
		}
	}
	t.Log(b.String())
}

// durWriter autosaves its own questions one answer at a time.
type durWriter struct {
	id     int
	hc     *httpCaller
	sub    string
	rec    *durRecorder
	keys   []string
	base   map[string]int // the version last got back, per key
	giveUp time.Time
}

func (w *durWriter) run(stopAt time.Time) {
	for n := 1; time.Now().Before(stopAt); n++ {
		key := w.keys[n%len(w.keys)]
		if !w.save(key, fmt.Sprintf("w%d-%s-n%d", w.id, key, n)) {
			return // a failure was recorded; this writer's view is no longer reliable
		}
		time.Sleep(durPace)
	}
}

// save saves value as key's answer, retrying the same value on the same
// base version through outages until it is acknowledged. It reports
// whether the writer may go on.
func (w *durWriter) save(key, value string) bool {
	base := w.base[key]
	body := map[string]any{"answers": []any{map[string]any{"questionKey": key, "text": value, "version": base}}}
	path := "/v1/" + w.sub + ":saveAnswers"
	w.rec.mu.Lock()
	w.rec.saves++
	w.rec.mu.Unlock()
	for attempt := 1; ; attempt++ {
		if attempt > 1 {
			w.rec.mu.Lock()
			w.rec.retries++
			w.rec.mu.Unlock()
			time.Sleep(time.Duration(min(attempt, 10)) * 50 * time.Millisecond)
		}
		if w.hc.ctx.Err() != nil {
			return false // the test ended
		}
		if time.Now().After(w.giveUp) {
			w.rec.fail("w%d %s=%q (base %d): still not acknowledged after %d attempts", w.id, key, value, base, attempt-1)
			return false
		}
		code, resp, raw, err := w.hc.call("POST", path, body)
		switch {
		case err != nil:
			w.rec.outcome("network error", err.Error())
			continue
		case code == http.StatusOK:
			list, _ := resp["answers"].([]any)
			for _, v := range list {
				a := parseAnswer(v)
				if a.key != key {
					continue
				}
				if a.text != value {
					w.rec.fail("w%d %s=%q (base %d): the save answered with the value %q", w.id, key, value, base, a.text)
					return false
				}
				how := "saved"
				if attempt > 1 {
					how = "saved on a retry"
				}
				w.rec.outcome("200 "+how, "")
				return w.acked(key, value, base, a.version, how, attempt)
			}
			// No answer written: the server recognised a retry of a save it
			// had applied. Read what is there.
			w.rec.outcome("200 retry recognised as applied", "")
			return w.resolve(key, value, base, attempt, "retry recognised as applied", raw)
		case code == http.StatusConflict:
			w.rec.outcome("409", raw)
			return w.resolve(key, value, base, attempt, "409 but applied", raw)
		case code >= 500 || code == http.StatusTooManyRequests:
			w.rec.outcome(fmt.Sprintf("%d", code), raw)
			continue
		default:
			w.rec.outcome(fmt.Sprintf("%d", code), raw)
			w.rec.fail("w%d %s=%q (base %d): %d %s", w.id, key, value, base, code, durTruncate(raw, 500))
			return false
		}
	}
}

// resolve reads key's current answer after a save that did not say what it
// wrote: if it holds value, the save was applied (before an outage hid the
// answer) and counts as acknowledged.
func (w *durWriter) resolve(key, value string, base, attempts int, how, why string) bool {
	cur, err := w.hc.answers(w.sub, w.giveUp)
	if err != nil {
		w.rec.fail("w%d %s=%q (base %d): reading it back: %v", w.id, key, value, base, err)
		return false
	}
	a, ok := cur[key]
	if !ok || a.text != value {
		w.rec.fail("w%d %s=%q (base %d): after %q the current answer is %q version %d (present %v)",
			w.id, key, value, base, durTruncate(why, 300), a.text, a.version, ok)
		return false
	}
	return w.acked(key, value, base, a.version, how, attempts)
}

func (w *durWriter) acked(key, value string, base, version int, how string, attempts int) bool {
	w.rec.ack(durAck{writer: w.id, key: key, value: value, version: version, base: base, how: how, attempts: attempts})
	w.base[key] = version
	if version != base+1 {
		// Only this writer writes key, so its next version is base+1.
		w.rec.fail("w%d %s=%q: acknowledged as version %d, but the version before was %d", w.id, key, value, version, base)
	}
	return true
}

// watchVersions reads the submission over and over while the writers run:
// no answer's version may be lower than one acknowledged before the read
// began, nor lower than a version read before.
func watchVersions(hc *httpCaller, sub string, rec *durRecorder, stop *atomic.Bool) {
	seen := map[string]int{}
	for !stop.Load() && hc.ctx.Err() == nil {
		time.Sleep(250 * time.Millisecond)
		acked := rec.snapshotTop()
		code, body, _, err := hc.call("GET", "/v1/"+sub, nil)
		if err != nil || code != http.StatusOK {
			continue // outages are the writers' business
		}
		rec.mu.Lock()
		rec.reads++
		rec.mu.Unlock()
		list, _ := body["answers"].([]any)
		got := map[string]durAnswer{}
		for _, v := range list {
			a := parseAnswer(v)
			got[a.key] = a
		}
		for k, v := range acked {
			if a := got[k]; a.version < v {
				rec.fail("version watch: %s read as version %d (%q) after version %d was acknowledged", k, a.version, a.text, v)
			}
		}
		for k, a := range got {
			if a.version < seen[k] {
				rec.fail("version watch: %s went back from version %d to %d", k, seen[k], a.version)
			}
			seen[k] = max(seen[k], a.version)
		}
	}
}

// durChange is one entry of an answer's history.
type durChange struct {
	version, prevVersion int
	value, prevValue     string
}

func (c durChange) String() string { return fmt.Sprintf("v%d=%s", c.version, c.value) }

// answerHistory lists every saved value of key, oldest first.
func answerHistory(t *testing.T, hc *httpCaller, sub, key string) []durChange {
	t.Helper()
	var out []durChange
	token := ""
	for {
		path := "/v1/" + sub + ":answerHistory?questionKey=" + key + "&pageSize=500"
		if token != "" {
			path += "&pageToken=" + url.QueryEscape(token)
		}
		var body map[string]any
		deadline := time.Now().Add(time.Minute)
		for {
			code, b, raw, err := hc.call("GET", path, nil)
			if err == nil && code == http.StatusOK {
				body = b
				break
			}
			if time.Now().After(deadline) || (err == nil && code < 500) {
				t.Fatalf("GET %s: %d %s %v", path, code, raw, err)
			}
			t.Logf("GET %s after the run: %d %s %v (retrying)", path, code, durTruncate(raw, 200), err)
			time.Sleep(500 * time.Millisecond)
		}
		changes, _ := body["changes"].([]any)
		for _, c := range changes {
			m, _ := c.(map[string]any)
			a, p := parseAnswer(m["answer"]), parseAnswer(m["previous"])
			if a.key != key {
				t.Errorf("history of %s holds an answer to %q", key, a.key)
			}
			out = append(out, durChange{version: a.version, value: a.text, prevVersion: p.version, prevValue: p.text})
		}
		token, _ = body["nextPageToken"].(string)
		if token == "" {
			break
		}
	}
	// Newest first from the server; oldest first here.
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// checkHistories: every acknowledged save is in its key's history once,
// with the version acknowledged; nothing is there that was not
// acknowledged; each (key, version) appears once and versions run 1..n,
// each change's previous being the change before it.
func checkHistories(t *testing.T, rec *durRecorder, keys []string, histories map[string][]durChange) {
	t.Helper()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	total := 0
	for _, k := range keys {
		h, acks := histories[k], rec.acks[k]
		total += len(h)
		var problems []string
		byValue := map[string][]durChange{}
		byVersion := map[int]int{}
		for i, c := range h {
			byValue[c.value] = append(byValue[c.value], c)
			byVersion[c.version]++
			if c.version != i+1 {
				problems = append(problems, fmt.Sprintf("entry %d (oldest first) is version %d, want %d", i+1, c.version, i+1))
			}
			if i > 0 && (c.prevVersion != h[i-1].version || c.prevValue != h[i-1].value) {
				problems = append(problems, fmt.Sprintf("%s says the value before was v%d=%s, but the entry before is %s", c, c.prevVersion, c.prevValue, h[i-1]))
			}
		}
		for v, n := range byVersion {
			if n > 1 {
				problems = append(problems, fmt.Sprintf("version %d appears %d times (applied twice)", v, n))
			}
		}
		ackedValues := map[string]bool{}
		for _, a := range acks {
			ackedValues[a.value] = true
			got := byValue[a.value]
			switch {
			case len(got) == 0:
				problems = append(problems, fmt.Sprintf("acknowledged v%d=%s (%s) is missing", a.version, a.value, a.how))
			case len(got) > 1:
				problems = append(problems, fmt.Sprintf("acknowledged %s was applied %d times: %v", a.value, len(got), got))
			case got[0].version != a.version:
				problems = append(problems, fmt.Sprintf("acknowledged as v%d=%s but the history has %s", a.version, a.value, got[0]))
			}
		}
		for _, c := range h {
			if !ackedValues[c.value] {
				problems = append(problems, fmt.Sprintf("%s is in the history but was never acknowledged", c))
			}
		}
		if len(problems) > 0 {
			t.Errorf("history of %s: %d changes, %d acknowledged:\n  %s\n  by version (only where they differ):\n%s",
				k, len(h), len(acks), strings.Join(durLimit(problems, 20), "\n  "), versionDiff(acks, h))
		}
	}
	t.Logf("answer histories: %d changes over %d questions", total, len(keys))
}

// checkFinalAnswers: each key's answer is its last acknowledged value with
// its version, saved by the lead.
func checkFinalAnswers(t *testing.T, rec *durRecorder, hc *httpCaller, fx durFixture) {
	t.Helper()
	cur, err := hc.answers(fx.submission, time.Now().Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	var diffs []string
	for _, k := range fx.keys {
		acks := rec.acks[k]
		a, ok := cur[k]
		if len(acks) == 0 {
			if ok {
				diffs = append(diffs, fmt.Sprintf("%s: nothing acknowledged, but the answer is v%d=%s", k, a.version, a.text))
			}
			continue
		}
		last := acks[len(acks)-1]
		if !ok || a.text != last.value || a.version != last.version || a.person != fx.person {
			diffs = append(diffs, fmt.Sprintf("%s: want v%d=%s by %s, got v%d=%s by %s (present %v)",
				k, last.version, last.value, fx.person, a.version, a.text, a.person, ok))
		}
	}
	if len(diffs) > 0 {
		t.Errorf("final answers differ from the last acknowledged saves:\n  %s", strings.Join(diffs, "\n  "))
	}
}

// checkVersionsIncrease: the versions each writer got back for a key
// strictly increase.
func checkVersionsIncrease(t *testing.T, rec *durRecorder) {
	t.Helper()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for k, acks := range rec.acks {
		for i := 1; i < len(acks); i++ {
			if acks[i].version <= acks[i-1].version {
				t.Errorf("%s: version went back from v%d=%s to v%d=%s", k, acks[i-1].version, acks[i-1].value, acks[i].version, acks[i].value)
			}
		}
	}
}

// checkStream reads every answers.saved event of the submission service
// from JetStream: each change in the histories must be in exactly one
// event, each event id once, and no event may carry a change the histories
// lack. It returns the events' ids.
func checkStream(t *testing.T, prefix string, histories map[string][]durChange) []string {
	t.Helper()
	nc, err := nats.Connect(testinfra.NATSURL(), nats.Timeout(10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	subject := prefix + ".submission.answers.saved"
	stream, err := js.Stream(ctx, strings.ToUpper(prefix+"_submission"))
	if err != nil {
		t.Fatal(err)
	}
	info, err := stream.Info(ctx, jetstream.WithSubjectFilter(subject))
	if err != nil {
		t.Fatal(err)
	}
	want := int(info.State.Subjects[subject])
	cons, err := stream.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{FilterSubjects: []string{subject}})
	if err != nil {
		t.Fatal(err)
	}
	type change struct {
		key, value string
		version    int
	}
	seen := map[change]int{}
	idCount := map[string]int{}
	var ids []string
	for got := 0; got < want; {
		batch, err := cons.Fetch(min(500, want-got), jetstream.FetchMaxWait(10*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for m := range batch.Messages() {
			n++
			id := m.Headers().Get(nats.MsgIdHdr)
			if idCount[id]++; idCount[id] == 1 {
				ids = append(ids, id)
			}
			var ev submissionv1.AnswersSaved
			if err := proto.Unmarshal(m.Data(), &ev); err != nil {
				t.Fatalf("event %s: %v", id, err)
			}
			for _, a := range ev.GetAnswers() {
				seen[change{a.GetQuestionKey(), a.GetText(), int(a.GetVersion())}]++
			}
		}
		if err := batch.Error(); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Fatalf("the stream said %d answers.saved events, read %d", want, got)
		}
		got += n
	}
	var problems []string
	for id, n := range idCount {
		if n > 1 {
			problems = append(problems, fmt.Sprintf("event id %s is in the stream %d times", id, n))
		}
	}
	inHistory := map[change]bool{}
	for k, h := range histories {
		for _, c := range h {
			ch := change{k, c.value, c.version}
			inHistory[ch] = true
			if n := seen[ch]; n != 1 {
				problems = append(problems, fmt.Sprintf("%s %s is in %d events, want 1", k, c, n))
			}
		}
	}
	for ch, n := range seen {
		if !inHistory[ch] {
			problems = append(problems, fmt.Sprintf("%s v%d=%s is in %d events but not in the history", ch.key, ch.version, ch.value, n))
		}
	}
	sort.Strings(problems)
	if len(problems) > 0 {
		t.Errorf("answers.saved events (%d) against the histories:\n  %s", want, strings.Join(durLimit(problems, 40), "\n  "))
	}
	t.Logf("answers.saved events on the bus: %d, distinct ids %d", want, len(idCount))
	return ids
}

// waitFor polls cond until it holds or the timeout passes.
func durWaitFor(t *testing.T, timeout time.Duration, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, last := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("waited %s for %s; last: %s", timeout, what, durTruncate(last, 1000))
			return
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// logProcessErrors logs, per process, its ERROR and WARN lines grouped by
// message (and status code for rpc lines), to show how each outage looked
// from inside.
func logProcessErrors(t *testing.T, procs []*proc) {
	t.Helper()
	for _, p := range procs {
		b, _ := os.ReadFile(p.log)
		count := map[string]int{}
		example := map[string]string{}
		for _, line := range strings.Split(string(b), "\n") {
			level := ""
			switch {
			case strings.Contains(line, "level=ERROR"):
				level = "ERROR"
			case strings.Contains(line, "level=WARN"):
				level = "WARN"
			default:
				continue
			}
			key := level + " " + logAttr.FindString(line)
			if c := logCode.FindString(line); c != "" {
				key += " " + c
			}
			if m := logMethod.FindString(line); m != "" {
				key += " " + m
			}
			if count[key]++; count[key] == 1 {
				example[key] = line
			}
		}
		if len(count) == 0 {
			continue
		}
		keys := make([]string, 0, len(count))
		for k := range count {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return count[keys[i]] > count[keys[j]] })
		var b2 strings.Builder
		if len(keys) > 12 {
			keys = keys[:12]
		}
		for _, k := range keys {
			fmt.Fprintf(&b2, "\n  %5d × %s\n        e.g. %s", count[k], k, durTruncate(example[k], 500))
		}
		t.Logf("%s: warnings and errors:%s", p.name, b2.String())
	}
}

var (
	logAttr   = regexp.MustCompile(`msg=("[^"]*"|\S+)`)
	logCode   = regexp.MustCompile(`code=\S+`)
	logMethod = regexp.MustCompile(`method=\S+`)
)

// versionDiff lines up what was acknowledged and what the history holds,
// version by version, showing only the versions where they differ.
func versionDiff(acks []durAck, h []durChange) string {
	ack := map[int][]string{}
	hist := map[int][]string{}
	top := 0
	for _, a := range acks {
		v := a.value
		if a.how != "saved" {
			v += " (" + a.how + ")"
		}
		ack[a.version] = append(ack[a.version], v)
		top = max(top, a.version)
	}
	for _, c := range h {
		hist[c.version] = append(hist[c.version], c.value)
		top = max(top, c.version)
	}
	var rows []string
	for v := 0; v <= top; v++ {
		a, c := ack[v], hist[v]
		if len(a) == 0 && len(c) == 0 {
			continue
		}
		if len(a) == 1 && len(c) == 1 && strings.HasPrefix(a[0], c[0]) && (len(a[0]) == len(c[0]) || a[0][len(c[0])] == ' ') {
			continue
		}
		rows = append(rows, fmt.Sprintf("    v%-5d acknowledged %-45s history %s", v, orNone(a), orNone(c)))
	}
	return strings.Join(durLimit(rows, 30), "\n")
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "-"
	}
	return strings.Join(s, " + ")
}

// durLimit keeps the first n of a long list, saying how many it left out.
func durLimit(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	return append(s[:n:n], fmt.Sprintf("(%d more left out)", len(s)-n))
}

func durTruncate(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
