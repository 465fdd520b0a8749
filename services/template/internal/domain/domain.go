// Package domain is the template service's model: audit templates, their
// sections and questions, and the immutable versions they are published as,
// with their rules. It does no I/O.
package domain

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/assure-audit/assure/pkg/failure"
)

// Kind is the kind of audit a template serves. The values match the API's
// enum.
type Kind int

// The template kinds.
const (
	KindUnspecified Kind = iota
	KindSection11
	KindSection175
	KindCaseAudit
	KindOther
)

// Valid reports whether k is a known, specified kind.
func (k Kind) Valid() bool { return k > KindUnspecified && k <= KindOther }

// Template is an audit form: sections (standards) of questions. Its content
// can be published as numbered, immutable versions.
type Template struct {
	ID            string
	PartnershipID string
	DisplayName   string
	Kind          Kind
	Sections      []Section
	// LatestVersion is the number of the last published version; 0 when the
	// template was never published.
	LatestVersion int
	CreateTime    time.Time
	UpdateTime    time.Time
	Version       int64
}

// Section is a standard or a block of questions.
type Section struct {
	// Code is a short code such as "S3", unique within the template
	// (ignoring case, so "S3" and "s3" cannot both be used).
	Code      string
	Title     string
	Guidance  string
	Questions []Question
}

// Question is one question. Its key is stable across versions, so answers
// can be compared from one cycle to the next. Exactly one of Rating and
// TextAnswer is set.
type Question struct {
	// Key is unique within the whole template, e.g. "s3_supervision".
	Key        string
	Text       string
	Help       string
	Required   bool
	Rating     *RatingScale
	TextAnswer *TextType
}

// RatingScale is a set of grades such as Red/Amber/Green.
type RatingScale struct {
	Grades []Grade
}

// Grade is one point of a rating scale.
type Grade struct {
	// Value is stored in answers, e.g. "green"; unique within the scale.
	Value string
	Label string
	// Colour is #rrggbb, or empty.
	Colour string
	Score  int
}

// TextType is a free-text answer.
type TextType struct {
	// MaxLength is the longest answer accepted, in characters.
	MaxLength int
	Multiline bool
}

// TemplateVersion is an immutable published snapshot of a template.
type TemplateVersion struct {
	TemplateID    string
	PartnershipID string
	// Number counts from 1.
	Number int
	// Content is the template as it stood when published.
	Content     Template
	PublishTime time.Time
}

// Limits on a template's content. They match the rules in the API so that
// they hold whatever the transport.
const (
	MaxDisplayName       = 200
	MaxSections          = 100
	MaxSectionTitle      = 300
	MaxGuidance          = 10000
	MaxQuestions         = 200
	MaxQuestionText      = 2000
	MaxHelp              = 5000
	MinGrades            = 2
	MaxGrades            = 20
	MaxGradeLabel        = 100
	DefaultTextMaxLength = 10000
	MaxTextMaxLength     = 100000
)

var (
	sectionCode = regexp.MustCompile(`^[A-Za-z0-9._-]{1,16}$`)
	questionKey = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)
	gradeValue  = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)
	colour      = regexp.MustCompile(`^(#[0-9a-fA-F]{6})?$`)
)

// NewTemplate checks and builds a new, never published template. Texts are
// trimmed, a text answer's zero maximum length becomes the default, and
// every problem is reported with the path of the field at fault, e.g.
// "template.sections[1].questions[0].key".
func NewTemplate(id, partnershipID, displayName string, kind Kind, sections []Section, now time.Time) (Template, error) {
	var v failure.Violations
	displayName = checkText(&v, "template.display_name", displayName, MaxDisplayName)
	if !kind.Valid() {
		v.Add("template.kind", "must be one of the template kinds")
	}
	sections = checkSections(&v, sections)
	if err := v.Err(); err != nil {
		return Template{}, err
	}
	return Template{ID: id, PartnershipID: partnershipID, DisplayName: displayName, Kind: kind, Sections: sections,
		CreateTime: now, UpdateTime: now, Version: 1}, nil
}

// Publish freezes t as its next version at now. It returns the template as
// it stands afterwards (a new latest version and entity version) and the
// version, whose content is that template.
func (t Template) Publish(now time.Time) (Template, TemplateVersion) {
	t.LatestVersion++
	t.Version++
	t.UpdateTime = now
	return t, TemplateVersion{TemplateID: t.ID, PartnershipID: t.PartnershipID, Number: t.LatestVersion,
		Content: t, PublishTime: now}
}

