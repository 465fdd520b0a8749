package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/pkg/testinfra"
	"github.com/assure-audit/assure/services/reminder/internal/app"
	"github.com/assure-audit/assure/services/reminder/internal/domain"
	remstore "github.com/assure-audit/assure/services/reminder/internal/store"
	"github.com/assure-audit/assure/services/reminder/migrations"
)

// Times whose fractions differ in length, so that comparing them as text
// would go wrong if the layout were not fixed.
var (
	due      = time.Date(2026, 10, 30, 17, 0, 0, 250_000_000, time.UTC)
	moved    = time.Date(2026, 11, 13, 17, 0, 0, 0, time.UTC)
	launched = time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC)
)

// at is a time n tenths of a second after the launch, so that times differ
// in the length of their fractions.
func at(n int) time.Time { return launched.Add(time.Duration(n) * 100 * time.Millisecond) }

// apply runs one event's changes in a transaction of their own, as the
// consumer does.
func apply(t *testing.T, db *store.DB, fn func(ctx context.Context, w app.Changes) error) {
	t.Helper()
	ctx := context.Background()
	if err := db.InTx(ctx, func(tx *sql.Tx) error { return fn(ctx, remstore.Changes(tx)) }); err != nil {
		t.Fatal(err)
	}
}

// model is what the domain's rules make of one campaign and one of its
// submissions.
type model struct {
	c domain.Campaign
	s domain.Submission
}

// step is one event: its effect by the domain's rules and its changes.
type step struct {
	model   func(m model, campaign, sub string) model
	changes func(ctx context.Context, w app.Changes, campaign, sub string) error
}

func campaignStep(n int, d time.Time, s domain.CampaignState, subs bool) step {
	account := func(campaign string) domain.Campaign {
		return domain.CampaignChanged{Campaign: campaign, DueTime: d, State: s, Time: at(n)}.Account()
	}
	return step{
		model: func(m model, campaign, sub string) model {
			m.c = m.c.Merge(account(campaign))
			if subs {
				m.s = m.s.Launch(campaign, "organisations/police")
			}
			return m
		},
		changes: func(ctx context.Context, w app.Changes, campaign, sub string) error {
			if err := w.ObserveCampaign(ctx, account(campaign)); err != nil || !subs {
				return err
			}
			return w.LaunchSubmission(ctx, sub, campaign, "organisations/police")
		},
	}
}

func reportStep(n int, status domain.Status) step {
	var t time.Time
	if n >= 0 {
		t = at(n)
	}
	return step{
		model: func(m model, campaign, sub string) model {
			m.s = m.s.Report(campaign, "organisations/police", status, t)
			return m
		},
		changes: func(ctx context.Context, w app.Changes, campaign, sub string) error {
			return w.ReportSubmission(ctx, sub, campaign, "organisations/police", status, t)
		},
	}
}

