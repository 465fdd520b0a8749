// Package inbox makes event consumers idempotent: a consumer applies an
// event's effect and records the event id in the same transaction, and an
// event whose id is already recorded is skipped. Redelivery by the broker,
// a relay publishing twice or a replay of the stream therefore change
// nothing.
package inbox

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/assure-audit/assure/pkg/store"
)

// EnsureTable creates the inbox table if it does not exist.
func EnsureTable(ctx context.Context, db *store.DB) error {
	ts := "TIMESTAMPTZ"
	if db.Dialect == store.SQLite {
		ts = "TIMESTAMP"
	}
	_, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS inbox (
		consumer TEXT NOT NULL,
		event_id TEXT NOT NULL,
		applied_at `+ts+` NOT NULL,
		PRIMARY KEY (consumer, event_id)
	)`)
	if err != nil {
		return fmt.Errorf("create inbox table: %w", err)
	}
	return nil
}

// Apply runs fn in a transaction that also records (consumer, eventID). If
// the pair is already recorded, fn is not run and applied is false.
func Apply(ctx context.Context, db *store.DB, consumer, eventID string, fn func(tx *sql.Tx) error) (applied bool, err error) {
	err = db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`INSERT INTO inbox (consumer, event_id, applied_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			consumer, eventID, time.Now().UTC())
		if err != nil {
			return fmt.Errorf("record event %s: %w", eventID, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		applied = true
		return fn(tx)
	})
	if err != nil {
		return false, err
	}
	return applied, nil
}
