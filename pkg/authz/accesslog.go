package authz

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/assure-audit/assure/pkg/store"
	"go.opentelemetry.io/otel/trace"
)

// StoreAccessLog keeps the access log in a service's own database (table
// access_log), so who read which case data stays on record with the data,
// and also writes each entry to the structured log.
type StoreAccessLog struct {
	DB     *store.DB
	Logger *slog.Logger
}

// EnsureAccessLogTable creates the access_log table if it does not exist.
func EnsureAccessLogTable(ctx context.Context, db *store.DB) error {
	ts := "TIMESTAMPTZ"
	if db.Dialect == store.SQLite {
		ts = "TIMESTAMP"
	}
	return db.Exclusive(ctx, func() error {
		for _, ddl := range []string{
			`CREATE TABLE IF NOT EXISTS access_log (
				at ` + ts + ` NOT NULL,
				person_id TEXT NOT NULL,
				method TEXT NOT NULL,
				resource TEXT NOT NULL,
				allowed BOOLEAN NOT NULL,
				reason TEXT NOT NULL,
				trace_id TEXT NOT NULL
			)`,
			`CREATE INDEX IF NOT EXISTS access_log_by_resource ON access_log (resource, at)`,
			`CREATE INDEX IF NOT EXISTS access_log_by_person ON access_log (person_id, at)`,
		} {
			if _, err := db.ExecContext(ctx, ddl); err != nil {
				return fmt.Errorf("create access log: %w", err)
			}
		}
		return nil
	})
}

// Record writes one entry.
func (l StoreAccessLog) Record(ctx context.Context, e AccessEntry) error {
	traceID := ""
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		traceID = sc.TraceID().String()
	}
	if _, err := l.DB.ExecContext(ctx,
		`INSERT INTO access_log (at, person_id, method, resource, allowed, reason, trace_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		time.Now().UTC(), e.PersonID, e.Method, e.Resource, e.Allowed, e.Reason, traceID); err != nil {
		return fmt.Errorf("write access log: %w", err)
	}
	if l.Logger != nil {
		return SlogAccessLog{Logger: l.Logger}.Record(ctx, e)
	}
	return nil
}

// RoutedAccessLog sends each entry to the log of the service that owns
// the method, by gRPC service name ("assure.caseaudit.v1.CaseAuditService");
// entries of other services go to the log under "".
type RoutedAccessLog map[string]AccessLog

// Record writes one entry to its service's log.
func (r RoutedAccessLog) Record(ctx context.Context, e AccessEntry) error {
	svc, _, _ := strings.Cut(strings.TrimPrefix(e.Method, "/"), "/")
	if l, ok := r[svc]; ok {
		return l.Record(ctx, e)
	}
	if l, ok := r[""]; ok {
		return l.Record(ctx, e)
	}
	return fmt.Errorf("no access log for %s", svc)
}
