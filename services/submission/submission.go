// Package submission is the submission service: campaigns (audit rounds),
// the submissions organisations make to them and their answers. It
// publishes campaign.created, campaign.launched, answers.saved and
// submission.submitted, and keeps copies of published template versions
// and organisations from the template and directory events. New is its only
// door: the single binary and the tests build it the same way with
// different infrastructure.
package submission

import (
	"context"
	"log/slog"
	"time"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/eventing"
	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/outbox"
	"github.com/assure-audit/assure/pkg/store"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"github.com/assure-audit/assure/services/submission/internal/app"
	"github.com/assure-audit/assure/services/submission/internal/clients"
	"github.com/assure-audit/assure/services/submission/internal/domain"
	"github.com/assure-audit/assure/services/submission/internal/events"
	"github.com/assure-audit/assure/services/submission/internal/grpcapi"
	substore "github.com/assure-audit/assure/services/submission/internal/store"
	"github.com/assure-audit/assure/services/submission/migrations"
	"google.golang.org/grpc"
)

// Name is the service's name: its module target, schema and event prefix.
const Name = events.Service

// Config is the submission service's own configuration (none yet).
type Config struct{}

// Deps are the infrastructure and the other services it runs with.
type Deps struct {
	DB     *store.DB
	Bus    *natsbus.Bus
	Logger *slog.Logger
	// Now is the clock (time.Now if nil).
	Now func() time.Time
	// Templates and Directory are asked when an event has not arrived yet;
	// either may be nil.
	Templates templatev1.TemplateServiceClient
	Directory directoryv1.DirectoryServiceClient
}

// Service is a running submission service.
type Service struct {
	api       *grpcapi.Server
	relay     *outbox.Relay
	subscribe eventing.Subscriber
}

// New migrates the database, makes sure the event stream exists and builds
// the service.
func New(ctx context.Context, _ Config, d Deps) (*Service, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	relay, err := eventing.Prepare(ctx, eventing.Setup{Service: Name, DB: d.DB, Bus: d.Bus, Logger: d.Logger,
		Migrations: migrations.FS, Publishes: true, Consumes: true})
	if err != nil {
		return nil, err
	}
	repo := substore.New(&outbox.Writer[domain.Event]{DB: d.DB, Service: Name, Subject: d.Bus.Subject,
		Encode: events.Encode, Wake: relay.Notify})
	var tmpl app.Templates
	if d.Templates != nil {
		tmpl = clients.Templates{Client: d.Templates}
	}
	var dir app.Directory
	if d.Directory != nil {
		dir = clients.Directory{Client: d.Directory}
	}
	a := app.New(repo, repo, tmpl, dir, d.Now)
	return &Service{
		api:       grpcapi.New(a),
		relay:     relay,
		subscribe: eventing.Consume(d.Bus, Name, []string{"template", "directory"}, events.Consumer{DB: d.DB}.Handle),
	}, nil
}

// RegisterGRPC registers the service's API on r.
func (s *Service) RegisterGRPC(r grpc.ServiceRegistrar) {
	submissionv1.RegisterSubmissionServiceServer(r, s.api)
}

// AccessTable declares who may call each RPC; the process's guard
// enforces it.
func (s *Service) AccessTable() authz.Table { return grpcapi.AccessTable() }

// ServiceNames are the gRPC services registered, for health checking.
func (s *Service) ServiceNames() []string {
	return []string{submissionv1.SubmissionService_ServiceDesc.ServiceName}
}

// Run relays events and consumes the template and directory streams until
// ctx is done, then drains the consumers.
func (s *Service) Run(ctx context.Context) error { return eventing.Run(ctx, s.relay, s.subscribe) }
