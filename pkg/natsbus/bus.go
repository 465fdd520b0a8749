// Package natsbus connects Assure services to NATS JetStream: one stream per
// publishing service, publishing with the event id as Nats-Msg-Id so the
// broker drops duplicates, durable pull consumers shared by a service's
// replicas, trace context carried in message headers, and an embedded
// JetStream server for the one-command start.
package natsbus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"github.com/assure-audit/assure/pkg/outbox"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

// Options configures a Bus.
type Options struct {
	// Prefix starts every subject and stream name, so that separate
	// deployments or test runs can share a NATS server without seeing each
	// other's events (default "assure").
	Prefix string
	// Replicas of each stream (1 on a single server, 3 in a cluster).
	Replicas int
	// Name identifies the connection in the server's monitoring.
	Name           string
	Logger         *slog.Logger
	TracerProvider trace.TracerProvider
	// ConnectOptions are extra nats.go options (e.g. nats.InProcessServer).
	ConnectOptions []nats.Option
}

// Bus is a JetStream connection.
type Bus struct {
	nc     *nats.Conn
	js     jetstream.JetStream
	prefix string
	opts   Options
	tracer trace.Tracer
	prop   propagation.TextMapPropagator
}

var prefixPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

// Connect dials url (ignored when ConnectOptions name an in-process server).
func Connect(url string, o Options) (*Bus, error) {
	if o.Prefix == "" {
		o.Prefix = "assure"
	}
	if !prefixPattern.MatchString(o.Prefix) {
		return nil, fmt.Errorf("natsbus: bad prefix %q: lower-case letters, digits and _ only", o.Prefix)
	}
	if o.Replicas == 0 {
		o.Replicas = 1
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.TracerProvider == nil {
		o.TracerProvider = noop.NewTracerProvider()
	}
	log := o.Logger
	copts := append([]nats.Option{
		nats.Name(o.Name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(500 * time.Millisecond),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn("nats disconnected", "error", err)
			}
		}),
		nats.ReconnectHandler(func(c *nats.Conn) { log.Info("nats reconnected", "url", c.ConnectedUrl()) }),
	}, o.ConnectOptions...)
	nc, err := nats.Connect(url, copts...)
	if err != nil {
		return nil, fmt.Errorf("natsbus: connect %s: %w", url, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("natsbus: jetstream: %w", err)
	}
	return &Bus{nc: nc, js: js, prefix: o.Prefix, opts: o,
		tracer: o.TracerProvider.Tracer("github.com/assure-audit/assure/pkg/natsbus"),
		prop:   propagation.TraceContext{}}, nil
}

// Close drains the connection: pending publishes are flushed, subscriptions
// finish the messages they hold.
func (b *Bus) Close() {
	if err := b.nc.Drain(); err != nil {
		b.nc.Close()
	}
}

// Subject returns the subject of an event of a service, e.g.
// Subject("submission", "campaign.launched") = "assure.submission.campaign.launched".
func (b *Bus) Subject(service, event string) string {
	return b.prefix + "." + service + "." + event
}

// StreamName returns the stream holding a service's events.
func (b *Bus) StreamName(service string) string {
	return strings.ToUpper(b.prefix + "_" + service)
}

// EnsureStream creates or updates the stream of a publishing service.
func (b *Bus) EnsureStream(ctx context.Context, service string) error {
	_, err := b.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:       b.StreamName(service),
		Subjects:   []string{b.prefix + "." + service + ".>"},
		Storage:    jetstream.FileStorage,
		Retention:  jetstream.LimitsPolicy,
		Replicas:   b.opts.Replicas,
		Duplicates: 2 * time.Minute,
	})
	if err != nil {
		return fmt.Errorf("natsbus: ensure stream %s: %w", b.StreamName(service), err)
	}
	return nil
}

// Publish sends one event and waits for JetStream to store it. The event id
// is the message id, so a second publish of the same event within the
// duplicate window is dropped by the server.
func (b *Bus) Publish(ctx context.Context, subject, eventID string, payload []byte, headers map[string]string) error {
	msg := nats.NewMsg(subject)
	msg.Data = payload
	for k, v := range headers {
		msg.Header.Set(k, v)
	}
	// The producer span continues the trace the event was written under.
	pctx := b.prop.Extract(ctx, propagation.MapCarrier(headers))
	pctx, span := b.tracer.Start(pctx, "publish "+subject, trace.WithSpanKind(trace.SpanKindProducer),
		trace.WithAttributes(attribute.String("messaging.system", "nats"), attribute.String("messaging.message.id", eventID)))
	defer span.End()
	b.prop.Inject(pctx, headerCarrier(msg.Header))
	if _, err := b.js.PublishMsg(ctx, msg, jetstream.WithMsgID(eventID)); err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
		return fmt.Errorf("natsbus: publish %s: %w", subject, err)
	}
	return nil
}

