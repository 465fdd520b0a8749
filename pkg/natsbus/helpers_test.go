package natsbus_test

import (
	"context"

	"github.com/nats-io/nats.go"
	"go.opentelemetry.io/otel/trace"
)

type natsOption = nats.Option

func spanTrace(ctx context.Context) string {
	return trace.SpanContextFromContext(ctx).TraceID().String()
}
