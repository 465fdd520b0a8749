package domain

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/pkg/testinfra"
)

func rag() *form.ScaleSettings {
	return &form.ScaleSettings{Grades: []form.Grade{
		{Value: "green", Label: "Green: fully met", Colour: "#1a7f37", Score: 3},
		{Value: "red", Label: "Red: not met", Colour: "#d1242f", Score: 1},
		{Value: "amber", Label: "Amber: partly met", Colour: "#bf8700", Score: 2},
		{Value: "na", Label: "Not applicable", NotApplicable: true},
	}, Moderated: true, EvidenceAtOrAbove: "green", EvidenceKey: "s1_evidence"}
}

// valid returns fresh, valid content with every question type to spoil.
func valid() Content {
	return Content{
		Introduction: " How to answer. ",
		Guidance:     map[string]string{"S1": "Senior leads."},
		Form: form.Form{Sections: []form.Section{
			{Code: "about", Title: "About you", Questions: []form.Question{
				{Key: "org_type", Text: "Type of setting", Type: form.TypeSingleChoice, Choice: &form.ChoiceSettings{Options: []form.Option{{Value: "school", Label: "School"}, {Value: "police", Label: "Police"}}}},
				{Key: "on_roll", Text: "Numbers on roll", Type: form.TypeNumber, Number: &form.NumberSettings{Unit: "pupils", Min: "0", Integer: true}, AppliesTo: []string{"school"}},
			}},
			{Code: "S1", Title: " Leadership ", Weight: 2, Questions: []form.Question{
				{Key: "s1_lead", Text: "Is there a named lead?", Required: true, Priority: form.PriorityEssential, Weight: 2, Type: form.TypeRatingScale, Scale: rag()},
				{Key: "s1_evidence", Text: "Evidence", Type: form.TypeEvidence, Evidence: &form.EvidenceSettings{Description: "Minutes"}},
				{Key: "s1_notes", Text: "Notes", Type: form.TypeLongText},
				{Key: "s1_why", Text: "Why not?", Type: form.TypeShortText, VisibleIf: "answers.s1_lead == 'red'"},
				{Key: "s1_areas", Text: "Areas", Type: form.TypeMultipleChoice, Choice: &form.ChoiceSettings{Options: []form.Option{{Value: "a", Label: "A"}, {Value: "b", Label: "B"}}, MaxSelections: 2}},
				{Key: "s1_policy", Text: "Policy?", Type: form.TypeYesNo, YesNo: &form.YesNoSettings{AllowPartly: true}},
				{Key: "s1_date", Text: "Reviewed", Type: form.TypeDate, DateRange: &form.DateSettings{Min: "2020-01-01"}},
				{Key: "s1_chron", Text: "Chronology", Type: form.TypeTable, Table: &form.TableSettings{Columns: []form.Column{
					{Key: "when", Title: "When", Type: form.TypeDate, Required: true},
					{Key: "what", Title: "What", Type: form.TypeShortText},
				}}},
				{Key: "s1_sign", Text: "I confirm", Type: form.TypeDeclaration},
			}},
		}},
	}
}

