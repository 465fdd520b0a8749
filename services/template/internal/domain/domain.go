// Package domain is the template service's model: audit templates, whose
// content is a form.Form with an introduction and section guidance, the
// immutable versions they are published as, the lineage that links each
// question of a version to the questions of the version before, and the
// difference between two versions. It does no I/O.
package domain

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
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

// Content is what an editor writes: the introduction, the form (sections
// and questions) and what the form does not model itself — each section's
// guidance and the lineage each question declares.
type Content struct {
	// Introduction is shown before the first section.
	Introduction string
	// Form holds the sections and questions.
	Form form.Form
	// Guidance holds each section's guidance by section code; sections
	// without guidance have no entry.
	Guidance map[string]string
	// Continues holds, by question key, the keys of the previous published
	// version that a question continues when the editor renamed, split or
	// merged questions. Questions whose key is unchanged, and new
	// questions, have no entry.
	Continues map[string][]string
}

// Template is an audit template: its current draft content and the number
// of its latest published version. The draft may be incomplete (no
// sections yet, or sections without questions) but every question in it
// is well-formed; publishing requires a complete, valid form. After a
// publish the draft continues from the version just published: its
// content is that version's, and its declared lineage is cleared.
type Template struct {
	ID string
	// Owner is the resource name of the partnership or hub the template
	// belongs to: partnerships/{partnership} or hubs/{hub}.
	Owner       string
	DisplayName string
	Kind        Kind
	Content     Content
	// LatestVersion is the number of the last published version; 0 when the
	// template was never published.
	LatestVersion int
	CreateTime    time.Time
	UpdateTime    time.Time
	Version       int64
	// SourceVersion is the resource name of the published version the
	// template was copied from; empty when it was not copied.
	SourceVersion string
}

// TemplateVersion is an immutable published snapshot of a template.
type TemplateVersion struct {
	TemplateID string
	// Owner is the resource name of the template's partnership or hub.
	Owner string
	// Number counts from 1.
	Number int
	// Content is the template as it stood when published.
	Content     Template
	PublishTime time.Time
	// Lineage links each question of the version, in form order, to the
	// questions of the previous version it continues.
	Lineage []Lineage
}

// Limits on a template's content beyond those of the form. They match the
// rules in the API so that they hold whatever the transport.
const (
	MaxDisplayName  = 200
	MaxIntroduction = 20000
	MaxSections     = 100
	MaxSectionTitle = 300
	MaxGuidance     = 10000
	MaxQuestions    = 200
	MaxQuestionText = 2000
	MaxHelp         = 5000
	MaxContinues    = 20
)

var questionKey = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// NewTemplate checks and builds a new, never published template. Texts are
// trimmed, unset text lengths become their defaults, and every problem is
// reported with the path of the field at fault, e.g.
// "template.sections[1].questions[0].key". The content may be incomplete
// (see Template) but what is there must be well-formed.
func NewTemplate(id, owner, displayName string, kind Kind, c Content, now time.Time) (Template, error) {
	var v failure.Violations
	displayName = checkText(&v, "template.display_name", displayName, MaxDisplayName)
	if !kind.Valid() {
		v.Add("template.kind", "must be one of the template kinds")
	}
	c = checkContent(&v, c, true)
	if err := v.Err(); err != nil {
		return Template{}, err
	}
	return Template{ID: id, Owner: owner, DisplayName: displayName, Kind: kind, Content: c,
		CreateTime: now, UpdateTime: now, Version: 1}, nil
}

// Change is an edit of a template's draft: the fields set are changed.
type Change struct {
	DisplayName  *string
	Introduction *string
	// Content replaces the sections (form, guidance and lineage); its
	// Introduction is ignored.
	Content *Content
}

// Update applies ch to the draft at now, checking it as NewTemplate does.
// The template's entity version moves on even when nothing changed, so
// that every accepted edit has a new etag.
func (t Template) Update(ch Change, now time.Time) (Template, error) {
	var v failure.Violations
	if ch.DisplayName != nil {
		t.DisplayName = checkText(&v, "template.display_name", *ch.DisplayName, MaxDisplayName)
	}
	c := t.Content
	if ch.Content != nil {
		intro := c.Introduction
		c = *ch.Content
		c.Introduction = intro
	}
	if ch.Introduction != nil {
		c.Introduction = *ch.Introduction
	}
	t.Content = checkContent(&v, c, true)
	if err := v.Err(); err != nil {
		return Template{}, err
	}
	t.UpdateTime = now
	t.Version++
	return t, nil
}

