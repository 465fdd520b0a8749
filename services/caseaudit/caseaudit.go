// Package caseaudit is the case-audit service: rounds of multi-agency case
// file audits on a theme, each sampling cases known only by a pseudonymous
// reference, with the agencies asked to return on each. It publishes
// round.created. New is its only door: the single binary and the tests
// build it the same way with different infrastructure.
package caseaudit

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/eventing"
	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/outbox"
	"github.com/assure-audit/assure/pkg/store"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	"github.com/assure-audit/assure/services/caseaudit/internal/app"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
	"github.com/assure-audit/assure/services/caseaudit/internal/events"
	"github.com/assure-audit/assure/services/caseaudit/internal/grpcapi"
	castore "github.com/assure-audit/assure/services/caseaudit/internal/store"
	"github.com/assure-audit/assure/services/caseaudit/migrations"
	"google.golang.org/grpc"
)

// Name is the service's name: its module target, schema and event prefix.
const Name = events.Service

// Config is the case-audit service's own configuration.
type Config struct {
	// PurgeEvery is how often the job purging closed rounds' case detail
	// after their retention runs (DefaultPurgeEvery if zero).
	PurgeEvery time.Duration
	// RiskResendEvery is how long an immediate-risk flag may go
	// unacknowledged before it is raised again (DefaultRiskResendEvery if
	// zero); the check runs as often, and at most every minute.
	RiskResendEvery time.Duration
}

// DefaultRiskResendEvery is how long a flag waits for acknowledgement
// before it is raised again, unless configured.
const DefaultRiskResendEvery = time.Hour

// DefaultPurgeEvery is how often the purge runs unless configured.
const DefaultPurgeEvery = time.Hour

// Deps are the infrastructure the case-audit service runs on.
type Deps struct {
	DB     *store.DB
	Bus    *natsbus.Bus
	Logger *slog.Logger
	// Now is the clock (time.Now if nil).
	Now func() time.Time
}

// Service is a running case-audit service.
type Service struct {
	app        *app.App
	api        *grpcapi.Server
	relay      *outbox.Relay
	log        *slog.Logger
	purgeEvery time.Duration
	riskEvery  time.Duration
	subscribe  eventing.Subscriber
}

// consumed are the services whose events the case-audit service reads:
// the template service's published versions, which returns answer.
var consumed = []string{"template"}

// New migrates the database, makes sure the event stream exists and builds
// the service.
func New(ctx context.Context, cfg Config, d Deps) (*Service, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.PurgeEvery <= 0 {
		cfg.PurgeEvery = DefaultPurgeEvery
	}
	if cfg.RiskResendEvery <= 0 {
		cfg.RiskResendEvery = DefaultRiskResendEvery
	}
	relay, err := eventing.Prepare(ctx, eventing.Setup{Service: Name, DB: d.DB, Bus: d.Bus, Logger: d.Logger,
		Migrations: migrations.FS, Publishes: true, Consumes: true})
	if err != nil {
		return nil, err
	}
	repo := castore.New(&outbox.Writer[domain.Event]{DB: d.DB, Service: Name, Subject: d.Bus.Subject,
		Encode: events.Encode, Wake: relay.Notify})
	a := app.New(repo, d.Now)
	forms := events.Consumer{DB: d.DB, Logger: d.Logger}
	return &Service{app: a, api: grpcapi.New(a), relay: relay, log: d.Logger, purgeEvery: cfg.PurgeEvery,
		riskEvery: cfg.RiskResendEvery, subscribe: eventing.Consume(d.Bus, Name, consumed, forms.Handle)}, nil
}

// RegisterGRPC registers the case-audit service's API on r.
func (s *Service) RegisterGRPC(r grpc.ServiceRegistrar) {
	caseauditv1.RegisterCaseAuditServiceServer(r, s.api)
}

// AccessTable declares who may call each RPC; the process's guard
// enforces it.
func (s *Service) AccessTable() authz.Table { return grpcapi.AccessTable(s.app) }

// ServiceNames are the gRPC services registered, for health checking.
func (s *Service) ServiceNames() []string {
	return []string{caseauditv1.CaseAuditService_ServiceDesc.ServiceName}
}

// Run relays events, keeps the templates' forms from the template
// service's events, raises unacknowledged risk flags again and purges
// closed rounds' case detail after their retention until ctx is done.
func (s *Service) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	wg.Go(func() { s.purge(ctx) })
	wg.Go(func() { s.resendRisks(ctx) })
	err := eventing.Run(ctx, s.relay, s.subscribe)
	wg.Wait()
	return err
}

// resendRisks raises again, every riskEvery (checking at most every
// minute), the flags nobody has acknowledged.
func (s *Service) resendRisks(ctx context.Context) {
	t := time.NewTicker(min(s.riskEvery, time.Minute))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if _, err := s.app.ResendRisks(ctx, s.riskEvery, s.log); err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "raise unacknowledged risk flags again", "error", err)
		}
	}
}

// purge runs the retention purge at start and every purgeEvery until ctx
// is done; a failed pass is logged and tried again at the next.
func (s *Service) purge(ctx context.Context) {
	t := time.NewTicker(s.purgeEvery)
	defer t.Stop()
	for {
		if _, err := s.app.PurgeDue(ctx, s.log); err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "purge closed rounds", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
