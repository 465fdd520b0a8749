// Package reminder is the reminder service: it learns from the submission
// service's events which submissions of each launched campaign are still
// owed, and lists them so they can be chased. New is its only door: the
// single binary and the tests build it the same way with different
// infrastructure.
package reminder

import (
	"context"
	"log/slog"
	"time"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/eventing"
	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/store"
	reminderv1 "github.com/assure-audit/assure/proto/gen/assure/reminder/v1"
	"github.com/assure-audit/assure/services/reminder/internal/app"
	"github.com/assure-audit/assure/services/reminder/internal/events"
	"github.com/assure-audit/assure/services/reminder/internal/grpcapi"
	remstore "github.com/assure-audit/assure/services/reminder/internal/store"
	"github.com/assure-audit/assure/services/reminder/migrations"
	"google.golang.org/grpc"
)

// Name is the service's name: its module target, schema and durable
// consumer name.
const Name = events.Service

// Config is the reminder's own configuration (none yet).
type Config struct{}

// Deps are the infrastructure the reminder runs on.
type Deps struct {
	DB     *store.DB
	Bus    *natsbus.Bus
	Logger *slog.Logger
	// Now is the clock (time.Now if nil). The read model takes its times
	// from the events, so nothing reads it yet.
	Now func() time.Time
}

// Service is a running reminder.
type Service struct {
	api       *grpcapi.Server
	subscribe eventing.Subscriber
}

// New migrates the database, makes sure the inbox exists and builds the
// service.
func New(ctx context.Context, _ Config, d Deps) (*Service, error) {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if _, err := eventing.Prepare(ctx, eventing.Setup{Service: Name, DB: d.DB, Bus: d.Bus, Logger: d.Logger,
		Migrations: migrations.FS, Consumes: true}); err != nil {
		return nil, err
	}
	a := app.New(remstore.New(d.DB))
	consumer := events.Consumer{DB: d.DB, App: a, Changes: remstore.Changes, Logger: d.Logger}
	return &Service{
		api:       grpcapi.New(a),
		subscribe: eventing.Consume(d.Bus, Name, []string{"submission"}, consumer.Handle),
	}, nil
}

// RegisterGRPC registers the reminder's API on r.
func (s *Service) RegisterGRPC(r grpc.ServiceRegistrar) {
	reminderv1.RegisterReminderServiceServer(r, s.api)
}

// AccessTable declares who may call each RPC; the process's guard
// enforces it.
func (s *Service) AccessTable() authz.Table { return grpcapi.AccessTable() }

// ServiceNames are the gRPC services registered, for health checking.
func (s *Service) ServiceNames() []string {
	return []string{reminderv1.ReminderService_ServiceDesc.ServiceName}
}

// Run consumes the submission service's events until ctx is done, then
// drains the consumer, waiting at most eventing.DrainTimeout for the events
// in hand.
func (s *Service) Run(ctx context.Context) error { return eventing.Run(ctx, nil, s.subscribe) }
