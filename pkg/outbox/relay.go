package outbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/assure-audit/assure/pkg/store"
)

// Publisher sends one event to the broker and returns once the broker has
// stored it. Publishing the same event id twice must be harmless.
type Publisher interface {
	Publish(ctx context.Context, subject, eventID string, payload []byte, headers map[string]string) error
}

// Relay moves committed outbox rows to the broker. It takes rows in id
// order but never keeps a cursor: a row is deleted only after the broker
// has acknowledged it, so a transaction that commits late (with a lower id
// than rows already sent) is still picked up on the next pass. Several
// replicas can run relays on one PostgreSQL database; SKIP LOCKED gives
// each its own rows.
type Relay struct {
	DB        *store.DB
	Publisher Publisher
	Logger    *slog.Logger
	// Interval between polls when nothing pokes the relay (default 200ms).
	Interval time.Duration
	// BatchSize is the most rows sent per transaction (default 100).
	BatchSize int

	wake chan struct{}
}

// NewRelay returns a relay for db publishing through pub.
func NewRelay(db *store.DB, pub Publisher, log *slog.Logger) *Relay {
	return &Relay{DB: db, Publisher: pub, Logger: log, wake: make(chan struct{}, 1)}
}

// Notify asks the relay to look for new rows now rather than at its next
// poll. It never blocks.
func (r *Relay) Notify() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Run publishes until ctx is done. On return it has made one last pass, so
// events committed before shutdown began are not left waiting for the next
// start (they would not be lost either way).
func (r *Relay) Run(ctx context.Context) error {
	interval := r.Interval
	if interval == 0 {
		interval = 200 * time.Millisecond
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		r.drain(ctx)
		select {
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			r.drain(final)
			cancel()
			return nil
		case <-t.C:
		case <-r.wake:
		}
	}
}

func (r *Relay) drain(ctx context.Context) {
	for {
		n, err := r.PublishBatch(ctx)
		if err != nil {
			if ctx.Err() == nil {
				r.Logger.WarnContext(ctx, "outbox relay", "error", err)
			}
			return
		}
		if n == 0 {
			return
		}
	}
}

type row struct {
	id      int64
	eventID string
	subject string
	payload []byte
	headers map[string]string
}

// PublishBatch sends up to BatchSize rows and deletes them; it returns how
// many were sent.
func (r *Relay) PublishBatch(ctx context.Context) (int, error) {
	size := r.BatchSize
	if size == 0 {
		size = 100
	}
	sent := 0
	err := r.DB.InTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, fmt.Sprintf(
			`SELECT id, event_id, subject, payload, headers FROM outbox ORDER BY id LIMIT %d%s`, size, r.DB.SkipLocked()))
		if err != nil {
			return fmt.Errorf("read outbox: %w", err)
		}
		var batch []row
		for rows.Next() {
			var x row
			var hj string
			if err := rows.Scan(&x.id, &x.eventID, &x.subject, &x.payload, &hj); err != nil {
				rows.Close()
				return fmt.Errorf("scan outbox: %w", err)
			}
			if err := json.Unmarshal([]byte(hj), &x.headers); err != nil {
				rows.Close()
				return fmt.Errorf("outbox row %d headers: %w", x.id, err)
			}
			batch = append(batch, x)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read outbox: %w", err)
		}
		for _, x := range batch {
			if err := r.Publisher.Publish(ctx, x.subject, x.eventID, x.payload, x.headers); err != nil {
				if sent > 0 {
					// Keep what was acknowledged; the rest goes next time.
					return nil
				}
				return fmt.Errorf("publish %s: %w", x.subject, err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE id = $1`, x.id); err != nil {
				return fmt.Errorf("delete outbox row %d: %w", x.id, err)
			}
			sent++
		}
		return nil
	})
	return sent, err
}

// Pending counts rows not yet published.
func Pending(ctx context.Context, db *store.DB) (int, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox`).Scan(&n)
	return n, err
}
