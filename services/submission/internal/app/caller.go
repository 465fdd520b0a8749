package app

import "slices"

// Caller is who makes a call, as the transport found from their token:
// enough for the rules that depend on the person and not only on the
// access table (sign-off, section assignments, lists of their returns).
type Caller struct {
	PersonID string
	// LeadOf and RespondentOf are the organisations where the caller is
	// the lead, and where they are lead or contributor.
	LeadOf       []string
	RespondentOf []string
}

// Person is the caller as a resource name, people/{id}.
func (c Caller) Person() string {
	if c.PersonID == "" {
		return ""
	}
	return "people/" + c.PersonID
}

// Leads reports whether the caller leads organisation org.
func (c Caller) Leads(org string) bool { return slices.Contains(c.LeadOf, org) }
