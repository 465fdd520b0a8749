package grpcapi

import (
	"reflect"
	"strings"
	"testing"

	"github.com/assure-audit/assure/pkg/authz"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	"github.com/assure-audit/assure/services/directory/internal/domain"
	"github.com/assure-audit/assure/services/directory/internal/protoconv"
)

// TestAccessTableCoversEveryRPC fails when an RPC is added without a rule.
func TestAccessTableCoversEveryRPC(t *testing.T) {
	table := AccessTable(nil)
	public := map[string]bool{"RequestSignInLink": true, "RedeemSignInLink": true, "SignInWithPassword": true, "GetSigningKeys": true}
	desc := directoryv1.DirectoryService_ServiceDesc
	if len(table) != len(desc.Methods) {
		t.Errorf("the table has %d rules for %d RPCs", len(table), len(desc.Methods))
	}
	for _, m := range desc.Methods {
		full := "/" + desc.ServiceName + "/" + m.MethodName
		rule, ok := table[full]
		switch {
		case !ok:
			t.Errorf("%s has no rule", full)
		case rule.Public != public[m.MethodName]:
			t.Errorf("%s: public %v", full, rule.Public)
		case !rule.Public && rule.Check == nil:
			t.Errorf("%s has no check", full)
		}
		changes := false
		for _, verb := range []string{"Create", "Update", "Delete", "Import", "SetPassword"} {
			changes = changes || strings.HasPrefix(m.MethodName, verb)
		}
		if rule.Audit != changes {
			t.Errorf("%s: audit %v", full, rule.Audit)
		}
	}
}

func TestViewerOf(t *testing.T) {
	p := authz.Principal{
		PersonID: "ann",
		Memberships: []authz.Membership{
			{Role: authz.HubAdmin, Hub: "h1"},
			{Role: authz.PartnershipAdmin, Partnership: "north"},
			{Role: authz.CaseAuditor, Partnership: "south"},
			{Role: authz.ExecutiveViewer, Partnership: "south"},
			{Role: authz.OrganisationLead, Organisation: "police"},
			{Role: authz.Contributor, Organisation: "school"},
			{Role: authz.SeniorContact, Organisation: "hospital"},
		},
		OrganisationPartnerships: map[string][]string{"police": {"north", "east"}, "school": {"west"}, "hospital": {"south", "upper"}},
	}
	want := domain.Viewer{
		PersonID:            "ann",
		AdminHubs:           []string{"h1"},
		AdminPartnerships:   []string{"north"},
		StaffPartnerships:   []string{"north", "south"},
		MemberPartnerships:  []string{"north", "south", "east", "west", "upper"},
		MemberOrganisations: []string{"police", "school", "hospital"},
		LeadOrganisations:   []string{"police"},
	}
	if got := ViewerOf(p); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
}

// TestRoles checks that the directory's roles, the API's enum and the
// platform's access roles are the same roles, each where the others put it.
func TestRoles(t *testing.T) {
	if len(domain.Roles) != len(authz.Roles) || len(directoryv1.Role_name) != len(domain.Roles)+1 {
		t.Fatalf("%d directory roles, %d access roles, %d enum values", len(domain.Roles), len(authz.Roles), len(directoryv1.Role_name))
	}
	for i, r := range domain.Roles {
		e := protoconv.Role(r)
		if authz.Role(r) != authz.Roles[i] || !authz.Role(r).Valid() || protoconv.DomainRole(e) != r ||
			e.String() != "ROLE_"+strings.ToUpper(string(r)) {
			t.Errorf("role %s: access role %s, enum %s", r, authz.Roles[i], e)
		}
	}
	if protoconv.Role(domain.RoleSeniorContact) != directoryv1.Role_ROLE_SENIOR_CONTACT ||
		protoconv.DomainRole(directoryv1.Role_ROLE_SENIOR_CONTACT) != domain.RoleSeniorContact {
		t.Error("senior contact")
	}
}
