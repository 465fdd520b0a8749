package testinfra

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/outbox"
	"github.com/assure-audit/assure/pkg/store"
	"google.golang.org/protobuf/proto"
)

// Publish sends msg as the event `event` of service, with the headers the
// outbox relay sets, as if that service had published it. It returns the
// event id.
func Publish(t testing.TB, bus *natsbus.Bus, service, event string, msg proto.Message) string {
	t.Helper()
	return PublishAt(t, bus, service, event, time.Now(), msg)
}

// PublishAt is Publish for an event that happened at at.
func PublishAt(t testing.TB, bus *natsbus.Bus, service, event string, at time.Time, msg proto.Message) string {
	t.Helper()
	data, err := proto.Marshal(msg)
	if err != nil {
		t.Fatal(err)
	}
	id := UniqueName()
	headers := map[string]string{
		outbox.HeaderEventType: string(msg.ProtoReflect().Descriptor().FullName()),
		outbox.HeaderEventTime: at.UTC().Format(time.RFC3339Nano),
	}
	if err := bus.EnsureStream(context.Background(), service); err != nil {
		t.Fatal(err)
	}
	if err := bus.Publish(context.Background(), bus.Subject(service, event), id, data, headers); err != nil {
		t.Fatal(err)
	}
	return id
}

// Outbox is a service's outbox in a store contract test.
type Outbox[E any] struct {
	// Writer writes to the outbox table of the test's database, making
	// subjects "<service>.<event>" and waking nothing.
	Writer  *outbox.Writer[E]
	encoded atomic.Int64
}

// NewOutbox creates the outbox table in db and returns a writer to it that
// encodes events with encode and counts them.
func NewOutbox[E any](t testing.TB, db *store.DB, service string, encode outbox.Encoder[E]) *Outbox[E] {
	t.Helper()
	if err := outbox.EnsureTable(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	o := &Outbox[E]{}
	o.Writer = &outbox.Writer[E]{DB: db, Service: service,
		Subject: func(s, e string) string { return s + "." + e },
		Encode: func(ev E) (string, proto.Message, error) {
			o.encoded.Add(1)
			return encode(ev)
		}}
	return o
}

// Encoded is how many events the writer has encoded, in transactions that
// committed or not.
func (o *Outbox[E]) Encoded() int { return int(o.encoded.Load()) }

// Events are the events a service has published, as a test's own consumer
// receives them.
type Events struct {
	mu   sync.Mutex
	seen []natsbus.Event
}

// CollectEvents consumes every event of service, from the start of its
// stream, under a durable name of the test's own until the test ends.
func CollectEvents(t testing.TB, bus *natsbus.Bus, service string) *Events {
	t.Helper()
	e := &Events{}
	sub, err := bus.Consume(context.Background(), service, "test-"+UniqueName(), func(_ context.Context, ev natsbus.Event) error {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.seen = append(e.seen, ev)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sub.Stop(context.Background()) })
	return e
}

// Wait waits up to ten seconds for at least n events and returns all
// received so far, in the order they arrived.
func (e *Events) Wait(t testing.TB, n int) []natsbus.Event {
	t.Helper()
	var seen []natsbus.Event
	Eventually(t, 10*time.Second, fmt.Sprintf("%d events", n), func() bool {
		e.mu.Lock()
		defer e.mu.Unlock()
		seen = append([]natsbus.Event(nil), e.seen...)
		return len(seen) >= n
	})
	return seen
}

// Types returns the types of evs, in order.
func Types(evs []natsbus.Event) []string {
	out := make([]string, len(evs))
	for i, ev := range evs {
		out[i] = ev.Type
	}
	return out
}
