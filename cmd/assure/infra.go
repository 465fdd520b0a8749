package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/assure-audit/assure/pkg/cache"
	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/nats-io/nats.go"
	"go.opentelemetry.io/otel/trace"
)

// infra is the infrastructure of one process: embedded or real.
type infra struct {
	cfg      Config
	log      *slog.Logger
	embedded *natsbus.Embedded
	bus      *natsbus.Bus
	cache    cache.Cache
	dbs      []*store.DB
	closers  []func() error
}

func openInfra(ctx context.Context, cfg Config, log *slog.Logger, tp trace.TracerProvider, needsBus bool) (*infra, error) {
	in := &infra{cfg: cfg, log: log}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil && cfg.PostgresURL == "" {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	if needsBus {
		opts := natsbus.Options{Prefix: cfg.NATSPrefix, Replicas: cfg.NATSReplicas, Name: "assure-" + cfg.Target, Logger: log, TracerProvider: tp}
		url := cfg.NATSURL
		if url == "" {
			e, err := natsbus.StartEmbedded(filepath.Join(cfg.DataDir, "nats"))
			if err != nil {
				return nil, err
			}
			in.embedded = e
			opts.ConnectOptions = []nats.Option{e.ConnectOption()}
			log.Info("embedded JetStream started", "dir", filepath.Join(cfg.DataDir, "nats"))
		}
		bus, err := natsbus.Connect(url, opts)
		if err != nil {
			_ = in.close()
			return nil, err
		}
		in.bus = bus
	}
	if cfg.RedisURL != "" {
		r, err := cache.NewRedis(ctx, cfg.RedisURL, cfg.RedisPrefix)
		if err != nil {
			_ = in.close()
			return nil, fmt.Errorf("redis: %w", err)
		}
		in.cache = r
		in.closers = append(in.closers, r.Close)
	} else {
		in.cache = cache.NewMemory()
	}
	return in, nil
}

// database opens the database of one service: its schema in PostgreSQL, or
// its own SQLite file in the data directory.
func (in *infra) database(ctx context.Context, service string) (*store.DB, error) {
	db, err := store.Open(ctx, store.Config{
		PostgresURL: in.cfg.PostgresURL,
		Schema:      service,
		SQLitePath:  filepath.Join(in.cfg.DataDir, service+".db"),
	})
	if err != nil {
		return nil, fmt.Errorf("%s database: %w", service, err)
	}
	in.dbs = append(in.dbs, db)
	return db, nil
}

// close releases everything, last opened first.
func (in *infra) close() error {
	var errs []error
	for _, db := range in.dbs {
		errs = append(errs, db.Close())
	}
	for i := len(in.closers) - 1; i >= 0; i-- {
		errs = append(errs, in.closers[i]())
	}
	if in.bus != nil {
		in.bus.Close()
	}
	if in.embedded != nil {
		in.embedded.Shutdown()
	}
	return errors.Join(errs...)
}
