package templatefile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
)

// MaxYAMLSize is the largest YAML file accepted, in bytes.
const MaxYAMLSize = 4 << 20

// maxYAMLNodes bounds the nodes visited while reading a file, so that
// aliases cannot expand a small file into a huge template.
const maxYAMLNodes = 200000

// yamlTypes spells each question type as the YAML file writes it.
var yamlTypes = map[form.Type]string{
	form.TypeSingleChoice:   "single_choice",
	form.TypeMultipleChoice: "multiple_choice",
	form.TypeRatingScale:    "rating",
	form.TypeYesNo:          "yes_no",
	form.TypeNumber:         "number",
	form.TypeShortText:      "short_text",
	form.TypeLongText:       "long_text",
	form.TypeDate:           "date",
	form.TypeEvidence:       "evidence",
	form.TypeTable:          "table",
	form.TypeDeclaration:    "declaration",
}

// typeNames lists the YAML spellings in the order they are explained.
const typeNames = "single_choice, multiple_choice, rating, yes_no, number, short_text, long_text, date, evidence, table or declaration"

// yamlTypeOf reads a type as a YAML file writes it ("rating_scale" is
// accepted as well as "rating").
func yamlTypeOf(s string) (form.Type, bool) {
	if s == string(form.TypeRatingScale) {
		return form.TypeRatingScale, true
	}
	for t, name := range yamlTypes {
		if name == s {
			return t, true
		}
	}
	return "", false
}

// ParseYAML reads a template written in YAML. The keys are snake_case and
// unknown keys are refused; each question spells out its type (such as
// "type: rating" with "grades:") and takes only the settings of that type
// beside its common keys:
//
//	display_name: Section 11 self-assessment
//	kind: section_11          # section_11, section_175, case_audit or other
//	introduction: |
//	  How to answer ...
//	sections:
//	  - code: S1
//	    title: Leadership and accountability
//	    guidance: What good leadership looks like ...
//	    weight: 1             # optional; also applies_to
//	    questions:
//	      - key: s1_rating
//	        text: How well ...
//	        help: Think about ...
//	        type: rating
//	        required: true    # also priority, weight, applies_to, visible_if, action_row, action_required_below
//	        grades:
//	          - {value: red, label: Red, colour: "#d4351c", score: 1, meaning: ...}
//	          - {value: green, label: Green, colour: "#00703c", score: 3}
//	        moderated: true
//	        evidence_at_or_above: green
//	        evidence_key: s1_files
//
// The settings by type: single_choice and multiple_choice take options
// (each "Label" or {value, label}) and, for multiple choice,
// min_selections and max_selections; rating takes grades (value, label,
// colour, score, meaning, not_applicable), moderated, evidence_at_or_above
// and evidence_key; yes_no takes allow_partly; number takes unit, min, max
// and integer; short_text and long_text take max_length; date takes min
// and max (YYYY-MM-DD); evidence takes description, min_files and
// max_files; table takes columns, min_rows and max_rows, each column
// having key, title, type, required and the settings of its type.
//
// Every problem is reported in one failure.KindInvalid error: problems in
// the file with the path of the field and its line and column, problems
// found by form.Compile with their form path (and the line and column of
// the nearest field).
func ParseYAML(b []byte) (Document, error) {
	if len(b) > MaxYAMLSize {
		return Document{}, failure.Invalid("file", fmt.Sprintf("is %d bytes; the largest file accepted is %d bytes", len(b), MaxYAMLSize))
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return Document{}, failure.Invalid("file", "is empty; write the template's display_name, kind and sections")
		}
		return Document{}, failure.Invalid("file", yamlMessage(err))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		if err != nil {
			return Document{}, failure.Invalid("file", yamlMessage(err))
		}
		return Document{}, failure.Invalid("file", fmt.Sprintf("line %d, column %d: holds a second document; write one template per file", extra.Line, extra.Column))
	}
	r := &reader{pos: make(map[string]position)}
	d := r.document(&root)
	if len(r.v) > 0 {
		return Document{}, r.v.Err()
	}
	if _, err := form.Compile(d.Form); err != nil {
		return Document{}, r.locate(err)
	}
	return d, nil
}

// yamlMessage turns a YAML syntax error into a sentence without the
// library's prefix.
func yamlMessage(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	return "is not valid YAML: " + msg
}

// position is a place in a YAML file.
type position struct{ line, column int }

// reader walks a YAML node tree into a Document, collecting every problem.
type reader struct {
	v      failure.Violations
	pos    map[string]position
	visits int
	// stopped is set once the file expands beyond maxYAMLNodes; nothing
	// more is read or reported after that.
	stopped bool
}

