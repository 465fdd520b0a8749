// Package template is the template service: audit templates of sections and
// questions, and the immutable versions they are published as.
//
// A template's content is a form as pkg/form models it (every question
// type, conditions, applicability, evidence rules, scores and weights),
// with an introduction and section guidance. The draft is edited freely
// (UpdateTemplate, with a field mask and the etag last read) and may be
// incomplete, but every question in it must be well-formed. Publishing
// checks the whole form and freezes it as a numbered version that is never
// changed or deleted; the draft then continues from that version. Each
// version records the lineage of its questions: which questions of the
// previous version each continues, and how (same, renamed, split, merged or
// new); editors declare renames, splits and merges with a question's
// continues field. DiffVersions lists what changed between two versions.
//
// It publishes template.created and version.published, the latter with the
// full content and lineage so that other services can keep their own copy.
// New is its only door: the single binary and the tests build it the same
// way with different infrastructure.
package template

import (
	"context"
	"log/slog"
	"time"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/eventing"
	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/outbox"
	"github.com/assure-audit/assure/pkg/store"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"github.com/assure-audit/assure/services/template/internal/app"
	"github.com/assure-audit/assure/services/template/internal/domain"
	"github.com/assure-audit/assure/services/template/internal/events"
	"github.com/assure-audit/assure/services/template/internal/grpcapi"
	tplstore "github.com/assure-audit/assure/services/template/internal/store"
	"github.com/assure-audit/assure/services/template/migrations"
	"google.golang.org/grpc"
)

// Name is the service's name: its module target, schema and event prefix.
const Name = events.Service

// Config is the template service's own configuration (none yet).
type Config struct{}

// Deps are the infrastructure the template service runs on.
type Deps struct {
	DB     *store.DB
	Bus    *natsbus.Bus
	Logger *slog.Logger
	// Now is the clock (time.Now if nil).
	Now func() time.Time
}

// Service is a running template service.
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
	repo := tplstore.New(&outbox.Writer[domain.Event]{DB: d.DB, Service: Name, Subject: d.Bus.Subject,
		Encode: events.Encode, Wake: relay.Notify})
	return &Service{api: grpcapi.New(app.New(repo, d.Now)), relay: relay}, nil
}

// RegisterGRPC registers the template service's API on r.
func (s *Service) RegisterGRPC(r grpc.ServiceRegistrar) {
	templatev1.RegisterTemplateServiceServer(r, s.api)
}

// AccessTable declares who may call each RPC; the process's guard
// enforces it.
func (s *Service) AccessTable() authz.Table { return grpcapi.AccessTable() }

// ServiceNames are the gRPC services registered, for health checking.
func (s *Service) ServiceNames() []string {
	return []string{templatev1.TemplateService_ServiceDesc.ServiceName}
}

// Run relays events until ctx is done.
func (s *Service) Run(ctx context.Context) error { return eventing.Run(ctx, s.relay, nil) }
