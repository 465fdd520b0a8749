package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"
)

// Migrate applies, in name order, every *.sql file under dir/<dialect> of
// fsys that has not been applied yet, each in its own transaction, and
// records it in schema_migrations. Files are named NNNN_what.sql.
func (db *DB) Migrate(ctx context.Context, fsys fs.FS, dir string) error {
	return db.Exclusive(ctx, func() error { return db.migrate(ctx, fsys, dir) })
}

func (db *DB) migrate(ctx context.Context, fsys fs.FS, dir string) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name TEXT PRIMARY KEY,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	root := path.Join(dir, string(db.Dialect))
	entries, err := fs.ReadDir(fsys, root)
	if err != nil {
		return fmt.Errorf("read migrations %s: %w", root, err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	for _, name := range names {
		body, err := fs.ReadFile(fsys, path.Join(root, name))
		if err != nil {
			return fmt.Errorf("read migration %s: %w", name, err)
		}
		err = db.InTx(ctx, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE name = $1`, name).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)`, name, time.Now().UTC().Format(time.RFC3339))
			return err
		})
		if err != nil {
			return fmt.Errorf("apply migration %s: %w", name, err)
		}
	}
	return nil
}
