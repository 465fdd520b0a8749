package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/pkg/testinfra"
	"github.com/assure-audit/assure/services/reminder/internal/app"
	"github.com/assure-audit/assure/services/reminder/internal/domain"
	remstore "github.com/assure-audit/assure/services/reminder/internal/store"
	"github.com/assure-audit/assure/services/reminder/migrations"
)

var due = time.Date(2026, 10, 30, 17, 0, 0, 250_000_000, time.UTC)

// apply runs one event's changes in a transaction of their own, as the
// consumer does.
func apply(t *testing.T, db *store.DB, fn func(ctx context.Context, w app.Changes) error) {
	t.Helper()
	ctx := context.Background()
	if err := db.InTx(ctx, func(tx *sql.Tx) error { return fn(ctx, remstore.Changes(tx)) }); err != nil {
		t.Fatal(err)
	}
}

// TestContract runs the same cases against PostgreSQL and SQLite.
func TestContract(t *testing.T) {
	for name, db := range testinfra.Databases(t, "reminder") {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if err := db.Migrate(ctx, migrations.FS, "."); err != nil {
				t.Fatal(err)
			}
			repo := remstore.New(db)

			// Every order of events gives the row the domain's rules give.
			orders := []struct {
				name  string
				steps []string
			}{
				{"launch", []string{"launch"}},
				{"submit", []string{"submit"}},
				{"launch-submit", []string{"launch", "submit"}},
				{"submit-launch", []string{"submit", "launch"}},
				{"launch-submit-launch", []string{"launch", "submit", "launch"}},
				{"launch-launch", []string{"launch", "launch"}},
			}
			for i, o := range orders {
				campaign := fmt.Sprintf("partnerships/north/campaigns/c%d", i)
				sub := campaign + "/submissions/s"
				want := domain.Submission{Name: sub}
				for _, step := range o.steps {
					apply(t, db, func(ctx context.Context, w app.Changes) error {
						if step == "launch" {
							want = want.Launch(campaign, "organisations/police", due)
							return w.LaunchSubmission(ctx, sub, campaign, "organisations/police", due)
						}
						want = want.Submit(campaign, "organisations/police")
						return w.SubmitSubmission(ctx, sub, campaign, "organisations/police")
					})
				}
				known, err := repo.CampaignKnown(ctx, campaign)
				if err != nil || !known {
					t.Fatalf("%s: known %v %v", o.name, known, err)
				}
				got, total, err := repo.ListOutstanding(ctx, campaign, 0, 10)
				if err != nil {
					t.Fatalf("%s: %v", o.name, err)
				}
				if want.Outstanding() {
					if total != 1 || len(got) != 1 || got[0] != want {
						t.Fatalf("%s: got %+v (total %d), want %+v", o.name, got, total, want)
					}
				} else if total != 0 || len(got) != 0 {
					t.Fatalf("%s: got %+v (total %d), want none", o.name, got, total)
				}
			}

			if known, err := repo.CampaignKnown(ctx, "partnerships/north/campaigns/nope"); err != nil || known {
				t.Fatalf("unknown campaign: %v %v", known, err)
			}

			// Ordered by organisation in byte order, paged, counted.
			campaign := "partnerships/north/campaigns/order"
			orgs := []string{"organisations/northcare", "organisations/north-police", "organisations/a-school", "organisations/zeta"}
			apply(t, db, func(ctx context.Context, w app.Changes) error {
				for i, o := range orgs {
					if err := w.LaunchSubmission(ctx, fmt.Sprintf("%s/submissions/s%d", campaign, i), campaign, o, due); err != nil {
						return err
					}
				}
				return w.SubmitSubmission(ctx, campaign+"/submissions/s3", campaign, "organisations/zeta")
			})
			page1, total, err := repo.ListOutstanding(ctx, campaign, 0, 2)
			if err != nil || total != 3 || len(page1) != 2 {
				t.Fatalf("page 1: %+v %d %v", page1, total, err)
			}
			page2, total, err := repo.ListOutstanding(ctx, campaign, 2, 2)
			if err != nil || total != 3 || len(page2) != 1 {
				t.Fatalf("page 2: %+v %d %v", page2, total, err)
			}
			var gotOrgs []string
			for _, s := range append(page1, page2...) {
				gotOrgs = append(gotOrgs, s.Organisation)
				if !s.DueTime.Equal(due) || s.DueTime.Location() != time.UTC {
					t.Errorf("due time %v, want %v", s.DueTime, due)
				}
			}
			if fmt.Sprint(gotOrgs) != "[organisations/a-school organisations/north-police organisations/northcare]" {
				t.Fatalf("order %v", gotOrgs)
			}

			// A failed event leaves nothing behind.
			err = db.InTx(ctx, func(tx *sql.Tx) error {
				if err := remstore.Changes(tx).LaunchSubmission(ctx, "partnerships/north/campaigns/gone/submissions/s", "partnerships/north/campaigns/gone", "organisations/police", due); err != nil {
					return err
				}
				return fmt.Errorf("later step failed")
			})
			if err == nil {
				t.Fatal("want the transaction's error")
			}
			if known, _ := repo.CampaignKnown(ctx, "partnerships/north/campaigns/gone"); known {
				t.Fatal("rolled-back launch was kept")
			}
		})
	}
}