// maxProblems is the most problems one file reports.
const maxProblems = 200

// addf records a problem at node n.
func (r *reader) addf(n *yaml.Node, path, format string, args ...any) {
	if r.stopped || len(r.v) > maxProblems {
		return
	}
	if len(r.v) == maxProblems {
		r.v.Add("file", fmt.Sprintf("has more than %d problems; fix these and try again", maxProblems))
		return
	}
	if path == "" {
		path = "file"
	}
	r.v.Add(path, fmt.Sprintf("line %d, column %d: ", n.Line, n.Column)+fmt.Sprintf(format, args...))
}

// mark remembers where the field at path is written.
func (r *reader) mark(path string, n *yaml.Node) {
	if _, ok := r.pos[path]; !ok {
		r.pos[path] = position{n.Line, n.Column}
	}
}

// locate adds to each Compile violation the line and column of the nearest
// field the file wrote.
func (r *reader) locate(err error) error {
	fe, ok := failure.As(err)
	if !ok || fe.Kind != failure.KindInvalid {
		return fmt.Errorf("check the template: %w", err)
	}
	var v failure.Violations
	for _, fv := range fe.Violations {
		if p, ok := r.nearest(fv.Field); ok {
			v.Add(fv.Field, fmt.Sprintf("line %d, column %d: %s", p.line, p.column, fv.Reason))
		} else {
			v.Add(fv.Field, fv.Reason)
		}
	}
	return v.Err()
}

// nearest finds the position of path or of the closest field above it.
func (r *reader) nearest(path string) (position, bool) {
	for path != "" {
		if p, ok := r.pos[path]; ok {
			return p, true
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return position{}, false
}

// resolve follows aliases and counts the node against the budget.
func (r *reader) resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	r.visits++
	return n
}

// overBudget reports whether the file has expanded beyond maxYAMLNodes.
func (r *reader) overBudget(n *yaml.Node, path string) bool {
	if r.visits <= maxYAMLNodes {
		return false
	}
	if !r.stopped {
		r.addf(n, path, "the file expands to more than %d values; write a smaller template", maxYAMLNodes)
		r.stopped = true
	}
	return true
}

// field is one key and value of a YAML mapping.
type field struct {
	name       string
	key, value *yaml.Node
}

// fields reads a mapping, refusing duplicate keys. It returns nil (having
// recorded the problem) when n is not a mapping.
func (r *reader) fields(n *yaml.Node, path, what string) []field {
	n = r.resolve(n)
	if r.overBudget(n, path) {
		return nil
	}
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nil
		}
		return r.fields(n.Content[0], path, what)
	}
	if n.Kind != yaml.MappingNode {
		r.addf(n, path, "write %s as a mapping of keys to values, not %s", what, describe(n))
		return nil
	}
	var out []field
	seen := make(map[string]bool)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := r.resolve(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" {
			r.addf(k, path, "write each key of %s as a plain name", what)
			continue
		}
		if seen[k.Value] {
			r.addf(k, join(path, k.Value), "%q is written twice; keep one", k.Value)
			continue
		}
		seen[k.Value] = true
		out = append(out, field{k.Value, k, val})
	}
	return out
}

// items reads a sequence; a null value is an empty sequence.
func (r *reader) items(n *yaml.Node, path, what string) []*yaml.Node {
	n = r.resolve(n)
	if r.overBudget(n, path) {
		return nil
	}
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		r.addf(n, path, "write %s as a list, not %s", what, describe(n))
		return nil
	}
	return n.Content
}

// isNull reports whether n is an empty or null value.
func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// describe names what a node holds, for messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!str":
			return fmt.Sprintf("the text %q", clip(n.Value))
		case "!!null":
			return "an empty value"
		}
		return fmt.Sprintf("%q", clip(n.Value))
	}
	return "this value"
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// join appends a key to a path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// str reads a text value; an empty value is "".
func (r *reader) str(n *yaml.Node, path string) string {
	n = r.resolve(n)
	if isNull(n) {
		return ""
	}
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		r.addf(n, path, "write text here, not %s (quote it if it is meant as text)", describe(n))
		return ""
	}
	return n.Value
}

// decimal reads a number written as a number or as text, such as a bound.
func (r *reader) decimal(n *yaml.Node, path string) string {
	n = r.resolve(n)
	if isNull(n) {
		return ""
	}
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!str" && n.Tag != "!!int" && n.Tag != "!!float") {
		r.addf(n, path, "write a number here, not %s", describe(n))
		return ""
	}
	return n.Value
}

