package gateway

import (
	"context"
	"log/slog"
	"net/http"
	"regexp"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

var (
	unknownField = regexp.MustCompile(`unknown field "([^"]+)"`)
	badField     = regexp.MustCompile(`(?:for|of) [a-z0-9 ]*field ([A-Za-z0-9_.]+)`)
)

const tooLarge = "http: request body too large"

// errorHandler writes every error as a google.rpc.Status. Errors from
// decoding the JSON body (unknown fields, wrong types, bad syntax) become
// 400 with a field violation naming the field, and oversized bodies 413.
func errorHandler(log *slog.Logger) runtime.ErrorHandlerFunc {
	return func(ctx context.Context, mux *runtime.ServeMux, m runtime.Marshaler, w http.ResponseWriter, r *http.Request, err error) {
		st := status.Convert(err)
		if st.Code() == codes.InvalidArgument && len(st.Details()) == 0 {
			msg := st.Message()
			if strings.Contains(msg, tooLarge) {
				writeStatus(w, m, http.StatusRequestEntityTooLarge,
					status.New(codes.InvalidArgument, "request body is larger than the server accepts"))
				return
			}
			st = describeDecodeError(msg)
			err = st.Err()
		}
		if st.Code() == codes.Internal || st.Code() == codes.Unknown {
			log.ErrorContext(ctx, "request failed", "method", r.Method, "path", r.URL.Path, "error", st.Message())
		}
		if st.Code() == codes.Unavailable && isTransportError(st.Message()) {
			// The connection to a service failed: say so without the
			// internal addresses the transport's message holds.
			log.WarnContext(ctx, "service unreachable", "method", r.Method, "path", r.URL.Path, "error", st.Message())
			err = status.Error(codes.Unavailable, "the service is unavailable for a moment; try again")
		}
		runtime.DefaultHTTPErrorHandler(ctx, mux, m, w, r, err)
	}
}

// isTransportError reports whether an Unavailable message comes from the
// gRPC transport (a refused or broken connection) rather than from a
// service, whose own messages are meant for people.
func isTransportError(msg string) bool {
	for _, s := range []string{"connection error", "transport:", "error reading from server", "connection reset", "dial tcp"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// describeDecodeError turns a body or parameter decoding error into a
// status with a field violation a person can act on.
func describeDecodeError(msg string) *status.Status {
	field := "body"
	reason := strings.TrimSpace(msg)
	if i := strings.Index(reason, "): "); i >= 0 && strings.HasPrefix(reason, "proto:") {
		reason = reason[i+3:]
	}
	reason = strings.TrimPrefix(reason, "proto: ")
	if m := unknownField.FindStringSubmatch(msg); m != nil {
		field, reason = m[1], "is not a field of this request"
	} else if m := badField.FindStringSubmatch(msg); m != nil {
		field = m[1]
	}
	return fieldViolation(field, reason)
}

// fieldViolation is an InvalidArgument status with one field violation
// naming the field and the reason.
func fieldViolation(field, reason string) *status.Status {
	st := status.New(codes.InvalidArgument, "invalid request: "+field+": "+reason)
	if d, err := st.WithDetails(&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{
		{Field: field, Description: reason},
	}}); err == nil {
		return d
	}
	return st
}

func writeStatus(w http.ResponseWriter, m runtime.Marshaler, code int, st *status.Status) {
	body, err := m.Marshal(st.Proto())
	if err != nil {
		http.Error(w, st.Message(), code)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_, _ = w.Write(body)
}

// routingErrorHandler answers unknown paths with 404 and wrong methods
// with 405, both as a google.rpc.Status.
func routingErrorHandler(ctx context.Context, mux *runtime.ServeMux, m runtime.Marshaler, w http.ResponseWriter, r *http.Request, code int) {
	switch code {
	case http.StatusNotFound:
		writeStatus(w, m, code, status.New(codes.NotFound, "no such resource or method: "+r.URL.Path))
	case http.StatusMethodNotAllowed:
		writeStatus(w, m, code, status.New(codes.Unimplemented, r.Method+" is not allowed on "+r.URL.Path))
	default:
		runtime.DefaultRoutingErrorHandler(ctx, mux, m, w, r, code)
	}
}
