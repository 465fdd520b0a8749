package main

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/testinfra"
)

// binary is the assure command built once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	code := func() int {
		dir, err := os.MkdirTemp("", "assure-e2e")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		binary = filepath.Join(dir, "assure")
		build := exec.Command("go", "build", "-o", binary, ".")
		build.Stdout, build.Stderr = os.Stdout, os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "build assure:", err)
			return 1
		}
		return m.Run()
	}()
	os.Exit(code)
}

// proc is a running assure process.
type proc struct {
	name   string
	cmd    *exec.Cmd
	log    string
	http   string
	grpc   string
	exited chan struct{}
	err    error // how it exited, once exited is closed
}

// started matches the line a process logs once it listens, with the
// addresses it chose.
var started = regexp.MustCompile(`msg="assure started".* http=(\S+) grpc=(\S+)`)

// startProc starts assure with args, letting it choose free ports itself
// (so no other test can take them in between), and waits until it says
// where it listens.
func startProc(t testing.TB, name string, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{name: name, log: filepath.Join(t.TempDir(), name+".log"), exited: make(chan struct{})}
	out, err := os.Create(p.log)
	if err != nil {
		t.Fatal(err)
	}
	args = append([]string{"-http-addr", "127.0.0.1:0", "-grpc-addr", "127.0.0.1:0", "-log-format", "text"}, args...)
	p.cmd = exec.Command(binary, args...)
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Stdout, p.cmd.Stderr = out, out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			_ = p.cmd.Process.Kill()
			<-p.exited
		}
		out.Close()
		if t.Failed() {
			b, _ := os.ReadFile(p.log)
			lines := strings.Split(string(b), "\n")
			if len(lines) > 40 {
				lines = lines[len(lines)-40:]
			}
			t.Logf("--- last lines of %s ---\n%s", name, strings.Join(lines, "\n"))
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		b, _ := os.ReadFile(p.log)
		if m := started.FindSubmatch(b); m != nil {
			p.http, p.grpc = string(m[1]), strings.Trim(string(m[2]), `"`)
			return p
		}
		select {
		case <-p.exited:
			t.Fatalf("%s exited before it started: %v", name, p.err)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not start within 60s", name)
		}
	}
}

// waitReady polls /readyz until it answers 200.
func (p *proc) waitReady(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get("http://" + p.http + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-p.exited:
			t.Fatalf("%s exited: %v", p.name, p.err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never became ready (last error %v)", p.name, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop sends SIGTERM and expects a clean exit.
func (p *proc) stop(t testing.TB) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.exited:
		if p.err != nil {
			t.Fatalf("%s exited badly after SIGTERM: %v", p.name, p.err)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("%s did not stop within 30s of SIGTERM", p.name)
	}
}

// TestEmbeddedAllInOne walks the slice against -target=all on the embedded
// default, restarts it, and checks nothing was lost.
func TestEmbeddedAllInOne(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	data := t.TempDir()
	env := []string{"ASSURE_BOOTSTRAP_ADMIN_PASSWORD=" + bootstrapPassword}
	p := startProc(t, "all", env, "-data-dir", data)
	p.waitReady(t)
	c := signInWithPassword(t, client{t: t, base: "http://" + p.http}, bootstrapEmail, bootstrapPassword)
	if r := c.do("GET", "/openapi.json", nil); r.code != 200 || r.body["swagger"] == nil {
		t.Fatalf("openapi: %d", r.code)
	}
	if r := c.do("GET", "/metrics", nil); r.code != 200 || !strings.Contains(r.raw, "rpc_server") {
		t.Fatalf("metrics: %d", r.code)
	}
	s := walkSlice(t, c, logFile(p.log), "north")
	t.Run("bad input", func(t *testing.T) { checkBadInput(t, client{t: t, base: c.base, token: c.token}) })
	p.stop(t)

	// The token signed before the restart still works: the keys persist.
	again := startProc(t, "all-restarted", env, "-data-dir", data)
	again.waitReady(t)
	checkSliceKept(t, client{t: t, base: "http://" + again.http, token: c.token}, s)
	again.stop(t)
}

// TestSeparateProcesses runs every service as its own process on real
// PostgreSQL, NATS JetStream and Redis, plus the gateway, and walks the
// slice through them.
func TestSeparateProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	sp := startSeparate(t, sharedInfraEnv(t, testinfra.Postgres(t), ""), nil)
	gw, services := sp.gateway, sp.services
	c := signInWithPassword(t, client{t: t, base: "http://" + gw.http}, bootstrapEmail, bootstrapPassword)
	walkSlice(t, c, logFile(services[Directory].log), "south")
	t.Run("bad input", func(t *testing.T) { checkBadInput(t, client{t: t, base: c.base, token: c.token}) })
	sp.stop(t)
}

// serviceOrder is the order services start in: directory first, since the
// others are told its address, and template before submission.
var serviceOrder = []string{Directory, Template, Submission, Reminder, Reporting, CaseAudit}

// sharedInfraEnv is the environment that puts a process on PostgreSQL (the
// database at pgURL), the shared NATS and Redis with this test's own
// prefixes (natsPrefix, or a new one when empty), and a bootstrap admin
// password.
func sharedInfraEnv(t testing.TB, pgURL, natsPrefix string) []string {
	if natsPrefix == "" {
		natsPrefix = testinfra.NATSPrefix(t)
	}
	return []string{
		"ASSURE_POSTGRES_URL=" + pgURL,
		"ASSURE_NATS_URL=" + testinfra.NATSURL(),
		"ASSURE_NATS_PREFIX=" + natsPrefix,
		"ASSURE_REDIS_URL=" + testinfra.RedisURL(),
		"ASSURE_REDIS_PREFIX=" + testinfra.RedisPrefix(t),
		"ASSURE_DATA_DIR=" + t.TempDir(),
		"ASSURE_BOOTSTRAP_ADMIN_PASSWORD=" + bootstrapPassword,
	}
}

// separate is every service as its own process, plus the gateway.
type separate struct {
	services map[string]*proc
	gateway  *proc
}

// startSeparate starts every service as its own process with env, each
// told the addresses of the services it calls, then the gateway dialling
// them all, and waits until all are ready. extra gives more arguments by
// process name ("gateway" for the gateway, "*" for every process).
func startSeparate(t testing.TB, env []string, extra map[string][]string) *separate {
	t.Helper()
	s := &separate{services: map[string]*proc{}}
	for _, name := range serviceOrder {
		args := []string{"-target", name}
		if name != Directory {
			args = append(args, "-directory-addr", s.services[Directory].grpc)
		}
		if name == Submission {
			args = append(args, "-template-addr", s.services[Template].grpc)
		}
		args = append(append(args, extra["*"]...), extra[name]...)
		s.services[name] = startProc(t, name, env, args...)
	}
	args := append([]string{"-target", "gateway"}, append(extra["*"], extra["gateway"]...)...)
	for _, name := range serviceOrder {
		s.services[name].waitReady(t)
		args = append(args, "-"+name+"-addr", s.services[name].grpc)
	}
	s.gateway = startProc(t, "gateway", env, args...)
	s.gateway.waitReady(t)
	return s
}

// stop stops the gateway, then every service, each gracefully.
func (s *separate) stop(t testing.TB) {
	t.Helper()
	s.gateway.stop(t)
	for _, name := range serviceOrder {
		s.services[name].stop(t)
	}
}
