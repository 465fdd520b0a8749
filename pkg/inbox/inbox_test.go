package inbox_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/assure-audit/assure/pkg/inbox"
	"github.com/assure-audit/assure/pkg/testinfra"
)

func TestApplyOnce(t *testing.T) {
	ctx := context.Background()
	for name, db := range testinfra.Databases(t, "svc") {
		t.Run(name, func(t *testing.T) {
			if err := inbox.EnsureTable(ctx, db); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, `CREATE TABLE counter (n BIGINT NOT NULL)`); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, `INSERT INTO counter (n) VALUES (0)`); err != nil {
				t.Fatal(err)
			}
			bump := func(tx *sql.Tx) error {
				_, err := tx.ExecContext(ctx, `UPDATE counter SET n = n + 1`)
				return err
			}
			// A failing effect records nothing, so the retry applies it.
			if _, err := inbox.Apply(ctx, db, "c", "e1", func(tx *sql.Tx) error { _ = bump(tx); return errors.New("x") }); err == nil {
				t.Fatal("want error")
			}
			for i, want := range []bool{true, false, false} {
				applied, err := inbox.Apply(ctx, db, "c", "e1", bump)
				if err != nil || applied != want {
					t.Fatalf("try %d: applied=%v err=%v", i, applied, err)
				}
			}
			// Another consumer applies the same event on its own.
			if applied, err := inbox.Apply(ctx, db, "other", "e1", bump); err != nil || !applied {
				t.Fatalf("other consumer: %v %v", applied, err)
			}
			var n int
			if err := db.QueryRowContext(ctx, `SELECT n FROM counter`).Scan(&n); err != nil || n != 2 {
				t.Fatalf("n = %d, %v", n, err)
			}
		})
	}
}
