package gateway

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestDescribeDecodeError(t *testing.T) {
	tests := []struct {
		msg, field string
	}{
		{`proto: (line 1:17): unknown field "colour"`, "colour"},
		{`proto: (line 1:16): invalid value for string field displayName: 42`, "displayName"},
		{`proto: (line 1:9): invalid value for enum field type: "ORGANISATION_TYPE_PIRATE"`, "type"},
		{`proto: syntax error (line 1:16): unexpected token`, "body"},
		{`unexpected EOF`, "body"},
	}
	for _, tt := range tests {
		st := describeDecodeError(tt.msg)
		var got string
		for _, d := range st.Details() {
			if br, ok := d.(*errdetails.BadRequest); ok {
				got = br.GetFieldViolations()[0].GetField()
				if br.GetFieldViolations()[0].GetDescription() == "" {
					t.Errorf("%q: no reason", tt.msg)
				}
			}
		}
		if got != tt.field {
			t.Errorf("%q: field %q, want %q", tt.msg, got, tt.field)
		}
	}
}

func FuzzDescribeDecodeError(f *testing.F) {
	f.Add(`proto: (line 1:17): unknown field "colour"`)
	f.Add(`invalid value for field`)
	f.Fuzz(func(t *testing.T, msg string) {
		st := describeDecodeError(msg)
		if len(st.Details()) != 1 {
			t.Fatalf("%q: %d details", msg, len(st.Details()))
		}
	})
}

func TestLimitBodyRefusesDeclaredLength(t *testing.T) {
	h := limitBody(10, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { t.Fatal("handler reached") }))
	req := httptest.NewRequest("POST", "/v1/x", strings.NewReader(strings.Repeat("x", 11)))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), `"code"`) {
		t.Fatalf("got %d %s", rec.Code, rec.Body)
	}
}

func TestTransportErrorsHideAddresses(t *testing.T) {
	mux := runtime.NewServeMux()
	h := errorHandler(slog.New(slog.NewTextHandler(io.Discard, nil)))
	rec := httptest.NewRecorder()
	err := status.Error(codes.Unavailable, `connection error: desc = "transport: Error while dialing: dial tcp 10.0.0.7:9090: connect: connection refused"`)
	h(context.Background(), mux, &runtime.JSONPb{}, rec, httptest.NewRequest("GET", "/v1/x", nil), err)
	if rec.Code != http.StatusServiceUnavailable || strings.Contains(rec.Body.String(), "10.0.0.7") || !strings.Contains(rec.Body.String(), "try again") {
		t.Fatalf("%d %s", rec.Code, rec.Body.String())
	}
	// A service's own Unavailable message is meant for people and stays.
	rec = httptest.NewRecorder()
	h(context.Background(), mux, &runtime.JSONPb{}, rec, httptest.NewRequest("GET", "/v1/x", nil),
		status.Error(codes.Unavailable, "cannot reach the service holding organisations/x; try again"))
	if !strings.Contains(rec.Body.String(), "organisations/x") {
		t.Fatalf("service message lost: %s", rec.Body.String())
	}
}
