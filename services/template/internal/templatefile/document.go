// Package templatefile reads and writes the content of a template in the
// two formats people bring it in: a YAML file a business-unit officer can
// write by hand, and the spreadsheet layout partnerships keep audits in
// today. It also holds the starter library of templates that a partnership
// can install and adapt.
//
// Every parser is strict and all-or-nothing: it returns a Document only
// when the whole input is clean and the form passes form.Compile, and
// otherwise one failure.KindInvalid error listing every problem with its
// place (a line and column in a YAML file, a cell such as "Questions!E7"
// in a spreadsheet) and a reason a person can act on.
package templatefile

import (
	"slices"

	"github.com/assure-audit/assure/pkg/form"
)

// The kinds of template.
const (
	KindSection11  = "section_11"
	KindSection175 = "section_175"
	KindCaseAudit  = "case_audit"
	KindOther      = "other"
)

// Kinds lists the kinds of template in the order they are offered.
var Kinds = []string{KindSection11, KindSection175, KindCaseAudit, KindOther}

// validKind reports whether k is one of Kinds.
func validKind(k string) bool { return slices.Contains(Kinds, k) }

// Document is a template as a file holds it: what it is called, what kind
// of audit it serves, the introduction shown before the questions
// (guidance, what each rating means, examples of evidence), its form and
// the guidance of its sections.
type Document struct {
	DisplayName string
	// Kind is one of KindSection11, KindSection175, KindCaseAudit or
	// KindOther.
	Kind         string
	Introduction string
	Form         form.Form
	// Guidance holds each section's guidance for respondents by section
	// code; sections without guidance have no entry, and a document
	// without any has a nil map.
	Guidance map[string]string
}

// maxDisplayName is the longest display name accepted, in bytes.
const maxDisplayName = 200
