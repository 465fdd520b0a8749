package domain

// Viewer is what the directory knows of a caller when it decides which
// resources to show them: the scopes they hold roles in. Lists show only
// what the viewer may see.
type Viewer struct {
	// PersonID is the caller; people always see themselves.
	PersonID string
	// AdminHubs are the hubs the viewer administers; they see everything in
	// them.
	AdminHubs []string
	// AdminPartnerships are the partnerships the viewer administers; they
	// see the partnership's organisations, people and memberships.
	AdminPartnerships []string
	// StaffPartnerships are the partnerships where the viewer holds a staff
	// role (partnership admin, QA officer, executive viewer, case auditor);
	// they see the partnership's organisations.
	StaffPartnerships []string
	// MemberPartnerships are the partnerships where the viewer holds any
	// role, directly or in one of its organisations; they see the
	// partnership, its hub and its consortia.
	MemberPartnerships []string
	// MemberOrganisations are the organisations where the viewer holds any
	// role; they see the organisation.
	MemberOrganisations []string
	// LeadOrganisations are the organisations the viewer leads; they see
	// its people and their memberships there.
	LeadOrganisations []string
}

// Caller is a signed-in person and everything they hold: what is needed to
// decide what they may do.
type Caller struct {
	Person      Person
	Memberships []Membership
	// PartnershipHubs maps every partnership the person is in (directly,
	// through an organisation, or as admin of its hub) to its hub.
	PartnershipHubs map[string]string
	// OrganisationPartnerships maps every organisation the person holds a
	// role in to its partnerships.
	OrganisationPartnerships map[string][]string
}