func TestNewTemplate(t *testing.T) {
	now := time.Now()
	q := func(c *Content, s, i int) *form.Question { return &c.Form.Sections[s].Questions[i] }
	tests := []struct {
		name       string
		display    string
		kind       Kind
		spoil      func(c *Content)
		wantFields []string
	}{
		{"ok", " Section 11 ", KindSection11, nil, nil},
		{"empty draft", "A", KindOther, func(c *Content) { *c = Content{} }, nil},
		{"section without questions", "A", KindOther, func(c *Content) { c.Form.Sections[0].Questions = nil }, nil},
		{"empty name", "  ", KindSection11, nil, []string{"template.display_name"}},
		{"long name", strings.Repeat("x", 201), KindSection11, nil, []string{"template.display_name"}},
		{"no kind", "A", KindUnspecified, nil, []string{"template.kind"}},
		{"bad kind", "A", Kind(99), nil, []string{"template.kind"}},
		{"long introduction", "A", KindOther, func(c *Content) { c.Introduction = strings.Repeat("i", MaxIntroduction+1) }, []string{"template.introduction"}},
		{"bad code", "A", KindOther, func(c *Content) { c.Form.Sections[1].Code = "S 1" }, []string{"template.sections[1].code"}},
		{"repeated code", "A", KindOther, func(c *Content) { c.Form.Sections[1].Code = "about" }, []string{"template.sections[1].code"}},
		{"code repeated in another case", "A", KindOther, func(c *Content) { c.Form.Sections[1].Code = "ABOUT" }, []string{"template.sections[1].code"}},
		{"blank title", "A", KindOther, func(c *Content) { c.Form.Sections[0].Title = "\t" }, []string{"template.sections[0].title"}},
		{"long guidance", "A", KindOther, func(c *Content) { c.Guidance["S1"] = strings.Repeat("g", 10001) }, []string{"template.sections[1].guidance"}},
		{"bad key", "A", KindOther, func(c *Content) { q(c, 1, 2).Key = "Notes" }, []string{"template.sections[1].questions[2].key"}},
		{"key repeated across sections", "A", KindOther, func(c *Content) { q(c, 1, 2).Key = "org_type" }, []string{"template.sections[1].questions[2].key"}},
		{"blank text", "A", KindOther, func(c *Content) { q(c, 1, 0).Text = " " }, []string{"template.sections[1].questions[0].text"}},
		{"long help", "A", KindOther, func(c *Content) { q(c, 1, 0).Help = strings.Repeat("h", 5001) }, []string{"template.sections[1].questions[0].help"}},
		{"no type", "A", KindOther, func(c *Content) { q(c, 1, 2).Type = "" }, []string{"template.sections[1].questions[2].type"}},
		{"one scored grade", "A", KindOther, func(c *Content) { q(c, 1, 0).Scale.Grades = q(c, 1, 0).Scale.Grades[2:] },
			[]string{"template.sections[1].questions[0].rating.grades", "template.sections[1].questions[0].rating.evidence_at_or_above"}},
		{"repeated grade", "A", KindOther, func(c *Content) { q(c, 1, 0).Scale.Grades[2].Value = "red" },
			[]string{"template.sections[1].questions[0].rating.grades[2].value"}},
		{"fractional score", "A", KindOther, func(c *Content) { q(c, 1, 0).Scale.Grades[1].Score = 1.5 },
			[]string{"template.sections[1].questions[0].rating.grades[1].score"}},
		{"bad colour", "A", KindOther, func(c *Content) { q(c, 1, 0).Scale.Grades[0].Colour = "green" },
			[]string{"template.sections[1].questions[0].rating.grades[0].colour"}},
		{"bounds the wrong way round", "A", KindOther, func(c *Content) { q(c, 0, 1).Number.Max = "-1" },
			[]string{"template.sections[0].questions[1].number.max"}},
		{"one option", "A", KindOther, func(c *Content) { q(c, 0, 0).Choice.Options = q(c, 0, 0).Choice.Options[:1] },
			[]string{"template.sections[0].questions[0].single_choice.options"}},
		{"selections", "A", KindOther, func(c *Content) { q(c, 1, 4).Choice.MaxSelections = -1 },
			[]string{"template.sections[1].questions[4].multiple_choice.max_selections"}},
		{"condition on a missing key", "A", KindOther, func(c *Content) { q(c, 1, 3).VisibleIf = "answers.nope == 'x'" },
			[]string{"template.sections[1].questions[3].visible_if"}},
		{"negative length", "A", KindOther, func(c *Content) { q(c, 1, 2).Length = &form.LengthSettings{MaxLength: -1} },
			[]string{"template.sections[1].questions[2].text_answer.max_length"}},
		{"bad column", "A", KindOther, func(c *Content) { q(c, 1, 7).Table.Columns[1].Length = &form.LengthSettings{MaxLength: -1} },
			[]string{"template.sections[1].questions[7].table.columns[1].text_answer.max_length"}},
		{"bad continues", "A", KindOther, func(c *Content) { c.Continues = map[string][]string{"s1_lead": {"Old", "old", "old"}} },
			[]string{"template.sections[1].questions[0].continues[0]", "template.sections[1].questions[0].continues[2]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid()
			if tt.spoil != nil {
				tt.spoil(&c)
			}
			tpl, err := NewTemplate("t1", "p1", tt.display, tt.kind, c, now)
			if tt.wantFields == nil {
				if err != nil {
					t.Fatal(err)
				}
				if tpl.DisplayName != strings.TrimSpace(tt.display) || tpl.Version != 1 || tpl.LatestVersion != 0 || !tpl.UpdateTime.Equal(now) {
					t.Fatalf("got %+v", tpl)
				}
				if tt.spoil == nil {
					s := tpl.Content.Form.Sections[1]
					if tpl.Content.Introduction != "How to answer." || s.Title != "Leadership" ||
						s.Questions[2].Length.MaxLength != form.DefaultLongTextLength || c.Form.Sections[1].Questions[2].Length != nil {
						t.Fatalf("not normalised, or the input changed: %+v", tpl.Content)
					}
				}
				return
			}
			testinfra.WantViolations(t, err, tt.wantFields)
		})
	}
}