var steps = map[string]step{
	"launch":   campaignStep(0, due, domain.CampaignOpen, true),
	"added":    campaignStep(3, due, domain.CampaignOpen, true),
	"submit":   reportStep(5, domain.StatusSubmitted),
	"untimed":  reportStep(-1, domain.StatusSubmitted),
	"return":   reportStep(10, domain.StatusReturned),
	"resubmit": reportStep(15, domain.StatusSubmitted),
	"accept":   reportStep(20, domain.StatusAccepted),
	"move":     campaignStep(7, moved, domain.CampaignOpen, false),
	"close":    campaignStep(25, moved, domain.CampaignClosed, false),
	"archive":  campaignStep(30, moved, domain.CampaignArchived, false),
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
			orders := []string{
				"launch", "submit", "launch submit", "submit launch", "launch submit launch", "launch launch",
				"launch submit return", "launch return submit", "return launch", "return submit launch",
				"launch submit return resubmit", "launch resubmit return submit", "launch return resubmit return",
				"launch submit accept", "launch accept return submit", "accept launch",
				"launch untimed", "untimed launch return", "launch return untimed",
				"launch move", "move launch", "launch move launch", "move", "move submit",
				"launch added", "added move launch", "launch submit return move added",
				"launch close", "close launch", "launch close move", "launch return close",
				"launch close archive", "archive launch close move", "archive",
			}
			for i, o := range orders {
				campaign := fmt.Sprintf("partnerships/north/campaigns/c%d", i)
				sub := campaign + "/submissions/s"
				want := model{s: domain.Submission{Name: sub}}
				for _, name := range strings.Fields(o) {
					st := steps[name]
					want = st.model(want, campaign, sub)
					apply(t, db, func(ctx context.Context, w app.Changes) error { return st.changes(ctx, w, campaign, sub) })
				}
				known, err := repo.CampaignKnown(ctx, campaign)
				if err != nil || !known {
					t.Fatalf("%s: known %v %v", o, known, err)
				}
				got, total, err := repo.ListOutstanding(ctx, campaign, 0, 10)
				if err != nil {
					t.Fatalf("%s: %v", o, err)
				}
				if domain.Outstanding(want.c, want.s) {
					w := want.s
					w.DueTime = want.c.DueTime
					if total != 1 || len(got) != 1 || got[0] != w {
						t.Fatalf("%s: got %+v (total %d), want %+v", o, got, total, w)
					}
				} else if total != 0 || len(got) != 0 {
					t.Fatalf("%s: got %+v (total %d), want none (%+v)", o, got, total, want)
				}
			}

			if known, err := repo.CampaignKnown(ctx, "partnerships/north/campaigns/nope"); err != nil || known {
				t.Fatalf("unknown campaign: %v %v", known, err)
			}

			// Ordered by organisation in byte order, paged, counted; a
			// returned submission is listed again.
			campaign := "partnerships/north/campaigns/order"
			orgs := []string{"organisations/northcare", "organisations/north-police", "organisations/a-school", "organisations/zeta", "organisations/b-school"}
			apply(t, db, func(ctx context.Context, w app.Changes) error {
				if err := w.ObserveCampaign(ctx, domain.CampaignChanged{Campaign: campaign, DueTime: due, State: domain.CampaignOpen, Time: at(0)}.Account()); err != nil {
					return err
				}
				for i, o := range orgs {
					if err := w.LaunchSubmission(ctx, fmt.Sprintf("%s/submissions/s%d", campaign, i), campaign, o); err != nil {
						return err
					}
				}
				if err := w.ReportSubmission(ctx, campaign+"/submissions/s3", campaign, "organisations/zeta", domain.StatusSubmitted, at(1)); err != nil {
					return err
				}
				if err := w.ReportSubmission(ctx, campaign+"/submissions/s4", campaign, "", domain.StatusSubmitted, at(1)); err != nil {
					return err
				}
				return w.ReportSubmission(ctx, campaign+"/submissions/s4", campaign, "", domain.StatusReturned, at(2))
			})
			page1, total, err := repo.ListOutstanding(ctx, campaign, 0, 2)
			if err != nil || total != 4 || len(page1) != 2 {
				t.Fatalf("page 1: %+v %d %v", page1, total, err)
			}
			page2, total, err := repo.ListOutstanding(ctx, campaign, 2, 2)
			if err != nil || total != 4 || len(page2) != 2 {
				t.Fatalf("page 2: %+v %d %v", page2, total, err)
			}
			var gotOrgs []string
			for _, s := range append(page1, page2...) {
				gotOrgs = append(gotOrgs, s.Organisation)
				if !s.DueTime.Equal(due) || s.DueTime.Location() != time.UTC {
					t.Errorf("due time %v, want %v", s.DueTime, due)
				}
			}
			if fmt.Sprint(gotOrgs) != "[organisations/a-school organisations/b-school organisations/north-police organisations/northcare]" {
				t.Fatalf("order %v", gotOrgs)
			}
			if s := page1[1]; s.Status != domain.StatusReturned || !s.StatusTime.Equal(at(2)) || s.StatusTime.Location() != time.UTC {
				t.Fatalf("returned: %+v", s)
			}

			// A failed event leaves nothing behind.
			err = db.InTx(ctx, func(tx *sql.Tx) error {
				w := remstore.Changes(tx)
				gone := "partnerships/north/campaigns/gone"
				if err := w.ObserveCampaign(ctx, domain.Campaign{Name: gone, DueTime: due}); err != nil {
					return err
				}
				if err := w.LaunchSubmission(ctx, gone+"/submissions/s", gone, "organisations/police"); err != nil {
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

// TestMigrateRows checks rows written before campaigns were kept on their
// own carry over: the due time to the campaign, handed in to submitted.
func TestMigrateRows(t *testing.T) {
	for name, db := range testinfra.Databases(t, "reminder") {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			first := fstest.MapFS{}
			for _, d := range []string{"postgres", "sqlite"} {
				b, err := fs.ReadFile(migrations.FS, d+"/0001_init.sql")
				if err != nil {
					t.Fatal(err)
				}
				first[d+"/0001_init.sql"] = &fstest.MapFile{Data: b}
			}
			if err := db.Migrate(ctx, first, "."); err != nil {
				t.Fatal(err)
			}
			campaign := "partnerships/north/campaigns/old"
			for i, row := range []struct {
				due       any
				submitted bool
			}{{due, false}, {due, true}, {nil, true}, {due, false}} {
				if _, err := db.ExecContext(ctx, `INSERT INTO reminder_submissions (name, campaign, organisation, due_time, submitted) VALUES ($1, $2, $3, $4, $5)`,
					fmt.Sprintf("%s/submissions/s%d", campaign, i), campaign, fmt.Sprintf("organisations/o%d", i), row.due, row.submitted); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.Migrate(ctx, migrations.FS, "."); err != nil {
				t.Fatal(err)
			}
			repo := remstore.New(db)
			got, total, err := repo.ListOutstanding(ctx, campaign, 0, 10)
			if err != nil || total != 2 || len(got) != 2 || got[0].Organisation != "organisations/o0" || got[1].Organisation != "organisations/o3" || !got[0].DueTime.Equal(due) {
				t.Fatalf("after migration: %+v %d %v", got, total, err)
			}
			// A return after the migration makes a submission owed again.
			apply(t, db, func(ctx context.Context, w app.Changes) error {
				return w.ReportSubmission(ctx, campaign+"/submissions/s1", campaign, "", domain.StatusReturned, at(1))
			})
			if _, total, _ := repo.ListOutstanding(ctx, campaign, 0, 10); total != 3 {
				t.Fatalf("after return: %d outstanding", total)
			}
		})
	}
}
