package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/pkg/testinfra"
	"github.com/assure-audit/assure/services/reporting/internal/app"
	"github.com/assure-audit/assure/services/reporting/internal/domain"
	repstore "github.com/assure-audit/assure/services/reporting/internal/store"
	"github.com/assure-audit/assure/services/reporting/migrations"
)

// Times whose fractions differ in length, so that comparing them as text
// would go wrong if the layout were not fixed.
var (
	launchTime = time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC)
	saveTime   = time.Date(2026, 9, 1, 10, 0, 0, 500_000_000, time.UTC)
	submitTime = time.Date(2026, 9, 1, 10, 0, 0, 450_000_000, time.UTC)
)

// apply runs one event's changes in a transaction of their own, as the
// consumer does.
func apply(t *testing.T, db *store.DB, fn func(ctx context.Context, w app.Changes) error) {
	t.Helper()
	ctx := context.Background()
	if err := db.InTx(ctx, func(tx *sql.Tx) error { return fn(ctx, repstore.Changes(tx)) }); err != nil {
		t.Fatal(err)
	}
}

// event is one event's effect on a campaign with a single submission, and
// the same effect by the domain's rules.
type event struct {
	name     string
	progress domain.Progress
	org      string
	display  string
	time     time.Time
}

var evs = []event{
	{"launch", domain.CampaignLaunched{}.Progress(), "organisations/police", "Section 11", launchTime},
	{"save", domain.AnswersSaved{SaveTime: saveTime}.Progress(), "", "", saveTime},
	{"submit", domain.SubmissionSubmitted{SubmitTime: submitTime}.Progress(), "organisations/police", "", submitTime},
}

// TestContract runs the same cases against PostgreSQL and SQLite.
func TestContract(t *testing.T) {
	for name, db := range testinfra.Databases(t, "reporting") {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if err := db.Migrate(ctx, migrations.FS, "."); err != nil {
				t.Fatal(err)
			}
			repo := repstore.New(db)

			// Every order of the three events gives the row the domain's
			// rules give, and the campaign the newest event time.
			orders := [][]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}, {2, 1, 0, 1, 2, 0}}
			for i, order := range orders {
				campaign := fmt.Sprintf("partnerships/north/campaigns/c%d", i)
				sub := campaign + "/submissions/police"
				var want domain.Progress
				for _, j := range order {
					e := evs[j]
					want = want.Merge(e.progress)
					apply(t, db, func(ctx context.Context, w app.Changes) error {
						if err := w.TouchCampaign(ctx, campaign, e.display, e.time); err != nil {
							return err
						}
						return w.MergeProgress(ctx, sub, campaign, e.org, e.progress)
					})
				}
				c, err := repo.GetCampaign(ctx, campaign)
				if err != nil || c.DisplayName != "Section 11" || !c.AsOf.Equal(saveTime) || c.Version != int64(len(order)) {
					t.Fatalf("order %v: campaign %+v %v", order, c, err)
				}
				rows, err := repo.ListRows(ctx, campaign)
				if err != nil || len(rows) != 1 {
					t.Fatalf("order %v: rows %+v %v", order, rows, err)
				}
				got := rows[0]
				if got.Progress != want || got.Organisation != "organisations/police" || got.Submission != sub || got.LastActivity.Location() != time.UTC {
					t.Fatalf("order %v: row %+v, want %+v", order, got, want)
				}
				if want != (domain.Progress{State: domain.Submitted, LastActivity: saveTime}) {
					t.Fatalf("order %v: domain gives %+v", order, want)
				}
			}

			if _, err := repo.GetCampaign(ctx, "partnerships/north/campaigns/nope"); failure.KindOf(err) != failure.KindNotFound {
				t.Fatalf("missing: %v", err)
			}

			// Organisation names join the rows; an unknown one is empty. The
			// campaigns listing an organisation are reported and move on.
			campaign := "partnerships/north/campaigns/names"
			apply(t, db, func(ctx context.Context, w app.Changes) error {
				if err := w.TouchCampaign(ctx, campaign, "Names", time.Time{}); err != nil {
					return err
				}
				for _, o := range []string{"northcare", "north-police", "a-school"} {
					if err := w.MergeProgress(ctx, campaign+"/submissions/"+o, campaign, "organisations/"+o, domain.Progress{State: domain.NotStarted}); err != nil {
						return err
					}
				}
				return nil
			})
			before, _ := repo.GetCampaign(ctx, campaign)
			if !before.AsOf.IsZero() {
				t.Fatalf("as-of without event time: %v", before.AsOf)
			}
			var touched []string
			apply(t, db, func(ctx context.Context, w app.Changes) (err error) {
				touched, err = w.PutOrganisation(ctx, "organisations/north-police", "Northshire Police")
				return err
			})
			if fmt.Sprint(touched) != "[partnerships/north/campaigns/names]" {
				t.Fatalf("touched %v", touched)
			}
			apply(t, db, func(ctx context.Context, w app.Changes) (err error) {
				touched, err = w.PutOrganisation(ctx, "organisations/elsewhere", "Elsewhere")
				return err
			})
			if len(touched) != 0 {
				t.Fatalf("touched %v", touched)
			}
			after, _ := repo.GetCampaign(ctx, campaign)
			if after.Version != before.Version+1 {
				t.Fatalf("version %d after %d", after.Version, before.Version)
			}
			rows, err := repo.ListRows(ctx, campaign)
			if err != nil || len(rows) != 3 {
				t.Fatalf("rows %+v %v", rows, err)
			}
			var got []string
			for _, r := range rows {
				got = append(got, r.Organisation+"="+r.DisplayName)
			}
			if fmt.Sprint(got) != "[organisations/a-school= organisations/north-police=Northshire Police organisations/northcare=]" {
				t.Fatalf("rows %v", got)
			}
		})
	}
}
