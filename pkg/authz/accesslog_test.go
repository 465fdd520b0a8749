package authz_test

import (
	"context"
	"testing"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/testinfra"
)

func TestStoreAccessLog(t *testing.T) {
	ctx := context.Background()
	for name, db := range testinfra.Databases(t, "audit") {
		t.Run(name, func(t *testing.T) {
			if err := authz.EnsureAccessLogTable(ctx, db); err != nil {
				t.Fatal(err)
			}
			if err := authz.EnsureAccessLogTable(ctx, db); err != nil {
				t.Fatal(err)
			}
			log := authz.RoutedAccessLog{"assure.caseaudit.v1.CaseAuditService": authz.StoreAccessLog{DB: db}}
			e := authz.AccessEntry{PersonID: "ann", Method: "/assure.caseaudit.v1.CaseAuditService/GetRound",
				Resource: "partnerships/p/rounds/r", Allowed: false, Reason: "partnerships/p/rounds/r not found"}
			if err := log.Record(ctx, e); err != nil {
				t.Fatal(err)
			}
			if err := log.Record(ctx, authz.AccessEntry{Method: "/other.Service/M"}); err == nil {
				t.Fatal("an entry with nowhere to go must fail")
			}
			var person, resource string
			var allowed bool
			if err := db.QueryRowContext(ctx, `SELECT person_id, resource, allowed FROM access_log`).Scan(&person, &resource, &allowed); err != nil {
				t.Fatal(err)
			}
			if person != "ann" || resource != e.Resource || allowed {
				t.Fatalf("read back %s %s %v", person, resource, allowed)
			}
		})
	}
}
