// Package outbox is the transactional outbox: an event is written to the
// service's own database in the same transaction as the change it describes,
// and a relay publishes it to JetStream afterwards with the event id as the
// message id, so subscribers see every committed change once and no
// uncommitted one.
package outbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/assure-audit/assure/pkg/store"
	"github.com/google/uuid"
	"go.opentelemetry.io/otel/propagation"
	"google.golang.org/protobuf/proto"
)

// HeaderEventType is the message header naming the event's protobuf type.
const HeaderEventType = "Assure-Event-Type"

// HeaderEventTime is the message header with the event's time (RFC 3339).
const HeaderEventTime = "Assure-Event-Time"

var traceContext = propagation.TraceContext{}

// EnsureTable creates the outbox table if it does not exist.
func EnsureTable(ctx context.Context, db *store.DB) error {
	ddl := `CREATE TABLE IF NOT EXISTS outbox (
		id BIGSERIAL PRIMARY KEY,
		event_id TEXT NOT NULL UNIQUE,
		subject TEXT NOT NULL,
		payload BYTEA NOT NULL,
		headers TEXT NOT NULL,
		created_at TIMESTAMPTZ NOT NULL
	)`
	if db.Dialect == store.SQLite {
		ddl = `CREATE TABLE IF NOT EXISTS outbox (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		event_id TEXT NOT NULL UNIQUE,
		subject TEXT NOT NULL,
		payload BLOB NOT NULL,
		headers TEXT NOT NULL,
		created_at TIMESTAMP NOT NULL
	)`
	}
	if _, err := db.ExecContext(ctx, ddl); err != nil {
		return fmt.Errorf("create outbox table: %w", err)
	}
	return nil
}

// MaxEventBytes bounds an event's payload: NATS refuses messages over its
// max_payload (1 MiB by default), and an event the broker refuses would
// stop the relay, which publishes in order. Producers split large facts
// into several events.
const MaxEventBytes = 768 << 10

// Add writes ev to the outbox inside tx, to be published on subject once tx
// commits. An event over MaxEventBytes is refused, failing the change
// rather than the relay. The trace context of ctx travels with it, so the consumer's work
// joins the same trace. It returns the event id.
func Add(ctx context.Context, tx *sql.Tx, subject string, ev proto.Message, now time.Time) (string, error) {
	payload, err := proto.Marshal(ev)
	if err != nil {
		return "", fmt.Errorf("marshal %T: %w", ev, err)
	}
	if len(payload) > MaxEventBytes {
		return "", fmt.Errorf("event %s is %d bytes, over the %d an event may carry: split it", subject, len(payload), MaxEventBytes)
	}
	headers := propagation.MapCarrier{}
	traceContext.Inject(ctx, headers)
	headers[HeaderEventType] = string(ev.ProtoReflect().Descriptor().FullName())
	headers[HeaderEventTime] = now.UTC().Format(time.RFC3339Nano)
	hj, err := json.Marshal(headers)
	if err != nil {
		return "", fmt.Errorf("marshal headers: %w", err)
	}
	id, err := uuid.NewV7()
	if err != nil {
		return "", fmt.Errorf("event id: %w", err)
	}
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO outbox (event_id, subject, payload, headers, created_at) VALUES ($1, $2, $3, $4, $5)`,
		id.String(), subject, payload, string(hj), now.UTC()); err != nil {
		return "", fmt.Errorf("write outbox event %s: %w", subject, err)
	}
	return id.String(), nil
}
