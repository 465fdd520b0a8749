package form

import (
	"fmt"
	"testing"
)

// benchForm builds a form of 10 sections of 20 questions each, of mixed
// types. With conditions, every fifth question is shown only on an earlier
// answer.
func benchForm(conditions bool) (Form, map[string]Answer) {
	var f Form
	answers := make(map[string]Answer)
	scale := &ScaleSettings{Moderated: true, EvidenceAtOrAbove: "4", Grades: []Grade{
		{Value: "1", Label: "Inadequate", Colour: "#d00000", Score: 1}, {Value: "2", Label: "Requires improvement", Colour: "#ffbf00", Score: 2},
		{Value: "3", Label: "Good", Colour: "#00a000", Score: 3}, {Value: "4", Label: "Outstanding", Colour: "#0050a0", Score: 4},
		{Value: "na", Label: "Not applicable", NotApplicable: true}}}
	options := []Option{{"a", "A"}, {"b", "B"}, {"c", "C"}, {"d", "D"}, {"e", "E"}}
	for s := 0; s < 10; s++ {
		sec := Section{Code: fmt.Sprintf("S%d", s+1), Title: fmt.Sprintf("Standard %d", s+1), Weight: 1}
		if s == 9 {
			sec.AppliesTo = []string{"school", "college"}
		}
		for i := 0; i < 20; i++ {
			key := fmt.Sprintf("s%d_q%d", s, i)
			q := Question{Key: key, Text: "Question " + key, Required: i%3 != 2}
			var a Answer
			switch i % 10 {
			case 0:
				q.Type, q.Scale = TypeRatingScale, scale
				a.Grade, a.Text = "4", "Example of best practice"
			case 1:
				q.Type, q.YesNo = TypeYesNo, &YesNoSettings{AllowPartly: true}
				a.YesNo = "yes"
			case 2:
				q.Type, q.Number = TypeNumber, &NumberSettings{Min: "0", Max: "100000", Integer: true}
				a.Number = "1250"
			case 3:
				q.Type, q.Choice = TypeSingleChoice, &ChoiceSettings{Options: options}
				a.Choice = "c"
			case 4:
				q.Type, q.Choice = TypeMultipleChoice, &ChoiceSettings{Options: options, MinSelections: 1, MaxSelections: 3}
				a.Choices = []string{"a", "d"}
			case 5:
				q.Type = TypeShortText
				a.Text = "A short answer"
			case 6:
				q.Type, q.Number = TypeNumber, &NumberSettings{Min: "0", Max: "100"}
				a.Number = "42.75"
			case 7:
				q.Type, q.DateRange = TypeDate, &DateSettings{Min: "2000-01-01"}
				a.Date = "2024-09-01"
			case 8:
				q.Type = TypeLongText
				a.Text = "A longer answer that explains how the organisation meets the standard, with examples."
			case 9:
				if i == 19 {
					q.Type, q.Table = TypeTable, &TableSettings{Columns: []Column{
						{Key: "when", Title: "Date", Type: TypeDate, Required: true},
						{Key: "what", Title: "Event", Type: TypeShortText, Required: true},
						{Key: "count", Title: "Children", Type: TypeNumber, Number: &NumberSettings{Integer: true}},
					}}
					a.Rows = [][]Cell{{{"when", "2024-01-01"}, {"what", "Referral"}, {"count", "1"}}, {{"when", "2024-02-01"}, {"what", "Review"}}}
				} else {
					q.Type, q.Evidence = TypeEvidence, &EvidenceSettings{MinFiles: 1}
					a.Evidence = []EvidenceRef{{Name: "policy.pdf", ID: "file-1"}}
				}
			}
			if conditions && i%5 == 4 {
				if s%2 == 0 {
					q.VisibleIf = fmt.Sprintf(`answers.s%d_q1 == "yes"`, s)
				} else {
					q.VisibleIf = fmt.Sprintf(`answers.s%d_q2 > 100 || answers.s%d_q3 in ["a", "c"]`, s, s)
				}
			}
			sec.Questions = append(sec.Questions, q)
			answers[key] = a
		}
		f.Sections = append(f.Sections, sec)
	}
	return f, answers
}

func benchmarkCheckSubmit(b *testing.B, conditions bool) {
	f, answers := benchForm(conditions)
	c := mustCompile(b, f)
	if err := c.CheckSubmit(answers, "school"); err != nil {
		b.Fatalf("the benchmark return must be valid: %v", err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := c.CheckSubmit(answers, "school"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckSubmit200 validates a complete 200-question return with
// 40 conditional questions.
func BenchmarkCheckSubmit200(b *testing.B) { benchmarkCheckSubmit(b, true) }

// BenchmarkCheckSubmit200NoConditions is the same return without
// conditions, as a baseline.
func BenchmarkCheckSubmit200NoConditions(b *testing.B) { benchmarkCheckSubmit(b, false) }

// BenchmarkCompile200 compiles the 200-question form with its conditions.
func BenchmarkCompile200(b *testing.B) {
	f, _ := benchForm(true)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(f); err != nil {
			b.Fatal(err)
		}
	}
}