// dateText reads a date written as text or as a bare YAML date
// (2024-09-01), keeping it as written.
func (r *reader) dateText(n *yaml.Node, path string) string {
	n = r.resolve(n)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!timestamp" {
		return n.Value
	}
	return r.str(n, path)
}

// boolean reads true or false.
func (r *reader) boolean(n *yaml.Node, path string) bool {
	n = r.resolve(n)
	if isNull(n) {
		return false
	}
	var b bool
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(&b) != nil {
		r.addf(n, path, "write true or false, not %s", describe(n))
	}
	return b
}

// integer reads a whole number.
func (r *reader) integer(n *yaml.Node, path string) int {
	n = r.resolve(n)
	if isNull(n) {
		return 0
	}
	var i int
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || n.Decode(&i) != nil {
		r.addf(n, path, "write a whole number, not %s", describe(n))
		return 0
	}
	return i
}

// number reads a finite number.
func (r *reader) number(n *yaml.Node, path string) float64 {
	n = r.resolve(n)
	if isNull(n) {
		return 0
	}
	var f float64
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") || n.Decode(&f) != nil {
		r.addf(n, path, "write a number, not %s", describe(n))
		return 0
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		r.addf(n, path, "write a finite number, not %s", n.Value)
		return 0
	}
	return f
}

// strs reads a list of text values; an empty list is nil.
func (r *reader) strs(n *yaml.Node, path string) []string {
	var out []string
	for i, it := range r.items(n, path, "the list") {
		out = append(out, r.str(it, fmt.Sprintf("%s[%d]", path, i)))
	}
	return out
}

// unknown records a key that does not belong where it is written.
func (r *reader) unknown(f field, path, where, allowed string) {
	r.addf(f.key, join(path, f.name), "%s has no key %q; it takes %s", where, f.name, allowed)
}

// document reads the top of the file.
func (r *reader) document(root *yaml.Node) Document {
	var d Document
	var sawName, sawKind bool
	fs := r.fields(root, "", "the template")
	for _, f := range fs {
		r.mark(f.name, f.key)
		switch f.name {
		case "display_name":
			sawName = true
			before := len(r.v)
			d.DisplayName = r.str(f.value, f.name)
			switch {
			case len(r.v) > before:
			case strings.TrimSpace(d.DisplayName) == "":
				r.addf(f.value, f.name, "give the template a name")
			case len(d.DisplayName) > maxDisplayName:
				r.addf(f.value, f.name, "must be at most %d bytes", maxDisplayName)
			}
		case "kind":
			sawKind = true
			d.Kind = r.str(f.value, f.name)
			if !validKind(d.Kind) {
				r.addf(f.value, f.name, "write section_11, section_175, case_audit or other, not %q", clip(d.Kind))
			}
		case "introduction":
			d.Introduction = r.str(f.value, f.name)
		case "sections":
			for i, s := range r.items(f.value, f.name, "sections") {
				sec, guidance := r.section(s, fmt.Sprintf("sections[%d]", i))
				d.Form.Sections = append(d.Form.Sections, sec)
				if guidance != "" {
					if d.Guidance == nil {
						d.Guidance = make(map[string]string)
					}
					d.Guidance[sec.Code] = guidance
				}
			}
		default:
			r.unknown(f, "", "a template", "display_name, kind, introduction and sections")
		}
	}
	if fs != nil || len(r.v) == 0 {
		n := r.resolve(root)
		if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
			n = n.Content[0]
		}
		if !sawName {
			r.addf(n, "display_name", "give the template a display_name")
		}
		if !sawKind {
			r.addf(n, "kind", "say which kind of template this is: section_11, section_175, case_audit or other")
		}
	}
	return d
}

// section reads one section and its guidance.
func (r *reader) section(n *yaml.Node, path string) (s form.Section, guidance string) {
	r.mark(path, r.resolve(n))
	for _, f := range r.fields(n, path, "a section") {
		p := join(path, f.name)
		r.mark(p, f.key)
		switch f.name {
		case "code":
			s.Code = r.str(f.value, p)
		case "title":
			s.Title = r.str(f.value, p)
		case "guidance":
			guidance = r.str(f.value, p)
		case "weight":
			s.Weight = r.number(f.value, p)
		case "applies_to":
			s.AppliesTo = r.strs(f.value, p)
		case "questions":
			for i, q := range r.items(f.value, p, "questions") {
				s.Questions = append(s.Questions, r.question(q, fmt.Sprintf("%s[%d]", p, i)))
			}
		default:
			r.unknown(f, path, "a section", "code, title, guidance, weight, applies_to and questions")
		}
	}
	return s, guidance
}
