package templatefile

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/assure-audit/assure/pkg/form"
)

// settingKey describes one type setting written flat beside a question's
// or column's common keys.
type settingKey struct {
	// group is the form's name for the settings ("choice", "scale" …).
	group string
	// types are the types that take the key.
	types []form.Type
}

// settingKeys lists the type settings and the types that take them.
var settingKeys = map[string]settingKey{
	"options":              {"choice", []form.Type{form.TypeSingleChoice, form.TypeMultipleChoice}},
	"min_selections":       {"choice", []form.Type{form.TypeMultipleChoice}},
	"max_selections":       {"choice", []form.Type{form.TypeMultipleChoice}},
	"grades":               {"scale", []form.Type{form.TypeRatingScale}},
	"moderated":            {"scale", []form.Type{form.TypeRatingScale}},
	"evidence_at_or_above": {"scale", []form.Type{form.TypeRatingScale}},
	"evidence_key":         {"scale", []form.Type{form.TypeRatingScale}},
	"allow_partly":         {"yes_no", []form.Type{form.TypeYesNo}},
	"unit":                 {"number", []form.Type{form.TypeNumber}},
	"integer":              {"number", []form.Type{form.TypeNumber}},
	"min":                  {"number", []form.Type{form.TypeNumber, form.TypeDate}},
	"max":                  {"number", []form.Type{form.TypeNumber, form.TypeDate}},
	"max_length":           {"length", []form.Type{form.TypeShortText, form.TypeLongText}},
	"description":          {"evidence", []form.Type{form.TypeEvidence}},
	"min_files":            {"evidence", []form.Type{form.TypeEvidence}},
	"max_files":            {"evidence", []form.Type{form.TypeEvidence}},
	"columns":              {"table", []form.Type{form.TypeTable}},
	"min_rows":             {"table", []form.Type{form.TypeTable}},
	"max_rows":             {"table", []form.Type{form.TypeTable}},
}

// columnTypes are the types a table column may take.
var columnTypes = []form.Type{form.TypeShortText, form.TypeLongText, form.TypeNumber, form.TypeDate, form.TypeSingleChoice, form.TypeYesNo}

