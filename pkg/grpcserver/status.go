package grpcserver

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/assure-audit/assure/pkg/failure"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/protoadapt"
)

// codeOf is the one table from failure kinds to gRPC codes.
var codeOf = map[failure.Kind]codes.Code{
	failure.KindInternal:           codes.Internal,
	failure.KindInvalid:            codes.InvalidArgument,
	failure.KindNotFound:           codes.NotFound,
	failure.KindAlreadyExists:      codes.AlreadyExists,
	failure.KindConflict:           codes.Aborted,
	failure.KindFailedPrecondition: codes.FailedPrecondition,
	failure.KindPermissionDenied:   codes.PermissionDenied,
	failure.KindUnauthenticated:    codes.Unauthenticated,
	failure.KindUnavailable:        codes.Unavailable,
	failure.KindExhausted:          codes.ResourceExhausted,
}

// ToStatus converts an error from application code into a gRPC status
// error. Errors that already carry a status (from a call to another service)
// pass through; context errors become Canceled or DeadlineExceeded; errors of
// no known kind become Internal with a generic message, so internals never
// leak to callers.
func ToStatus(err error) error {
	if err == nil {
		return nil
	}
	if f, ok := failure.As(err); ok {
		st := status.New(codeOf[f.Kind], f.Error())
		if f.Kind == failure.KindInternal {
			st = status.New(codes.Internal, "internal error")
		}
		if len(f.Violations) > 0 {
			br := &errdetails.BadRequest{}
			for _, v := range f.Violations {
				br.FieldViolations = append(br.FieldViolations, &errdetails.BadRequest_FieldViolation{Field: v.Field, Description: v.Reason})
			}
			if withDetails, derr := st.WithDetails(br); derr == nil {
				st = withDetails
			}
		}
		for _, d := range f.Details {
			if m, ok := d.(protoadapt.MessageV1); ok && f.Kind != failure.KindInternal {
				if withDetails, derr := st.WithDetails(m); derr == nil {
					st = withDetails
				}
			}
		}
		return st.Err()
	}
	if _, ok := status.FromError(err); ok {
		return err
	}
	switch {
	case errors.Is(err, context.Canceled):
		return status.Error(codes.Canceled, "request canceled")
	case errors.Is(err, context.DeadlineExceeded):
		return status.Error(codes.DeadlineExceeded, "deadline exceeded")
	case unavailable(err):
		return status.Error(codes.Unavailable, "the service's database is unavailable for a moment; try again")
	}
	return status.Error(codes.Internal, "internal error")
}

// unavailable reports whether err is a lost or refused connection (to the
// database, say) or a database that is starting up or shutting down: worth
// a retry, unlike a bug.
func unavailable(err error) bool {
	var netErr net.Error
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.As(err, &netErr) {
		return true
	}
	msg := err.Error()
	// SQLSTATE class 08 (connection exception) and 57P (operator
	// intervention: shutting down, starting up).
	return strings.Contains(msg, "SQLSTATE 08") || strings.Contains(msg, "SQLSTATE 57P") ||
		strings.Contains(msg, "failed to connect to")
}
