package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/outbox"
	"github.com/assure-audit/assure/pkg/testinfra"
	"github.com/assure-audit/assure/services/directory/internal/domain"
	"github.com/assure-audit/assure/services/directory/internal/events"
	dirstore "github.com/assure-audit/assure/services/directory/internal/store"
	"github.com/assure-audit/assure/services/directory/migrations"
)

// TestContract runs the same cases against PostgreSQL and SQLite.
func TestContract(t *testing.T) {
	for name, db := range testinfra.Databases(t, "directory") {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if err := db.Migrate(ctx, migrations.FS, "."); err != nil {
				t.Fatal(err)
			}
			w := testinfra.NewOutbox(t, db, "directory", events.Encode)
			repo := dirstore.New(w.Writer)
			now := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
			p1, _ := domain.NewPartnership("north", "Northshire", now)
			p2, _ := domain.NewPartnership("south", "Southshire", now.Add(time.Second))
			for _, p := range []domain.Partnership{p1, p2} {
				if err := repo.InsertPartnership(ctx, p, domain.PartnershipCreated{Partnership: p}); err != nil {
					t.Fatal(err)
				}
			}
			if err := repo.InsertPartnership(ctx, p1); failure.KindOf(err) != failure.KindAlreadyExists {
				t.Fatalf("duplicate: %v", err)
			}
			got, err := repo.GetPartnership(ctx, "north")
			if err != nil || got != p1 {
				t.Fatalf("get: %+v %v", got, err)
			}
			if _, err := repo.GetPartnership(ctx, "nope"); failure.KindOf(err) != failure.KindNotFound {
				t.Fatalf("missing: %v", err)
			}
			ps, err := repo.ListPartnerships(ctx, 1, 10)
			if err != nil || len(ps) != 1 || ps[0].ID != "south" {
				t.Fatalf("list page 2: %+v %v", ps, err)
			}

			police, _ := domain.NewOrganisation("police", "Police", domain.TypePolice, []string{"north", "south"}, "", now)
			school, _ := domain.NewOrganisation("school", "School", domain.TypeSchool, []string{"south"}, "URN 100001", now.Add(time.Second))
			for _, o := range []domain.Organisation{police, school} {
				if err := repo.InsertOrganisation(ctx, o, domain.OrganisationCreated{Organisation: o}); err != nil {
					t.Fatal(err)
				}
			}
			bad, _ := domain.NewOrganisation("x", "X", domain.TypeOther, []string{"missing"}, "", now)
			if err := repo.InsertOrganisation(ctx, bad); failure.KindOf(err) != failure.KindInvalid {
				t.Fatalf("unknown partnership: %v", err)
			}
			o, err := repo.GetOrganisation(ctx, "police")
			if err != nil || o.DisplayName != "Police" || len(o.Partnerships) != 2 || o.Partnerships[0] != "north" || !o.CreateTime.Equal(now) {
				t.Fatalf("get org: %+v %v", o, err)
			}
			north, err := repo.ListOrganisations(ctx, "north", 0, 10)
			if err != nil || len(north) != 1 || north[0].ID != "police" {
				t.Fatalf("north: %+v %v", north, err)
			}
			all, err := repo.ListOrganisations(ctx, "", 0, 10)
			if err != nil || len(all) != 2 || all[1].ExternalRef != "URN 100001" {
				t.Fatalf("all: %+v %v", all, err)
			}
			if n, _ := outbox.Pending(ctx, db); n != 4 || w.Encoded() != 4 {
				t.Fatalf("outbox has %d events (%d encoded), want 4: failed writes must record none", n, w.Encoded())
			}
		})
	}
}
