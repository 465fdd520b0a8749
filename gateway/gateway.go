// Package gateway is Assure's REST edge: it maps REST calls onto the
// services' gRPC APIs (dialling them, so every request passes the same
// interceptors as a direct gRPC call), serves the OpenAPI document, health
// and readiness, and metrics, and turns malformed input into 4xx answers
// that name the field and the reason.
package gateway

import (
	"context"
	_ "embed"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/assure-audit/assure/gateway/webapp"
	"github.com/assure-audit/assure/pkg/cache"
	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/protobuf/encoding/protojson"

	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	reminderv1 "github.com/assure-audit/assure/proto/gen/assure/reminder/v1"
	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
)

//go:embed openapi/assure.swagger.json
var openAPI []byte

// Backends are client connections to each service; several may be the
// same connection when services share a process.
type Backends struct {
	Directory  *grpc.ClientConn
	Template   *grpc.ClientConn
	Submission *grpc.ClientConn
	Reminder   *grpc.ClientConn
	Reporting  *grpc.ClientConn
	CaseAudit  *grpc.ClientConn
}

// Config configures the gateway.
type Config struct {
	// MaxBodyBytes bounds request bodies (default 1 MiB); larger ones get 413.
	// Evidence uploads have their own bound instead.
	MaxBodyBytes int64
	// MaxEvidenceBytes bounds the file of an evidence upload (default
	// 20 MiB, the most the submission service accepts); larger ones get 413.
	MaxEvidenceBytes int64
	// Limits are the request budgets per address and per caller.
	Limits Limits
}

// Deps are the gateway's infrastructure.
type Deps struct {
	Logger         *slog.Logger
	TracerProvider trace.TracerProvider
	Propagator     propagation.TextMapPropagator
	// MetricsHandler serves /metrics; nil leaves it out.
	MetricsHandler http.Handler
	// Cache holds the rate-limit counters (Redis, or in-process when
	// embedded); nil turns rate limiting off.
	Cache cache.Cache
}

// New returns the gateway's HTTP handler.
func New(ctx context.Context, cfg Config, b Backends, d Deps) (http.Handler, error) {
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.MaxEvidenceBytes == 0 {
		cfg.MaxEvidenceBytes = DefaultMaxEvidenceBytes
	}
	mux := newServeMux(d.Logger)
	regs := []struct {
		name string
		conn *grpc.ClientConn
		reg  func(context.Context, *runtime.ServeMux, *grpc.ClientConn) error
	}{
		{"directory", b.Directory, directoryv1.RegisterDirectoryServiceHandler},
		{"template", b.Template, templatev1.RegisterTemplateServiceHandler},
		{"submission", b.Submission, submissionv1.RegisterSubmissionServiceHandler},
		{"reminder", b.Reminder, reminderv1.RegisterReminderServiceHandler},
		{"reporting", b.Reporting, reportingv1.RegisterReportingServiceHandler},
		{"caseaudit", b.CaseAudit, caseauditv1.RegisterCaseAuditServiceHandler},
	}
	var health []*readiness
	for _, r := range regs {
		if r.conn == nil {
			return nil, fmt.Errorf("gateway: no connection to the %s service", r.name)
		}
		if err := r.reg(ctx, mux, r.conn); err != nil {
			return nil, fmt.Errorf("gateway: register %s: %w", r.name, err)
		}
		health = append(health, &readiness{name: r.name, client: healthpb.NewHealthClient(r.conn)})
	}

	root := http.NewServeMux()
	limitRate := func(h http.Handler) http.Handler {
		if d.Cache != nil {
			return rateLimit(d.Cache, cfg.Limits, d.Logger, h)
		}
		return h
	}
	api := limitBody(cfg.MaxBodyBytes, mux)
	root.Handle("/v1/", limitRate(api))
	// Evidence files travel as multipart uploads and raw downloads, which
	// the generated routes cannot do; these more specific patterns take
	// those paths before "/v1/" does, with their own body limit.
	ev := &evidence{mux: mux, client: submissionv1.NewSubmissionServiceClient(b.Submission), maxFile: cfg.MaxEvidenceBytes}
	root.Handle("POST "+evidenceCollection, limitRate(http.HandlerFunc(ev.upload)))
	root.Handle("GET "+evidenceCollection+"/{id}", limitRate(ev.download(api)))
	ex := &export{mux: mux, client: reportingv1.NewReportingServiceClient(b.Reporting)}
	root.Handle("GET "+answersCSV, limitRate(http.HandlerFunc(ex.answers)))
	root.Handle("GET "+submissionsCSV, limitRate(http.HandlerFunc(ex.submissions)))
	rep := &reports{mux: mux, client: reportingv1.NewReportingServiceClient(b.Reporting)}
	root.Handle("GET "+reportXLSX, limitRate(http.HandlerFunc(rep.workbook)))
	root.Handle("GET "+reportHTML, limitRate(http.HandlerFunc(rep.summary)))
	rf := &roundFindings{mux: mux, client: caseauditv1.NewCaseAuditServiceClient(b.CaseAudit)}
	root.Handle("GET "+findingsHTML, limitRate(http.HandlerFunc(rf.page)))
	root.HandleFunc("GET /openapi.json", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(openAPI)
	})
	root.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	root.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		var down []string
		for _, h := range health {
			if !h.ready(ctx) {
				down = append(down, h.name)
			}
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if len(down) > 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("not ready: " + strings.Join(down, ", ") + "\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	if d.MetricsHandler != nil {
		root.Handle("GET /metrics", d.MetricsHandler)
	}
	// Every other path is the web app's: its pages and built assets.
	root.Handle("/", webapp.Handler())
	var opts []otelhttp.Option
	if d.TracerProvider != nil {
		opts = append(opts, otelhttp.WithTracerProvider(d.TracerProvider))
	}
	if d.Propagator != nil {
		opts = append(opts, otelhttp.WithPropagators(d.Propagator))
	}
	opts = append(opts, otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string {
		return r.Method + " " + r.URL.Path
	}))
	return otelhttp.NewHandler(logRequests(d.Logger, root), "gateway", opts...), nil
}

// newServeMux returns the grpc-gateway mux with Assure's marshaling and
// error handling.
func newServeMux(log *slog.Logger) *runtime.ServeMux {
	return runtime.NewServeMux(
		runtime.WithMarshalerOption(runtime.MIMEWildcard, &runtime.JSONPb{
			MarshalOptions:   protojson.MarshalOptions{EmitUnpopulated: false},
			UnmarshalOptions: protojson.UnmarshalOptions{DiscardUnknown: false},
		}),
		runtime.WithErrorHandler(errorHandler(log)),
		runtime.WithRoutingErrorHandler(routingErrorHandler),
	)
}

type readiness struct {
	name   string
	client healthpb.HealthClient
}

func (h *readiness) ready(ctx context.Context) bool {
	resp, err := h.client.Check(ctx, &healthpb.HealthCheckRequest{})
	return err == nil && resp.GetStatus() == healthpb.HealthCheckResponse_SERVING
}
