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

// Consortium is what the submission service keeps of a consortium: the
// partnerships taking part in its shared campaigns.
type Consortium struct {
	Name         string // hubs/{h}/consortia/{c}
	Partnerships []string
}

// Partnership is what the submission service keeps of a partnership: its
// hub, for the hub's campaign calendar.
type Partnership struct {
	ID  string
	Hub string
}
