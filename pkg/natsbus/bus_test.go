package natsbus_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/testinfra"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// buses returns a bus on the real NATS server (unique prefix) and one on an
// embedded server, for the same tests.
func buses(t *testing.T, tp *sdktrace.TracerProvider) map[string]*natsbus.Bus {
	t.Helper()
	real, err := natsbus.Connect(testinfra.NATSURL(), natsbus.Options{Prefix: testinfra.NATSPrefix(t), TracerProvider: tp})
	if err != nil {
		t.Fatal(err)
	}
	emb, err := natsbus.StartEmbedded(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	local, err := natsbus.Connect("", natsbus.Options{Prefix: "assure", TracerProvider: tp, ConnectOptions: []natsOption{emb.ConnectOption()}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { real.Close(); local.Close(); emb.Shutdown() })
	return map[string]*natsbus.Bus{"server": real, "embedded": local}
}

func TestPublishDedupesAndConsumes(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	for name, bus := range buses(t, tp) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if err := bus.EnsureStream(ctx, "svc"); err != nil {
				t.Fatal(err)
			}
			// The trace of the writer travels in the headers.
			parent, span := tp.Tracer("test").Start(ctx, "writer")
			headers := propagation.MapCarrier{"Assure-Event-Type": "test.Thing"}
			propagation.TraceContext{}.Inject(parent, headers)
			span.End()
			subject := bus.Subject("svc", "thing.happened")
			for i := 0; i < 3; i++ { // the same event three times
				if err := bus.Publish(ctx, subject, "ev-1", []byte("a"), headers); err != nil {
					t.Fatal(err)
				}
			}
			if err := bus.Publish(ctx, subject, "ev-2", []byte("b"), headers); err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			var got []natsbus.Event
			var traceOK bool
			sub, err := bus.Consume(ctx, "svc", "tester", func(ctx context.Context, ev natsbus.Event) error {
				mu.Lock()
				defer mu.Unlock()
				got = append(got, ev)
				traceOK = spanTrace(ctx) == span.SpanContext().TraceID().String()
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(5 * time.Second)
			for time.Now().Before(deadline) {
				mu.Lock()
				n := len(got)
				mu.Unlock()
				if n >= 2 {
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
			time.Sleep(100 * time.Millisecond)
			sub.Stop(ctx)
			mu.Lock()
			defer mu.Unlock()
			if len(got) != 2 || got[0].ID != "ev-1" || got[1].ID != "ev-2" || got[0].Type != "test.Thing" {
				t.Fatalf("got %+v", got)
			}
			if !traceOK {
				t.Fatal("consumer did not continue the writer's trace")
			}
		})
	}
}
