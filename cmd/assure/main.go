// Command assure runs the Assure platform. With -target=all (the default)
// every service and the REST gateway run in one process; with
// -target=<service> one service runs, so that production can scale each on
// its own. The same constructors are used either way; only the
// infrastructure changes: embedded SQLite, JetStream and cache by default,
// PostgreSQL, NATS and Redis when their URLs are given.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	cfg, err := parseConfig(os.Args[1:], os.LookupEnv, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "assure:", err)
		os.Exit(2)
	}
	if err := run(ctx, cfg, nil); err != nil {
		fmt.Fprintln(os.Stderr, "assure:", err)
		os.Exit(1)
	}
}
