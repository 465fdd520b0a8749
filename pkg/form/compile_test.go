package form

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
)

func TestCompileAcceptsSample(t *testing.T) {
	mustCompile(t, sampleForm())
}

func TestCompileRefusesBadForms(t *testing.T) {
	q := func(f *Form, s, i int) *Question { return &f.Sections[s].Questions[i] }
	tests := []struct {
		name   string
		change func(f *Form)
		field  string
		reason string
	}{
		{"no sections", func(f *Form) { f.Sections = nil }, "sections", "at least one section"},
		{"empty section", func(f *Form) { f.Sections[3].Questions = nil }, "sections[3].questions", "at least one question"},
		{"duplicate code", func(f *Form) { f.Sections[2].Code = "S1" }, "sections[2].code", `"S1" is already used by sections[1]`},
		{"missing code", func(f *Form) { f.Sections[0].Code = "" }, "sections[0].code", "give the section a code"},
		{"bad code", func(f *Form) { f.Sections[0].Code = "a b" }, "sections[0].code", "letters, digits"},
		{"empty title", func(f *Form) { f.Sections[1].Title = " " }, "sections[1].title", "title"},
		{"negative section weight", func(f *Form) { f.Sections[1].Weight = -1 }, "sections[1].weight", "0 or more"},
		{"NaN weight", func(f *Form) { q(f, 1, 0).Weight = math.NaN() }, "sections[1].questions[0].weight", "finite"},
		{"duplicate applies_to", func(f *Form) { f.Sections[2].AppliesTo = []string{"school", "school"} }, "sections[2].applies_to[1]", "twice"},
		{"blank applies_to", func(f *Form) { q(f, 0, 0).AppliesTo = []string{""} }, "sections[0].questions[0].applies_to[0]", "organisation type"},
		{"duplicate key", func(f *Form) { q(f, 1, 2).Key = "on_roll" }, "sections[1].questions[2].key", `"on_roll" is already used by sections[0].questions[1]`},
		{"bad key", func(f *Form) { q(f, 0, 0).Key = "Setting" }, "sections[0].questions[0].key", "lower-case"},
		{"missing key", func(f *Form) { q(f, 0, 0).Key = "" }, "sections[0].questions[0].key", "give the question a key"},
		{"empty text", func(f *Form) { q(f, 0, 1).Text = "" }, "sections[0].questions[1].text", "text"},
		{"bad priority", func(f *Form) { q(f, 0, 1).Priority = "high" }, "sections[0].questions[1].priority", "essential, desirable"},
		{"unknown type", func(f *Form) { q(f, 3, 0).Type = "essay" }, "sections[3].questions[0].type", `not "essay"`},
		{"foreign settings", func(f *Form) { q(f, 0, 1).Length = &LengthSettings{MaxLength: 3} }, "sections[0].questions[1].length", "only short_text questions"},
		{"choice without options", func(f *Form) { q(f, 0, 0).Choice = nil }, "sections[0].questions[0].choice.options", "add the options"},
		{"single choice one option", func(f *Form) { q(f, 0, 0).Choice.Options = q(f, 0, 0).Choice.Options[:1] }, "sections[0].questions[0].choice.options", "at least 2"},
		{"duplicate option", func(f *Form) { q(f, 0, 0).Choice.Options[1].Value = "school" }, "sections[0].questions[0].choice.options[1].value", "already used"},
		{"option without label", func(f *Form) { q(f, 0, 0).Choice.Options[1].Label = "" }, "sections[0].questions[0].choice.options[1].label", "label"},
		{"spaced option", func(f *Form) { q(f, 0, 0).Choice.Options[1].Value = " x" }, "sections[0].questions[0].choice.options[1].value", "spaces"},
		{"selections on single choice", func(f *Form) { q(f, 0, 0).Choice.MaxSelections = 1 }, "sections[0].questions[0].choice", "multiple choice only"},
		{"min selections impossible", func(f *Form) { q(f, 1, 3).Choice.MinSelections = 4; q(f, 1, 3).Choice.MaxSelections = 0 }, "sections[1].questions[3].choice.min_selections", "only 3 options"},
		{"max below min", func(f *Form) { q(f, 1, 3).Choice.MaxSelections = 1 }, "sections[1].questions[3].choice.max_selections", "below min_selections"},
		{"negative max selections", func(f *Form) { q(f, 1, 3).Choice.MaxSelections = -1 }, "sections[1].questions[3].choice.max_selections", "negative"},
		{"scale missing", func(f *Form) { q(f, 2, 0).Scale = nil }, "sections[2].questions[0].scale", "add the grades"},
		{"scale one grade", func(f *Form) { q(f, 2, 0).Scale.Grades = q(f, 2, 0).Scale.Grades[:1] }, "sections[2].questions[0].scale.grades", "at least 2 grades"},
		{"scale no grades", func(f *Form) { q(f, 2, 0).Scale.Grades = nil; q(f, 2, 0).Scale.EvidenceAtOrAbove = "" }, "sections[2].questions[0].scale.grades", "it has 0"},
		{"duplicate grade", func(f *Form) { q(f, 2, 0).Scale.Grades[1].Value = "4" }, "sections[2].questions[0].scale.grades[1].value", "already used by grades[0]"},
		{"bad colour", func(f *Form) { q(f, 1, 0).Scale.Grades[0].Colour = "green" }, "sections[1].questions[0].scale.grades[0].colour", "#rrggbb"},
		{"grade without label", func(f *Form) { q(f, 1, 0).Scale.Grades[0].Label = "" }, "sections[1].questions[0].scale.grades[0].label", "label"},
		{"infinite score", func(f *Form) { q(f, 1, 0).Scale.Grades[0].Score = math.Inf(1) }, "sections[1].questions[0].scale.grades[0].score", "finite"},
		{"two n/a grades", func(f *Form) { q(f, 1, 0).Scale.Grades[1].NotApplicable = true; q(f, 1, 0).Scale.Grades[1].Score = 0 }, "sections[1].questions[0].scale.grades[3].not_applicable", "at most one"},
		{"scored n/a", func(f *Form) { q(f, 1, 0).Scale.Grades[3].Score = 5 }, "sections[1].questions[0].scale.grades[3].score", "no score"},
		{"evidence grade missing", func(f *Form) { q(f, 1, 0).Scale.EvidenceAtOrAbove = "blue" }, "sections[1].questions[0].scale.evidence_at_or_above", `no grade has value "blue"`},
		{"evidence grade n/a", func(f *Form) { q(f, 1, 0).Scale.EvidenceAtOrAbove = "na" }, "sections[1].questions[0].scale.evidence_at_or_above", "not-applicable"},
		{"evidence key alone", func(f *Form) { q(f, 1, 0).Scale.EvidenceAtOrAbove = "" }, "sections[1].questions[0].scale.evidence_key", "set evidence_at_or_above"},
		{"evidence key missing", func(f *Form) { q(f, 1, 0).Scale.EvidenceKey = "nope" }, "sections[1].questions[0].scale.evidence_key", `no question has key "nope"`},
		{"evidence key wrong type", func(f *Form) { q(f, 1, 0).Scale.EvidenceKey = "s1_notes" }, "sections[1].questions[0].scale.evidence_key", "name an evidence question"},
		{"number bounds reversed", func(f *Form) { q(f, 0, 1).Number.Min = "10"; q(f, 0, 1).Number.Max = "2" }, "sections[0].questions[1].number.max", "below min (10)"},
		{"number bound not a number", func(f *Form) { q(f, 0, 1).Number.Min = "1e3" }, "sections[0].questions[1].number.min", "write a number"},
		{"no whole number", func(f *Form) { q(f, 0, 1).Number.Min = "1.2"; q(f, 0, 1).Number.Max = "1.8" }, "sections[0].questions[1].number", "no whole number"},
		{"negative length", func(f *Form) { q(f, 0, 4).Length.MaxLength = -1 }, "sections[0].questions[4].length.max_length", "negative"},
		{"date bounds reversed", func(f *Form) { q(f, 1, 4).DateRange.Min = "2031-01-01" }, "sections[1].questions[4].date_range.max", "before min"},
		{"bad date bound", func(f *Form) { q(f, 1, 4).DateRange.Max = "2030-02-30" }, "sections[1].questions[4].date_range.max", "YYYY-MM-DD"},
		{"evidence bounds reversed", func(f *Form) { q(f, 1, 1).Evidence.MinFiles = 4 }, "sections[1].questions[1].evidence.max_files", "below min_files"},
		{"negative min files", func(f *Form) { q(f, 1, 1).Evidence.MinFiles = -1 }, "sections[1].questions[1].evidence.min_files", "negative"},
		{"table missing", func(f *Form) { q(f, 2, 1).Table = nil }, "sections[2].questions[1].table", "add the columns"},
		{"table no columns", func(f *Form) { q(f, 2, 1).Table.Columns = nil }, "sections[2].questions[1].table.columns", "at least one column"},
		{"rows reversed", func(f *Form) { q(f, 2, 1).Table.MinRows = 5 }, "sections[2].questions[1].table.max_rows", "below min_rows"},
		{"negative rows", func(f *Form) { q(f, 2, 1).Table.MaxRows = -2 }, "sections[2].questions[1].table.max_rows", "negative"},
		{"duplicate column", func(f *Form) { q(f, 2, 1).Table.Columns[1].Key = "when" }, "sections[2].questions[1].table.columns[1].key", "already used by columns[0]"},
		{"bad column type", func(f *Form) { q(f, 2, 1).Table.Columns[1].Type = TypeEvidence }, "sections[2].questions[1].table.columns[1].type", "a column is"},
		{"column without title", func(f *Form) { q(f, 2, 1).Table.Columns[1].Title = "" }, "sections[2].questions[1].table.columns[1].title", "title"},
		{"column choice without options", func(f *Form) { q(f, 2, 1).Table.Columns[2].Choice = nil }, "sections[2].questions[1].table.columns[2].choice.options", "add the options"},
		{"column foreign settings", func(f *Form) { q(f, 2, 1).Table.Columns[0].Number = &NumberSettings{} }, "sections[2].questions[1].table.columns[0].number", "only number columns"},
		{"column number bounds", func(f *Form) { q(f, 2, 1).Table.Columns[3].Number.Max = "0" }, "sections[2].questions[1].table.columns[3].number.max", "below min"},
		{"condition missing key", func(f *Form) { q(f, 0, 4).VisibleIf = `answers.has_lead == "yes"` }, "sections[0].questions[4].visible_if", `no question has key "has_lead"`},
		{"condition wrong type", func(f *Form) { q(f, 0, 4).VisibleIf = `answers.has_dsl > 3` }, "sections[0].questions[4].visible_if", "no matching overload"},
		{"condition decimal vs int", func(f *Form) { q(f, 0, 4).VisibleIf = `answers.fte_staff == 3` }, "sections[0].questions[4].visible_if", "write 3.0"},
		{"condition not bool", func(f *Form) { q(f, 0, 4).VisibleIf = `answers.on_roll + 1` }, "sections[0].questions[4].visible_if", "true or false"},
		{"condition syntax", func(f *Form) { q(f, 0, 4).VisibleIf = `answers.has_dsl ==` }, "sections[0].questions[4].visible_if", "at column"},
		{"condition bare answers", func(f *Form) { q(f, 0, 4).VisibleIf = `answers["has_dsl"] == "yes"` }, "sections[0].questions[4].visible_if", "answers.<key>"},
		{"condition too long", func(f *Form) { q(f, 0, 4).VisibleIf = "true" + string(make([]byte, MaxConditionLength)) }, "sections[0].questions[4].visible_if", "at most 1000 bytes"},
		{"self cycle", func(f *Form) { q(f, 0, 3).VisibleIf = `answers.has_dsl == "no"` }, "sections[0].questions[3].visible_if", "has_dsl → has_dsl"},
		{"cycle", func(f *Form) { q(f, 0, 3).VisibleIf = `answers.dsl_name != ""` }, "sections[0].questions[4].visible_if", "cycle: has_dsl → dsl_name → has_dsl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := sampleForm()
			tt.change(&f)
			c, err := Compile(f)
			if err == nil || c != nil {
				t.Fatalf("Compile accepted the form")
			}
			wantViolation(t, err, tt.field, tt.reason)
		})
	}
}

