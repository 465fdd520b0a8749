package gateway

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// limitBody refuses bodies over max bytes with 413: at once when the
// declared length says so, and while reading otherwise.
func limitBody(max int64, next http.Handler) http.Handler {
	m := &runtime.JSONPb{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > max {
			writeStatus(w, m, http.StatusRequestEntityTooLarge,
				status.New(codes.InvalidArgument, "request body is larger than the server accepts"))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, max)
		next.ServeHTTP(w, r)
	})
}

type recorder struct {
	http.ResponseWriter
	code int
}

func (r *recorder) WriteHeader(code int) {
	r.code = code
	r.ResponseWriter.WriteHeader(code)
}

// logRequests logs each request with its status and duration.
func logRequests(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w, code: http.StatusOK}
		next.ServeHTTP(rec, r)
		level := slog.LevelInfo
		switch {
		case rec.code == http.StatusServiceUnavailable:
			level = slog.LevelWarn // a service restarting; the client retries
		case rec.code >= 500:
			level = slog.LevelError
		}
		log.Log(r.Context(), level, "http", "method", r.Method, "path", r.URL.Path, "status", rec.code,
			"duration_ms", float64(time.Since(start).Microseconds())/1000)
	})
}
