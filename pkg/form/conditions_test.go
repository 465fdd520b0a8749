package form

import (
	"slices"
	"testing"
)

// condForm has one question of each type that conditions can read, and a
// target question whose condition the tests set.
func condForm(cond string) Form {
	return Form{Sections: []Section{{Code: "c", Title: "Conditions", Questions: []Question{
		{Key: "pick", Text: "Pick", Type: TypeSingleChoice, Choice: &ChoiceSettings{Options: []Option{{"a", "A"}, {"b", "B"}}}},
		{Key: "many", Text: "Many", Type: TypeMultipleChoice, Choice: &ChoiceSettings{Options: []Option{{"x", "X"}, {"y", "Y"}}}},
		{Key: "rate", Text: "Rate", Type: TypeRatingScale, Scale: &ScaleSettings{Grades: []Grade{{Value: "low", Label: "Low", Score: 0}, {Value: "high", Label: "High", Score: 1}}}},
		{Key: "yn", Text: "Yes or no", Type: TypeYesNo},
		{Key: "count", Text: "Count", Type: TypeNumber, Number: &NumberSettings{Integer: true}},
		{Key: "ratio", Text: "Ratio", Type: TypeNumber},
		{Key: "words", Text: "Words", Type: TypeShortText},
		{Key: "when", Text: "When", Type: TypeDate},
		{Key: "files", Text: "Files", Type: TypeEvidence},
		{Key: "table", Text: "Table", Type: TypeTable, Table: &TableSettings{Columns: []Column{{Key: "c", Title: "C", Type: TypeShortText}}}},
		{Key: "signed", Text: "Signed", Type: TypeDeclaration},
		{Key: "target", Text: "Target", Type: TypeShortText, VisibleIf: cond},
	}}}}
}

