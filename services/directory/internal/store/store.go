// Package store keeps the directory in PostgreSQL or the embedded SQLite
// database, with the same SQL for both: hubs, partnerships, organisations,
// people and their memberships, consortia, sign-in links, outside
// identities and the built-in issuer's signing keys.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/assure-audit/assure/pkg/outbox"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/services/directory/internal/app"
	"github.com/assure-audit/assure/services/directory/internal/domain"
)

// Repository implements app.Repository.
type Repository struct {
	db     *store.DB
	events *outbox.Writer[domain.Event]
}

var _ app.Repository = (*Repository)(nil)

// New returns a repository on the database of w, writing events through w.
func New(w *outbox.Writer[domain.Event]) *Repository { return &Repository{db: w.DB, events: w} }

// queryer is a database or a transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// args numbers the parameters of a query as it is built.
type args struct{ list []any }

// add appends v and returns its placeholder.
func (a *args) add(v any) string {
	a.list = append(a.list, v)
	return fmt.Sprintf("$%d", len(a.list))
}

// in returns "col IN (...)" over vals, or a false condition when vals is
// empty.
func (a *args) in(col string, vals []string) string {
	if len(vals) == 0 {
		return "1 = 0"
	}
	marks := make([]string, len(vals))
	for i, v := range vals {
		marks[i] = a.add(v)
	}
	return col + " IN (" + strings.Join(marks, ", ") + ")"
}

// page appends LIMIT and OFFSET.
func (a *args) page(offset, limit int) string {
	return " LIMIT " + a.add(limit) + " OFFSET " + a.add(offset)
}

// advisoryLock serialises transactions that must not run side by side on
// PostgreSQL (replicas starting together); SQLite's single writer already
// does.
func (r *Repository) advisoryLock(ctx context.Context, tx *sql.Tx, key int64) error {
	if r.db.Dialect != store.Postgres {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, key); err != nil {
		return fmt.Errorf("advisory lock: %w", err)
	}
	return nil
}

// forUpdate locks the rows read on PostgreSQL; SQLite's single writer
// needs no lock.
func (r *Repository) forUpdate() string {
	if r.db.Dialect == store.Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// Lock keys of the directory's advisory locks.
const (
	lockBootstrap  = 7203116
	lockSigningKey = 7203117
)

// exists runs a COUNT query and reports whether it counted anything.
func exists(ctx context.Context, q queryer, query string, params ...any) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, query, params...).Scan(&n); err != nil {
		return false, err
	}
	return n > 0, nil
}
