// Package reminder is the reminder service: it learns from the submission
// service's events which submissions of each launched campaign are still
// owed and from the directory's who to write to, and chases them on a
// schedule of working days (England and Wales) set by each campaign's
// policy: before and on the due date, after it, and up an escalation
// ladder, one message per person per run listing everything they owe.
// One scheduler runs at a time among replicas (a lease in the shared
// cache); each reminder to each person is kept once in the database. New
// is its only door: the single binary and the tests build it the same way
// with different infrastructure.
package reminder

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"time"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/cache"
	"github.com/assure-audit/assure/pkg/eventing"
	"github.com/assure-audit/assure/pkg/mail"
	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/outbox"
	"github.com/assure-audit/assure/pkg/store"
	reminderv1 "github.com/assure-audit/assure/proto/gen/assure/reminder/v1"
	"github.com/assure-audit/assure/services/reminder/internal/app"
	"github.com/assure-audit/assure/services/reminder/internal/domain"
	"github.com/assure-audit/assure/services/reminder/internal/events"
	"github.com/assure-audit/assure/services/reminder/internal/grpcapi"
	remstore "github.com/assure-audit/assure/services/reminder/internal/store"
	"github.com/assure-audit/assure/services/reminder/migrations"
	"golang.org/x/sync/errgroup"
	"google.golang.org/grpc"
)

// Name is the service's name: its module target, schema and durable
// consumer name.
const Name = events.Service

// Config is the reminder's own configuration.
type Config struct {
	// TickInterval is how often the schedule is worked out and due
	// messages sent (default one minute).
	TickInterval time.Duration
	// From is who reminders come from.
	From mail.Address
	// SignInURL is where the links in reminders lead.
	SignInURL string
	// SendHold is how long a message being sent is left to its sender
	// before another replica sends it again, should the first have died
	// (default five minutes).
	SendHold time.Duration
}

// Deps are the infrastructure the reminder runs on.
type Deps struct {
	DB     *store.DB
	Bus    *natsbus.Bus
	Logger *slog.Logger
	// Leases elects the one scheduler among replicas (Redis, or in
	// process when embedded); nil runs the scheduler unconditionally.
	Leases cache.Leases
	// Mail sends reminders; nil records them only (they are listed by
	// ListDeliveries with their text).
	Mail mail.Sender
	// Now is the clock (time.Now if nil).
	Now func() time.Time
}

// Service is a running reminder.
type Service struct {
	app       *app.App
	api       *grpcapi.Server
	relay     *outbox.Relay
	subscribe eventing.Subscriber
	leases    cache.Leases
	holder    string
	tick      time.Duration
	wake      chan struct{}
	log       *slog.Logger
}

// recordOnly is the sender of a deployment with no mail server: the
// delivery rows are the record.
type recordOnly struct{}

func (recordOnly) Send(context.Context, mail.Message) error { return nil }

// New migrates the database, makes sure the stream and inbox exist and
// builds the service.
func New(ctx context.Context, cfg Config, d Deps) (*Service, error) {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Mail == nil {
		d.Mail = recordOnly{}
	}
	if cfg.TickInterval == 0 {
		cfg.TickInterval = time.Minute
	}
	if cfg.From.Email == "" {
		cfg.From = mail.Address{Name: "Assure reminders", Email: "reminders@localhost"}
	}
	relay, err := eventing.Prepare(ctx, eventing.Setup{Service: Name, DB: d.DB, Bus: d.Bus, Logger: d.Logger,
		Migrations: migrations.FS, Publishes: true, Consumes: true})
	if err != nil {
		return nil, err
	}
	repo := remstore.New(d.DB)
	deliveries := remstore.NewDeliveries(&outbox.Writer[domain.Event]{DB: d.DB, Service: Name, Subject: d.Bus.Subject,
		Encode: events.Encode, Wake: relay.Notify})
	a := app.New(repo, repo, deliveries, app.Mail{From: cfg.From, SignInURL: cfg.SignInURL, Sender: d.Mail}, d.Now)
	a.SetSendHold(cfg.SendHold)
	consumer := events.Consumer{DB: d.DB, App: a, Changes: remstore.Changes, Logger: d.Logger}
	id := make([]byte, 8)
	_, _ = rand.Read(id)
	s := &Service{app: a, relay: relay, leases: d.Leases, holder: hex.EncodeToString(id), tick: cfg.TickInterval,
		wake: make(chan struct{}, 1), log: d.Logger,
		subscribe: eventing.Consume(d.Bus, Name, []string{"submission", "directory", "caseaudit"}, consumer.Handle)}
	s.api = grpcapi.New(a, s.Wake)
	return s, nil
}

// Wake asks the scheduler to run now rather than at its next tick.
func (s *Service) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
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

// leaseKey names the scheduler's lease.
const leaseKey = "reminder:scheduler"

// Run consumes events, relays the reminder's own and runs the scheduler
// until ctx is done, then drains the consumers and gives up the lease.
func (s *Service) Run(ctx context.Context) error {
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return eventing.Run(gctx, s.relay, s.subscribe) })
	g.Go(func() error {
		t := time.NewTicker(s.tick)
		defer t.Stop()
		defer func() {
			if s.leases != nil {
				_ = s.leases.Release(context.WithoutCancel(ctx), leaseKey, s.holder)
			}
		}()
		for {
			s.runOnce(gctx)
			select {
			case <-gctx.Done():
				return nil
			case <-t.C:
			case <-s.wake:
			}
		}
	})
	return g.Wait()
}

// runOnce works out and sends the reminders due, if this replica holds
// the scheduler's lease.
func (s *Service) runOnce(ctx context.Context) {
	if s.leases != nil {
		held, err := s.leases.Acquire(ctx, leaseKey, s.holder, 3*s.tick+10*time.Second)
		if err != nil {
			s.log.WarnContext(ctx, "reminder scheduler lease", "error", err)
			return
		}
		if !held {
			return
		}
	}
	planned, sent, err := s.app.RunOnce(ctx)
	if err != nil && ctx.Err() == nil {
		s.log.ErrorContext(ctx, "reminder run", "error", err)
		return
	}
	if planned > 0 || sent > 0 {
		s.log.InfoContext(ctx, "reminders", "planned", planned, "messages_sent", sent)
	}
}