func TestUpdate(t *testing.T) {
	created := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	tpl, err := NewTemplate("t1", "p1", "Section 11", KindSection11, valid(), created)
	if err != nil {
		t.Fatal(err)
	}
	later := created.Add(time.Hour)
	name, intro := "Renamed", "New intro"
	next, err := tpl.Update(Change{DisplayName: &name, Introduction: &intro}, later)
	if err != nil || next.DisplayName != "Renamed" || next.Content.Introduction != "New intro" || next.Version != 2 ||
		!next.UpdateTime.Equal(later) || !reflect.DeepEqual(next.Content.Form, tpl.Content.Form) {
		t.Fatalf("update: %+v %v", next, err)
	}
	c := valid()
	c.Form.Sections = c.Form.Sections[:1]
	c.Introduction = "ignored"
	next, err = next.Update(Change{Content: &c}, later)
	if err != nil || len(next.Content.Form.Sections) != 1 || next.Content.Introduction != "New intro" || next.Content.Guidance != nil {
		t.Fatalf("update sections: %+v %v", next.Content, err)
	}
	blank := " "
	c.Form.Sections[0].Code = "bad code"
	_, err = next.Update(Change{DisplayName: &blank, Content: &c}, later)
	testinfra.WantViolations(t, err, []string{"template.display_name", "template.sections[0].code"})
}

