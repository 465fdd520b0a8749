package directory_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/pkg/testinfra"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	"github.com/assure-audit/assure/services/directory"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// start runs the directory for real on db and bus, serving gRPC on loopback.
func start(t *testing.T, db *store.DB, bus *natsbus.Bus) directoryv1.DirectoryServiceClient {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	svc, err := directory.New(ctx, directory.Config{}, directory.Deps{DB: db, Bus: bus, Logger: logging.Discard()})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = svc.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return directoryv1.NewDirectoryServiceClient(testinfra.ServeGRPC(t, func(r grpc.ServiceRegistrar) { svc.RegisterGRPC(r) }))
}

func TestDirectory(t *testing.T) {
	dbs := testinfra.Databases(t, "directory")
	for name, infra := range map[string]struct {
		db  *store.DB
		bus *natsbus.Bus
	}{
		"postgres+nats":   {dbs["postgres"], testinfra.Bus(t)},
		"sqlite+embedded": {dbs["sqlite"], testinfra.EmbeddedBus(t)},
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			c := start(t, infra.db, infra.bus)

			var mu sync.Mutex
			var seen []string
			sub, err := infra.bus.Consume(ctx, directory.Name, "test-"+testinfra.UniqueName(), func(_ context.Context, ev natsbus.Event) error {
				mu.Lock()
				defer mu.Unlock()
				seen = append(seen, ev.Type)
				if ev.Type == "assure.directory.v1.OrganisationCreated" {
					var oc directoryv1.OrganisationCreated
					if err := proto.Unmarshal(ev.Data, &oc); err != nil || oc.GetOrganisation().GetName() != "organisations/police" {
						t.Errorf("event payload: %v %v", &oc, err)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			defer sub.Stop(ctx)

			p, err := c.CreatePartnership(ctx, &directoryv1.CreatePartnershipRequest{
				PartnershipId: "north", Partnership: &directoryv1.Partnership{DisplayName: "Northshire"}})
			if err != nil || p.GetName() != "partnerships/north" || p.GetEtag() == "" {
				t.Fatalf("create partnership: %v %v", p, err)
			}
			o, err := c.CreateOrganisation(ctx, &directoryv1.CreateOrganisationRequest{OrganisationId: "police",
				Organisation: &directoryv1.Organisation{DisplayName: "Northshire Police",
					Type: directoryv1.OrganisationType_ORGANISATION_TYPE_POLICE, Partnerships: []string{"partnerships/north"}}})
			if err != nil || o.GetName() != "organisations/police" {
				t.Fatalf("create organisation: %v %v", o, err)
			}
			list, err := c.ListOrganisations(ctx, &directoryv1.ListOrganisationsRequest{Partnership: "partnerships/north"})
			if err != nil || len(list.GetOrganisations()) != 1 {
				t.Fatalf("list: %v %v", list, err)
			}
			if _, err := c.GetOrganisation(ctx, &directoryv1.GetOrganisationRequest{Name: "organisations/nobody"}); status.Code(err) != codes.NotFound {
				t.Fatalf("missing organisation: %v", err)
			}
			if _, err := c.ListOrganisations(ctx, &directoryv1.ListOrganisationsRequest{Partnership: "partnerships/nowhere"}); status.Code(err) != codes.NotFound {
				t.Fatalf("missing partnership: %v", err)
			}
			if _, err := c.CreatePartnership(ctx, &directoryv1.CreatePartnershipRequest{
				PartnershipId: "north", Partnership: &directoryv1.Partnership{DisplayName: "Again"}}); status.Code(err) != codes.AlreadyExists {
				t.Fatalf("duplicate: %v", err)
			}
			// Bad input: every bad field is named.
			_, err = c.CreateOrganisation(ctx, &directoryv1.CreateOrganisationRequest{
				Organisation: &directoryv1.Organisation{Partnerships: []string{"nonsense"}}})
			fields := violations(t, err)
			for _, f := range []string{"organisation.display_name", "organisation.type", "organisation.partnerships[0]"} {
				if !fields[f] {
					t.Errorf("no violation for %s in %v", f, fields)
				}
			}

			testinfra.Eventually(t, 5*time.Second, "two events", func() bool {
				mu.Lock()
				defer mu.Unlock()
				return len(seen) == 2
			})
			mu.Lock()
			defer mu.Unlock()
			if seen[0] != "assure.directory.v1.PartnershipCreated" || seen[1] != "assure.directory.v1.OrganisationCreated" {
				t.Fatalf("events %v", seen)
			}
		})
	}
}

func violations(t *testing.T, err error) map[string]bool {
	t.Helper()
	st, ok := status.FromError(err)
	if !ok || st.Code() != codes.InvalidArgument {
		t.Fatalf("want InvalidArgument, got %v", err)
	}
	out := map[string]bool{}
	for _, d := range st.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			for _, v := range br.GetFieldViolations() {
				if v.GetDescription() == "" {
					t.Errorf("violation of %s has no reason", v.GetField())
				}
				out[v.GetField()] = true
			}
		}
	}
	return out
}
