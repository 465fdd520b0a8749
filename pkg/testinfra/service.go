package testinfra

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/grpcserver"
	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/store"
	"google.golang.org/grpc"
)

// Databases opens one database of each dialect for contract tests: a fresh
// PostgreSQL database (schema named schema) and an SQLite file.
func Databases(t testing.TB, schema string) map[string]*store.DB {
	t.Helper()
	ctx := context.Background()
	pg, err := store.Open(ctx, store.Config{PostgresURL: Postgres(t), Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close() })
	return map[string]*store.DB{"postgres": pg, "sqlite": SQLite(t)}
}

// SQLite opens a new SQLite database file for the test; it is closed when
// the test ends.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), store.Config{SQLitePath: SQLitePath(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Bus connects to the test NATS server with a prefix of the test's own.
func Bus(t testing.TB) *natsbus.Bus {
	t.Helper()
	b, err := natsbus.Connect(NATSURL(), natsbus.Options{Prefix: NATSPrefix(t), Logger: logging.Discard()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return b
}

// EmbeddedBus starts an embedded JetStream server for the test and connects
// to it.
func EmbeddedBus(t testing.TB) *natsbus.Bus {
	t.Helper()
	e, err := natsbus.StartEmbedded(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	b, err := natsbus.Connect("", natsbus.Options{Logger: logging.Discard(), ConnectOptions: []natsOption{e.ConnectOption()}})
	if err != nil {
		e.Shutdown()
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close(); e.Shutdown() })
	return b
}

// ServeGRPC starts a gRPC server with the production interceptor chain on a
// loopback port, registers services on it with register, and returns a
// client connection to it. Both stop when the test ends.
func ServeGRPC(t testing.TB, register func(grpc.ServiceRegistrar)) *grpc.ClientConn {
	t.Helper()
	return ServeGRPCWith(t, grpcserver.Options{}, register)
}

// ServeGRPCWith is ServeGRPC with server options, such as a guard; a nil
// Logger discards the server's logs.
func ServeGRPCWith(t testing.TB, opts grpcserver.Options, register func(grpc.ServiceRegistrar)) *grpc.ClientConn {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = logging.Discard()
	}
	srv, err := grpcserver.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	register(srv)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(lis) }()
	cc, err := grpcserver.Dial(lis.Addr().String(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cc.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Stop(ctx)
	})
	return cc
}

// Eventually polls cond every 10ms until it holds or timeout passes.
func Eventually(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Infra is one way of running a service in tests.
type Infra struct {
	Name string
	DB   *store.DB
	Bus  *natsbus.Bus
}

// Infras returns the two ways every service runs: on PostgreSQL with the
// NATS server, and on SQLite with an embedded JetStream server.
func Infras(t testing.TB, schema string) []Infra {
	t.Helper()
	dbs := Databases(t, schema)
	return []Infra{
		{Name: "postgres+nats", DB: dbs["postgres"], Bus: Bus(t)},
		{Name: "sqlite+embedded", DB: dbs["sqlite"], Bus: EmbeddedBus(t)},
	}
}

// Service is what a service package's New returns.
type Service interface {
	RegisterGRPC(grpc.ServiceRegistrar)
	Run(ctx context.Context) error
}

// StartService builds a service with build, runs it until the test ends
// and serves its API on a loopback gRPC port, returning a connection to it.
func StartService[S Service](t testing.TB, build func(ctx context.Context) (S, error)) *grpc.ClientConn {
	t.Helper()
	return StartServiceWith(t, build, nil)
}

// StartServiceWith is StartService on a server whose options options makes
// from the built service (for instance with the service's guard); nil
// options means the defaults.
func StartServiceWith[S Service](t testing.TB, build func(ctx context.Context) (S, error), options func(S) grpcserver.Options) *grpc.ClientConn {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	svc, err := build(ctx)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = svc.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	var opts grpcserver.Options
	if options != nil {
		opts = options(svc)
	}
	return ServeGRPCWith(t, opts, svc.RegisterGRPC)
}