// Publish freezes t as its next version at now. previous is the latest
// published version, or nil for the first. The whole form must be valid
// and every key a question declares it continues must be a question of
// previous; otherwise nothing is published and every problem is reported.
// It returns the template as it stands afterwards (a new latest version,
// entity version, and no declared lineage: the draft now continues from
// the new version) and the version with its lineage.
func (t Template) Publish(previous *TemplateVersion, now time.Time) (Template, TemplateVersion, error) {
	var v failure.Violations
	c := checkContent(&v, t.Content, false)
	lineage := deriveLineage(&v, c, previous)
	if err := v.Err(); err != nil {
		return Template{}, TemplateVersion{}, err
	}
	t.Content = c
	t.Content.Continues = nil
	t.LatestVersion++
	t.Version++
	t.UpdateTime = now
	// The version keeps its own copy, so that later edits of the draft
	// can never reach it.
	frozen := t
	// Where the template was copied from belongs to the template, not to
	// the versions it publishes.
	frozen.SourceVersion = ""
	if compiled, err := form.Compile(t.Content.Form); err == nil {
		frozen.Content.Form = compiled.Form()
	}
	return t, TemplateVersion{TemplateID: t.ID, Owner: t.Owner, Number: t.LatestVersion,
		Content: frozen, PublishTime: now, Lineage: lineage}, nil
}

// checkContent checks c and returns a normalised copy. A draft may have no
// sections and sections without questions.
func checkContent(v *failure.Violations, c Content, draft bool) Content {
	c.Introduction = checkOptional(v, "template.introduction", c.Introduction, MaxIntroduction)
	f := cloneForm(c.Form)
	if len(f.Sections) > MaxSections {
		v.Addf("template.sections", "must have at most %d sections", MaxSections)
	}
	guidance := map[string]string{}
	continues := map[string][]string{}
	codes := map[string]int{} // upper-cased code → index of its first use
	for i := range f.Sections {
		s := &f.Sections[i]
		path := indexed("template.sections", i)
		if first, ok := codes[strings.ToUpper(s.Code)]; ok && s.Code != "" {
			// Exact repeats are reported by the form itself.
			if f.Sections[first].Code != s.Code {
				v.Addf(path+".code", "repeats the code of sections[%d] in another case; section codes must differ in more than case", first)
			}
		} else {
			codes[strings.ToUpper(s.Code)] = i
		}
		s.Title = checkOptional(v, path+".title", s.Title, MaxSectionTitle)
		if g := checkOptional(v, path+".guidance", c.Guidance[s.Code], MaxGuidance); g != "" {
			guidance[s.Code] = g
		}
		if len(s.Questions) > MaxQuestions {
			v.Addf(path+".questions", "must have at most %d questions", MaxQuestions)
		}
		for j := range s.Questions {
			q := &s.Questions[j]
			qp := indexed(path+".questions", j)
			q.Text = checkOptional(v, qp+".text", q.Text, MaxQuestionText)
			q.Help = checkOptional(v, qp+".help", q.Help, MaxHelp)
			q.VisibleIf = strings.TrimSpace(q.VisibleIf)
			normaliseLength(q)
			checkScores(v, qp+".rating", q.Scale)
			if keys := c.Continues[q.Key]; len(keys) > 0 && q.Key != "" {
				continues[q.Key] = checkContinues(v, qp+".continues", keys)
			}
		}
	}
	if _, err := form.Compile(f); err != nil {
		addFormViolations(v, err, f, draft)
	}
	c.Form, c.Guidance, c.Continues = f, nil, nil
	if len(guidance) > 0 {
		c.Guidance = guidance
	}
	if len(continues) > 0 {
		c.Continues = continues
	}
	return c
}

// checkScores checks that grades score whole numbers, as the API carries
// them.
func checkScores(v *failure.Violations, path string, s *form.ScaleSettings) {
	if s == nil {
		return
	}
	for k, g := range s.Grades {
		if g.Score != math.Trunc(g.Score) || math.Abs(g.Score) > math.MaxInt32 {
			v.Add(indexed(path+".grades", k)+".score", "must be a whole number")
		}
	}
}

