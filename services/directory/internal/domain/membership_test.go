package domain

import (
	"strings"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/testinfra"
)

func TestNewMembership(t *testing.T) {
	now := time.Now()
	tests := []struct {
		role      Role
		scope     Scope
		wantField string // empty: allowed
	}{
		{RoleHubAdmin, HubScope("h"), ""},
		{RoleHubAdmin, PartnershipScope("p"), "membership.partnership"},
		{RoleHubAdmin, OrganisationScope("o"), "membership.organisation"},
		{RolePartnershipAdmin, PartnershipScope("p"), ""},
		{RolePartnershipAdmin, HubScope("h"), "membership.hub"},
		{RolePartnershipAdmin, OrganisationScope("o"), "membership.organisation"},
		{RoleQAOfficer, PartnershipScope("p"), ""},
		{RoleQAOfficer, OrganisationScope("o"), "membership.organisation"},
		{RoleExecutiveViewer, PartnershipScope("p"), ""},
		{RoleExecutiveViewer, HubScope("h"), "membership.hub"},
		{RoleCaseAuditor, PartnershipScope("p"), ""},
		{RoleCaseAuditor, OrganisationScope("o"), "membership.organisation"},
		{RoleOrganisationLead, OrganisationScope("o"), ""},
		{RoleOrganisationLead, PartnershipScope("p"), "membership.partnership"},
		{RoleOrganisationLead, HubScope("h"), "membership.hub"},
		{RoleContributor, OrganisationScope("o"), ""},
		{RoleContributor, PartnershipScope("p"), "membership.partnership"},
		{RoleSeniorContact, OrganisationScope("o"), ""},
		{RoleSeniorContact, PartnershipScope("p"), "membership.partnership"},
		{RoleSeniorContact, HubScope("h"), "membership.hub"},
		{Role("moderator"), PartnershipScope("p"), "membership.role"},
		{Role(""), PartnershipScope("p"), "membership.role"},
		{RoleContributor, Scope{}, "membership.scope"},
		{RoleContributor, Scope{Kind: ScopeOrganisation}, "membership.scope"},
	}
	for _, tt := range tests {
		t.Run(string(tt.role)+" in "+tt.scope.Name(), func(t *testing.T) {
			m, err := NewMembership("ann", "m1", tt.role, tt.scope, now)
			if tt.wantField == "" {
				if err != nil || m.Name() != "people/ann/memberships/m1" || m.Scope != tt.scope {
					t.Fatalf("got %+v, %v", m, err)
				}
				return
			}
			testinfra.WantViolations(t, err, []string{tt.wantField})
		})
	}
	if _, err := NewMembership("ann", "m1", RoleContributor, PartnershipScope("p"), now); err.Error() !=
		"invalid argument: membership.partnership: a contributor is held in an organisation, not in a partnership" {
		t.Errorf("message: %v", err)
	}
	if _, err := NewMembership("ann", "m1", RoleSeniorContact, PartnershipScope("p"), now); err.Error() !=
		"invalid argument: membership.partnership: a senior contact is held in an organisation, not in a partnership" {
		t.Errorf("message: %v", err)
	}
}

func TestRoleScopes(t *testing.T) {
	for _, r := range Roles {
		if !r.Valid() || r.ScopeKind() == ScopeNone || strings.Contains(r.Words(), "_") {
			t.Errorf("role %s: scope %v, words %q", r, r.ScopeKind(), r.Words())
		}
	}
	if RoleSeniorContact.ScopeKind() != ScopeOrganisation || RoleSeniorContact.Words() != "senior contact" {
		t.Errorf("senior contact: scope %v, words %q", RoleSeniorContact.ScopeKind(), RoleSeniorContact.Words())
	}
	if !IsAdmin([]Membership{{Role: RoleQAOfficer}, {Role: RolePartnershipAdmin}}) || IsAdmin([]Membership{{Role: RoleQAOfficer}}) ||
		IsAdmin([]Membership{{Role: RoleSeniorContact}}) {
		t.Fatal("IsAdmin")
	}
}
