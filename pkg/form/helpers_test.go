package form

import (
	"strings"
	"testing"

	"github.com/assure-audit/assure/pkg/failure"
)

// sampleForm is a small audit using every question type.
func sampleForm() Form {
	rag := &ScaleSettings{
		Grades: []Grade{
			{Value: "green", Label: "Green", Colour: "#00a000", Score: 3},
			{Value: "red", Label: "Red", Colour: "#d00000", Score: 1},
			{Value: "amber", Label: "Amber", Colour: "#ffbf00", Score: 2},
			{Value: "na", Label: "Not applicable", NotApplicable: true},
		},
		Moderated:         true,
		EvidenceAtOrAbove: "green",
		EvidenceKey:       "s1_evidence",
	}
	four := &ScaleSettings{
		Grades: []Grade{
			{Value: "4", Label: "Outstanding", Score: 4},
			{Value: "3", Label: "Good", Score: 3},
			{Value: "2", Label: "Requires improvement", Score: 2},
			{Value: "1", Label: "Inadequate", Score: 1},
		},
		EvidenceAtOrAbove: "4",
	}
	return Form{Sections: []Section{
		{Code: "about", Title: "About your organisation", Questions: []Question{
			{Key: "setting_type", Text: "Type of setting", Required: true, Type: TypeSingleChoice,
				Choice: &ChoiceSettings{Options: []Option{{"school", "School"}, {"college", "College"}, {"early_years", "Early years"}}}},
			{Key: "on_roll", Text: "Children on roll", Type: TypeNumber,
				Number: &NumberSettings{Unit: "children", Min: "0", Max: "5000", Integer: true}},
			{Key: "fte_staff", Text: "Staff (full-time equivalent)", Type: TypeNumber,
				Number: &NumberSettings{Min: "0", Max: "999.5"}},
			{Key: "has_dsl", Text: "Is there a designated safeguarding lead?", Required: true, Type: TypeYesNo,
				YesNo: &YesNoSettings{AllowPartly: true}},
			{Key: "dsl_name", Text: "Name of the lead", Required: true, Type: TypeShortText,
				VisibleIf: `answers.has_dsl == "yes"`, Length: &LengthSettings{MaxLength: 10}},
		}},
		{Code: "S1", Title: "Leadership", Weight: 2, Questions: []Question{
			{Key: "s1_rating", Text: "Rate leadership", Required: true, Priority: PriorityEssential, Weight: 2,
				Type: TypeRatingScale, Scale: rag},
			{Key: "s1_evidence", Text: "Evidence of leadership", Type: TypeEvidence,
				Evidence: &EvidenceSettings{Description: "minutes, policies", MinFiles: 2, MaxFiles: 3}},
			{Key: "s1_notes", Text: "Notes", Type: TypeLongText, Length: &LengthSettings{MaxLength: 20}, ActionRow: true},
			{Key: "s1_online", Text: "Online safety measures", Type: TypeMultipleChoice, AppliesTo: []string{"school"},
				Choice: &ChoiceSettings{Options: []Option{{"filtering", "Filtering"}, {"monitoring", "Monitoring"}, {"training", "Training"}},
					MinSelections: 2, MaxSelections: 2}},
			{Key: "s1_review", Text: "Last policy review", Type: TypeDate,
				DateRange: &DateSettings{Min: "2020-01-01", Max: "2030-12-31"},
				VisibleIf: `answers.s1_rating in ["red", "amber"] || answers.on_roll > 100`},
		}},
		{Code: "S2", Title: "Working together", AppliesTo: []string{"school", "police"}, Questions: []Question{
			{Key: "s2_rating", Text: "Rate working together", Required: true, Type: TypeRatingScale, Scale: four,
				ActionRow: true, ActionRequiredBelow: "3"},
			{Key: "chronology", Text: "Chronology", Type: TypeTable, Table: &TableSettings{MinRows: 2, MaxRows: 3, Columns: []Column{
				{Key: "when", Title: "Date", Type: TypeDate, Required: true},
				{Key: "event", Title: "What happened", Type: TypeShortText, Required: true, Length: &LengthSettings{MaxLength: 30}},
				{Key: "agency", Title: "Agency", Type: TypeSingleChoice, Choice: &ChoiceSettings{Options: []Option{{"police", "Police"}, {"health", "Health"}}}},
				{Key: "count", Title: "Children", Type: TypeNumber, Number: &NumberSettings{Integer: true, Min: "1"}},
				{Key: "seen", Title: "Child seen", Type: TypeYesNo},
			}}},
		}},
		{Code: "sign", Title: "Sign-off", Questions: []Question{
			{Key: "declaration", Text: "I confirm this return is accurate.", Type: TypeDeclaration},
		}},
	}}
}

func mustCompile(t testing.TB, f Form) *Compiled {
	t.Helper()
	c, err := Compile(f)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return c
}

// violations returns the field violations of err, failing unless err is
// nil or an invalid-argument failure.
func violations(t testing.TB, err error) []failure.FieldViolation {
	t.Helper()
	if err == nil {
		return nil
	}
	e, ok := failure.As(err)
	if !ok || e.Kind != failure.KindInvalid {
		t.Fatalf("want an invalid-argument failure, got %v", err)
	}
	for _, v := range e.Violations {
		if v.Field == "" || v.Reason == "" {
			t.Errorf("violation without field or reason: %+v", v)
		}
	}
	return e.Violations
}

// wantViolation fails unless err has a violation at field whose reason
// contains reason.
func wantViolation(t testing.TB, err error, field, reason string) {
	t.Helper()
	vs := violations(t, err)
	for _, v := range vs {
		if v.Field == field && strings.Contains(v.Reason, reason) {
			return
		}
	}
	t.Errorf("want violation %s: …%s…; got %v", field, reason, vs)
}

// fullAnswers is a complete, valid return to sampleForm for a school.
func fullAnswers() map[string]Answer {
	return map[string]Answer{
		"setting_type": {Choice: "school"},
		"on_roll":      {Number: "250"},
		"fte_staff":    {Number: "31.5"},
		"has_dsl":      {YesNo: "yes"},
		"dsl_name":     {Text: "A. Lead"},
		"s1_rating":    {Grade: "green"},
		"s1_evidence":  {Evidence: []EvidenceRef{{Name: "minutes.pdf", ID: "f1"}, {Name: "policy.pdf", ID: "f2"}}},
		"s1_online":    {Choices: []string{"filtering", "monitoring"}},
		"s1_review":    {Date: "2024-09-01"},
		"s2_rating":    {Grade: "3"},
		"chronology": {Rows: [][]Cell{
			{{"when", "2024-01-02"}, {"event", "Referral"}, {"agency", "police"}},
			{{"when", "2024-01-05"}, {"event", "Strategy meeting"}, {"count", "2"}, {"seen", "yes"}},
		}},
		"declaration": {Confirmed: true},
	}
}