var _ outbox.Publisher = (*Bus)(nil)

// Event is a message received by a consumer.
type Event struct {
	ID      string
	Subject string
	Type    string
	Time    time.Time
	Data    []byte
}

// Handler applies one event. Returning an error asks for redelivery later.
type Handler func(ctx context.Context, ev Event) error

// Subscription is a running consumer.
type Subscription struct {
	cc jetstream.ConsumeContext
}

// Stop stops fetching and waits, up to ctx, for the handler to finish the
// messages already fetched.
func (s *Subscription) Stop(ctx context.Context) {
	s.cc.Drain()
	select {
	case <-s.cc.Closed():
	case <-ctx.Done():
		s.cc.Stop()
	}
}

// Consume starts a durable consumer named durable on the stream of the
// publishing service from and calls h for each of its events; h decides by
// Event.Type what to apply and acknowledges the rest by returning nil.
// Replicas that use the same durable name share the work.
func (b *Bus) Consume(ctx context.Context, from, durable string, h Handler) (*Subscription, error) {
	cfg := jetstream.ConsumerConfig{
		Durable:       durable,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       30 * time.Second,
		MaxDeliver:    -1,
		DeliverPolicy: jetstream.DeliverAllPolicy,
		FilterSubject: b.prefix + "." + from + ".>",
	}
	// The publisher may not have started yet; its stream is made the same
	// way by whoever comes first.
	if err := b.EnsureStream(ctx, from); err != nil {
		return nil, err
	}
	cons, err := b.js.CreateOrUpdateConsumer(ctx, b.StreamName(from), cfg)
	if err != nil {
		return nil, fmt.Errorf("natsbus: consumer %s on %s: %w", durable, b.StreamName(from), err)
	}
	log := b.opts.Logger
	cc, err := cons.Consume(func(m jetstream.Msg) {
		b.handle(m, durable, h, log)
	})
	if err != nil {
		return nil, fmt.Errorf("natsbus: consume %s: %w", durable, err)
	}
	return &Subscription{cc: cc}, nil
}

func (b *Bus) handle(m jetstream.Msg, durable string, h Handler, log *slog.Logger) {
	hdr := m.Headers()
	ctx := b.prop.Extract(context.Background(), headerCarrier(hdr))
	ctx, span := b.tracer.Start(ctx, "consume "+m.Subject(), trace.WithSpanKind(trace.SpanKindConsumer),
		trace.WithAttributes(attribute.String("messaging.system", "nats"), attribute.String("messaging.consumer", durable)))
	defer span.End()
	ev := Event{ID: hdr.Get(nats.MsgIdHdr), Subject: m.Subject(), Type: hdr.Get(outbox.HeaderEventType), Data: m.Data()}
	if t, err := time.Parse(time.RFC3339Nano, hdr.Get(outbox.HeaderEventTime)); err == nil {
		ev.Time = t
	}
	if ev.ID == "" {
		// Without an id the event cannot be applied idempotently.
		log.ErrorContext(ctx, "event without id dropped", "subject", ev.Subject, "consumer", durable)
		_ = m.Term()
		return
	}
	hctx, cancel := context.WithTimeout(ctx, 25*time.Second)
	err := h(hctx, ev)
	cancel()
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
		log.WarnContext(ctx, "event handler failed; will retry", "subject", ev.Subject, "event_id", ev.ID, "consumer", durable, "error", err)
		_ = m.NakWithDelay(time.Second)
		return
	}
	if err := m.Ack(); err != nil && !errors.Is(err, nats.ErrConnectionClosed) {
		log.WarnContext(ctx, "ack failed; event will be redelivered and skipped", "event_id", ev.ID, "error", err)
	}
}

// headerCarrier adapts NATS headers to the propagation carrier.
type headerCarrier nats.Header

func (c headerCarrier) Get(key string) string { return nats.Header(c).Get(key) }
func (c headerCarrier) Set(key, value string) { nats.Header(c).Set(key, value) }
func (c headerCarrier) Keys() []string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	return keys
}

// Forget deletes the durable consumer of a service's stream, so the next
// Consume under that name starts again from the first event (a read
// model rebuilt by replaying). A consumer or stream that does not exist is
// not an error.
func (b *Bus) Forget(ctx context.Context, from, durable string) error {
	err := b.js.DeleteConsumer(ctx, b.StreamName(from), durable)
	if err == nil || errors.Is(err, jetstream.ErrConsumerNotFound) || errors.Is(err, jetstream.ErrStreamNotFound) {
		return nil
	}
	return fmt.Errorf("natsbus: forget consumer %s on %s: %w", durable, b.StreamName(from), err)
}
