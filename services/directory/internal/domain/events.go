package domain

// Event is something that happened in the directory that other services
// may care about.
type Event interface{ isEvent() }

// HubCreated records a new hub.
type HubCreated struct{ Hub Hub }

// PartnershipCreated records a new partnership.
type PartnershipCreated struct{ Partnership Partnership }

// OrganisationCreated records a new organisation.
type OrganisationCreated struct{ Organisation Organisation }

// PersonCreated records a new person.
type PersonCreated struct{ Person Person }

// PersonUpdated records a change to a person (name or active state).
type PersonUpdated struct{ Person Person }

// MembershipCreated records a role given to a person.
type MembershipCreated struct{ Membership Membership }

// MembershipDeleted records a role taken away from a person.
type MembershipDeleted struct{ Membership Membership }

// ConsortiumCreated records a new consortium.
type ConsortiumCreated struct{ Consortium Consortium }

func (HubCreated) isEvent()          {}
func (PartnershipCreated) isEvent()  {}
func (OrganisationCreated) isEvent() {}
func (PersonCreated) isEvent()       {}
func (PersonUpdated) isEvent()       {}
func (MembershipCreated) isEvent()   {}
func (MembershipDeleted) isEvent()   {}
func (ConsortiumCreated) isEvent()   {}
