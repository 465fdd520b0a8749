// Package directory is the directory service: partnerships and the
// organisations that belong to them. It publishes partnership.created and
// organisation.created. New is its only door: the single binary and the
// tests build it the same way with different infrastructure.
package directory

import (
	"context"
	"log/slog"
	"time"

	"github.com/assure-audit/assure/pkg/eventing"
	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/outbox"
	"github.com/assure-audit/assure/pkg/store"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	"github.com/assure-audit/assure/services/directory/internal/app"
	"github.com/assure-audit/assure/services/directory/internal/domain"
	"github.com/assure-audit/assure/services/directory/internal/events"
	"github.com/assure-audit/assure/services/directory/internal/grpcapi"
	dirstore "github.com/assure-audit/assure/services/directory/internal/store"
	"github.com/assure-audit/assure/services/directory/migrations"
	"google.golang.org/grpc"
)

// Name is the service's name: its module target, schema and event prefix.
const Name = events.Service

// Config is the directory's own configuration (none yet).
type Config struct{}

// Deps are the infrastructure the directory runs on.
type Deps struct {
	DB     *store.DB
	Bus    *natsbus.Bus
	Logger *slog.Logger
	// Now is the clock (time.Now if nil).
	Now func() time.Time
}

// Service is a running directory.
type Service struct {
	api   *grpcapi.Server
	relay *outbox.Relay
}

// New migrates the database, makes sure the event stream exists and builds
// the service.
func New(ctx context.Context, _ Config, d Deps) (*Service, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	relay, err := eventing.Prepare(ctx, eventing.Setup{Service: Name, DB: d.DB, Bus: d.Bus, Logger: d.Logger,
		Migrations: migrations.FS, Publishes: true})
	if err != nil {
		return nil, err
	}
	repo := dirstore.New(&outbox.Writer[domain.Event]{DB: d.DB, Service: Name, Subject: d.Bus.Subject,
		Encode: events.Encode, Wake: relay.Notify})
	return &Service{api: grpcapi.New(app.New(repo, d.Now)), relay: relay}, nil
}

// RegisterGRPC registers the directory's API on s.
func (s *Service) RegisterGRPC(r grpc.ServiceRegistrar) {
	directoryv1.RegisterDirectoryServiceServer(r, s.api)
}

// ServiceNames are the gRPC services registered, for health checking.
func (s *Service) ServiceNames() []string {
	return []string{directoryv1.DirectoryService_ServiceDesc.ServiceName}
}

// Run relays events until ctx is done.
func (s *Service) Run(ctx context.Context) error { return eventing.Run(ctx, s.relay, nil) }
