package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/testinfra"
)

// The load benchmarks drive the platform as separate processes on
// PostgreSQL, NATS and Redis through its REST edge, as production runs.
// They are heavy, so they run only when ASSURE_LOAD is set (make bench).

// loadEnabled skips b unless the load benchmarks were asked for.
func loadEnabled(b *testing.B) {
	if os.Getenv("ASSURE_LOAD") == "" {
		b.Skip("load benchmark: set ASSURE_LOAD=1 (make bench)")
	}
}

// platform is every service as its own process plus the gateway.
type platform struct {
	procs   map[string]*proc
	gateway *proc
	pgURL   string
	prefix  string // the NATS subject prefix
	rest    *rest
}

// startPlatform starts the services on a fresh PostgreSQL database with
// every rate limit off, and signs the bootstrap admin in.
func startPlatform(b testing.TB) *platform {
	pg, prefix := testinfra.Postgres(b), testinfra.NATSPrefix(b)
	env := append(sharedInfraEnv(b, pg, prefix), "ASSURE_MAX_BODY_BYTES=8388608")
	off := []string{"-rate-per-person", "0", "-pprof"}
	sp := startSeparate(b, env, map[string][]string{"*": off, "gateway": {"-rate-per-address", "0", "-rate-per-token", "0"}})
	p := &platform{procs: sp.services, gateway: sp.gateway, pgURL: pg, prefix: prefix}
	p.rest = newREST(b, "http://"+p.gateway.http)
	body := p.rest.must("POST", "/v1/signIn:password", map[string]any{"email": bootstrapEmail, "password": bootstrapPassword})
	p.rest.token = body["accessToken"].(string)
	return p
}

// signIn signs a person in by the link the directory logs and returns a
// client carrying their token.
func (p *platform) signIn(b testing.TB, email string) *rest {
	b.Helper()
	l := logFile(p.procs[Directory].log)
	before := l.latest(email)
	anon := p.rest.as("")
	anon.must("POST", "/v1/signIn:requestLink", map[string]any{"email": email})
	deadline := time.Now().Add(30 * time.Second)
	link := l.latest(email)
	for ; link == "" || link == before; link = l.latest(email) {
		if time.Now().After(deadline) {
			b.Fatalf("no sign-in link for %s", email)
		}
		time.Sleep(20 * time.Millisecond)
	}
	u, err := url.Parse(link)
	if err != nil {
		b.Fatal(err)
	}
	body := anon.must("POST", "/v1/signIn:redeemLink", map[string]any{"token": u.Query().Get("token")})
	return p.rest.as(body["accessToken"].(string))
}

// cpuTicks is the CPU time (user + system, in clock ticks of 10 ms) the
// service processes and the gateway have used.
func (p *platform) cpuTicks() int64 {
	var n int64
	for _, pr := range append(mapValues(p.procs), p.gateway) {
		n += procTicks(pr.cmd.Process.Pid)
	}
	return n
}

