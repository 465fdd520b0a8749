// Package grpcserver builds Assure's gRPC servers and client connections with
// one interceptor chain: panic recovery, OpenTelemetry, slog logging with
// trace ids, protovalidate validation of every request, and one mapping from
// application errors to gRPC status codes.
package grpcserver

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"buf.build/go/protovalidate"
	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/failure"
	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// Options configures a server or a client connection.
type Options struct {
	Logger         *slog.Logger
	TracerProvider trace.TracerProvider
	MeterProvider  metric.MeterProvider
	Propagator     propagation.TextMapPropagator
	// MaxRecvBytes bounds request size (default 4 MiB).
	MaxRecvBytes int
	// Guard, if set, authenticates every call and enforces the access
	// table; requests are validated between authentication and the rule.
	Guard *authz.Guard
}

// Server is a gRPC server with health checking and reflection registered.
type Server struct {
	*grpc.Server
	Health *health.Server
}

// New returns a server with the interceptor chain installed. Register
// services on it, then mark them serving through Health.
func New(o Options) (*Server, error) {
	v, err := protovalidate.New()
	if err != nil {
		return nil, fmt.Errorf("protovalidate: %w", err)
	}
	if o.MaxRecvBytes == 0 {
		o.MaxRecvBytes = 4 << 20
	}
	chain := []grpc.UnaryServerInterceptor{recoverUnary(o.Logger), logUnary(o.Logger), mapErrorsUnary()}
	var streams []grpc.StreamServerInterceptor
	if o.Guard != nil {
		chain = append(chain, o.Guard.Authenticate(), validateUnary(v), o.Guard.Authorize())
		guard := o.Guard.StreamInterceptor()
		streams = append(streams, func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, h grpc.StreamHandler) error {
			return ToStatus(guard(srv, ss, info, h))
		})
	} else {
		chain = append(chain, validateUnary(v))
	}
	s := grpc.NewServer(
		grpc.StatsHandler(otelgrpc.NewServerHandler(otelOptions(o)...)),
		grpc.MaxRecvMsgSize(o.MaxRecvBytes),
		grpc.ChainUnaryInterceptor(chain...),
		grpc.ChainStreamInterceptor(streams...),
	)
	h := health.NewServer()
	healthpb.RegisterHealthServer(s, h)
	reflection.Register(s)
	return &Server{Server: s, Health: h}, nil
}

func otelOptions(o Options) []otelgrpc.Option {
	var opts []otelgrpc.Option
	if o.TracerProvider != nil {
		opts = append(opts, otelgrpc.WithTracerProvider(o.TracerProvider))
	}
	if o.MeterProvider != nil {
		opts = append(opts, otelgrpc.WithMeterProvider(o.MeterProvider))
	}
	if o.Propagator != nil {
		opts = append(opts, otelgrpc.WithPropagators(o.Propagator))
	}
	return opts
}

// Stop marks every service not serving, then stops gracefully, waiting for
// in-flight calls until ctx is done, when it stops hard.
func (s *Server) Stop(ctx context.Context) {
	s.Health.Shutdown()
	done := make(chan struct{})
	go func() { s.GracefulStop(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		s.Server.Stop()
	}
}

func recoverUnary(log *slog.Logger) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (resp any, err error) {
		defer func() {
			if r := recover(); r != nil {
				log.ErrorContext(ctx, "panic in handler", "method", info.FullMethod, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				err = status.Error(codes.Internal, "internal error")
			}
		}()
		return handler(ctx, req)
	}
}

func logUnary(log *slog.Logger) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		start := time.Now()
		resp, err := handler(ctx, req)
		code := status.Code(err)
		level := slog.LevelInfo
		switch code {
		case codes.OK, codes.NotFound, codes.InvalidArgument, codes.Aborted, codes.AlreadyExists, codes.FailedPrecondition:
		case codes.Internal, codes.Unknown, codes.DataLoss:
			level = slog.LevelError
		default:
			level = slog.LevelWarn
		}
		attrs := []any{"method", info.FullMethod, "code", code.String(), "duration_ms", float64(time.Since(start).Microseconds()) / 1000}
		if err != nil {
			attrs = append(attrs, "error", err.Error())
		}
		log.Log(ctx, level, "rpc", attrs...)
		return resp, err
	}
}

// mapErrorsUnary turns application errors into status errors. Internal
// errors are logged with their full text before it is hidden from callers.
func mapErrorsUnary() grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		resp, err := handler(ctx, req)
		if err == nil {
			return resp, nil
		}
		mapped := ToStatus(err)
		if status.Code(mapped) == codes.Internal {
			// Keep the cause visible in logs and traces.
			return nil, &internalError{status: mapped, cause: err}
		}
		return nil, mapped
	}
}

// internalError carries the hidden cause for logging while presenting a
// generic status to the caller.
type internalError struct {
	status error
	cause  error
}

func (e *internalError) Error() string              { return "internal error: " + e.cause.Error() }
func (e *internalError) GRPCStatus() *status.Status { return status.Convert(e.status) }
func (e *internalError) Unwrap() error              { return e.cause }

func validateUnary(v protovalidate.Validator) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if m, ok := req.(proto.Message); ok {
			if err := Validate(v, m); err != nil {
				return nil, err
			}
		}
		return handler(ctx, req)
	}
}

// Validate checks m against the rules declared in its proto and returns an
// invalid-argument failure naming every bad field.
func Validate(v protovalidate.Validator, m proto.Message) error {
	err := v.Validate(m)
	if err == nil {
		return nil
	}
	ve, ok := err.(*protovalidate.ValidationError)
	if !ok {
		return fmt.Errorf("validate %s: %w", m.ProtoReflect().Descriptor().FullName(), err)
	}
	var out failure.Violations
	for _, viol := range ve.Violations {
		field := protovalidate.FieldPathString(viol.Proto.GetField())
		if field == "" {
			field = string(m.ProtoReflect().Descriptor().Name())
		}
		out.Add(field, describe(viol))
	}
	return out.Err()
}
