// Package submission is the submission service: campaigns (audit rounds)
// with their audience, dates and consortium, the submissions organisations
// make to them, their answers and history, evidence, sign-off, QA and
// action plans. It publishes campaign.*, answers.saved, submission.*,
// action.* and evidence.uploaded, and keeps copies of published template
// versions, organisations, partnerships and consortia from the template and
// directory events. New is its only door: the single binary and the tests
// build it the same way with different infrastructure.
package submission

import (
	"context"
	"log/slog"
	"time"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/eventing"
	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/objectstore"
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
	"golang.org/x/sync/errgroup"
	"google.golang.org/grpc"
)

// Name is the service's name: its module target, schema and event prefix.
const Name = events.Service

// Config is the submission service's own configuration.
type Config struct {
	// TickInterval is how often scheduled campaigns are opened and due
	// ones closed (default 30 s).
	TickInterval time.Duration
}

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
	// Files keeps evidence; nil keeps it in the service's own database.
	Files objectstore.Store
}

// Service is a running submission service.
type Service struct {
	app       *app.App
	api       *grpcapi.Server
	relay     *outbox.Relay
	subscribe eventing.Subscriber
	tick      time.Duration
	log       *slog.Logger
}

// New migrates the database, makes sure the event stream exists and builds
// the service.
func New(ctx context.Context, cfg Config, d Deps) (*Service, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	if cfg.TickInterval == 0 {
		cfg.TickInterval = 30 * time.Second
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
	files := d.Files
	if files == nil {
		if files, err = objectstore.NewSQL(ctx, d.DB); err != nil {
			return nil, err
		}
	}
	a := app.New(app.Deps{Repo: repo, Copies: repo, Templates: tmpl, Directory: dir, Files: files, Now: d.Now})
	return &Service{
		app:       a,
		api:       grpcapi.New(a, d.Now),
		relay:     relay,
		subscribe: eventing.Consume(d.Bus, Name, []string{"template", "directory"}, events.Consumer{DB: d.DB}.Handle),
		tick:      cfg.TickInterval,
		log:       d.Logger,
	}, nil
}

// RegisterGRPC registers the service's API on r.
func (s *Service) RegisterGRPC(r grpc.ServiceRegistrar) {
	submissionv1.RegisterSubmissionServiceServer(r, s.api)
}

// AccessTable declares who may call each RPC; the process's guard
// enforces it.
func (s *Service) AccessTable() authz.Table { return grpcapi.AccessTable(s.app) }

// ServiceNames are the gRPC services registered, for health checking.
func (s *Service) ServiceNames() []string {
	return []string{submissionv1.SubmissionService_ServiceDesc.ServiceName}
}

// Run relays events, consumes the template and directory streams and keeps
// the campaign clock (opening and closing campaigns on time) until ctx is
// done, then drains the consumers.
func (s *Service) Run(ctx context.Context) error {
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return eventing.Run(gctx, s.relay, s.subscribe) })
	g.Go(func() error {
		t := time.NewTicker(s.tick)
		defer t.Stop()
		for {
			if err := s.app.Tick(gctx, s.log); err != nil && gctx.Err() == nil {
				s.log.ErrorContext(gctx, "campaign clock", "error", err)
			}
			select {
			case <-gctx.Done():
				return nil
			case <-t.C:
			}
		}
	})
	return g.Wait()
}