func TestPublishAndLineage(t *testing.T) {
	created := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	tpl, err := NewTemplate("t1", "p1", "Section 11", KindSection11, valid(), created)
	if err != nil {
		t.Fatal(err)
	}
	later := created.Add(time.Hour)
	next, v1, err := tpl.Publish(nil, later)
	if err != nil {
		t.Fatal(err)
	}
	if next.LatestVersion != 1 || next.Version != 2 || !next.UpdateTime.Equal(later) || !next.CreateTime.Equal(created) {
		t.Fatalf("template after publishing: %+v", next)
	}
	if v1.Number != 1 || v1.TemplateID != "t1" || v1.Owner != "p1" || !v1.PublishTime.Equal(later) || v1.Content.LatestVersion != 1 {
		t.Fatalf("version: %+v", v1)
	}
	for _, l := range v1.Lineage {
		if l.Kind != LineageNew || l.PreviousKeys != nil {
			t.Fatalf("first version lineage %+v", l)
		}
	}
	if tpl.LatestVersion != 0 || tpl.Version != 1 {
		t.Fatal("publishing changed the original")
	}

	// Version 2: s1_notes renamed to s1_comments, s1_policy split into
	// s1_policy and s1_policy_review, s1_date and s1_sign merged into
	// s1_signed, s1_new new, the rest the same.
	c := next.Content
	qs := c.Form.Sections[1].Questions
	qs[2].Key = "s1_comments"
	qs = append(qs[:6], form.Question{Key: "s1_policy_review", Text: "Reviewed?", Type: form.TypeYesNo},
		form.Question{Key: "s1_signed", Text: "Signed and dated", Type: form.TypeDeclaration},
		qs[7], form.Question{Key: "s1_new", Text: "New", Type: form.TypeShortText})
	c.Form.Sections[1].Questions = qs
	c.Continues = map[string][]string{"s1_comments": {"s1_notes"}, "s1_policy_review": {"s1_policy"}, "s1_signed": {"s1_date", "s1_sign"}}
	edited, err := next.Update(Change{Content: &c}, later)
	if err != nil {
		t.Fatal(err)
	}
	after, v2, err := edited.Publish(&v1, later)
	if err != nil {
		t.Fatal(err)
	}
	if after.Content.Continues != nil || v2.Number != 2 {
		t.Fatalf("after second publish: %+v", after.Content.Continues)
	}
	got := map[string]Lineage{}
	for _, l := range v2.Lineage {
		got[l.Key] = l
	}
	want := map[string]Lineage{
		"org_type":         {"org_type", LineageSame, []string{"org_type"}},
		"s1_comments":      {"s1_comments", LineageRenamed, []string{"s1_notes"}},
		"s1_policy":        {"s1_policy", LineageSplit, []string{"s1_policy"}},
		"s1_policy_review": {"s1_policy_review", LineageSplit, []string{"s1_policy"}},
		"s1_signed":        {"s1_signed", LineageMerged, []string{"s1_date", "s1_sign"}},
		"s1_new":           {"s1_new", LineageNew, nil},
	}
	for k, w := range want {
		if !reflect.DeepEqual(got[k], w) {
			t.Errorf("lineage of %s = %+v, want %+v", k, got[k], w)
		}
	}
	if len(v2.Lineage) != 12 {
		t.Errorf("lineage has %d entries", len(v2.Lineage))
	}

	// Continuing a key the previous version lacks, or declaring lineage
	// on a first version, is refused; so is an incomplete form.
	c.Continues = map[string][]string{"s1_new": {"s1_gone"}}
	bad, _ := after.Update(Change{Content: &c}, later)
	_, _, err = bad.Publish(&v2, later)
	testinfra.WantViolations(t, err, []string{"template.sections[1].questions[9].continues[0]"})
	_, _, err = bad.Publish(nil, later)
	testinfra.WantViolations(t, err, []string{"template.sections[1].questions[9].continues[0]"})
	empty, _ := NewTemplate("t2", "p1", "Empty", KindOther, Content{Form: form.Form{Sections: []form.Section{{Code: "S1", Title: "T"}}}}, later)
	_, _, err = empty.Publish(nil, later)
	testinfra.WantViolations(t, err, []string{"template.sections[0].questions"})
}

