package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBrowserJourneys drives the web app in headless Chromium against the
// platform on its embedded default, as make run starts it: an officer
// builds a template, launches an audit, chases, QA-returns, accepts and
// reports; a respondent signs in by link, answers section by section with
// autosave (through a dropped connection), uploads evidence, submits,
// answers what was returned and updates the action plan. axe-core audits
// every page the journeys visit and any violation fails the test. The
// journeys are web/e2e/*.mjs (playwright-core); with ASSURE_SCREENSHOTS
// set they keep screenshots of the main pages there.
func TestBrowserJourneys(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	p := startProc(t, "all", nil, "-target=all", "-data-dir", t.TempDir())
	p.waitReady(t)
	shots := os.Getenv("ASSURE_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else {
		var err error
		if shots, err = filepath.Abs(shots); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	if err := runWebScript(t, "run.mjs", p, "ASSURE_SCREENSHOTS="+shots); err != nil {
		t.Fatalf("browser journeys failed after %s: %v", time.Since(start).Round(time.Second), err)
	}
	t.Logf("browser journeys passed in %s", time.Since(start).Round(time.Second))
	p.stop(t)
}

// BenchmarkWebApp measures the web app in Chromium on the embedded
// default (web/e2e/bench.mjs): an answer's autosave and opening a section
// page, each against a baseline of plain API reads from the same page.
// ASSURE_LOAD=1 runs it (make bench); the figures are in docs/benchmarks.md.
func BenchmarkWebApp(b *testing.B) {
	if os.Getenv("ASSURE_LOAD") == "" {
		b.Skip("ASSURE_LOAD=1 runs the web app benchmark")
	}
	env := []string{"ASSURE_BOOTSTRAP_ADMIN_PASSWORD=" + bootstrapPassword}
	for i := 0; i < b.N; i++ {
		p := startProc(b, "all", env, "-target=all", "-data-dir", b.TempDir())
		p.waitReady(b)
		if err := runWebScript(b, "bench.mjs", p, "ASSURE_ADMIN_PASSWORD="+bootstrapPassword); err != nil {
			b.Fatalf("web app benchmark: %v", err)
		}
		p.stop(b)
	}
}

// runWebScript runs one of web/e2e's scripts in Node.js against the
// platform process p, logging what it prints.
func runWebScript(t testing.TB, script string, p *proc, env ...string) error {
	t.Helper()
	web, err := filepath.Abs("../../web")
	if err != nil {
		t.Fatal(err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("the browser tests need Node.js (.ci/run installs it): ", err)
	}
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		t.Fatalf("the browser tests need Chromium at %s (.ci/run installs Debian's chromium): %v", chromium, err)
	}
	if _, err := os.Stat(filepath.Join(web, "node_modules", "playwright-core")); err != nil {
		t.Fatalf("the browser tests need web/node_modules (make test runs npm ci in web/): %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join("e2e", script))
	cmd.Dir = web
	cmd.Env = append(os.Environ(), append([]string{
		"ASSURE_BASE_URL=http://" + p.http,
		"ASSURE_LOG=" + p.log,
		"CHROMIUM=" + chromium,
	}, env...)...)
	out, err := cmd.CombinedOutput()
	for _, line := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		t.Log(line)
	}
	return err
}
