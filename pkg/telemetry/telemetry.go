// Package telemetry sets up OpenTelemetry for a process: a tracer provider
// (exporting over OTLP when an endpoint is configured), a meter provider
// read by a Prometheus handler for /metrics, and the W3C trace-context
// propagator. Nothing is registered globally; callers pass the providers on.
package telemetry

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// Config configures telemetry.
type Config struct {
	// ServiceName names the process in traces and metrics.
	ServiceName string
	// OTLPEndpoint (host:port), if set, receives traces over OTLP/gRPC.
	OTLPEndpoint string
	// SpanProcessor, if set, also receives every span (tests use an
	// in-memory recorder).
	SpanProcessor sdktrace.SpanProcessor
}

// Telemetry holds a process's providers.
type Telemetry struct {
	TracerProvider *sdktrace.TracerProvider
	MeterProvider  *sdkmetric.MeterProvider
	Propagator     propagation.TextMapPropagator
	// MetricsHandler serves the Prometheus text format.
	MetricsHandler http.Handler
}

// New builds the providers.
func New(ctx context.Context, cfg Config) (*Telemetry, error) {
	res := resource.NewSchemaless(attribute.String("service.name", cfg.ServiceName))
	topts := []sdktrace.TracerProviderOption{sdktrace.WithResource(res)}
	if cfg.OTLPEndpoint != "" {
		exp, err := otlptracegrpc.New(ctx, otlptracegrpc.WithEndpoint(cfg.OTLPEndpoint), otlptracegrpc.WithInsecure())
		if err != nil {
			return nil, fmt.Errorf("telemetry: OTLP exporter: %w", err)
		}
		topts = append(topts, sdktrace.WithBatcher(exp))
	}
	if cfg.SpanProcessor != nil {
		topts = append(topts, sdktrace.WithSpanProcessor(cfg.SpanProcessor))
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	pexp, err := otelprom.New(otelprom.WithRegisterer(reg))
	if err != nil {
		return nil, fmt.Errorf("telemetry: prometheus exporter: %w", err)
	}
	return &Telemetry{
		TracerProvider: sdktrace.NewTracerProvider(topts...),
		MeterProvider:  sdkmetric.NewMeterProvider(sdkmetric.WithResource(res), sdkmetric.WithReader(pexp)),
		Propagator:     propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}),
		MetricsHandler: promhttp.HandlerFor(reg, promhttp.HandlerOpts{}),
	}, nil
}

// Shutdown flushes and stops the providers.
func (t *Telemetry) Shutdown(ctx context.Context) error {
	return errors.Join(t.TracerProvider.Shutdown(ctx), t.MeterProvider.Shutdown(ctx))
}