func TestDiff(t *testing.T) {
	a := valid().Form
	b := valid().Form
	qs := b.Sections[1].Questions
	qs[0].Text = "Changed?"
	qs[0].Scale.Moderated = false
	b.Sections[1].Questions = append([]form.Question{{Key: "s1_first", Text: "New first", Type: form.TypeShortText}}, qs[:2]...)
	b.Sections[1].Questions = append(b.Sections[1].Questions, qs[3], qs[2]) // s1_why before s1_notes
	b.Sections[1].Questions = append(b.Sections[1].Questions, qs[5:]...)    // s1_areas removed
	b.Sections[0].Questions = b.Sections[0].Questions[:1]
	b.Sections[1].Questions = append(b.Sections[1].Questions, valid().Form.Sections[0].Questions[1]) // on_roll moved to S1
	got := Diff(a, b)
	want := []QuestionChange{
		{Key: "s1_areas", Kind: ChangeRemoved, Path: "sections[1].questions[4]"},
		{Key: "s1_first", Kind: ChangeAdded, OtherPath: "sections[1].questions[0]"},
		{Key: "s1_lead", Kind: ChangeChanged, Path: "sections[1].questions[0]", OtherPath: "sections[1].questions[1]", Fields: []string{"rating", "text"}},
		{Key: "s1_why", Kind: ChangeMoved, Path: "sections[1].questions[3]", OtherPath: "sections[1].questions[3]"},
		{Key: "s1_notes", Kind: ChangeMoved, Path: "sections[1].questions[2]", OtherPath: "sections[1].questions[4]"},
		{Key: "on_roll", Kind: ChangeMoved, Path: "sections[0].questions[1]", OtherPath: "sections[1].questions[9]"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("diff:\n got %+v\nwant %+v", got, want)
	}
	if d := Diff(a, a); len(d) != 0 {
		t.Fatalf("diff of a form with itself: %+v", d)
	}
}

// FuzzNewTemplate checks that no input makes the validator panic, that it
// only ever fails with invalid-argument errors naming a template field and
// a reason, and that what it accepts it accepts again unchanged.
func FuzzNewTemplate(f *testing.F) {
	f.Add("Section 11", 1, "S1", "Leadership", "s1_lead", "Is there a lead?", "red", "green", "#d1242f", "S2", "answers.s1_lead == 'red'", true, 0)
	f.Add("", 0, "", "", "", "", "", "", "", "", "", true, -1)
	f.Add(" x ", 4, "s1", "\t", "s1_lead", " ", "red", "red", "red", "S1", "s1_lead", true, 100001)
	f.Add("\xff", 99, "S 1", "T", "Key", "Q", "a", "b", "#GGGGGG", "s-2", "k ==", false, 10)
	f.Fuzz(func(t *testing.T, display string, kind int, code, title, key, text, grade1, grade2, colour, code2, cond string, long bool, maxLength int) {
		typ := form.TypeShortText
		if long {
			typ = form.TypeLongText
		}
		c := Content{Guidance: map[string]string{code: title}, Continues: map[string][]string{key: {grade1}}, Form: form.Form{Sections: []form.Section{
			{Code: code, Title: title, Questions: []form.Question{
				{Key: key, Text: text, Help: title, Type: form.TypeRatingScale, Scale: &form.ScaleSettings{Grades: []form.Grade{
					{Value: grade1, Label: display, Colour: colour, Score: float64(maxLength)},
					{Value: grade2, Label: text, Colour: colour},
				}}},
			}},
			{Code: code2, Title: text, Questions: []form.Question{
				{Key: key + "_2", Text: title, Type: typ, VisibleIf: cond, Length: &form.LengthSettings{MaxLength: maxLength}},
			}},
		}}}
		tpl, err := NewTemplate("t", "p", display, Kind(kind), c, time.Unix(0, 0))
		if err != nil {
			f, ok := failure.As(err)
			if !ok || f.Kind != failure.KindInvalid || len(f.Violations) == 0 {
				t.Fatalf("err = %v", err)
			}
			for _, v := range f.Violations {
				if !strings.HasPrefix(v.Field, "template.") || v.Reason == "" {
					t.Fatalf("violation %+v", v)
				}
			}
			return
		}
		again, err := NewTemplate("t", "p", tpl.DisplayName, tpl.Kind, tpl.Content, time.Unix(0, 0))
		if err != nil {
			t.Fatalf("accepted content rejected on second look: %v", err)
		}
		if !reflect.DeepEqual(again.Content, tpl.Content) {
			t.Fatalf("normalising twice changed the content: %+v %+v", tpl.Content, again.Content)
		}
	})
}
