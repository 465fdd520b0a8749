package templateform_test

import (
	"testing"

	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/pkg/templateform"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"google.golang.org/protobuf/proto"
)

// sections has one question of every type, with settings, guidance and
// lineage.
func sections() []*templatev1.Section {
	return []*templatev1.Section{{Code: "S1", Title: "Leadership", Guidance: "Read this first", Weight: 2,
		AppliesTo: []string{"school"}, Questions: []*templatev1.Question{
			{Key: "rating", Text: "Rate", Required: true, Priority: templatev1.Priority_PRIORITY_ESSENTIAL, Weight: 1.5,
				Continues: []string{"old_rating"}, ActionRow: true, ActionRequiredBelow: "green", Type: &templatev1.Question_Rating{Rating: &templatev1.RatingScale{
					Moderated: true, EvidenceAtOrAbove: "green", Grades: []*templatev1.Grade{
						{Value: "red", Label: "Red", Colour: "#ff0000", Score: 1},
						{Value: "green", Label: "Green", Score: 3, Meaning: "Fully met"},
						{Value: "na", Label: "Not applicable", NotApplicable: true}}}}},
			{Key: "notes", Text: "Notes", ActionRow: true, Type: &templatev1.Question_TextAnswer{TextAnswer: &templatev1.TextType{Multiline: true, MaxLength: 500}}},
			{Key: "one", Text: "One", Type: &templatev1.Question_SingleChoice{SingleChoice: &templatev1.ChoiceType{
				Options: []*templatev1.Option{{Value: "a", Label: "A"}, {Value: "b", Label: "B"}}}}},
			{Key: "many", Text: "Many", Type: &templatev1.Question_MultipleChoice{MultipleChoice: &templatev1.ChoiceType{
				MinSelections: 1, MaxSelections: 2, Options: []*templatev1.Option{{Value: "a", Label: "A"}, {Value: "b", Label: "B"}}}}},
			{Key: "policy", Text: "Policy?", Priority: templatev1.Priority_PRIORITY_DESIRABLE,
				Type: &templatev1.Question_YesNo{YesNo: &templatev1.YesNoType{AllowPartly: true}}},
			{Key: "count", Text: "Count", VisibleIf: "answers.policy == 'yes'", AppliesTo: []string{"school", "academy"},
				Type: &templatev1.Question_Number{Number: &templatev1.NumberType{Unit: "children", Min: "0", Max: "100", Integer: true}}},
			{Key: "when", Text: "When", Type: &templatev1.Question_Date{Date: &templatev1.DateType{Min: "2020-01-01", Max: "2030-12-31"}}},
			{Key: "files", Text: "Files", Type: &templatev1.Question_Evidence{Evidence: &templatev1.EvidenceType{
				Description: "Minutes", MinFiles: 1, MaxFiles: 3}}},
			{Key: "chronology", Text: "Chronology", Type: &templatev1.Question_Table{Table: &templatev1.TableType{MinRows: 1, MaxRows: 9,
				Columns: []*templatev1.Column{
					{Key: "on", Title: "On", Required: true, Type: &templatev1.Column_Date{Date: &templatev1.DateType{}}},
					{Key: "what", Title: "What", Type: &templatev1.Column_TextAnswer{TextAnswer: &templatev1.TextType{MaxLength: 80}}},
					{Key: "who", Title: "Who", Type: &templatev1.Column_SingleChoice{SingleChoice: &templatev1.ChoiceType{
						Options: []*templatev1.Option{{Value: "police", Label: "Police"}, {Value: "health", Label: "Health"}}}}},
					{Key: "ok", Title: "OK", Type: &templatev1.Column_YesNo{YesNo: &templatev1.YesNoType{}}},
					{Key: "n", Title: "N", Type: &templatev1.Column_Number{Number: &templatev1.NumberType{Max: "5"}}},
				}}}},
			{Key: "declare", Text: "I confirm", Type: &templatev1.Question_Declaration{Declaration: &templatev1.DeclarationType{}}},
		}}}
}

func TestRoundTrip(t *testing.T) {
	in := sections()
	c := templateform.FromSections(in)
	if _, err := form.Compile(c.Form); err != nil {
		t.Fatalf("the converted form does not compile: %v", err)
	}
	if c.Guidance["S1"] != "Read this first" || len(c.Continues["rating"]) != 1 {
		t.Fatalf("guidance and lineage: %+v %+v", c.Guidance, c.Continues)
	}
	out := templateform.Sections(c)
	if len(out) != len(in) {
		t.Fatalf("%d sections, want %d", len(out), len(in))
	}
	for i := range in {
		if !proto.Equal(in[i], out[i]) {
			t.Fatalf("section %d changed:\n in  %v\n out %v", i, in[i], out[i])
		}
	}
	if f := templateform.Form(&templatev1.Template{Sections: in}); len(f.Sections[0].Questions) != 10 {
		t.Fatalf("form: %+v", f)
	}
}