func TestCompileReportsEveryProblem(t *testing.T) {
	f := sampleForm()
	f.Sections[0].Questions[2].Key = "on_roll"
	f.Sections[1].Questions[0].Scale.Grades = nil
	f.Sections[1].Questions[0].Scale.EvidenceAtOrAbove = ""
	f.Sections[1].Questions[0].Scale.EvidenceKey = ""
	f.Sections[2].Questions[1].Table.MinRows = 9
	_, err := Compile(f)
	if got := len(violations(t, err)); got != 3 {
		t.Fatalf("want 3 violations, got %d: %v", got, err)
	}
}

func TestCompiledKeepsItsOwnCopy(t *testing.T) {
	f := sampleForm()
	c := mustCompile(t, f)
	f.Sections[0].Questions[0].Choice.Options[0].Value = "changed"
	f.Sections[0].Code = "changed"
	if got := c.Form().Sections[0]; got.Code != "about" || got.Questions[0].Choice.Options[0].Value != "school" {
		t.Fatalf("compiled form changed with its source: %+v", got)
	}
	if err := c.CheckDraft([]Answer{{Key: "setting_type", Choice: "school"}}); err != nil {
		t.Fatal(err)
	}
}

func TestCompiledJSONRoundTrip(t *testing.T) {
	c := mustCompile(t, sampleForm())
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var back Compiled
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Form(), sampleForm()) {
		t.Fatal("form changed in a JSON round trip")
	}
	if err := back.CheckSubmit(fullAnswers(), "school"); err != nil {
		t.Fatalf("round-tripped form refuses a valid return: %v", err)
	}
	var bad Compiled
	wantViolation(t, json.Unmarshal([]byte(`{"sections":[]}`), &bad), "sections", "at least one section")
	wantViolation(t, json.Unmarshal([]byte(`{"sections":7}`), &bad), "form", "not a valid form")
}
