package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/assure-audit/assure/pkg/telemetry"
)

// TestPprof: a service process serves the profiles only when asked to.
func TestPprof(t *testing.T) {
	tel := &telemetry.Telemetry{MetricsHandler: http.NotFoundHandler()}
	for _, tt := range []struct {
		pprof bool
		want  int
	}{{false, http.StatusNotFound}, {true, http.StatusOK}} {
		h, err := httpHandler(context.Background(), Config{Pprof: tt.pprof}, map[string]bool{Reporting: true}, nil, nil, tel, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/debug/pprof/", nil))
		if rec.Code != tt.want {
			t.Errorf("pprof %v: %d, want %d", tt.pprof, rec.Code, tt.want)
		}
	}
}
