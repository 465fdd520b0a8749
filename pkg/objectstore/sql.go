package objectstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/assure-audit/assure/pkg/store"
)

// SQL is a Store keeping blobs in the table evidence_objects of a service's
// own database (its PostgreSQL schema, or its SQLite file), so every replica
// of the service sees the same blobs. The same SQL serves both dialects.
type SQL struct {
	db *store.DB
}

var _ Store = (*SQL)(nil)

// NewSQL returns a store in db, creating its table if it does not exist.
// Replicas starting together take turns at creating it.
func NewSQL(ctx context.Context, db *store.DB) (*SQL, error) {
	blob, ts := "BYTEA", "TIMESTAMPTZ"
	if db.Dialect == store.SQLite {
		blob, ts = "BLOB", "TIMESTAMP"
	}
	err := db.Exclusive(ctx, func() error {
		_, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS evidence_objects (
			key TEXT PRIMARY KEY,
			content `+blob+` NOT NULL,
			size BIGINT NOT NULL,
			create_time `+ts+` NOT NULL
		)`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("objectstore: create table evidence_objects: %w", err)
	}
	return &SQL{db: db}, nil
}

// Put stores data under key; see Store.
func (s *SQL) Put(ctx context.Context, key string, data []byte) error {
	if err := ready(ctx, key); err != nil {
		return err
	}
	if data == nil {
		data = []byte{} // nil would be NULL
	}
	// The existing row may be deleted between the insert that found it and
	// the read that compares it; then the insert is tried again.
	for range 3 {
		res, err := s.db.ExecContext(ctx,
			`INSERT INTO evidence_objects (key, content, size, create_time) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING`,
			key, data, int64(len(data)), time.Now().UTC())
		if err != nil {
			return fmt.Errorf("objectstore: put %s: %w", key, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("objectstore: put %s: %w", key, err)
		}
		if n == 1 {
			return nil
		}
		var old []byte
		err = s.db.QueryRowContext(ctx, `SELECT content FROM evidence_objects WHERE key = $1`, key).Scan(&old)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return fmt.Errorf("objectstore: put %s: read existing content: %w", key, err)
		}
		if !bytes.Equal(old, data) {
			return fmt.Errorf("objectstore: put %s: %w", key, ErrConflict)
		}
		return nil
	}
	return fmt.Errorf("objectstore: put %s: the key keeps being deleted while it is written", key)
}

// Get returns the blob under key; see Store.
func (s *SQL) Get(ctx context.Context, key string) ([]byte, error) {
	if err := ready(ctx, key); err != nil {
		return nil, err
	}
	var data []byte
	err := s.db.QueryRowContext(ctx, `SELECT content FROM evidence_objects WHERE key = $1`, key).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("objectstore: get %s: %w", key, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("objectstore: get %s: %w", key, err)
	}
	if data == nil {
		data = []byte{}
	}
	return data, nil
}

// Delete removes the blob under key; see Store.
func (s *SQL) Delete(ctx context.Context, key string) error {
	if err := ready(ctx, key); err != nil {
		return err
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM evidence_objects WHERE key = $1`, key); err != nil {
		return fmt.Errorf("objectstore: delete %s: %w", key, err)
	}
	return nil
}
