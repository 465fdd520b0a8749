package templatefile

import (
	"reflect"
	"strings"
	"testing"

	"github.com/assure-audit/assure/pkg/form"
)

// everyType is a template using every question type and every setting.
const everyType = `display_name: Every type
kind: other
introduction: |
  Two lines
  of guidance.
sections:
  - code: about
    title: About you
    guidance: Tell us about the setting.
    weight: 2
    applies_to: [school, college]
    questions:
      - key: setting
        text: Which setting?
        help: Pick one.
        type: single_choice
        required: true
        priority: essential
        weight: 1.5
        applies_to: [school]
        options:
          - Met
          - {value: unmet, label: Not met}
      - key: topics
        text: Which topics?
        type: multiple_choice
        options: [a, b, c]
        min_selections: 1
        max_selections: 2
      - key: rag
        text: How well?
        type: rating
        action_row: true
        action_required_below: green
        grades:
          - {value: green, label: Green, colour: "#00703c", score: 3, meaning: "Fully in place."}
          - {value: amber, label: Amber, colour: "#f47738", score: 2}
          - {value: red, label: Red, score: 1}
          - {value: na, label: Not applicable, not_applicable: true}
        moderated: true
        evidence_at_or_above: green
        evidence_key: files
      - key: files
        text: Evidence
        type: evidence
        description: Policies and audits.
        min_files: 1
        max_files: 5
      - key: partly
        text: In place?
        type: yes_no
        allow_partly: true
      - key: plain_yes_no
        text: Plain?
        type: yes_no
      - key: staff
        text: Staff
        type: number
        unit: people
        min: 0
        max: "12.5"
        visible_if: answers.partly == 'yes'
      - key: whole
        text: Whole
        type: number
        integer: true
        min: -3
      - key: short
        text: Short
        type: short_text
        max_length: 80
      - key: long
        text: Long
        type: long_text
      - key: when
        text: When?
        type: date
        min: 2020-01-01
        max: "2030-12-31"
      - key: chronology
        text: Chronology
        type: table
        min_rows: 1
        max_rows: 40
        columns:
          - {key: event_date, title: Date, type: date, required: true, min: "2000-01-01"}
          - {key: agency, title: Agency, type: single_choice, options: [Police, Health]}
          - {key: answered, title: Answered, type: yes_no, allow_partly: true}
          - {key: count, title: Count, type: number, integer: true, min: 0, unit: visits}
          - {key: note, title: Note, type: short_text, max_length: 50}
          - {key: detail, title: Detail, type: long_text}
      - key: sign
        text: I confirm.
        type: declaration
        required: true
`

