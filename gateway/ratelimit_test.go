package gateway

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/assure-audit/assure/pkg/cache"
	"github.com/assure-audit/assure/pkg/logging"
)

func TestRateLimit(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	h := rateLimit(cache.NewMemory(), Limits{PerAddress: 5, PerCaller: 3, SignInPerAddress: 2}, logging.Discard(), ok)
	call := func(path, addr, auth string) int {
		r := httptest.NewRequest("GET", path, nil)
		r.RemoteAddr = addr + ":5000"
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code == http.StatusTooManyRequests && w.Header().Get("Retry-After") == "" {
			t.Fatal("429 without Retry-After")
		}
		return w.Code
	}
	for i := 0; i < 3; i++ {
		if c := call("/v1/x", "10.0.0.1", "Bearer a"); c != 200 {
			t.Fatalf("call %d: %d", i, c)
		}
	}
	if c := call("/v1/x", "10.0.0.1", "Bearer a"); c != 429 {
		t.Fatalf("fourth call with one token: %d", c)
	}
	if c := call("/v1/x", "10.0.0.1", "Bearer b"); c != 200 {
		t.Fatalf("another token from the same address: %d", c)
	}
	if c := call("/v1/x", "10.0.0.1", ""); c != 429 {
		t.Fatalf("sixth call from one address: %d", c)
	}
	if c := call("/v1/x", "10.0.0.2", ""); c != 200 {
		t.Fatalf("another address: %d", c)
	}
	call("/v1/signInWithPassword", "10.0.0.3", "")
	call("/v1/signInWithPassword", "10.0.0.3", "")
	if c := call("/v1/signInWithPassword", "10.0.0.3", ""); c != 429 {
		t.Fatalf("third sign-in: %d", c)
	}
}
