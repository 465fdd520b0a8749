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

	p := startProc(t, "all", nil, "-target=all", "-data-dir", t.TempDir())
	p.waitReady(t)
	shots := os.Getenv("ASSURE_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if shots, err = filepath.Abs(shots); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join("e2e", "run.mjs"))
	cmd.Dir = web
	cmd.Env = append(os.Environ(),
		"ASSURE_BASE_URL=http://"+p.http,
		"ASSURE_LOG="+p.log,
		"ASSURE_SCREENSHOTS="+shots,
		"CHROMIUM="+chromium,
	)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	for _, line := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		t.Log(line)
	}
	if err != nil {
		t.Fatalf("browser journeys failed after %s: %v", time.Since(start).Round(time.Second), err)
	}
	t.Logf("browser journeys passed in %s", time.Since(start).Round(time.Second))
	p.stop(t)
}
