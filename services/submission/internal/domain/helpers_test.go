package domain

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
)

// t0 is "now" in tests whose rules depend on the date: Monday 2 March
// 2026, 09:00 UTC.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

const day = 24 * time.Hour

// testFormSpec is a version with several question types, a condition, a
// question that applies to schools only and a second section.
func testFormSpec() form.Form {
	return form.Form{Sections: []form.Section{
		{Code: "S1", Title: "Leadership", Questions: []form.Question{
			{Key: "s1_rating", Text: "Rate leadership", Required: true, Type: form.TypeRatingScale,
				Scale: &form.ScaleSettings{Grades: []form.Grade{{Value: "red", Label: "Red", Score: 1},
					{Value: "amber", Label: "Amber", Score: 2}, {Value: "green", Label: "Green", Score: 3}}}},
			{Key: "s1_lead", Text: "Who leads?", Type: form.TypeSingleChoice,
				Choice: &form.ChoiceSettings{Options: []form.Option{{Value: "board", Label: "Board"}, {Value: "chief", Label: "Chief"}}}},
			{Key: "s1_policy", Text: "Is there a policy?", Required: true, Type: form.TypeYesNo},
			{Key: "s1_policy_date", Text: "When was it reviewed?", Required: true, Type: form.TypeDate,
				VisibleIf: "answers.s1_policy == 'yes'"},
			{Key: "s1_children", Text: "Children on plans", Required: true, Type: form.TypeNumber, AppliesTo: []string{"school"},
				Number: &form.NumberSettings{Min: "0", Max: "1000", Integer: true}},
			{Key: "s1_chronology", Text: "Chronology", Type: form.TypeTable, Table: &form.TableSettings{Columns: []form.Column{
				{Key: "when", Title: "When", Type: form.TypeDate, Required: true},
				{Key: "what", Title: "What", Type: form.TypeShortText}}}},
			{Key: "s1_declare", Text: "I confirm these answers are true", Type: form.TypeDeclaration},
		}},
		{Code: "S2", Title: "Training", Questions: []form.Question{
			{Key: "s2_note", Text: "Training notes", Type: form.TypeShortText},
		}},
	}}
}

// testForm compiles testFormSpec.
func testForm(t *testing.T) *form.Compiled {
	t.Helper()
	c, err := form.Compile(testFormSpec())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// testIndex indexes testFormSpec.
func testIndex() *FormIndex { return NewFormIndex(testFormSpec()) }

// fields returns the field paths of an invalid-argument error, failing
// the test for any other error.
func fields(t *testing.T, err error) []string {
	t.Helper()
	f, ok := failure.As(err)
	if !ok || f.Kind != failure.KindInvalid {
		t.Fatalf("want invalid, got %v", err)
	}
	var out []string
	for _, v := range f.Violations {
		out = append(out, v.Field)
	}
	return out
}

// wantFields checks err is invalid with exactly the field paths want, in
// order; nil want means err must be nil.
func wantFields(t *testing.T, err error, want []string) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if got := fields(t, err); !slices.Equal(got, want) {
		t.Fatalf("violations %v, want %v (%v)", got, want, err)
	}
}

// wantKind checks err is of kind k.
func wantKind(t *testing.T, err error, k failure.Kind) {
	t.Helper()
	if got := failure.KindOf(err); got != k || err == nil {
		t.Fatalf("error %v of kind %v, want %v", err, got, k)
	}
}

func join(s []string) string { return strings.Join(s, ",") }