func TestConditions(t *testing.T) {
	all := map[string]Answer{
		"pick":   {Choice: "b"},
		"many":   {Choices: []string{"x", "y"}},
		"rate":   {Grade: "high"},
		"yn":     {YesNo: "yes"},
		"count":  {Number: "0"},
		"ratio":  {Number: "0.75"},
		"words":  {Text: "hello"},
		"when":   {Date: "2024-05-01"},
		"files":  {Evidence: []EvidenceRef{{Name: "a", ID: "1"}}},
		"table":  {Rows: [][]Cell{{}, {}}},
		"signed": {Confirmed: true},
	}
	tests := []struct {
		cond    string
		answers map[string]Answer
		orgType string
		want    bool
	}{
		{``, nil, "", true},
		{`answers.pick == "b"`, all, "", true},
		{`answers.pick == "a"`, all, "", false},
		{`"y" in answers.many`, all, "", true},
		{`answers.many.exists(m, m == "z")`, all, "", false},
		{`answers.rate in ["high"]`, all, "", true},
		{`answers.yn == "yes"`, all, "", true},
		{`answers.count == 0`, all, "", true},
		{`answers.count > 0`, all, "", false},
		{`answers.ratio > 0.5`, all, "", true},
		{`answers.ratio < 1`, all, "", true},
		{`answers.words.startsWith("he")`, all, "", true},
		{`answers.when >= "2024-01-01"`, all, "", true},
		{`answers.files > 0`, all, "", true},
		{`answers.table == 2`, all, "", true},
		{`answers.signed`, all, "", true},
		{`org_type == "school"`, all, "school", true},
		{`org_type == "school"`, all, "police", false},
		// Unanswered questions make a condition false, even negated.
		{`answers.pick == "a"`, nil, "", false},
		{`answers.pick != "a"`, nil, "", false},
		{`!(answers.pick == "a")`, nil, "", false},
		// … unless the other side of || or && decides it.
		{`answers.pick == "a" || org_type == "school"`, nil, "school", true},
		{`answers.pick == "a" && org_type == "school"`, nil, "police", false},
		// A stale number that does not parse counts as unanswered.
		{`answers.count >= 0`, map[string]Answer{"count": {Number: "x"}}, "", false},
		{`answers.count >= 0`, map[string]Answer{"count": {Number: "99999999999999999999"}}, "", false},
		{`answers.count == 3`, map[string]Answer{"count": {Number: "3.0"}}, "", true},
		// Errors count as false.
		{`1 / answers.count == 1`, all, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.cond, func(t *testing.T) {
			c := mustCompile(t, condForm(tt.cond))
			if got := c.Visible(tt.answers, tt.orgType)["target"]; got != tt.want {
				t.Fatalf("Visible = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestConditionsReadOnlyShownAnswers(t *testing.T) {
	f := condForm(`answers.yn == "yes"`)
	qs := f.Sections[0].Questions
	qs[3].VisibleIf = `answers.pick == "a"` // yn shown only if pick is a
	c := mustCompile(t, f)
	answers := map[string]Answer{"pick": {Choice: "b"}, "yn": {YesNo: "yes"}}
	vis := c.Visible(answers, "")
	if vis["yn"] || vis["target"] {
		t.Fatalf("a hidden question's stale answer must not show others: %v", vis)
	}
	answers["pick"] = Answer{Choice: "a"}
	if vis := c.Visible(answers, ""); !vis["yn"] || !vis["target"] {
		t.Fatalf("want yn and target shown: %v", vis)
	}
}

func TestConditionsRespectApplicability(t *testing.T) {
	f := condForm(`answers.yn == "yes"`)
	f.Sections[0].Questions[3].AppliesTo = []string{"school"}
	c := mustCompile(t, f)
	answers := map[string]Answer{"yn": {YesNo: "yes"}}
	if vis := c.Visible(answers, "police"); vis["yn"] || vis["target"] {
		t.Fatalf("police must see neither: %v", vis)
	}
	if vis := c.Visible(answers, "school"); !vis["yn"] || !vis["target"] {
		t.Fatalf("school must see both: %v", vis)
	}
}

func TestConditionsEvaluatedAfterWhatTheyRead(t *testing.T) {
	// A reads B, which comes later in the form and reads C.
	f := Form{Sections: []Section{{Code: "s", Title: "S", Questions: []Question{
		{Key: "a", Text: "A", Type: TypeYesNo, VisibleIf: `answers.b == "yes"`},
		{Key: "b", Text: "B", Type: TypeYesNo, VisibleIf: `answers.c == "yes"`},
		{Key: "c", Text: "C", Type: TypeYesNo},
	}}}}
	c := mustCompile(t, f)
	vis := c.Visible(map[string]Answer{"b": {YesNo: "yes"}, "c": {YesNo: "yes"}}, "")
	if !vis["a"] || !vis["b"] || !vis["c"] {
		t.Fatalf("want all shown: %v", vis)
	}
	vis = c.Visible(map[string]Answer{"b": {YesNo: "yes"}, "c": {YesNo: "no"}}, "")
	if vis["a"] || vis["b"] {
		t.Fatalf("want a and b hidden: %v", vis)
	}
}

func TestHiddenListsKeysInFormOrder(t *testing.T) {
	f := Form{Sections: []Section{{Code: "s", Title: "S", Questions: []Question{
		{Key: "a", Text: "A", Type: TypeYesNo, VisibleIf: `answers.b == "yes"`},
		{Key: "b", Text: "B", Type: TypeYesNo, VisibleIf: `answers.c == "yes"`},
		{Key: "c", Text: "C", Type: TypeYesNo},
		{Key: "d", Text: "D", Type: TypeYesNo, AppliesTo: []string{"school"}},
	}}}}
	c := mustCompile(t, f)
	for _, tt := range []struct {
		answers map[string]Answer
		orgType string
		want    []string
	}{
		{nil, "police", []string{"a", "b", "d"}},
		{map[string]Answer{"c": {YesNo: "yes"}}, "school", []string{"a"}},
		{map[string]Answer{"b": {YesNo: "yes"}, "c": {YesNo: "yes"}}, "school", nil},
	} {
		if got := c.Progress(tt.answers, tt.orgType).Hidden; !slices.Equal(got, tt.want) {
			t.Errorf("Progress(%v, %q).Hidden = %v, want %v", tt.answers, tt.orgType, got, tt.want)
		}
	}
}

func TestConditionCostIsBounded(t *testing.T) {
	f := condForm(`[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, [1,2,3,4,5,6,7,8,9,10].all(d, a+b+c+d > 0))))`)
	c := mustCompile(t, f)
	if c.Visible(nil, "")["target"] {
		t.Fatal("a condition over the cost limit must count as false")
	}
}
