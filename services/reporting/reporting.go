// Package reporting is the reporting service: it builds read models from the
// other services' events and answers report queries from them, starting with
// how far each campaign's returns have got. New is its only door: the
// single binary and the tests build it the same way with different
// infrastructure.
package reporting

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/cache"
	"github.com/assure-audit/assure/pkg/eventing"
	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/store"
	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
	"github.com/assure-audit/assure/services/reporting/internal/app"
	"github.com/assure-audit/assure/services/reporting/internal/events"
	"github.com/assure-audit/assure/services/reporting/internal/grpcapi"
	repstore "github.com/assure-audit/assure/services/reporting/internal/store"
	"github.com/assure-audit/assure/services/reporting/migrations"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
	"google.golang.org/grpc"
)

// Name is the service's name: its module target, schema and durable
// consumer name.
const Name = events.Service

// Config is the reporting service's own configuration.
type Config struct {
	// Rebuild empties the read models at start and replays every stream
	// from its first event to fill them again: after a change to how
	// events are read, or to recover from a lost database. Reports are
	// incomplete until the replay catches up. Start one replica with it
	// while the others are stopped: it deletes the shared consumers.
	Rebuild bool
}

// Deps are the infrastructure the reporting service runs on.
type Deps struct {
	DB     *store.DB
	Bus    *natsbus.Bus
	Logger *slog.Logger
	// Now is the clock (time.Now if nil).
	Now func() time.Time
	// Cache holds built reports for a short while, shared by the replicas
	// (an in-process cache if nil).
	Cache cache.Cache
	// MeterProvider receives the read model's freshness (no metrics if
	// nil).
	MeterProvider metric.MeterProvider
}

// Service is a running reporting service.
type Service struct {
	app       *app.App
	api       *grpcapi.Server
	subscribe eventing.Subscriber
}

// New migrates the database, makes sure the inbox exists and builds the
// service.
func New(ctx context.Context, cfg Config, d Deps) (*Service, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Cache == nil {
		d.Cache = cache.NewMemory()
	}
	if d.MeterProvider == nil {
		d.MeterProvider = noop.NewMeterProvider()
	}
	if _, err := eventing.Prepare(ctx, eventing.Setup{Service: Name, DB: d.DB, Bus: d.Bus, Logger: d.Logger,
		Migrations: migrations.FS, Consumes: true}); err != nil {
		return nil, err
	}
	freshness, err := events.NewFreshness(d.MeterProvider)
	if err != nil {
		return nil, fmt.Errorf("reporting: %w", err)
	}
	repo := repstore.New(d.DB)
	a := app.New(repo, d.Cache, d.Logger)
	if cfg.Rebuild {
		if err := rebuild(ctx, repo, a, d.Bus, d.Logger); err != nil {
			return nil, err
		}
	}
	consumer := events.Consumer{DB: d.DB, App: a, Changes: repstore.Changes,
		Freshness: freshness, Now: d.Now, Logger: d.Logger}
	return &Service{
		app:       a,
		api:       grpcapi.New(a, d.Now),
		subscribe: eventing.Consume(d.Bus, Name, consumed, consumer.Handle),
	}, nil
}

// RegisterGRPC registers the reporting service's API on r.
func (s *Service) RegisterGRPC(r grpc.ServiceRegistrar) {
	reportingv1.RegisterReportingServiceServer(r, s.api)
}

// AccessTable declares who may call each RPC; the process's guard
// enforces it.
func (s *Service) AccessTable() authz.Table { return grpcapi.AccessTable(s.app) }

// ServiceNames are the gRPC services registered, for health checking.
func (s *Service) ServiceNames() []string {
	return []string{reportingv1.ReportingService_ServiceDesc.ServiceName}
}

// Run consumes the submission and directory services' events until ctx is
// done, then drains the consumers, waiting at most eventing.DrainTimeout for
// the events in hand.
func (s *Service) Run(ctx context.Context) error { return eventing.Run(ctx, nil, s.subscribe) }

// consumed are the services whose events the reporting service reads.
var consumed = []string{"submission", "directory", "template"}

// rebuild empties the read models and forgets the durable consumers, so
// the consumers started next replay every stream from its first event. The
// reports cached before are dropped: the campaigns' versions start again,
// so a cached report could otherwise match a version it was not built at.
func rebuild(ctx context.Context, repo *repstore.Repository, a *app.App, bus *natsbus.Bus, log *slog.Logger) error {
	names, err := repo.CampaignNames(ctx)
	if err != nil {
		return fmt.Errorf("reporting: rebuild: %w", err)
	}
	if err := a.DropReports(ctx, names); err != nil {
		return fmt.Errorf("reporting: rebuild: %w", err)
	}
	if err := repo.Clear(ctx, Name); err != nil {
		return fmt.Errorf("reporting: rebuild: %w", err)
	}
	for _, from := range consumed {
		if err := bus.Forget(ctx, from, Name); err != nil {
			return fmt.Errorf("reporting: rebuild: %w", err)
		}
	}
	log.InfoContext(ctx, "reporting read models cleared; replaying the streams")
	return nil
}
