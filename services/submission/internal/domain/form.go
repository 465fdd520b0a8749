// Package domain is the submission service's model: campaigns (audit
// rounds), the submissions organisations make to them, their answers, and
// the copy of the published form the answers are checked against. It does
// no I/O.
package domain

import "github.com/assure-audit/assure/pkg/form"

// Form is the copy of a published template version that answers are
// checked against. Answers are checked by the version's compiled form
// (package form), the same checks the template service applies, so no
// rule about an answer is written here.
type Form struct {
	// Name is the template version's resource name.
	Name string
	// PartnershipID is the partnership that published the version.
	PartnershipID string
	// Form holds the version's sections and questions.
	Form form.Form
}