func TestParseYAMLEveryType(t *testing.T) {
	d, err := ParseYAML([]byte(everyType))
	if err != nil {
		t.Fatalf("ParseYAML: %v", err)
	}
	qs := d.Form.Sections[0].Questions
	want := []form.Question{
		{Key: "setting", Text: "Which setting?", Help: "Pick one.", Required: true, Priority: form.PriorityEssential, Weight: 1.5,
			AppliesTo: []string{"school"}, Type: form.TypeSingleChoice,
			Choice: &form.ChoiceSettings{Options: []form.Option{{Value: "Met", Label: "Met"}, {Value: "unmet", Label: "Not met"}}}},
		{Key: "topics", Text: "Which topics?", Type: form.TypeMultipleChoice,
			Choice: &form.ChoiceSettings{Options: []form.Option{{Value: "a", Label: "a"}, {Value: "b", Label: "b"}, {Value: "c", Label: "c"}}, MinSelections: 1, MaxSelections: 2}},
		{Key: "rag", Text: "How well?", Type: form.TypeRatingScale, ActionRow: true, ActionRequiredBelow: "green", Scale: &form.ScaleSettings{
			Grades: []form.Grade{
				{Value: "green", Label: "Green", Colour: "#00703c", Score: 3, Meaning: "Fully in place."},
				{Value: "amber", Label: "Amber", Colour: "#f47738", Score: 2},
				{Value: "red", Label: "Red", Score: 1},
				{Value: "na", Label: "Not applicable", NotApplicable: true},
			},
			Moderated: true, EvidenceAtOrAbove: "green", EvidenceKey: "files"}},
		{Key: "files", Text: "Evidence", Type: form.TypeEvidence,
			Evidence: &form.EvidenceSettings{Description: "Policies and audits.", MinFiles: 1, MaxFiles: 5}},
		{Key: "partly", Text: "In place?", Type: form.TypeYesNo, YesNo: &form.YesNoSettings{AllowPartly: true}},
		{Key: "plain_yes_no", Text: "Plain?", Type: form.TypeYesNo},
		{Key: "staff", Text: "Staff", Type: form.TypeNumber, VisibleIf: "answers.partly == 'yes'",
			Number: &form.NumberSettings{Unit: "people", Min: "0", Max: "12.5"}},
		{Key: "whole", Text: "Whole", Type: form.TypeNumber, Number: &form.NumberSettings{Min: "-3", Integer: true}},
		{Key: "short", Text: "Short", Type: form.TypeShortText, Length: &form.LengthSettings{MaxLength: 80}},
		{Key: "long", Text: "Long", Type: form.TypeLongText},
		{Key: "when", Text: "When?", Type: form.TypeDate, DateRange: &form.DateSettings{Min: "2020-01-01", Max: "2030-12-31"}},
		{Key: "chronology", Text: "Chronology", Type: form.TypeTable, Table: &form.TableSettings{
			MinRows: 1, MaxRows: 40,
			Columns: []form.Column{
				{Key: "event_date", Title: "Date", Type: form.TypeDate, Required: true, DateRange: &form.DateSettings{Min: "2000-01-01"}},
				{Key: "agency", Title: "Agency", Type: form.TypeSingleChoice, Choice: &form.ChoiceSettings{Options: []form.Option{{Value: "Police", Label: "Police"}, {Value: "Health", Label: "Health"}}}},
				{Key: "answered", Title: "Answered", Type: form.TypeYesNo, YesNo: &form.YesNoSettings{AllowPartly: true}},
				{Key: "count", Title: "Count", Type: form.TypeNumber, Number: &form.NumberSettings{Min: "0", Integer: true, Unit: "visits"}},
				{Key: "note", Title: "Note", Type: form.TypeShortText, Length: &form.LengthSettings{MaxLength: 50}},
				{Key: "detail", Title: "Detail", Type: form.TypeLongText},
			}}},
		{Key: "sign", Text: "I confirm.", Type: form.TypeDeclaration, Required: true},
	}
	if len(qs) != len(want) {
		t.Fatalf("got %d questions, want %d", len(qs), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(qs[i], want[i]) {
			t.Errorf("question %d:\n got %+v\nwant %+v", i, qs[i], want[i])
		}
	}
	s := d.Form.Sections[0]
	if s.Code != "about" || s.Title != "About you" || s.Weight != 2 || !reflect.DeepEqual(s.AppliesTo, []string{"school", "college"}) {
		t.Errorf("section: %+v", s)
	}
	if !reflect.DeepEqual(d.Guidance, map[string]string{"about": "Tell us about the setting."}) {
		t.Errorf("guidance: %v", d.Guidance)
	}
	if d.DisplayName != "Every type" || d.Kind != KindOther || d.Introduction != "Two lines\nof guidance.\n" {
		t.Errorf("document: %q %q %q", d.DisplayName, d.Kind, d.Introduction)
	}
}

func TestYAMLRoundTrip(t *testing.T) {
	d, err := ParseYAML([]byte(everyType))
	if err != nil {
		t.Fatal(err)
	}
	b, err := MarshalYAML(d)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseYAML(b)
	if err != nil {
		t.Fatalf("ParseYAML(MarshalYAML): %v\n%s", err, b)
	}
	if !reflect.DeepEqual(back, d) {
		t.Fatalf("round trip changed the document:\n%s", b)
	}
	again, err := MarshalYAML(back)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(b) {
		t.Errorf("MarshalYAML is not stable:\n%s\n---\n%s", b, again)
	}
	for _, key := range []string{"type: rating", "grades:", "allow_partly: true", "type: table", "- Met", "guidance: Tell us about the setting."} {
		if !strings.Contains(string(b), key) {
			t.Errorf("written YAML lacks %q:\n%s", key, b)
		}
	}
}

func TestMarshalYAMLUnknownType(t *testing.T) {
	d := Document{DisplayName: "x", Kind: KindOther, Form: form.Form{Sections: []form.Section{{Code: "a", Title: "A",
		Questions: []form.Question{{Key: "q", Text: "Q", Type: "mystery"}}}}}}
	if _, err := MarshalYAML(d); err == nil || !strings.Contains(err.Error(), "sections[0].questions[0]") {
		t.Fatalf("want an error naming the question, got %v", err)
	}
}

// minimal wraps questions in a one-section template.
func minimal(questions string) string {
	return "display_name: T\nkind: other\nsections:\n  - code: S1\n    title: One\n    questions:\n" + questions
}

func TestParseYAMLProblems(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		field string
		parts []string
	}{
		{"unknown top key", "display_name: T\nkind: other\nsection: []\n", "section", []string{"line 3, column 1", `no key "section"`}},
		{"unknown question key", minimal("      - key: a\n        text: A\n        type: long_text\n        hint: x\n"),
			"sections[0].questions[0].hint", []string{"line 10, column 9", "no key"}},
		{"wrong scalar type", minimal("      - key: a\n        text: A\n        type: long_text\n        required: yes\n"),
			"sections[0].questions[0].required", []string{"line 10, column 19", "true or false"}},
		{"text given a list", "display_name: [a]\nkind: other\nsections: []\n", "display_name", []string{"line 1, column 15", "write text"}},
		{"setting of another type", minimal("      - key: a\n        text: A\n        type: long_text\n        unit: cm\n"),
			"sections[0].questions[0].number.unit", []string{"line 10, column 9", "only number take unit"}},
		{"unknown type", minimal("      - key: a\n        text: A\n        type: essay\n"),
			"sections[0].questions[0].type", []string{"line 9, column 15", `"essay" is not a type`}},
		{"missing type", minimal("      - key: a\n        text: A\n"),
			"sections[0].questions[0].type", []string{"line 7, column 9", "give the question a type"}},
		{"duplicate key", minimal("      - key: a\n        key: b\n        text: A\n        type: long_text\n"),
			"sections[0].questions[0].key", []string{"line 8, column 9", "written twice"}},
		{"bad kind", "display_name: T\nkind: section_12\nsections: []\n", "kind", []string{"line 2, column 7", "section_11"}},
		{"missing name and kind", "sections: []\n", "display_name", []string{"line 1, column 1"}},
		{"grade unknown key", minimal("      - key: a\n        text: A\n        type: rating\n        grades:\n          - {value: x, lable: X}\n"),
			"sections[0].questions[0].scale.grades[0].lable", []string{"line 11, column 24", "a grade has no key"}},
		{"column of wrong type", minimal("      - key: a\n        text: A\n        type: table\n        columns:\n          - {key: c, title: C, type: evidence}\n"),
			"sections[0].questions[0].table.columns[0].type", []string{"line 11, column 38", "short_text"}},
		{"not a mapping", "- a\n- b\n", "file", []string{"line 1, column 1", "mapping"}},
		{"syntax", "display_name: [\n", "file", []string{"not valid YAML"}},
		{"two documents", "display_name: T\n---\nkind: other\n", "file", []string{"line 2", "second document"}},
		{"empty", "", "file", []string{"empty"}},
		{"number as text", minimal("      - key: a\n        text: A\n        type: number\n        min: [1]\n"),
			"sections[0].questions[0].number.min", []string{"line 10, column 14", "write a number"}},
		// Problems found by form.Compile carry their form path and the nearest line.
		{"compile duplicate keys", minimal("      - key: a\n        text: A\n        type: long_text\n      - key: a\n        text: B\n        type: long_text\n"),
			"sections[0].questions[1].key", []string{"line 10, column 9", "already used"}},
		{"compile scale without grades", minimal("      - key: a\n        text: A\n        type: rating\n"),
			"sections[0].questions[0].scale.grades", []string{"line 7, column 9", "at least 2 grades"}},
		{"compile bounds reversed", minimal("      - key: a\n        text: A\n        type: number\n        min: 10\n        max: 2\n"),
			"sections[0].questions[0].number.max", []string{"line 11, column 9", "below min"}},
		{"compile condition on missing key", minimal("      - key: a\n        text: A\n        type: long_text\n        visible_if: answers.nope == 'x'\n"),
			"sections[0].questions[0].visible_if", []string{"line 10, column 9"}},
		{"compile no sections", "display_name: T\nkind: other\n", "sections", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseYAML([]byte(tt.in))
			wantViolation(t, violations(t, err), tt.field, tt.parts...)
		})
	}
}

