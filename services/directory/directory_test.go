package directory_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/testinfra"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	"github.com/assure-audit/assure/services/directory"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

func TestDirectory(t *testing.T) {
	for _, in := range testinfra.Infras(t, "directory") {
		t.Run(in.Name, func(t *testing.T) {
			ctx := context.Background()
			conn := testinfra.StartService(t, func(ctx context.Context) (*directory.Service, error) {
				return directory.New(ctx, directory.Config{}, directory.Deps{DB: in.DB, Bus: in.Bus, Logger: logging.Discard()})
			})
			c := directoryv1.NewDirectoryServiceClient(conn)
			events := testinfra.CollectEvents(t, in.Bus, directory.Name)

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
			fields := testinfra.FieldViolations(t, err)
			for _, f := range []string{"organisation.display_name", "organisation.type", "organisation.partnerships[0]"} {
				if !fields[f] {
					t.Errorf("no violation for %s in %v", f, fields)
				}
			}

			evs := events.Wait(t, 2)
			if got := fmt.Sprint(testinfra.Types(evs)); got != "[assure.directory.v1.PartnershipCreated assure.directory.v1.OrganisationCreated]" {
				t.Fatalf("events %s", got)
			}
			var oc directoryv1.OrganisationCreated
			if err := proto.Unmarshal(evs[1].Data, &oc); err != nil || oc.GetOrganisation().GetName() != "organisations/police" {
				t.Errorf("event payload: %v %v", &oc, err)
			}
		})
	}
}