// settingsOwner names the types that take a setting, for messages.
func settingsOwner(types []form.Type) string {
	names := make([]string, len(types))
	for i, t := range types {
		names[i] = yamlTypes[t]
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// typed holds the type settings of a question or column while they are read.
type typed struct {
	typ       form.Type
	typeKnown bool
	choice    form.ChoiceSettings
	scale     form.ScaleSettings
	yesNo     form.YesNoSettings
	number    form.NumberSettings
	length    form.LengthSettings
	date      form.DateSettings
	evidence  form.EvidenceSettings
	table     form.TableSettings
}

// readType reads the type key of a question or column.
func (r *reader) readType(f field, p string, t *typed, column bool) {
	s := r.str(f.value, p)
	typ, ok := yamlTypeOf(s)
	switch {
	case s == "":
		r.addf(f.value, p, "write the type: %s", typeNames)
	case !ok:
		r.addf(f.value, p, "%q is not a type; write %s", clip(s), typeNames)
	case column && !containsType(columnTypes, typ):
		r.addf(f.value, p, "a table column is short_text, long_text, number, date, single_choice or yes_no, not %s", s)
	default:
		t.typ, t.typeKnown = typ, true
	}
}

// containsType reports whether ts holds t.
func containsType(ts []form.Type, t form.Type) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// setting reads one type setting into t; the type has been read already.
// It reports false when name is not a setting at all.
func (r *reader) setting(f field, path string, t *typed) bool {
	sk, ok := settingKeys[f.name]
	if !ok {
		return false
	}
	group := sk.group
	if t.typ == form.TypeDate && (f.name == "min" || f.name == "max") {
		group = "date_range"
	}
	p := path + "." + group + "." + f.name
	r.mark(p, f.key)
	r.mark(path+"."+group, f.key)
	if t.typeKnown && !containsType(sk.types, t.typ) {
		r.addf(f.key, p, "only %s take %s; remove it or change the type", settingsOwner(sk.types), f.name)
		return true
	}
	switch f.name {
	case "options":
		for i, o := range r.items(f.value, p, "options") {
			t.choice.Options = append(t.choice.Options, r.option(o, fmt.Sprintf("%s[%d]", p, i)))
		}
	case "min_selections":
		t.choice.MinSelections = r.integer(f.value, p)
	case "max_selections":
		t.choice.MaxSelections = r.integer(f.value, p)
	case "grades":
		for i, g := range r.items(f.value, p, "grades") {
			t.scale.Grades = append(t.scale.Grades, r.grade(g, fmt.Sprintf("%s[%d]", p, i)))
		}
	case "moderated":
		t.scale.Moderated = r.boolean(f.value, p)
	case "evidence_at_or_above":
		t.scale.EvidenceAtOrAbove = r.str(f.value, p)
	case "evidence_key":
		t.scale.EvidenceKey = r.str(f.value, p)
	case "allow_partly":
		t.yesNo.AllowPartly = r.boolean(f.value, p)
	case "unit":
		t.number.Unit = r.str(f.value, p)
	case "integer":
		t.number.Integer = r.boolean(f.value, p)
	case "min", "max":
		var v string
		if t.typ == form.TypeDate {
			v = r.dateText(f.value, p)
		} else {
			v = r.decimal(f.value, p)
		}
		switch {
		case t.typ == form.TypeDate && f.name == "min":
			t.date.Min = v
		case t.typ == form.TypeDate:
			t.date.Max = v
		case f.name == "min":
			t.number.Min = v
		default:
			t.number.Max = v
		}
	case "max_length":
		t.length.MaxLength = r.integer(f.value, p)
	case "description":
		t.evidence.Description = r.str(f.value, p)
	case "min_files":
		t.evidence.MinFiles = r.integer(f.value, p)
	case "max_files":
		t.evidence.MaxFiles = r.integer(f.value, p)
	case "columns":
		for i, c := range r.items(f.value, p, "columns") {
			t.table.Columns = append(t.table.Columns, r.column(c, fmt.Sprintf("%s[%d]", p, i)))
		}
	case "min_rows":
		t.table.MinRows = r.integer(f.value, p)
	case "max_rows":
		t.table.MaxRows = r.integer(f.value, p)
	}
	return true
}

// typeFirst returns the fields with "type" first, so that settings are read
// knowing the type.
func typeFirst(fs []field) []field {
	out := make([]field, 0, len(fs))
	for _, f := range fs {
		if f.name == "type" {
			out = append(out, f)
		}
	}
	for _, f := range fs {
		if f.name != "type" {
			out = append(out, f)
		}
	}
	return out
}

// question reads one question.
func (r *reader) question(n *yaml.Node, path string) form.Question {
	var q form.Question
	var t typed
	r.mark(path, r.resolve(n))
	sawType := false
	for _, f := range typeFirst(r.fields(n, path, "a question")) {
		p := join(path, f.name)
		r.mark(p, f.key)
		switch f.name {
		case "type":
			sawType = true
			r.readType(f, p, &t, false)
		case "key":
			q.Key = r.str(f.value, p)
		case "text":
			q.Text = r.str(f.value, p)
		case "help":
			q.Help = r.str(f.value, p)
		case "required":
			q.Required = r.boolean(f.value, p)
		case "priority":
			q.Priority = form.Priority(r.str(f.value, p))
			if q.Priority != "" && q.Priority != form.PriorityEssential && q.Priority != form.PriorityDesirable {
				r.addf(f.value, p, "write essential or desirable, not %q", clip(string(q.Priority)))
			}
		case "weight":
			q.Weight = r.number(f.value, p)
		case "applies_to":
			q.AppliesTo = r.strs(f.value, p)
		case "action_row":
			q.ActionRow = r.boolean(f.value, p)
		case "action_required_below":
			q.ActionRequiredBelow = r.str(f.value, p)
		case "visible_if":
			q.VisibleIf = r.str(f.value, p)
		default:
			if !r.setting(f, path, &t) {
				r.unknown(f, path, "a question", "key, text, help, type, required, priority, weight, applies_to, visible_if, action_row, action_required_below and the settings of its type")
			}
		}
	}
	if !sawType {
		r.addf(r.resolve(n), join(path, "type"), "give the question a type: %s", typeNames)
	}
	q.Type = t.typ
	switch t.typ {
	case form.TypeSingleChoice, form.TypeMultipleChoice:
		q.Choice = &t.choice
	case form.TypeRatingScale:
		q.Scale = &t.scale
	case form.TypeTable:
		q.Table = &t.table
	}
	q.YesNo = nonZero(t.yesNo)
	q.Number = nonZero(t.number)
	q.Length = nonZero(t.length)
	q.DateRange = nonZero(t.date)
	q.Evidence = nonZero(t.evidence)
	return q
}

// column reads one column of a table.
func (r *reader) column(n *yaml.Node, path string) form.Column {
	var c form.Column
	var t typed
	r.mark(path, r.resolve(n))
	sawType := false
	for _, f := range typeFirst(r.fields(n, path, "a column")) {
		p := join(path, f.name)
		r.mark(p, f.key)
		switch f.name {
		case "type":
			sawType = true
			r.readType(f, p, &t, true)
		case "key":
			c.Key = r.str(f.value, p)
		case "title":
			c.Title = r.str(f.value, p)
		case "required":
			c.Required = r.boolean(f.value, p)
		default:
			if !columnSetting(f.name) || !r.setting(f, path, &t) {
				r.unknown(f, path, "a column", "key, title, type, required and the settings of its type (options, allow_partly, unit, integer, min, max, max_length)")
			}
		}
	}
	if !sawType {
		r.addf(r.resolve(n), join(path, "type"), "give the column a type: short_text, long_text, number, date, single_choice or yes_no")
	}
	c.Type = t.typ
	if t.typ == form.TypeSingleChoice {
		c.Choice = &t.choice
	}
	c.YesNo = nonZero(t.yesNo)
	c.Number = nonZero(t.number)
	c.Length = nonZero(t.length)
	c.DateRange = nonZero(t.date)
	return c
}

// columnSetting reports whether a table column may take the setting
// name: the settings of the column types, except the selection limits of
// multiple choice.
func columnSetting(name string) bool {
	sk, ok := settingKeys[name]
	if !ok || name == "min_selections" || name == "max_selections" {
		return false
	}
	for _, t := range sk.types {
		if containsType(columnTypes, t) {
			return true
		}
	}
	return false
}

// nonZero returns a pointer to a copy of v, or nil when v is its zero
// value, so that a file that leaves settings out and one that writes them
// empty read the same.
func nonZero[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}

// option reads an option, written "Label" (value and label the same) or
// as {value, label}.
func (r *reader) option(n *yaml.Node, path string) form.Option {
	n = r.resolve(n)
	if n.Kind == yaml.ScalarNode {
		s := r.str(n, path)
		r.mark(path, n)
		return form.Option{Value: s, Label: s}
	}
	var o form.Option
	r.mark(path, n)
	for _, f := range r.fields(n, path, "an option") {
		p := join(path, f.name)
		r.mark(p, f.key)
		switch f.name {
		case "value":
			o.Value = r.str(f.value, p)
		case "label":
			o.Label = r.str(f.value, p)
		default:
			r.unknown(f, path, "an option", "value and label")
		}
	}
	return o
}

// grade reads one grade of a rating scale.
func (r *reader) grade(n *yaml.Node, path string) form.Grade {
	var g form.Grade
	r.mark(path, r.resolve(n))
	for _, f := range r.fields(n, path, "a grade") {
		p := join(path, f.name)
		r.mark(p, f.key)
		switch f.name {
		case "value":
			g.Value = r.str(f.value, p)
		case "label":
			g.Label = r.str(f.value, p)
		case "colour":
			g.Colour = r.str(f.value, p)
		case "score":
			g.Score = r.number(f.value, p)
		case "meaning":
			g.Meaning = r.str(f.value, p)
		case "not_applicable":
			g.NotApplicable = r.boolean(f.value, p)
		default:
			r.unknown(f, path, "a grade", "value, label, colour, score, meaning and not_applicable")
		}
	}
	return g
}
