package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"testing"
	"testing/fstest"
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
	{"submit", domain.SubmissionReported{State: domain.Submitted, At: submitTime}.Progress(), "organisations/police", "", submitTime},
}

// Later events of the same submission: sent back, revised, handed in again
// and accepted, each at times whose fractions differ in length.
var (
	returnTime   = time.Date(2026, 9, 2, 10, 0, 0, 5_000_000, time.UTC)
	reviseTime   = time.Date(2026, 9, 2, 11, 0, 0, 0, time.UTC)
	resubmitTime = time.Date(2026, 9, 3, 10, 0, 0, 120_000_000, time.UTC)
	acceptTime   = time.Date(2026, 9, 3, 10, 0, 0, 12_000_000, time.UTC).Add(time.Second)
	later        = []event{
		{"return", domain.SubmissionReported{State: domain.Returned, At: returnTime}.Progress(), "organisations/police", "", returnTime},
		{"revise", domain.AnswersSaved{SaveTime: reviseTime}.Progress(), "", "", reviseTime},
		{"resubmit", domain.SubmissionReported{State: domain.Submitted, At: resubmitTime}.Progress(), "organisations/police", "", resubmitTime},
		{"accept", domain.SubmissionReported{State: domain.Accepted, At: acceptTime}.Progress(), "organisations/police", "", acceptTime},
		{"untimed", domain.SubmissionReported{State: domain.Submitted}.Progress(), "organisations/police", "", time.Time{}},
	}
)