func TestParseYAMLReportsEveryProblem(t *testing.T) {
	in := "display_name: T\nkind: bad\nextra: 1\nsections:\n  - code: S1\n    title: One\n    questions:\n" +
		"      - key: a\n        text: A\n        type: long_text\n        grades: []\n"
	vs := violations(t, func() error { _, err := ParseYAML([]byte(in)); return err }())
	if len(vs) != 3 {
		t.Fatalf("want 3 violations, got:\n%s", list(vs))
	}
}

func TestParseYAMLAliasBomb(t *testing.T) {
	// A thousand aliases of a section holding a thousand aliases of a
	// question would expand to a million questions.
	aliases := func(name string) string {
		return "[" + strings.TrimSuffix(strings.Repeat("*"+name+", ", 1000), ", ") + "]"
	}
	in := "display_name: T\nkind: other\nsections:\n" +
		"  - &s {code: S1, title: One, questions: &qs [&q {key: a, text: A, type: long_text}]}\n" +
		"  - {code: S2, title: Two, questions: " + aliases("q") + "}\n" +
		"  - &s2 {code: S3, title: Three, questions: " + aliases("q") + "}\n" +
		"  - " + strings.TrimSuffix(strings.Repeat("*s2\n  - ", 1000), "\n  - ") + "\n"
	_, err := ParseYAML([]byte(in))
	vs := violations(t, err)
	if len(vs) != 1 || !strings.Contains(vs[0].Reason, "expands to more than") {
		t.Errorf("want one violation about the size, got:\n%s", list(vs))
	}
}

func TestParseYAMLTooLarge(t *testing.T) {
	_, err := ParseYAML(make([]byte, MaxYAMLSize+1))
	wantViolation(t, violations(t, err), "file", "largest file")
}

func TestParseYAMLCapsProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString("display_name: T\nkind: other\n")
	for i := 0; i < 3*maxProblems; i++ {
		b.WriteString("extra_" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + "_" + strings.Repeat("y", i/26) + ": 1\n")
	}
	_, err := ParseYAML([]byte(b.String()))
	vs := violations(t, err)
	if len(vs) != maxProblems+1 {
		t.Fatalf("got %d violations, want %d", len(vs), maxProblems+1)
	}
	wantViolation(t, vs, "file", "more than")
}
