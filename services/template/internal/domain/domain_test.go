package domain

import (
	"strings"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/testinfra"
)

func rag() *RatingScale {
	return &RatingScale{Grades: []Grade{
		{Value: "red", Label: "Red: not met", Colour: "#d1242f", Score: 1},
		{Value: "amber", Label: "Amber: partly met", Colour: "#bf8700", Score: 2},
		{Value: "green", Label: "Green: fully met", Colour: "#1a7f37", Score: 3},
	}}
}

// valid returns a fresh, valid set of sections to spoil.
func valid() []Section {
	return []Section{
		{Code: "S1", Title: " Leadership ", Guidance: "Senior leads.", Questions: []Question{
			{Key: "s1_lead", Text: "Is there a named lead?", Required: true, Rating: rag()},
			{Key: "s1_notes", Text: "Notes", TextAnswer: &TextType{}},
		}},
		{Code: "S2", Title: "Supervision", Questions: []Question{
			{Key: "s2_supervision", Text: "Is supervision regular?", Rating: rag()},
		}},
	}
}

func TestNewTemplate(t *testing.T) {
	now := time.Now()
	tests := []struct {
		name       string
		display    string
		kind       Kind
		spoil      func(s []Section) []Section
		wantFields []string
	}{
		{"ok", " Section 11 ", KindSection11, nil, nil},
		{"empty name", "  ", KindSection11, nil, []string{"template.display_name"}},
		{"long name", strings.Repeat("x", 201), KindSection11, nil, []string{"template.display_name"}},
		{"no kind", "A", KindUnspecified, nil, []string{"template.kind"}},
		{"bad kind", "A", Kind(99), nil, []string{"template.kind"}},
		{"no sections", "A", KindOther, func([]Section) []Section { return nil }, []string{"template.sections"}},
		{"bad code", "A", KindOther, func(s []Section) []Section { s[1].Code = "S 2"; return s }, []string{"template.sections[1].code"}},
		{"repeated code", "A", KindOther, func(s []Section) []Section { s[1].Code = "s1"; return s }, []string{"template.sections[1].code"}},
		{"blank title", "A", KindOther, func(s []Section) []Section { s[0].Title = "\t"; return s }, []string{"template.sections[0].title"}},
		{"long guidance", "A", KindOther, func(s []Section) []Section { s[0].Guidance = strings.Repeat("g", 10001); return s }, []string{"template.sections[0].guidance"}},
		{"no questions", "A", KindOther, func(s []Section) []Section { s[1].Questions = nil; return s }, []string{"template.sections[1].questions"}},
		{"bad key", "A", KindOther, func(s []Section) []Section { s[0].Questions[1].Key = "Notes"; return s }, []string{"template.sections[0].questions[1].key"}},
		{"key repeated across sections", "A", KindOther, func(s []Section) []Section { s[1].Questions[0].Key = "s1_lead"; return s }, []string{"template.sections[1].questions[0].key"}},
		{"blank text", "A", KindOther, func(s []Section) []Section { s[0].Questions[0].Text = " "; return s }, []string{"template.sections[0].questions[0].text"}},
		{"long help", "A", KindOther, func(s []Section) []Section { s[0].Questions[0].Help = strings.Repeat("h", 5001); return s }, []string{"template.sections[0].questions[0].help"}},
		{"no type", "A", KindOther, func(s []Section) []Section { s[0].Questions[0].Rating = nil; return s }, []string{"template.sections[0].questions[0].type"}},
		{"two types", "A", KindOther, func(s []Section) []Section { s[0].Questions[1].Rating = rag(); return s }, []string{"template.sections[0].questions[1].type"}},
		{"one grade", "A", KindOther, func(s []Section) []Section {
			s[0].Questions[0].Rating.Grades = s[0].Questions[0].Rating.Grades[:1]
			return s
		}, []string{"template.sections[0].questions[0].rating.grades"}},
		{"repeated grade", "A", KindOther, func(s []Section) []Section { s[1].Questions[0].Rating.Grades[2].Value = "red"; return s },
			[]string{"template.sections[1].questions[0].rating.grades[2].value"}},
		{"bad grade", "A", KindOther, func(s []Section) []Section {
			g := &s[1].Questions[0].Rating.Grades[0]
			g.Value, g.Label, g.Colour = "Red", "", "red"
			return s
		}, []string{"template.sections[1].questions[0].rating.grades[0].value",
			"template.sections[1].questions[0].rating.grades[0].colour",
			"template.sections[1].questions[0].rating.grades[0].label"}},
		{"negative length", "A", KindOther, func(s []Section) []Section { s[0].Questions[1].TextAnswer.MaxLength = -1; return s },
			[]string{"template.sections[0].questions[1].text_answer.max_length"}},
		{"huge length", "A", KindOther, func(s []Section) []Section { s[0].Questions[1].TextAnswer.MaxLength = 100001; return s },
			[]string{"template.sections[0].questions[1].text_answer.max_length"}},
		{"everything", "", KindUnspecified, func(s []Section) []Section {
			s[0].Code = s[1].Code
			s[1].Questions[0].Key = s[0].Questions[0].Key
			return s
		}, []string{"template.display_name", "template.kind", "template.sections[1].code", "template.sections[1].questions[0].key"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sections := valid()
			if tt.spoil != nil {
				sections = tt.spoil(sections)
			}
			tpl, err := NewTemplate("t1", "p1", tt.display, tt.kind, sections, now)
			if tt.wantFields == nil {
				if err != nil {
					t.Fatal(err)
				}
				if tpl.DisplayName != "Section 11" || tpl.Version != 1 || tpl.LatestVersion != 0 || !tpl.UpdateTime.Equal(now) {
					t.Fatalf("got %+v", tpl)
				}
				if tpl.Sections[0].Title != "Leadership" || tpl.Sections[0].Questions[1].TextAnswer.MaxLength != DefaultTextMaxLength {
					t.Fatalf("not normalised: %+v", tpl.Sections[0])
				}
				return
			}
			testinfra.WantViolations(t, err, tt.wantFields)
		})
	}
}

