// Package eventing starts and stops the event machinery of a service: its
// schema and outbox or inbox tables, its stream, the outbox relay and its
// consumers, so each service declares what it publishes and consumes and
// nothing more.
package eventing

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"github.com/assure-audit/assure/pkg/inbox"
	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/outbox"
	"github.com/assure-audit/assure/pkg/store"
	"golang.org/x/sync/errgroup"
)

// Setup says what a service needs.
type Setup struct {
	// Service is the service's name.
	Service string
	DB      *store.DB
	Bus     *natsbus.Bus
	Logger  *slog.Logger
	// Migrations holds <dialect>/*.sql at its root.
	Migrations fs.FS
	// Publishes is true for a service with an outbox and a stream.
	Publishes bool
	// Consumes is true for a service with an inbox.
	Consumes bool
}

// Prepare migrates the schema, creates the outbox and inbox tables the
// service needs and makes sure its stream exists. It returns the relay
// (nil for a service that publishes nothing).
func Prepare(ctx context.Context, s Setup) (*outbox.Relay, error) {
	if err := s.DB.Migrate(ctx, s.Migrations, "."); err != nil {
		return nil, fmt.Errorf("%s: %w", s.Service, err)
	}
	err := s.DB.Exclusive(ctx, func() error {
		if s.Consumes {
			if err := inbox.EnsureTable(ctx, s.DB); err != nil {
				return err
			}
		}
		if s.Publishes {
			return outbox.EnsureTable(ctx, s.DB)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.Service, err)
	}
	if !s.Publishes {
		return nil, nil
	}
	if err := s.Bus.EnsureStream(ctx, s.Service); err != nil {
		return nil, fmt.Errorf("%s: %w", s.Service, err)
	}
	log := s.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return outbox.NewRelay(s.DB, s.Bus, log), nil
}

// Subscriber starts a service's consumers.
type Subscriber func(ctx context.Context) ([]*natsbus.Subscription, error)

// DrainTimeout bounds how long stopping waits for consumers to finish the
// events in hand.
const DrainTimeout = 10 * time.Second

// Run relays (if relay is not nil) and consumes (if subscribe is not nil)
// until ctx is done; then the consumers drain and the relay makes a last
// pass before Run returns.
func Run(ctx context.Context, relay *outbox.Relay, subscribe Subscriber) error {
	var subs []*natsbus.Subscription
	if subscribe != nil {
		var err error
		if subs, err = subscribe(ctx); err != nil {
			return err
		}
	}
	g, gctx := errgroup.WithContext(ctx)
	if relay != nil {
		g.Go(func() error { return relay.Run(gctx) })
	}
	g.Go(func() error {
		<-gctx.Done()
		stop, cancel := context.WithTimeout(context.WithoutCancel(ctx), DrainTimeout)
		defer cancel()
		for _, s := range subs {
			s.Stop(stop)
		}
		return nil
	})
	return g.Wait()
}

// Consume subscribes one handler to the streams of several publishing
// services under one durable name.
func Consume(bus *natsbus.Bus, durable string, from []string, h natsbus.Handler) Subscriber {
	return func(ctx context.Context) ([]*natsbus.Subscription, error) {
		var subs []*natsbus.Subscription
		for _, f := range from {
			s, err := bus.Consume(ctx, f, durable, h)
			if err != nil {
				for _, s := range subs {
					s.Stop(ctx)
				}
				return nil, err
			}
			subs = append(subs, s)
		}
		return subs, nil
	}
}
