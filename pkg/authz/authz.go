// Package authz decides who may call what. Every RPC of every service is
// declared in that service's access table with the rule that guards it;
// an interceptor enforces the table and refuses anything not declared.
// Rules work from the caller's memberships: roles held in a hub, a
// partnership or an organisation. A rule that finds the caller has no
// business with a resource answers exactly as if the resource did not
// exist, so callers cannot probe for other tenants' resources.
package authz

import (
	"context"
	"slices"
)

// Role is a role a person holds in a hub, partnership or organisation.
type Role string

// The roles.
const (
	HubAdmin         Role = "hub_admin"
	PartnershipAdmin Role = "partnership_admin"
	QAOfficer        Role = "qa_officer"
	ExecutiveViewer  Role = "executive_viewer"
	OrganisationLead Role = "organisation_lead"
	Contributor      Role = "contributor"
	CaseAuditor      Role = "case_auditor"
	SeniorContact    Role = "senior_contact"
)

// Roles lists every role.
var Roles = []Role{HubAdmin, PartnershipAdmin, QAOfficer, ExecutiveViewer, OrganisationLead, Contributor, CaseAuditor, SeniorContact}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Membership is one role held in one scope: a hub, a partnership or an
// organisation (exactly one of the three is set).
type Membership struct {
	Role         Role
	Hub          string
	Partnership  string
	Organisation string
}

// Principal is an authenticated, active person and what they hold.
type Principal struct {
	PersonID    string
	Email       string
	Memberships []Membership
	// PartnershipHubs maps each partnership the principal has any
	// membership in to its hub, so hub admins are recognised.
	PartnershipHubs map[string]string
	// OrganisationPartnerships maps each organisation the principal has a
	// membership in to the partnerships it belongs to.
	OrganisationPartnerships map[string][]string
}

// InPartnership reports whether p holds one of roles in partnership pid,
// or is an admin of the hub that hosts it.
func (p Principal) InPartnership(pid string, roles ...Role) bool {
	for _, m := range p.Memberships {
		if m.Partnership == pid && slices.Contains(roles, m.Role) {
			return true
		}
		if m.Role == HubAdmin && m.Hub != "" && p.PartnershipHubs[pid] == m.Hub {
			return true
		}
	}
	return false
}

// InOrganisation reports whether p holds one of roles in organisation oid.
func (p Principal) InOrganisation(oid string, roles ...Role) bool {
	for _, m := range p.Memberships {
		if m.Organisation == oid && slices.Contains(roles, m.Role) {
			return true
		}
	}
	return false
}

// HubAdminOf reports whether p administers hub hid.
func (p Principal) HubAdminOf(hid string) bool {
	for _, m := range p.Memberships {
		if m.Role == HubAdmin && m.Hub == hid {
			return true
		}
	}
	return false
}

// Partnerships lists the partnerships where p holds one of roles.
func (p Principal) Partnerships(roles ...Role) []string {
	return p.scopes(roles, func(m Membership) string { return m.Partnership })
}

// Organisations lists the organisations where p holds one of roles.
func (p Principal) Organisations(roles ...Role) []string {
	return p.scopes(roles, func(m Membership) string { return m.Organisation })
}

// scopes lists, once each in membership order, the scopes of the
// memberships in one of roles; a person may lead thousands of
// organisations (a multi-academy trust), so duplicates are found by set.
func (p Principal) scopes(roles []Role, scope func(Membership) string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range p.Memberships {
		if s := scope(m); s != "" && !seen[s] && slices.Contains(roles, m.Role) {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the principal of the call, if authenticated.
func PrincipalFrom(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}
