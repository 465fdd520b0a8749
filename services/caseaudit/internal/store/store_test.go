package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/outbox"
	"github.com/assure-audit/assure/pkg/testinfra"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
	"github.com/assure-audit/assure/services/caseaudit/internal/events"
	castore "github.com/assure-audit/assure/services/caseaudit/internal/store"
	"github.com/assure-audit/assure/services/caseaudit/migrations"
)

// TestContract runs the same cases against PostgreSQL and SQLite.
func TestContract(t *testing.T) {
	for name, db := range testinfra.Databases(t, "caseaudit") {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if err := db.Migrate(ctx, migrations.FS, "."); err != nil {
				t.Fatal(err)
			}
			w := testinfra.NewOutbox(t, db, "caseaudit", events.Encode)
			repo := castore.New(w.Writer)
			now := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
			planned := domain.Details{Methodology: "Sixty cases", PracticeFrom: "2026-01-01", PracticeTo: "2026-06-30",
				TemplateVersion: "partnerships/north/templates/mcfa/versions/1", ReturnsDue: now.AddDate(0, 1, 0),
				ModerationTime: now.AddDate(0, 2, 0), Chair: "chair-1"}
			neglect, _ := domain.NewRound("neglect", "north", "Neglect in under-fives", planned, []domain.Case{
				{Reference: "CASE-2026-014", Agencies: []string{"police", "health", "school"}, SamplingNotes: "a child protection plan"},
				{Reference: "CASE-2026-015"},
				{Reference: "CASE-2026-016", Agencies: []string{"health"}},
			}, now)
			exploitation, _ := domain.NewRound("exploitation", "north", "Child exploitation", domain.Details{}, []domain.Case{
				{Reference: "CE-001", Agencies: []string{"police"}},
			}, now.Add(time.Second))
			// Round ids are unique within a partnership, not across them.
			southNeglect, _ := domain.NewRound("neglect", "south", "Neglect", domain.Details{}, []domain.Case{{Reference: "CASE-2026-014"}}, now)
			for _, rd := range []domain.Round{neglect, exploitation, southNeglect} {
				if err := repo.InsertRound(ctx, rd, domain.RoundCreated{Round: rd}); err != nil {
					t.Fatal(err)
				}
			}
			if err := repo.InsertRound(ctx, neglect, domain.RoundCreated{Round: neglect}); failure.KindOf(err) != failure.KindAlreadyExists {
				t.Fatalf("duplicate: %v", err)
			}
			// The database keeps references unique even if a caller skips
			// the domain's checks.
			unchecked := domain.Round{ID: "unchecked", PartnershipID: "north", Theme: "T", CreateTime: now, UpdateTime: now, Version: 1,
				Cases: []domain.Case{{Reference: "C-1"}, {Reference: "C-1"}}}
			if err := repo.InsertRound(ctx, unchecked, domain.RoundCreated{Round: unchecked}); failure.KindOf(err) != failure.KindInvalid {
				t.Fatalf("repeated reference: %v", err)
			}
			if _, err := repo.GetRound(ctx, "north", "unchecked"); failure.KindOf(err) != failure.KindNotFound {
				t.Fatalf("a failed insert left a round behind: %v", err)
			}
			got, err := repo.GetRound(ctx, "north", "neglect")
			if err != nil || !reflect.DeepEqual(got, neglect) {
				t.Fatalf("get:\n got %+v %v\nwant %+v", got, err, neglect)
			}
			if _, err := repo.GetRound(ctx, "south", "exploitation"); failure.KindOf(err) != failure.KindNotFound {
				t.Fatalf("round of another partnership: %v", err)
			}
			rs, err := repo.ListRounds(ctx, "north", 0, 10)
			if err != nil || len(rs) != 2 || !reflect.DeepEqual(rs[0], neglect) || !reflect.DeepEqual(rs[1], exploitation) {
				t.Fatalf("list: %+v %v", rs, err)
			}
			rs, err = repo.ListRounds(ctx, "north", 1, 10)
			if err != nil || len(rs) != 1 || rs[0].ID != "exploitation" {
				t.Fatalf("list page 2: %+v %v", rs, err)
			}
			rs, err = repo.ListRounds(ctx, "south", 0, 10)
			if err != nil || len(rs) != 1 || !reflect.DeepEqual(rs[0], southNeglect) {
				t.Fatalf("list south: %+v %v", rs, err)
			}
			if rs, err := repo.ListRounds(ctx, "west", 0, 10); err != nil || len(rs) != 0 {
				t.Fatalf("list empty: %+v %v", rs, err)
			}
			if n, _ := outbox.Pending(ctx, db); n != 3 || w.Encoded() != 3 {
				t.Fatalf("outbox has %d events (%d encoded), want 3: failed writes must record none", n, w.Encoded())
			}

			// An update stores what the change made, with its event; a
			// change that fails or records nothing stores nothing.
			later := now.Add(time.Hour)
			updated, err := repo.UpdateRound(ctx, "north", "neglect", func(r *domain.Round) ([]domain.Event, error) {
				cases := []domain.Case{{Reference: "CASE-2026-016", Agencies: []string{"health"}},
					{Reference: "CASE-2026-014", Agencies: []string{"school", "police"}, SamplingNotes: "moved"}}
				if _, err := r.Update("", domain.Details{}, cases, []string{"cases"}, later); err != nil {
					return nil, err
				}
				if err := r.Advance(domain.ReturnsOpen, later); err != nil {
					return nil, err
				}
				return []domain.Event{domain.RoundUpdated{Round: *r, Changed: []string{"cases", "state"}}}, nil
			})
			if err != nil || updated.State != domain.ReturnsOpen || updated.Version != 3 || len(updated.Cases) != 2 {
				t.Fatalf("advance: %+v %v", updated, err)
			}
			if got, err := repo.GetRound(ctx, "north", "neglect"); err != nil || !reflect.DeepEqual(got, updated) {
				t.Fatalf("after the update:\n got %+v %v\nwant %+v", got, err, updated)
			}
			_, err = repo.UpdateRound(ctx, "north", "neglect", func(r *domain.Round) ([]domain.Event, error) {
				r.Theme = "changed in memory only"
				return nil, failure.Conflict("stale")
			})
			if failure.KindOf(err) != failure.KindConflict {
				t.Fatalf("failing change: %v", err)
			}
			if got, _ := repo.GetRound(ctx, "north", "neglect"); got.Theme != "Neglect in under-fives" {
				t.Fatalf("a failed change was stored: %q", got.Theme)
			}
			if _, err := repo.UpdateRound(ctx, "north", "nope", func(*domain.Round) ([]domain.Event, error) { return nil, nil }); failure.KindOf(err) != failure.KindNotFound {
				t.Fatalf("missing round: %v", err)
			}
			if n, _ := outbox.Pending(ctx, db); n != 4 {
				t.Fatalf("outbox has %d events, want 4", n)
			}
		})
	}
}
