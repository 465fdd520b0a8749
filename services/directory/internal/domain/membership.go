package domain

import (
	"fmt"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
)

// Role is what a membership lets a person do. The values are those of the
// platform's access rules.
type Role string

// The roles.
const (
	RoleHubAdmin         Role = "hub_admin"
	RolePartnershipAdmin Role = "partnership_admin"
	RoleQAOfficer        Role = "qa_officer"
	RoleExecutiveViewer  Role = "executive_viewer"
	RoleOrganisationLead Role = "organisation_lead"
	RoleContributor      Role = "contributor"
	RoleCaseAuditor      Role = "case_auditor"
	RoleSeniorContact    Role = "senior_contact"
)

// Roles lists every role, in the order of the API's enum.
var Roles = []Role{RoleHubAdmin, RolePartnershipAdmin, RoleQAOfficer, RoleExecutiveViewer,
	RoleOrganisationLead, RoleContributor, RoleCaseAuditor, RoleSeniorContact}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r.ScopeKind() != ScopeNone }

// ScopeKind is the kind of scope the role is held in: hub admins in a hub,
// organisation leads, contributors and senior contacts in an organisation,
// every other role in a partnership.
func (r Role) ScopeKind() ScopeKind {
	switch r {
	case RoleHubAdmin:
		return ScopeHub
	case RoleOrganisationLead, RoleContributor, RoleSeniorContact:
		return ScopeOrganisation
	case RolePartnershipAdmin, RoleQAOfficer, RoleExecutiveViewer, RoleCaseAuditor:
		return ScopePartnership
	}
	return ScopeNone
}

// Words names the role as people say it, e.g. "partnership admin".
func (r Role) Words() string {
	switch r {
	case RoleHubAdmin:
		return "hub admin"
	case RolePartnershipAdmin:
		return "partnership admin"
	case RoleQAOfficer:
		return "QA officer"
	case RoleExecutiveViewer:
		return "executive viewer"
	case RoleOrganisationLead:
		return "organisation lead"
	case RoleContributor:
		return "contributor"
	case RoleCaseAuditor:
		return "case auditor"
	case RoleSeniorContact:
		return "senior contact"
	}
	return string(r)
}

// ScopeKind is the kind of thing a role is held in.
type ScopeKind int

// The kinds of scope.
const (
	ScopeNone ScopeKind = iota
	ScopeHub
	ScopePartnership
	ScopeOrganisation
)

// Field is the API field of a membership that names a scope of this kind.
func (k ScopeKind) Field() string {
	switch k {
	case ScopeHub:
		return "hub"
	case ScopePartnership:
		return "partnership"
	case ScopeOrganisation:
		return "organisation"
	}
	return "scope"
}

// Collection is the resource collection of scopes of this kind.
func (k ScopeKind) Collection() string {
	switch k {
	case ScopeHub:
		return "hubs"
	case ScopePartnership:
		return "partnerships"
	case ScopeOrganisation:
		return "organisations"
	}
	return ""
}

// Scope is the hub, partnership or organisation a role is held in.
type Scope struct {
	Kind ScopeKind
	ID   string
}

// HubScope is the scope of a hub.
func HubScope(id string) Scope { return Scope{ScopeHub, id} }

// PartnershipScope is the scope of a partnership.
func PartnershipScope(id string) Scope { return Scope{ScopePartnership, id} }

// OrganisationScope is the scope of an organisation.
func OrganisationScope(id string) Scope { return Scope{ScopeOrganisation, id} }

// Name is the scope's resource name, e.g. "partnerships/north".
func (s Scope) Name() string { return s.Kind.Collection() + "/" + s.ID }

// Membership is one role a person holds in one scope.
type Membership struct {
	PersonID   string
	ID         string
	Role       Role
	Scope      Scope
	CreateTime time.Time
}

// Name is the membership's resource name.
func (m Membership) Name() string { return "people/" + m.PersonID + "/memberships/" + m.ID }

// NewMembership checks and builds a membership: the role must be known and
// held in the kind of scope it belongs to.
func NewMembership(personID, id string, role Role, scope Scope, now time.Time) (Membership, error) {
	var v failure.Violations
	switch {
	case !role.Valid():
		v.Add("membership.role", "must be one of the roles")
	case scope.Kind == ScopeNone || scope.ID == "":
		v.Add("membership.scope", "name the hub, partnership or organisation the role is held in")
	case scope.Kind != role.ScopeKind():
		v.Add("membership."+scope.Kind.Field(), fmt.Sprintf("a %s is held in %s, not in %s",
			role.Words(), article(role.ScopeKind().Field()), article(scope.Kind.Field())))
	}
	if err := v.Err(); err != nil {
		return Membership{}, err
	}
	return Membership{PersonID: personID, ID: id, Role: role, Scope: scope, CreateTime: now}, nil
}

func article(noun string) string {
	if noun != "" && (noun[0] == 'o' || noun[0] == 'a') {
		return "an " + noun
	}
	return "a " + noun
}

// IsAdmin reports whether ms hold a role that may sign in with a password:
// hub admin or partnership admin.
func IsAdmin(ms []Membership) bool {
	for _, m := range ms {
		if m.Role == RoleHubAdmin || m.Role == RolePartnershipAdmin {
			return true
		}
	}
	return false
}
