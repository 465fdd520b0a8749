package main

import (
	"context"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// inProcess is the whole platform running inside the test binary on the
// embedded default.
type inProcess struct {
	http, grpc, dataDir string
	logs                *logBuffer
}

// startInProcess runs -target=all in-process until the test ends, with
// the bootstrap admin's password set, its log collected and its spans
// also sent to spans (if not nil).
func startInProcess(t *testing.T, spans sdktrace.SpanProcessor) *inProcess {
	t.Helper()
	in := &inProcess{logs: &logBuffer{}, dataDir: t.TempDir()}
	cfg, err := parseConfig([]string{"-data-dir", in.dataDir, "-http-addr", "127.0.0.1:0", "-grpc-addr", "127.0.0.1:0",
		"-log-format", "text", "-bootstrap-admin-password", bootstrapPassword},
		func(string) (string, bool) { return "", false }, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, cfg, &runOptions{spanProcessor: spans, logs: in.logs, started: func(h, g string) {
			in.http, in.grpc = h, g
			close(started)
		}})
	}()
	select {
	case <-started:
	case err := <-done:
		cancel()
		t.Fatalf("run: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
	return in
}