// checkSections checks the sections and returns a normalised copy.
func checkSections(v *failure.Violations, in []Section) []Section {
	switch {
	case len(in) == 0:
		v.Add("template.sections", "must have at least one section")
	case len(in) > MaxSections:
		v.Addf("template.sections", "must have at most %d sections", MaxSections)
	}
	out := make([]Section, len(in))
	codes := map[string]string{} // upper-cased code → path of its first use
	keys := map[string]string{}  // question key → path of its first use
	for i, s := range in {
		path := indexed("template.sections", i)
		switch {
		case !sectionCode.MatchString(s.Code):
			v.Add(path+".code", "must be 1-16 letters, digits, dots, hyphens or underscores")
		case codes[strings.ToUpper(s.Code)] != "":
			v.Addf(path+".code", "repeats the code of %s; section codes must be unique", codes[strings.ToUpper(s.Code)])
		default:
			codes[strings.ToUpper(s.Code)] = path
		}
		out[i] = Section{
			Code:      s.Code,
			Title:     checkText(v, path+".title", s.Title, MaxSectionTitle),
			Guidance:  checkOptional(v, path+".guidance", s.Guidance, MaxGuidance),
			Questions: checkQuestions(v, path, s.Questions, keys),
		}
	}
	return out
}

func checkQuestions(v *failure.Violations, section string, in []Question, keys map[string]string) []Question {
	switch {
	case len(in) == 0:
		v.Add(section+".questions", "must have at least one question")
	case len(in) > MaxQuestions:
		v.Addf(section+".questions", "must have at most %d questions", MaxQuestions)
	}
	out := make([]Question, len(in))
	for j, q := range in {
		path := indexed(section+".questions", j)
		switch {
		case !questionKey.MatchString(q.Key):
			v.Add(path+".key", "must start with a lower-case letter followed by at most 62 lower-case letters, digits or underscores")
		case keys[q.Key] != "":
			v.Addf(path+".key", "repeats the key of %s; question keys must be unique in the template", keys[q.Key])
		default:
			keys[q.Key] = path
		}
		out[j] = Question{
			Key:      q.Key,
			Text:     checkText(v, path+".text", q.Text, MaxQuestionText),
			Help:     checkOptional(v, path+".help", q.Help, MaxHelp),
			Required: q.Required,
		}
		switch {
		case q.Rating != nil && q.TextAnswer != nil:
			v.Add(path+".type", "must be either a rating or a text answer, not both")
		case q.Rating != nil:
			out[j].Rating = checkRating(v, path+".rating", *q.Rating)
		case q.TextAnswer != nil:
			out[j].TextAnswer = checkTextType(v, path+".text_answer", *q.TextAnswer)
		default:
			v.Add(path+".type", "must be a rating or a text answer")
		}
	}
	return out
}

func checkRating(v *failure.Violations, path string, in RatingScale) *RatingScale {
	switch {
	case len(in.Grades) < MinGrades:
		v.Addf(path+".grades", "must have at least %d grades", MinGrades)
	case len(in.Grades) > MaxGrades:
		v.Addf(path+".grades", "must have at most %d grades", MaxGrades)
	}
	out := RatingScale{Grades: make([]Grade, len(in.Grades))}
	values := map[string]string{}
	for k, g := range in.Grades {
		gp := indexed(path+".grades", k)
		switch {
		case !gradeValue.MatchString(g.Value):
			v.Add(gp+".value", "must be 1-32 lower-case letters, digits or underscores")
		case values[g.Value] != "":
			v.Addf(gp+".value", "repeats the value of %s; grade values must be unique in the scale", values[g.Value])
		default:
			values[g.Value] = gp
		}
		if !colour.MatchString(g.Colour) {
			v.Add(gp+".colour", "must be empty or a colour such as #1a7f37")
		}
		out.Grades[k] = Grade{Value: g.Value, Label: checkText(v, gp+".label", g.Label, MaxGradeLabel),
			Colour: g.Colour, Score: g.Score}
	}
	return &out
}

func checkTextType(v *failure.Violations, path string, in TextType) *TextType {
	switch {
	case in.MaxLength == 0:
		in.MaxLength = DefaultTextMaxLength
	case in.MaxLength < 0 || in.MaxLength > MaxTextMaxLength:
		v.Addf(path+".max_length", "must be between 0 (the default, %d) and %d", DefaultTextMaxLength, MaxTextMaxLength)
	}
	return &in
}

// checkText trims s and checks it is neither empty nor longer than max.
func checkText(v *failure.Violations, field, s string, max int) string {
	s = strings.TrimSpace(s)
	if s == "" {
		v.Add(field, "must not be empty")
		return s
	}
	return checkOptional(v, field, s, max)
}

// checkOptional trims s and checks it is not longer than max.
func checkOptional(v *failure.Violations, field, s string, max int) string {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		v.Add(field, "must be valid UTF-8 text")
	} else if utf8.RuneCountInString(s) > max {
		v.Addf(field, "must be at most %d characters", max)
	}
	return s
}

func indexed(field string, i int) string { return field + "[" + strconv.Itoa(i) + "]" }

// Event is something that happened to templates that other services may
// care about.
type Event interface{ isEvent() }

// TemplateCreated records a new template.
type TemplateCreated struct{ Template Template }

// VersionPublished records a newly published version, with its content.
type VersionPublished struct{ Version TemplateVersion }

func (TemplateCreated) isEvent()  {}
func (VersionPublished) isEvent() {}
