package grpcserver

import (
	"context"
	"fmt"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
)

// Dial opens a client connection to another Assure service with tracing, so
// one trace spans the caller and the callee. Connections are lazy: the first
// call connects.
func Dial(target string, o Options) (*grpc.ClientConn, error) {
	cc, err := grpc.NewClient(target,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithStatsHandler(otelgrpc.NewClientHandler(otelOptions(o)...)),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(64<<20)),
		grpc.WithChainUnaryInterceptor(forwardCaller),
		// Reconnect soon after a service restarts: the default backoff
		// grows to two minutes, refusing calls long after it is back.
		grpc.WithConnectParams(grpc.ConnectParams{MinConnectTimeout: 5 * time.Second,
			Backoff: backoff.Config{BaseDelay: 100 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: 2 * time.Second}}),
	)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", target, err)
	}
	return cc, nil
}

// forwardCaller passes the caller's token on: when a service calls another
// while serving a request, the callee verifies the same person's token and
// applies its own rules, rather than trusting the calling service.
func forwardCaller(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	if out, _ := metadata.FromOutgoingContext(ctx); len(out.Get("authorization")) == 0 {
		if in, ok := metadata.FromIncomingContext(ctx); ok {
			if auth := in.Get("authorization"); len(auth) > 0 {
				ctx = metadata.AppendToOutgoingContext(ctx, "authorization", auth[0])
			}
		}
	}
	return invoker(ctx, method, req, reply, cc, opts...)
}
