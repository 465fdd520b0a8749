package grpcserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"

	"github.com/assure-audit/assure/pkg/failure"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

func TestToStatus(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want codes.Code
	}{
		{"invalid", failure.Invalid("f", "bad"), codes.InvalidArgument},
		{"conflict", failure.Conflict("changed"), codes.Aborted},
		{"canceled", fmt.Errorf("read: %w", context.Canceled), codes.Canceled},
		{"database gone mid-query", fmt.Errorf("get submission: %w", io.ErrUnexpectedEOF), codes.Unavailable},
		{"connection refused", fmt.Errorf("get campaign: %w", &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}), codes.Unavailable},
		{"database starting up", errors.New("get campaign: FATAL: the database system is starting up (SQLSTATE 57P03)"), codes.Unavailable},
		{"bug", errors.New("nil map"), codes.Internal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := status.Convert(ToStatus(tt.err))
			if st.Code() != tt.want {
				t.Fatalf("code %v, want %v (%s)", st.Code(), tt.want, st.Message())
			}
			if tt.want == codes.Internal && st.Message() != "internal error" {
				t.Fatalf("internal details leaked: %s", st.Message())
			}
		})
	}
}

func TestToStatusCarriesDetails(t *testing.T) {
	err := failure.WithDetail(failure.Conflict("changed"), wrapperspb.String("current"))
	st := status.Convert(ToStatus(err))
	if st.Code() != codes.Aborted || len(st.Details()) != 1 {
		t.Fatalf("status %v with %d details", st.Code(), len(st.Details()))
	}
	if d, ok := st.Details()[0].(*wrapperspb.StringValue); !ok || d.GetValue() != "current" {
		t.Fatalf("detail %v", st.Details()[0])
	}
}
