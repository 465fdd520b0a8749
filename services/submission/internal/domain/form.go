// Package domain is the submission service's model: campaigns (audit
// rounds), the submissions organisations make to them, their answers and
// their history, QA, action plans and evidence, and the copy of the
// published form the answers are checked against. It does no I/O.
package domain

import (
	"strconv"
	"strings"

	"github.com/assure-audit/assure/pkg/form"
)

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
	// Lineage maps each question key of this version to how it continues
	// the previous version; nil for a first version or a copy kept before
	// lineage was.
	Lineage map[string]Lineage
}

// LineageKind says how a question continues the previous version (the
// shared kinds of package form).
type LineageKind = form.LineageKind

// The lineage kinds.
const (
	LineageSame    = form.LineageSame
	LineageRenamed = form.LineageRenamed
	LineageSplit   = form.LineageSplit
	LineageMerged  = form.LineageMerged
	LineageNew     = form.LineageNew
)

// Lineage links a question to the previous version's keys it continues.
type Lineage = form.Link

// Previous is the name of the version published before f, or "" for a
// first version.
func (f Form) Previous() string {
	i := strings.LastIndex(f.Name, "/versions/")
	if i < 0 {
		return ""
	}
	n, err := strconv.Atoi(f.Name[i+len("/versions/"):])
	if err != nil || n <= 1 {
		return ""
	}
	return f.Name[:i] + "/versions/" + strconv.Itoa(n-1)
}

// Template is the template a version belongs to.
func (f Form) Template() string {
	i := strings.LastIndex(f.Name, "/versions/")
	if i < 0 {
		return f.Name
	}
	return f.Name[:i]
}

// FormIndex finds a question's section and type by key.
type FormIndex struct {
	section  map[string]string
	typ      map[string]form.Type
	sections map[string]bool
	order    []string
}

// NewFormIndex indexes f.
func NewFormIndex(f form.Form) *FormIndex {
	idx := &FormIndex{section: map[string]string{}, typ: map[string]form.Type{}, sections: map[string]bool{}}
	for _, s := range f.Sections {
		idx.sections[s.Code] = true
		for _, q := range s.Questions {
			idx.section[q.Key] = s.Code
			idx.typ[q.Key] = q.Type
			idx.order = append(idx.order, q.Key)
		}
	}
	return idx
}

// Section is the section code of the question key, or "" if there is no
// such question.
func (x *FormIndex) Section(key string) string { return x.section[key] }

// Type is the type of the question key.
func (x *FormIndex) Type(key string) form.Type { return x.typ[key] }

// HasSection reports whether code is a section.
func (x *FormIndex) HasSection(code string) bool { return x.sections[code] }

// Keys lists the question keys in form order.
func (x *FormIndex) Keys() []string { return x.order }
