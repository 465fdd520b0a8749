package gateway

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/assure-audit/assure/pkg/cache"
	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Limits are fixed-window request budgets per minute. Counters live in
// the shared cache (Redis across replicas), so every replica enforces the
// same budget.
type Limits struct {
	// PerAddress bounds calls from one client address (default 600).
	PerAddress int
	// PerCaller bounds calls with one bearer token, that is one signed-in
	// person's session (default 1200).
	PerCaller int
	// SignInPerAddress bounds sign-in attempts from one address (default 20).
	SignInPerAddress int
}

func (l Limits) withDefaults() Limits {
	if l.PerAddress == 0 {
		l.PerAddress = 600
	}
	if l.PerCaller == 0 {
		l.PerCaller = 1200
	}
	if l.SignInPerAddress == 0 {
		l.SignInPerAddress = 20
	}
	return l
}

// isSignIn reports whether a path is one of the sign-in calls, which get
// the tighter budget (each password check costs real memory and time).
func isSignIn(path string) bool {
	return strings.Contains(path, "signIn") || strings.Contains(path, "SignIn")
}

// rateLimit refuses calls over budget with 429 and a Retry-After header.
// If the cache fails the call goes through: losing the limiter must not
// take the platform down.
func rateLimit(c cache.Cache, l Limits, log *slog.Logger, next http.Handler) http.Handler {
	l = l.withDefaults()
	m := &runtime.JSONPb{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		window := now.Truncate(time.Minute)
		suffix := ":" + strconv.FormatInt(window.Unix(), 10)
		checks := []struct {
			key   string
			limit int
		}{{"rl:addr:" + clientAddr(r) + suffix, l.PerAddress}}
		if isSignIn(r.URL.Path) {
			checks = append(checks, struct {
				key   string
				limit int
			}{"rl:signin:" + clientAddr(r) + suffix, l.SignInPerAddress})
		}
		if auth := r.Header.Get("Authorization"); auth != "" {
			sum := sha256.Sum256([]byte(auth))
			checks = append(checks, struct {
				key   string
				limit int
			}{"rl:caller:" + hex.EncodeToString(sum[:12]) + suffix, l.PerCaller})
		}
		for _, ch := range checks {
			ctx, cancel := context.WithTimeout(r.Context(), 200*time.Millisecond)
			n, err := c.Incr(ctx, ch.key, time.Minute+5*time.Second)
			cancel()
			if err != nil {
				log.WarnContext(r.Context(), "rate limiter unavailable; allowing", "error", err)
				break
			}
			if n > int64(ch.limit) {
				retry := int(window.Add(time.Minute).Sub(now).Seconds()) + 1
				w.Header().Set("Retry-After", strconv.Itoa(retry))
				writeStatus(w, m, http.StatusTooManyRequests,
					status.New(codes.ResourceExhausted, "too many requests: try again in "+strconv.Itoa(retry)+" seconds"))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// clientAddr is the caller's IP address. Behind a proxy the platform sees
// the proxy's address; a deployment that terminates TLS in front sets the
// budget accordingly.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