func mapValues(m map[string]*proc) []*proc {
	out := make([]*proc, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// procTicks reads utime + stime of a process from /proc.
func procTicks(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	if len(fields) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(fields[11], 10, 64)
	st, _ := strconv.ParseInt(fields[12], 10, 64)
	return u + st
}

// machineTicks is the busy CPU time of the whole machine, in clock ticks.
func machineTicks() int64 {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	fields := strings.Fields(line)[1:]
	var busy int64
	for i, f := range fields {
		v, _ := strconv.ParseInt(f, 10, 64)
		if i != 3 && i != 4 { // idle and iowait
			busy += v
		}
	}
	return busy
}

// rest is a JSON client for the gateway with a connection pool sized for
// hundreds of concurrent callers.
type rest struct {
	tb    testing.TB
	base  string
	token string
	http  *http.Client
}

func newREST(tb testing.TB, base string) *rest {
	tr := &http.Transport{MaxIdleConns: 1024, MaxIdleConnsPerHost: 1024, IdleConnTimeout: time.Minute}
	return &rest{tb: tb, base: base, http: &http.Client{Transport: tr, Timeout: 5 * time.Minute}}
}

func (r *rest) as(token string) *rest { c := *r; c.token = token; return &c }

// call sends one request and returns the status, the decoded body and an
// error for transport failures only.
func (r *rest) call(method, path string, body any) (int, map[string]any, error) {
	var rd io.Reader
	if body != nil {
		buf, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, r.base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if r.token != "" {
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	resp, err := r.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, nil, err
	}
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	if resp.StatusCode != http.StatusOK && out == nil {
		out = map[string]any{"raw": string(raw)}
	}
	return resp.StatusCode, out, nil
}

// must calls and fails the benchmark unless the answer is 200.
func (r *rest) must(method, path string, body any) map[string]any {
	r.tb.Helper()
	code, out, err := r.call(method, path, body)
	if err != nil || code != http.StatusOK {
		r.tb.Fatalf("%s %s: %d %v %v", method, path, code, out, err)
	}
	return out
}

// fixture is a partnership with organisations of type school, their lead,
// and a published template.
type fixture struct {
	partnership string
	template    string // the published version
	lead        *rest
	orgs        int
}

// question kinds for generated templates.
func generatedTemplate(questions int) map[string]any {
	grades := []map[string]any{
		{"value": "red", "label": "Not met", "colour": "#d4351c", "score": 1},
		{"value": "amber", "label": "Partly met", "colour": "#f47738", "score": 2},
		{"value": "green", "label": "Fully met", "colour": "#00703c", "score": 3}}
	var sections []map[string]any
	for s := 0; s*10 < questions; s++ {
		var qs []map[string]any
		for q := s * 10; q < min(questions, (s+1)*10); q++ {
			key := fmt.Sprintf("q%03d", q)
			if q%2 == 0 {
				qs = append(qs, map[string]any{"key": key, "text": "How well is standard " + key + " met?", "required": true,
					"rating": map[string]any{"grades": grades}})
			} else {
				qs = append(qs, map[string]any{"key": key, "text": "What evidence supports " + key + "?",
					"textAnswer": map[string]any{"maxLength": 2000, "multiline": true}})
			}
		}
		sections = append(sections, map[string]any{"code": fmt.Sprintf("S%d", s+1), "title": fmt.Sprintf("Standard %d", s+1), "questions": qs})
	}
	return map[string]any{"displayName": fmt.Sprintf("Generated %d-question audit", questions), "kind": "TEMPLATE_KIND_SECTION_11", "sections": sections}
}

// answersFor returns a value for every question of a generated template.
func answersFor(questions int, round int) []map[string]any {
	out := make([]map[string]any, questions)
	for q := range out {
		out[q] = answerFor(q, round)
	}
	return out
}

func answerFor(q, round int) map[string]any {
	key := fmt.Sprintf("q%03d", q)
	if q%2 == 0 {
		return map[string]any{"questionKey": key, "grade": []string{"red", "amber", "green"}[(q+round)%3]}
	}
	return map[string]any{"questionKey": key, "text": fmt.Sprintf("Policy reviewed by the board, round %d", round)}
}

// newFixture creates partnership id with orgs schools (by CSV import), a
// lead of all of them (by CSV import) signed in, and a published template
// of the given size.
func newFixture(b testing.TB, p *platform, id string, orgs, questions int) fixture {
	b.Helper()
	admin := p.rest
	admin.must("POST", "/v1/partnerships?partnershipId="+id, map[string]any{"displayName": "Load " + id, "hub": "hubs/default"})
	var csv strings.Builder
	csv.WriteString("display_name,type,external_ref\n")
	for i := 0; i < orgs; i++ {
		fmt.Fprintf(&csv, "School %s %d,school,%s-%d\n", id, i, id, i)
	}
	res := admin.must("POST", "/v1/partnerships/"+id+"/organisations:import",
		map[string]any{"csv": base64.StdEncoding.EncodeToString([]byte(csv.String()))})
	if res["imported"] != true {
		b.Fatalf("import organisations: %v", res)
	}
	email := "lead-" + id + "@load.example.org"
	csv.Reset()
	csv.WriteString("email,display_name,role,organisation\n")
	for i := 0; i < orgs; i++ {
		fmt.Fprintf(&csv, "%s,Load lead,organisation lead,%s-%d\n", email, id, i)
	}
	res = admin.must("POST", "/v1/partnerships/"+id+"/people:import",
		map[string]any{"csv": base64.StdEncoding.EncodeToString([]byte(csv.String()))})
	if res["imported"] != true {
		b.Fatalf("import people: %v", res)
	}
	admin.must("POST", "/v1/partnerships/"+id+"/templates?templateId=audit", generatedTemplate(questions))
	v := admin.must("POST", "/v1/partnerships/"+id+"/templates/audit:publish", map[string]any{})
	return fixture{partnership: id, template: v["name"].(string), lead: p.signIn(b, email), orgs: orgs}
}

// launch creates and launches a campaign of every school of the
// fixture's partnership, optionally bringing answers forward, and returns
// its name, how long the launch took, and its submissions' names.
func (f fixture) launch(b testing.TB, p *platform, id, source string) (string, time.Duration, []string) {
	b.Helper()
	c := map[string]any{"displayName": "Load " + id, "templateVersion": f.template, "audienceTypes": []string{"school"},
		"dueTime": time.Now().Add(90 * 24 * time.Hour).UTC().Format(time.RFC3339)}
	if source != "" {
		c["sourceCampaign"] = source
	}
	name := p.rest.must("POST", "/v1/partnerships/"+f.partnership+"/campaigns?campaignId="+id, c)["name"].(string)
	start := time.Now()
	p.rest.must("POST", "/v1/"+name+":launch", map[string]any{})
	took := time.Since(start)
	var subs []string
	token := ""
	for {
		page := p.rest.must("GET", "/v1/"+name+"/submissions?pageSize=500&pageToken="+url.QueryEscape(token), nil)
		for _, s := range asList(page["submissions"]) {
			subs = append(subs, s.(map[string]any)["name"].(string))
		}
		token, _ = page["nextPageToken"].(string)
		if token == "" {
			break
		}
	}
	if len(subs) != f.orgs {
		b.Fatalf("campaign %s has %d submissions, want %d", id, len(subs), f.orgs)
	}
	return name, took, subs
}

// latencies collects request times from many goroutines.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d time.Duration) { l.mu.Lock(); l.d = append(l.d, d); l.mu.Unlock() }

// quantile returns the q-quantile (0..1) in milliseconds.
func (l *latencies) quantile(q float64) float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.d) == 0 {
		return 0
	}
	sort.Slice(l.d, func(i, j int) bool { return l.d[i] < l.d[j] })
	i := int(q * float64(len(l.d)-1))
	return float64(l.d[i].Microseconds()) / 1000
}

func (l *latencies) count() int { l.mu.Lock(); defer l.mu.Unlock(); return len(l.d) }

// parallel runs work(i) for i in [0, n) on workers goroutines.
func parallel(n, workers int, work func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				work(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// envInt reads a size from the environment, for running the load
// benchmarks smaller.
func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