func TestPublish(t *testing.T) {
	created := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	tpl, err := NewTemplate("t1", "p1", "Section 11", KindSection11, valid(), created)
	if err != nil {
		t.Fatal(err)
	}
	later := created.Add(time.Hour)
	next, v := tpl.Publish(later)
	if next.LatestVersion != 1 || next.Version != 2 || !next.UpdateTime.Equal(later) || !next.CreateTime.Equal(created) {
		t.Fatalf("template after publishing: %+v", next)
	}
	if v.Number != 1 || v.TemplateID != "t1" || v.PartnershipID != "p1" || !v.PublishTime.Equal(later) || v.Content.LatestVersion != 1 {
		t.Fatalf("version: %+v", v)
	}
	if tpl.LatestVersion != 0 || tpl.Version != 1 {
		t.Fatal("publishing changed the original")
	}
	_, v2 := next.Publish(later.Add(time.Hour))
	if v2.Number != 2 {
		t.Fatalf("second version is %d", v2.Number)
	}
}

// FuzzNewTemplate checks that no input makes the validator panic, that it
// only ever fails with invalid-argument errors naming a field and a reason,
// and that what it accepts it accepts again unchanged.
func FuzzNewTemplate(f *testing.F) {
	f.Add("Section 11", 1, "S1", "Leadership", "s1_lead", "Is there a lead?", "red", "green", "#d1242f", "S2", "s2_notes", true, 0)
	f.Add("", 0, "", "", "", "", "", "", "", "", "", true, -1)
	f.Add(" x ", 4, "s1", "\t", "s1_lead", " ", "red", "red", "red", "S1", "s1_lead", true, 100001)
	f.Add("\xff", 99, "S 1", "T", "Key", "Q", "a", "b", "#GGGGGG", "s-2", "k", false, 10)
	f.Fuzz(func(t *testing.T, display string, kind int, code, title, key, text, grade1, grade2, colour, code2, key2 string, textAnswer bool, maxLength int) {
		q2 := Question{Key: key2, Text: text}
		if textAnswer {
			q2.TextAnswer = &TextType{MaxLength: maxLength, Multiline: true}
		} else {
			q2.Rating = &RatingScale{Grades: []Grade{{Value: grade2, Label: title}, {Value: grade1, Label: title}}}
		}
		sections := []Section{
			{Code: code, Title: title, Guidance: text, Questions: []Question{
				{Key: key, Text: text, Help: title, Rating: &RatingScale{Grades: []Grade{
					{Value: grade1, Label: display, Colour: colour, Score: maxLength},
					{Value: grade2, Label: text, Colour: colour},
				}}},
			}},
			{Code: code2, Title: text, Questions: []Question{q2, {Key: key + "_2", Text: title, TextAnswer: &TextType{MaxLength: maxLength}}}},
		}
		tpl, err := NewTemplate("t", "p", display, Kind(kind), sections, time.Unix(0, 0))
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
		again, err := NewTemplate("t", "p", tpl.DisplayName, tpl.Kind, tpl.Sections, time.Unix(0, 0))
		if err != nil {
			t.Fatalf("accepted content rejected on second look: %v", err)
		}
		if again.DisplayName != tpl.DisplayName || again.Sections[0].Title != tpl.Sections[0].Title {
			t.Fatalf("normalising twice changed the content: %+v %+v", tpl, again)
		}
	})
}