// TestContract runs the same cases against PostgreSQL and SQLite.
func TestContract(t *testing.T) {
	for name, db := range testinfra.Databases(t, "reporting") {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if err := db.Migrate(ctx, migrations.FS, "."); err != nil {
				t.Fatal(err)
			}
			repo := repstore.New(db)

			// run applies events to a campaign with one submission, checks
			// the row is the one the domain's rules give and returns it.
			run := func(campaign string, evs []event) domain.Row {
				t.Helper()
				sub := campaign + "/submissions/police"
				var want domain.Progress
				for _, e := range evs {
					want = want.Merge(e.progress)
					apply(t, db, func(ctx context.Context, w app.Changes) error {
						if err := w.TouchCampaign(ctx, campaign, e.display, e.time); err != nil {
							return err
						}
						return w.MergeProgress(ctx, sub, campaign, e.org, e.progress)
					})
				}
				rows, err := repo.ListRows(ctx, campaign)
				if err != nil || len(rows) != 1 {
					t.Fatalf("%s: rows %+v %v", campaign, rows, err)
				}
				got := rows[0]
				if got.Progress != want || got.Organisation != "organisations/police" || got.Submission != sub ||
					got.LastActivity.Location() != time.UTC || got.ReviewTime.Location() != time.UTC {
					t.Fatalf("%s: row %+v, want %+v", campaign, got, want)
				}
				return got
			}

			// Every order of the three events gives the row the domain's
			// rules give, and the campaign the newest event time.
			orders := [][]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}, {2, 1, 0, 1, 2, 0}}
			for i, order := range orders {
				campaign := fmt.Sprintf("partnerships/north/campaigns/c%d", i)
				var seq []event
				for _, j := range order {
					seq = append(seq, evs[j])
				}
				got := run(campaign, seq)
				c, err := repo.GetCampaign(ctx, campaign)
				if err != nil || c.DisplayName != "Section 11" || !c.AsOf.Equal(saveTime) || c.Version != int64(len(order)) {
					t.Fatalf("order %v: campaign %+v %v", order, c, err)
				}
				if want := (domain.Progress{Work: domain.InProgress, Review: domain.Submitted, ReviewTime: submitTime, LastActivity: saveTime,
					FirstActivity: submitTime, FirstHandIn: submitTime}); got.Progress != want {
					t.Fatalf("order %v: domain gives %+v", order, got.Progress)
				}
			}

			// Sent back, revised, handed in again and accepted, in orders a
			// redelivery can give: the newest report decides the state.
			all := append(append([]event{}, evs...), later...)
			reviews := []struct {
				order []string
				want  domain.State
			}{
				{[]string{"launch", "submit", "return"}, domain.Returned},
				{[]string{"launch", "return", "submit"}, domain.Returned},
				{[]string{"return", "launch"}, domain.Returned},
				{[]string{"launch", "submit", "return", "revise"}, domain.Returned},
				{[]string{"launch", "submit", "return", "revise", "resubmit"}, domain.Submitted},
				{[]string{"resubmit", "return", "submit", "launch", "revise", "return"}, domain.Submitted},
				{[]string{"launch", "submit", "return", "resubmit", "accept"}, domain.Accepted},
				{[]string{"accept", "return", "submit", "resubmit", "save", "launch"}, domain.Accepted},
				{[]string{"launch", "untimed", "return"}, domain.Returned},
				{[]string{"launch", "return", "untimed"}, domain.Returned},
				{[]string{"launch", "untimed"}, domain.Submitted},
			}
			for i, r := range reviews {
				campaign := fmt.Sprintf("partnerships/north/campaigns/r%d", i)
				var seq []event
				for _, name := range r.order {
					for _, e := range all {
						if e.name == name {
							seq = append(seq, e)
						}
					}
				}
				if got := run(campaign, seq); got.State() != r.want {
					t.Fatalf("%v: state %s, want %s", r.order, got.State(), r.want)
				}
			}

			// A display name given by a later event is not taken back by an
			// earlier one arriving after it, nor by an event without one.
			renamed := "partnerships/north/campaigns/renamed"
			for _, e := range []struct {
				name string
				at   time.Time
			}{{"Section 11 (moved)", submitTime}, {"Section 11", launchTime}, {"", saveTime}, {"Section 11 (moved)", submitTime}} {
				apply(t, db, func(ctx context.Context, w app.Changes) error { return w.TouchCampaign(ctx, renamed, e.name, e.at) })
			}
			if c, err := repo.GetCampaign(ctx, renamed); err != nil || c.DisplayName != "Section 11 (moved)" || !c.AsOf.Equal(saveTime) || c.Version != 4 {
				t.Fatalf("renamed: %+v %v", c, err)
			}

			// The earliest launch seen is kept, whatever the order.
			for _, at := range []time.Time{submitTime, launchTime, saveTime} {
				apply(t, db, func(ctx context.Context, w app.Changes) error { return w.SetCampaignLaunched(ctx, renamed, at) })
			}
			if c, err := repo.GetCampaign(ctx, renamed); err != nil || !c.Launched.Equal(launchTime) || c.Launched.Location() != time.UTC {
				t.Fatalf("launched: %+v %v", c, err)
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
					if err := w.MergeProgress(ctx, campaign+"/submissions/"+o, campaign, "organisations/"+o, domain.Progress{Work: domain.NotStarted}); err != nil {
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

// TestMigrateRows checks rows written before reviews were kept carry over:
// a submitted row stays submitted until a newer report.
func TestMigrateRows(t *testing.T) {
	for name, db := range testinfra.Databases(t, "reporting") {
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
			if _, err := db.ExecContext(ctx, `INSERT INTO reporting_campaigns (name, display_name, as_of_time, version) VALUES ($1, 'Old', $2, 3)`,
				campaign, submitTime); err != nil {
				t.Fatal(err)
			}
			for i, state := range []int{1, 2, 3} {
				if _, err := db.ExecContext(ctx, `INSERT INTO reporting_submissions (name, campaign, organisation, state, last_activity_time) VALUES ($1, $2, $3, $4, $5)`,
					fmt.Sprintf("%s/submissions/s%d", campaign, i), campaign, fmt.Sprintf("organisations/o%d", i), state, submitTime); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.Migrate(ctx, migrations.FS, "."); err != nil {
				t.Fatal(err)
			}
			repo := repstore.New(db)
			states := func() string {
				t.Helper()
				rows, err := repo.ListRows(ctx, campaign)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, r := range rows {
					got = append(got, r.State().String())
				}
				return fmt.Sprint(got)
			}
			if got := states(); got != "[NOT_STARTED IN_PROGRESS SUBMITTED]" {
				t.Fatalf("after migration: %s", got)
			}
			apply(t, db, func(ctx context.Context, w app.Changes) error {
				if err := w.TouchCampaign(ctx, campaign, "", returnTime); err != nil {
					return err
				}
				return w.MergeProgress(ctx, campaign+"/submissions/s2", campaign, "", domain.SubmissionReported{State: domain.Returned, At: returnTime}.Progress())
			})
			if got := states(); got != "[NOT_STARTED IN_PROGRESS RETURNED]" {
				t.Fatalf("after return: %s", got)
			}
			if c, err := repo.GetCampaign(ctx, campaign); err != nil || c.DisplayName != "Old" || c.Version != 4 {
				t.Fatalf("campaign %+v %v", c, err)
			}
		})
	}
}
