package domain

import (
	"slices"
	"time"

	"github.com/assure-audit/assure/pkg/form"
)

// Dataset is what the answer reports of one campaign are computed from:
// its template version's form, its organisations and submissions, and the
// answers saved so far. The store reads it; the reports are pure functions
// of it.
type Dataset struct {
	Campaign        string // partnerships/{p}/campaigns/{c}
	TemplateVersion string
	Form            form.Form
	Organisations   map[string]OrgInfo // by organisations/{o}
	Submissions     []SubmissionInfo   // by name
	// Answers are by submission name, then question key.
	Answers map[string]map[string]form.Answer
}

// OrgInfo is what reports show of an organisation.
type OrgInfo struct {
	Name         string // organisations/{o}
	DisplayName  string
	Type         string // as templates name it: "school", "police" …; "" unknown
	Partnerships []string
}

// SubmissionInfo is one submission of the campaign.
type SubmissionInfo struct {
	Name         string
	Organisation string
	State        State
	// Partnerships are the campaign's partnerships the organisation
	// belongs to (for a consortium campaign).
	Partnerships []string
	// LastActivity and FirstHandIn are as in Progress; zero when unknown.
	LastActivity, FirstHandIn time.Time
}

// Filter narrows a report to organisations of one type and/or of one
// partnership; empty fields do not filter.
type Filter struct {
	OrganisationType string
	Partnership      string // a partnership id
}

// Filtered returns the dataset with only the submissions the filter
// keeps.
func (d Dataset) Filtered(f Filter) Dataset {
	if f == (Filter{}) {
		return d
	}
	out := d
	out.Submissions = nil
	for _, s := range d.Submissions {
		o := d.Organisations[s.Organisation]
		if f.OrganisationType != "" && o.Type != f.OrganisationType {
			continue
		}
		if f.Partnership != "" && !slices.Contains(s.Partnerships, f.Partnership) && !slices.Contains(o.Partnerships, f.Partnership) {
			continue
		}
		out.Submissions = append(out.Submissions, s)
	}
	return out
}

// SavedAnswer is an answer as a save reported it, with its version.
type SavedAnswer struct {
	Answer  form.Answer
	Version int64
	Time    time.Time
}
