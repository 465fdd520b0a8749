package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"sort"
	"time"

	"github.com/assure-audit/assure/gateway"
	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/cache"
	"github.com/assure-audit/assure/pkg/grpcserver"
	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/telemetry"
	"github.com/assure-audit/assure/services/directory"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"golang.org/x/sync/errgroup"
	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// runOptions are hooks for tests that run the binary in-process.
type runOptions struct {
	// spanProcessor also receives every span.
	spanProcessor sdktrace.SpanProcessor
	// logs, if set, receives the log instead of standard error.
	logs io.Writer
	// started is told the addresses actually listened on.
	started func(httpAddr, grpcAddr string)
}

// run starts the modules of cfg.Target and blocks until ctx is done, then
// stops them gracefully: health goes NOT_SERVING, HTTP and gRPC stop taking
// requests and finish those in flight, the services relay their last events
// and drain their consumers, and the stores close.
func run(ctx context.Context, cfg Config, opts *runOptions) error {
	if opts == nil {
		opts = &runOptions{}
	}
	targets, err := resolveTargets(cfg.Target)
	if err != nil {
		return err
	}
	var logOut io.Writer = os.Stderr
	if opts.logs != nil {
		logOut = opts.logs
	}
	log := logging.New(logOut, cfg.LogLevel, cfg.LogFormat).With("target", cfg.Target)
	tel, err := telemetry.New(ctx, telemetry.Config{ServiceName: "assure", OTLPEndpoint: cfg.OTLPEndpoint, SpanProcessor: opts.spanProcessor})
	if err != nil {
		return err
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = tel.Shutdown(sctx)
	}()

	var local []string
	for _, name := range serviceNames() {
		if targets[name] {
			local = append(local, name)
		}
	}
	in, err := openInfra(ctx, cfg, log, tel.TracerProvider, len(local) > 0)
	if err != nil {
		return err
	}
	defer func() {
		if err := in.close(); err != nil {
			log.Warn("closing infrastructure", "error", err)
		}
	}()

	// Requests may carry an evidence file of up to 20 MiB.
	gopts := grpcserver.Options{MaxRecvBytes: 24 << 20, Logger: log, TracerProvider: tel.TracerProvider, MeterProvider: tel.MeterProvider, Propagator: tel.Propagator}
	var grpcLis net.Listener
	if len(local) > 0 {
		if grpcLis, err = net.Listen("tcp", cfg.GRPCAddr); err != nil {
			return fmt.Errorf("listen for gRPC: %w", err)
		}
		defer grpcLis.Close()
	}

	conns, err := dialCalls(cfg, targets, grpcLis, gopts)
	if err != nil {
		return err
	}
	defer func() {
		for _, c := range conns {
			_ = c.Close()
		}
	}()

	// Build the services first: the server's guard is made of their access
	// tables.
	var services []service
	byName := map[string]service{}
	// Each service keeps the access log of its own RPCs in its own
	// database, beside the data the entries are about.
	accessLog := authz.RoutedAccessLog{}
	for _, name := range local {
		db, err := in.database(ctx, name)
		if err != nil {
			return err
		}
		if err := authz.EnsureAccessLogTable(ctx, db); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		svc, err := buildService(ctx, cfg, name, db, in, tel, conns, log.With("service", name))
		if err != nil {
			return err
		}
		services = append(services, svc)
		byName[name] = svc
		for _, n := range svc.ServiceNames() {
			accessLog[n] = authz.StoreAccessLog{DB: db, Logger: log.With("log", "access")}
		}
	}
	var gs *grpcserver.Server
	if len(local) > 0 {
		dir, _ := byName[Directory].(*directory.Service)
		guard, err := buildGuard(cfg, byName, dir, conns[Directory], in.cache, accessLog)
		if err != nil {
			return err
		}
		gopts.Guard = guard
		if gs, err = grpcserver.New(gopts); err != nil {
			return err
		}
		for _, svc := range services {
			svc.RegisterGRPC(gs)
		}
	}

	handler, err := httpHandler(ctx, cfg, targets, conns, gs, tel, in.cache, log)
	if err != nil {
		return err
	}
	httpLis, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen for HTTP: %w", err)
	}
	httpSrv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}

	grpcAddr := ""
	if grpcLis != nil {
		grpcAddr = grpcLis.Addr().String()
	}
	g, gctx := errgroup.WithContext(ctx)
	runCtx, stopServices := context.WithCancel(context.WithoutCancel(ctx))
	defer stopServices()
	for _, svc := range services {
		g.Go(func() error { return svc.Run(runCtx) })
	}
	if gs != nil {
		g.Go(func() error { return gs.Serve(grpcLis) })
		for _, svc := range services {
			for _, n := range svc.ServiceNames() {
				gs.Health.SetServingStatus(n, healthpb.HealthCheckResponse_SERVING)
			}
		}
		gs.Health.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
	}
	g.Go(func() error {
		if err := httpSrv.Serve(httpLis); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	g.Go(func() error {
		<-gctx.Done()
		log.Info("stopping")
		sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
		defer cancel()
		if gs != nil {
			gs.Health.Shutdown()
		}
		_ = httpSrv.Shutdown(sctx)
		if gs != nil {
			gs.Stop(sctx)
		}
		stopServices()
		return nil
	})
	log.Info("assure started", "http", httpLis.Addr().String(), "grpc", grpcAddr, "services", local, "gateway", targets[Gateway],
		"embedded", cfg.PostgresURL == "")
	if opts.started != nil {
		opts.started(httpLis.Addr().String(), grpcAddr)
	}
	err = g.Wait()
	log.Info("stopped", "error", err)
	return err
}

// dialCalls opens one client connection per service that a module here
// calls: the address given by -<service>-addr, or this process's own gRPC
// listener when the service runs here.
func dialCalls(cfg Config, targets map[string]bool, own net.Listener, o grpcserver.Options) (map[string]*grpc.ClientConn, error) {
	need := map[string]bool{}
	for name := range targets {
		for _, c := range modules[name].calls {
			need[c] = true
		}
	}
	names := make([]string, 0, len(need))
	for n := range need {
		names = append(names, n)
	}
	sort.Strings(names)
	conns := map[string]*grpc.ClientConn{}
	for _, name := range names {
		addr := *cfg.Addrs[name]
		if addr == "" && targets[name] && own != nil {
			addr = own.Addr().String()
		}
		if addr == "" {
			if targets[Gateway] {
				return nil, fmt.Errorf("the gateway needs -%s-addr: the %s service does not run in this process", name, name)
			}
			continue // the caller falls back to the copies it keeps from events
		}
		cc, err := grpcserver.Dial(addr, o)
		if err != nil {
			return nil, err
		}
		conns[name] = cc
	}
	return conns, nil
}

// httpHandler is the gateway when it runs here; otherwise health, readiness
// and metrics of the services here.
func httpHandler(ctx context.Context, cfg Config, targets map[string]bool, conns map[string]*grpc.ClientConn, gs *grpcserver.Server, tel *telemetry.Telemetry, cache cache.Cache, log *slog.Logger) (http.Handler, error) {
	if targets[Gateway] {
		limits := gateway.Limits{PerAddress: unlimited(cfg.PerAddressPerMinute), PerCaller: unlimited(cfg.PerTokenPerMinute)}
		return gateway.New(ctx, gateway.Config{MaxBodyBytes: cfg.MaxBodyBytes, Limits: limits}, gateway.Backends{
			Directory: conns[Directory], Template: conns[Template], Submission: conns[Submission],
			Reminder: conns[Reminder], Reporting: conns[Reporting], CaseAudit: conns[CaseAudit],
		}, gateway.Deps{Logger: log, TracerProvider: tel.TracerProvider, Propagator: tel.Propagator,
			MetricsHandler: tel.MetricsHandler, Cache: cache})
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		resp, err := gs.Health.Check(r.Context(), &healthpb.HealthCheckRequest{})
		if err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("not ready\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	mux.Handle("GET /metrics", tel.MetricsHandler)
	if cfg.Pprof {
		mux.HandleFunc("GET /debug/pprof/", pprof.Index)
		mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
		mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
		mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	}
	return mux, nil
}

// unlimited turns a budget of 0 (no limit) into one no caller reaches.
func unlimited(perMinute int) int {
	if perMinute <= 0 {
		return math.MaxInt32
	}
	return perMinute
}