// normaliseLength makes the length limit of a text question explicit.
func normaliseLength(q *form.Question) {
	def := 0
	switch q.Type {
	case form.TypeShortText:
		def = form.DefaultShortTextLength
	case form.TypeLongText:
		def = form.DefaultLongTextLength
	default:
		return
	}
	if q.Length == nil {
		q.Length = &form.LengthSettings{}
	}
	if q.Length.MaxLength == 0 {
		q.Length.MaxLength = def
	}
}

func checkContinues(v *failure.Violations, path string, keys []string) []string {
	if len(keys) > MaxContinues {
		v.Addf(path, "must list at most %d keys", MaxContinues)
	}
	seen := map[string]bool{}
	out := make([]string, 0, len(keys))
	for n, k := range keys {
		switch {
		case !questionKey.MatchString(k):
			v.Add(indexed(path, n), "must be the key of a question of the previous version")
		case seen[k]:
			v.Addf(indexed(path, n), "%q is listed twice", k)
		}
		seen[k] = true
		out = append(out, k)
	}
	return out
}

// addFormViolations reports the problems form.Compile found, on the
// paths of the API. A draft may lack sections and questions.
func addFormViolations(v *failure.Violations, err error, f form.Form, draft bool) {
	fe, ok := failure.As(err)
	if !ok || fe.Kind != failure.KindInvalid {
		v.Add("template.sections", "could not be checked: "+err.Error())
		return
	}
	for _, fv := range fe.Violations {
		if draft && incomplete.MatchString(fv.Field) {
			continue
		}
		v.Add("template."+APIPath(f, fv.Field), fv.Reason)
	}
}

// incomplete matches the problems a draft may have: no sections, or a
// section without questions.
var incomplete = regexp.MustCompile(`^sections(\[\d+\]\.questions)?$`)

var (
	questionSetting = regexp.MustCompile(`^(sections\[(\d+)\]\.questions\[(\d+)\])\.(scale|choice|length|date_range)(\..*|\[.*)?$`)
	columnSetting   = regexp.MustCompile(`(\.table\.columns\[\d+\])\.(choice|length|date_range)\b`)
)

// APIPath turns a path of form f's fields, as pkg/form reports it, into
// the path of the same field in the API, where each type's settings are
// named by the type (rating, single_choice, text_answer, date …).
func APIPath(f form.Form, p string) string {
	p = columnSetting.ReplaceAllStringFunc(p, func(m string) string {
		sub := columnSetting.FindStringSubmatch(m)
		return sub[1] + "." + columnField(sub[2])
	})
	m := questionSetting.FindStringSubmatch(p)
	if m == nil {
		return p
	}
	i, _ := strconv.Atoi(m[2])
	j, _ := strconv.Atoi(m[3])
	var t form.Type
	if i < len(f.Sections) && j < len(f.Sections[i].Questions) {
		t = f.Sections[i].Questions[j].Type
	}
	return m[1] + "." + SettingsField(m[4], t) + m[5]
}

// SettingsField names in the API the settings pkg/form calls field, for a
// question of type t.
func SettingsField(field string, t form.Type) string {
	switch field {
	case "scale":
		return "rating"
	case "choice":
		if t == form.TypeMultipleChoice {
			return "multiple_choice"
		}
		return "single_choice"
	case "length":
		return "text_answer"
	case "date_range":
		return "date"
	}
	return field
}

func columnField(field string) string { return SettingsField(field, form.TypeSingleChoice) }

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

// cloneForm copies f deeply enough that normalising the copy leaves f
// unchanged.
func cloneForm(f form.Form) form.Form {
	out := form.Form{Sections: make([]form.Section, len(f.Sections))}
	for i, s := range f.Sections {
		s.Questions = append([]form.Question(nil), s.Questions...)
		for j := range s.Questions {
			if l := s.Questions[j].Length; l != nil {
				c := *l
				s.Questions[j].Length = &c
			}
		}
		out.Sections[i] = s
	}
	if f.Sections == nil {
		out.Sections = nil
	}
	return out
}

// Event is something that happened to templates that other services may
// care about.
type Event interface{ isEvent() }

// TemplateCreated records a new template.
type TemplateCreated struct{ Template Template }

// VersionPublished records a newly published version, with its content
// and lineage.
type VersionPublished struct{ Version TemplateVersion }

func (TemplateCreated) isEvent()  {}
func (VersionPublished) isEvent() {}

// Name is the resource name of the version:
// {owner}/templates/{template}/versions/{n}.
func (v TemplateVersion) Name() string {
	return v.Owner + "/templates/" + v.TemplateID + "/versions/" + strconv.Itoa(v.Number)
}
