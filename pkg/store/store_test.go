package store_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"testing/fstest"
	"time"

	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/pkg/testinfra"
)

// open returns one database of each dialect, for contract tests.
func open(t *testing.T) map[string]*store.DB { return testinfra.Databases(t, "contract") }

var migrations = fstest.MapFS{
	"m/postgres/0001_init.sql": {Data: []byte(`CREATE TABLE thing (id TEXT PRIMARY KEY, at TIMESTAMPTZ NOT NULL, n BIGINT NOT NULL);
CREATE INDEX thing_at ON thing (at);`)},
	"m/postgres/0002_more.sql": {Data: []byte(`ALTER TABLE thing ADD COLUMN note TEXT NOT NULL DEFAULT ''`)},
	"m/sqlite/0001_init.sql": {Data: []byte(`CREATE TABLE thing (id TEXT PRIMARY KEY, at TIMESTAMP NOT NULL, n BIGINT NOT NULL);
CREATE INDEX thing_at ON thing (at);`)},
	"m/sqlite/0002_more.sql": {Data: []byte(`ALTER TABLE thing ADD COLUMN note TEXT NOT NULL DEFAULT ''`)},
}

func TestContract(t *testing.T) {
	for name, db := range open(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if err := db.Migrate(ctx, migrations, "m"); err != nil {
				t.Fatal(err)
			}
			// Migrating again is a no-op.
			if err := db.Migrate(ctx, migrations, "m"); err != nil {
				t.Fatal(err)
			}
			at := time.Date(2026, 3, 29, 1, 30, 0, 123456000, time.UTC)
			err := db.InTx(ctx, func(tx *sql.Tx) error {
				_, err := tx.ExecContext(ctx, `INSERT INTO thing (id, at, n, note) VALUES ($1, $2, $3, $1)`, "a", at, 7)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			var got time.Time
			var n int64
			var note string
			if err := db.QueryRowContext(ctx, `SELECT at, n, note FROM thing WHERE id = $1`, "a").Scan(&got, &n, &note); err != nil {
				t.Fatal(err)
			}
			if !got.Equal(at) || n != 7 || note != "a" {
				t.Fatalf("read back %v %d %q", got, n, note)
			}
			// A failed transaction leaves nothing behind.
			boom := errors.New("boom")
			err = db.InTx(ctx, func(tx *sql.Tx) error {
				if _, err := tx.ExecContext(ctx, `INSERT INTO thing (id, at, n) VALUES ($1, $2, $3)`, "b", at, 1); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatalf("err = %v", err)
			}
			var count int
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM thing`).Scan(&count); err != nil || count != 1 {
				t.Fatalf("count = %d, %v", count, err)
			}
			// Unique violations are recognised in both dialects.
			_, err = db.ExecContext(ctx, `INSERT INTO thing (id, at, n) VALUES ($1, $2, $3)`, "a", at, 1)
			if !store.IsUniqueViolation(err) {
				t.Fatalf("want unique violation, got %v", err)
			}
			// Query reads every row with the scan given, and a scan's
			// error stops it.
			if _, err := db.ExecContext(ctx, `INSERT INTO thing (id, at, n) VALUES ($1, $2, $3)`, "c", at, 9); err != nil {
				t.Fatal(err)
			}
			scanN := func(s store.Scanner) (int64, error) {
				var n int64
				err := s.Scan(&n)
				return n, err
			}
			ns, err := store.Query(ctx, db, scanN, `SELECT n FROM thing WHERE n > $1 ORDER BY n`, 0)
			if err != nil || len(ns) != 2 || ns[0] != 7 || ns[1] != 9 {
				t.Fatalf("query = %v, %v", ns, err)
			}
			if ns, err := store.Query(ctx, db, scanN, `SELECT n FROM thing WHERE n > $1`, 100); err != nil || ns != nil {
				t.Fatalf("no rows = %v, %v", ns, err)
			}
			failing := func(store.Scanner) (int64, error) { return 0, boom }
			if _, err := store.Query(ctx, db, failing, `SELECT n FROM thing`); !errors.Is(err, boom) {
				t.Fatalf("a failing scan: %v", err)
			}
		})
	}
}

func TestOpenNeedsADatabase(t *testing.T) {
	if _, err := store.Open(context.Background(), store.Config{}); err == nil {
		t.Fatal("want error")
	}
	if _, err := store.Open(context.Background(), store.Config{PostgresURL: "postgres://x", Schema: "Bad-Name"}); err == nil {
		t.Fatal("want error for bad schema")
	}
}

// TestReplicasMigrateTogether starts several migrations of one fresh
// PostgreSQL schema at once, as replicas starting together would.
func TestReplicasMigrateTogether(t *testing.T) {
	url := testinfra.Postgres(t)
	ctx := context.Background()
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		go func() {
			db, err := store.Open(ctx, store.Config{PostgresURL: url, Schema: "together"})
			if err != nil {
				errs <- err
				return
			}
			defer db.Close()
			errs <- db.Migrate(ctx, migrations, "m")
		}()
	}
	for i := 0; i < 4; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
