// Package store opens a service's database, either PostgreSQL (production,
// one schema per service) or an embedded SQLite file (the one-command start),
// runs the service's embedded migrations and runs transactions. The SQL the
// services write is shared between the two; the few differences live in
// Dialect.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect names the database engine behind a DB.
type Dialect string

// The supported dialects.
const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// Config says which database to open.
type Config struct {
	// PostgresURL, if set, selects PostgreSQL.
	PostgresURL string
	// Schema is the PostgreSQL schema that holds the service's tables; it is
	// created if missing and put first on the search path.
	Schema string
	// SQLitePath is the database file used when PostgresURL is empty.
	SQLitePath string
	// MaxOpenConns bounds the PostgreSQL pool (default 10).
	MaxOpenConns int
}

// DB is an open database with its dialect.
type DB struct {
	*sql.DB
	Dialect Dialect
}

var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// Open connects to the database described by cfg and checks it answers.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	if cfg.PostgresURL != "" {
		return openPostgres(ctx, cfg)
	}
	if cfg.SQLitePath == "" {
		return nil, errors.New("store: neither a PostgreSQL URL nor an SQLite path is configured")
	}
	return openSQLite(ctx, cfg.SQLitePath)
}

func openPostgres(ctx context.Context, cfg Config) (*DB, error) {
	if !schemaName.MatchString(cfg.Schema) {
		return nil, fmt.Errorf("store: bad schema name %q", cfg.Schema)
	}
	u, err := url.Parse(cfg.PostgresURL)
	if err != nil {
		return nil, fmt.Errorf("store: parse PostgreSQL URL: %w", err)
	}
	// Create the schema with a plain connection first, then open the pool
	// with the schema on its search path.
	boot, err := sql.Open("pgx", cfg.PostgresURL)
	if err != nil {
		return nil, fmt.Errorf("store: open PostgreSQL: %w", err)
	}
	defer boot.Close()
	// Replicas starting together take turns; CREATE SCHEMA IF NOT EXISTS
	// alone can collide.
	err = (&DB{DB: boot, Dialect: Postgres}).InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, "schema:"+cfg.Schema); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `CREATE SCHEMA IF NOT EXISTS `+cfg.Schema)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: create schema %s: %w", cfg.Schema, err)
	}
	q := u.Query()
	q.Set("search_path", cfg.Schema)
	u.RawQuery = q.Encode()
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		return nil, fmt.Errorf("store: open PostgreSQL: %w", err)
	}
	n := cfg.MaxOpenConns
	if n == 0 {
		n = 10
	}
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: ping PostgreSQL: %w", err)
	}
	return &DB{DB: db, Dialect: Postgres}, nil
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	// One writer connection, WAL for crash safety with readers, full sync so
	// an acknowledged commit survives a crash, and immediate transactions so
	// writers queue instead of failing.
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(ON)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open SQLite %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open SQLite %s: %w", path, err)
	}
	return &DB{DB: db, Dialect: SQLite}, nil
}

// InTx runs fn in a transaction, committing if it returns nil and rolling
// back otherwise.
func (db *DB) InTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Exclusive runs fn while holding a lock that every other process using
// the same PostgreSQL schema waits for, so replicas starting together take
// turns at creating tables. SQLite's single writer needs none.
func (db *DB) Exclusive(ctx context.Context, fn func() error) error {
	if db.Dialect != Postgres {
		return fn()
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("lock schema: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(hashtext(current_schema()))`); err != nil {
		return fmt.Errorf("lock schema: %w", err)
	}
	defer func() {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(hashtext(current_schema()))`)
	}()
	return fn()
}

// SkipLocked is the clause that makes concurrent workers take different rows
// of a work queue: FOR UPDATE SKIP LOCKED on PostgreSQL, nothing on SQLite,
// whose single writer already serialises them.
func (db *DB) SkipLocked() string {
	if db.Dialect == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// ForUpdate is the clause that locks the rows a transaction reads for
// its update: FOR UPDATE on PostgreSQL, nothing on SQLite, whose
// immediate transactions already hold the one write lock.
func (db *DB) ForUpdate() string {
	if db.Dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// IsUniqueViolation reports whether err is a unique-constraint violation.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "SQLSTATE 23505") || strings.Contains(msg, "UNIQUE constraint failed")
}

// Scanner reads one row: a *sql.Row or the current row of *sql.Rows.
type Scanner = interface{ Scan(dest ...any) error }

// Querier runs a query: a *DB, *sql.DB or *sql.Tx.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Query runs query on q and reads every row it returns with scan.
func Query[T any](ctx context.Context, q Querier, scan func(Scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
