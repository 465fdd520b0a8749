package domain

// Organisation is what the submission service keeps of an organisation:
// enough to check a campaign's audience and which questions apply to it.
type Organisation struct {
	ID           string
	DisplayName  string
	Partnerships []string
	// Type is the organisation's type as templates name it in applies_to
	// (such as "school" or "police"); empty when unknown.
	Type string
}

// InPartnership reports whether the organisation belongs to partnership p.
func (o Organisation) InPartnership(p string) bool {
	for _, x := range o.Partnerships {
		if x == p {
			return true
		}
	}
	return false
}
