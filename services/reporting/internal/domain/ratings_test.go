package domain

import (
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/assure-audit/assure/pkg/form"
)

// Scale A rates 1 to 4 with a not-applicable grade; scale B shares the
// value "good" with A (with another label and colour) and adds "weak".
var (
	scaleA = &form.ScaleSettings{Moderated: true, Grades: []form.Grade{
		{Value: "out", Label: "Outstanding", Colour: "#00aa00", Score: 4},
		{Value: "good", Label: "Good", Colour: "#66cc66", Score: 3},
		{Value: "ri", Label: "Requires improvement", Colour: "#ffaa00", Score: 2},
		{Value: "inad", Label: "Inadequate", Colour: "#cc0000", Score: 1},
		{Value: "na", Label: "Not applicable", NotApplicable: true},
	}}
	scaleB = &form.ScaleSettings{Moderated: true, Grades: []form.Grade{
		{Value: "good", Label: "Good practice", Colour: "#339933", Score: 3},
		{Value: "weak", Label: "Weak", Score: 1},
	}}
)

// fixture is a campaign of four organisations, read in this order in
// reports: d (unknown to the directory, so no name and no type), "Ashdown
// Primary" (school), "brook police" (police), "Castle Academy" (school).
// Submission s-x is filtered out of the dataset but has answers. S0 is
// answered only "not applicable"; s-c's "bogus" grade and "abc" number are
// not on the scale / not decimals and count as no answer.
func fixture() Dataset {
	rating := func(key string, s *form.ScaleSettings) form.Question {
		return form.Question{Key: key, Text: "Text of " + key, Type: form.TypeRatingScale, Scale: s}
	}
	number := func(key, unit string) form.Question {
		return form.Question{Key: key, Text: "Text of " + key, Type: form.TypeNumber, Number: &form.NumberSettings{Unit: unit}}
	}
	return Dataset{
		Campaign: "partnerships/p/campaigns/c",
		Form: form.Form{Sections: []form.Section{
			{Code: "about", Title: "About you", Questions: []form.Question{
				number("staff", "people"),
				{Key: "name", Type: form.TypeShortText},
			}},
			{Code: "S0", Title: "Unrated", Questions: []form.Question{rating("s0_x", scaleA)}},
			{Code: "S1", Title: "Leadership", Questions: []form.Question{rating("s1_lead", scaleA), rating("s1_plan", scaleB)}},
			{Code: "S2", Title: "Training", Questions: []form.Question{rating("s2_train", scaleA), number("s2_hours", "hours")}},
		}},
		Organisations: map[string]OrgInfo{
			"organisations/a": {Name: "organisations/a", DisplayName: "Ashdown Primary", Type: "school"},
			"organisations/b": {Name: "organisations/b", DisplayName: "brook police", Type: "police"},
			"organisations/c": {Name: "organisations/c", DisplayName: "Castle Academy", Type: "school"},
			"organisations/x": {Name: "organisations/x", DisplayName: "Excluded", Type: "school"},
		},
		Submissions: []SubmissionInfo{
			{Name: "s-c", Organisation: "organisations/c"},
			{Name: "s-a", Organisation: "organisations/a"},
			{Name: "s-d", Organisation: "organisations/d"},
			{Name: "s-b", Organisation: "organisations/b"},
		},
		Answers: map[string]map[string]form.Answer{
			"s-a": {
				"s0_x":     {Grade: "na"},
				"s1_lead":  {Grade: "out", ModeratedGrade: "good"},
				"s1_plan":  {Grade: "good", ModeratedGrade: "weak"},
				"s2_train": {Grade: "ri", ModeratedGrade: "inad"},
				"staff":    {Number: "12"},
				"s2_hours": {Number: "10.5"},
				"name":     {Text: "ignored"},
			},
			"s-b": {
				"s1_lead":  {Grade: "inad", ModeratedGrade: "ri"},
				"s1_plan":  {Grade: "weak"},
				"s2_train": {Grade: "good", ModeratedGrade: "na"},
				"staff":    {Number: "30"},
				"s2_hours": {Number: "0.75"},
			},
			"s-c": {
				"s1_lead":  {Grade: "good", ModeratedGrade: "inad"},
				"s1_plan":  {Grade: "bogus"},
				"s2_train": {Grade: "good"},
				"staff":    {Number: "7"},
				"s2_hours": {Number: "abc"},
			},
			"s-d": {
				"s1_lead":  {Grade: "na"},
				"s2_train": {Grade: "out", ModeratedGrade: "out"},
				"staff":    {Number: "5"},
				"s2_hours": {Number: "-1.250"},
			},
			"s-x": {
				"s1_lead": {Grade: "inad", ModeratedGrade: "out"},
				"staff":   {Number: "1000"},
			},
		},
	}
}

// dist writes a distribution of scale A (counts in scale order: out, good,
// ri, inad, na) or of scale B (good, weak).
func distA(out, good, ri, inad, na int) []GradeCount {
	g := scaleA.Grades
	return []GradeCount{
		{Value: "out", Label: g[0].Label, Colour: g[0].Colour, Score: 4, Count: out},
		{Value: "good", Label: g[1].Label, Colour: g[1].Colour, Score: 3, Count: good},
		{Value: "ri", Label: g[2].Label, Colour: g[2].Colour, Score: 2, Count: ri},
		{Value: "inad", Label: g[3].Label, Colour: g[3].Colour, Score: 1, Count: inad},
		{Value: "na", Label: g[4].Label, NotApplicable: true, Count: na},
	}
}

func distB(good, weak int) []GradeCount {
	return []GradeCount{
		{Value: "good", Label: "Good practice", Colour: "#339933", Score: 3, Count: good},
		{Value: "weak", Label: "Weak", Score: 1, Count: weak},
	}
}

func TestRatings(t *testing.T) {
	// Row order: s-d (""), s-a (Ashdown), s-b (brook), s-c (Castle).
	want := RatingsReport{
		Questions: []QuestionRatings{
			// s0_x: a na.
			{Key: "s0_x", Text: "Text of s0_x", Section: "S0", Distribution: distA(0, 0, 0, 0, 1), Answered: 1, MeanScore: 0},
			// s1_lead: a out(4), b inad(1), c good(3), d na: mean (4+1+3)/3 = 8/3.
			{Key: "s1_lead", Text: "Text of s1_lead", Section: "S1", Distribution: distA(1, 1, 0, 1, 1), Answered: 4, MeanScore: 8.0 / 3},
			// s1_plan: a good(3), b weak(1), c bogus (skipped): mean 4/2 = 2.
			{Key: "s1_plan", Text: "Text of s1_plan", Section: "S1", Distribution: distB(1, 1), Answered: 2, MeanScore: 2},
			// s2_train: a ri(2), b good(3), c good(3), d out(4): mean 12/4 = 3.
			{Key: "s2_train", Text: "Text of s2_train", Section: "S2", Distribution: distA(1, 2, 1, 0, 0), Answered: 4, MeanScore: 3},
		},
		Standards: []StandardRatings{
			// S1: scores 4, 1, 3 (s1_lead) and 3, 1 (s1_plan) = 12 over 5 = 2.4;
			// "good" counted from both scales under scale A's label; "weak" last.
			{Section: "S1", Title: "Leadership", Answered: 4 + 2, MeanScore: 2.4,
				Distribution: append(distA(1, 1+1, 0, 1, 1), GradeCount{Value: "weak", Label: "Weak", Score: 1, Count: 1})},
			// S2: 12/4 = 3.
			{Section: "S2", Title: "Training", Answered: 4, MeanScore: 3, Distribution: distA(1, 2, 1, 0, 0)},
			// S0: nothing scored, so last though first in the form.
			{Section: "S0", Title: "Unrated", Answered: 1, MeanScore: 0, Distribution: distA(0, 0, 0, 0, 1)},
		},
		Rows: []RatingsRow{
			{Submission: "s-d", Organisation: "organisations/d",
				Cells: []RatingCell{
					{Key: "s0_x"},
					{Key: "s1_lead", Grade: "na", Label: "Not applicable", Answered: true, NotApplicable: true},
					{Key: "s1_plan"},
					// 4 - 4 = 0, but a gap.
					{Key: "s2_train", Grade: "out", Label: "Outstanding", Colour: "#00aa00", Score: 4, Answered: true,
						ModeratedGrade: "out", ModeratedLabel: "Outstanding", Gap: 0, HasGap: true},
				},
				StandardScores: []StandardScore{{"S0", 0, 0}, {"S1", 0, 1}, {"S2", 4, 1}}},
			{Submission: "s-a", Organisation: "organisations/a", DisplayName: "Ashdown Primary", Type: "school",
				Cells: []RatingCell{
					{Key: "s0_x", Grade: "na", Label: "Not applicable", Answered: true, NotApplicable: true},
					// 4 - 3 = 1.
					{Key: "s1_lead", Grade: "out", Label: "Outstanding", Colour: "#00aa00", Score: 4, Answered: true,
						ModeratedGrade: "good", ModeratedLabel: "Good", Gap: 1, HasGap: true},
					// 3 - 1 = 2.
					{Key: "s1_plan", Grade: "good", Label: "Good practice", Colour: "#339933", Score: 3, Answered: true,
						ModeratedGrade: "weak", ModeratedLabel: "Weak", Gap: 2, HasGap: true},
					// 2 - 1 = 1.
					{Key: "s2_train", Grade: "ri", Label: "Requires improvement", Colour: "#ffaa00", Score: 2, Answered: true,
						ModeratedGrade: "inad", ModeratedLabel: "Inadequate", Gap: 1, HasGap: true},
				},
				// S1: (4+3)/2 = 3.5.
				StandardScores: []StandardScore{{"S0", 0, 1}, {"S1", 3.5, 2}, {"S2", 2, 1}}},
			{Submission: "s-b", Organisation: "organisations/b", DisplayName: "brook police", Type: "police",
				Cells: []RatingCell{
					{Key: "s0_x"},
					// 1 - 2 = -1.
					{Key: "s1_lead", Grade: "inad", Label: "Inadequate", Colour: "#cc0000", Score: 1, Answered: true,
						ModeratedGrade: "ri", ModeratedLabel: "Requires improvement", Gap: -1, HasGap: true},
					{Key: "s1_plan", Grade: "weak", Label: "Weak", Score: 1, Answered: true},
					// Moderated not applicable: no gap.
					{Key: "s2_train", Grade: "good", Label: "Good", Colour: "#66cc66", Score: 3, Answered: true,
						ModeratedGrade: "na", ModeratedLabel: "Not applicable"},
				},
				// S1: (1+1)/2 = 1.
				StandardScores: []StandardScore{{"S0", 0, 0}, {"S1", 1, 2}, {"S2", 3, 1}}},
			{Submission: "s-c", Organisation: "organisations/c", DisplayName: "Castle Academy", Type: "school",
				Cells: []RatingCell{
					{Key: "s0_x"},
					// 3 - 1 = 2.
					{Key: "s1_lead", Grade: "good", Label: "Good", Colour: "#66cc66", Score: 3, Answered: true,
						ModeratedGrade: "inad", ModeratedLabel: "Inadequate", Gap: 2, HasGap: true},
					{Key: "s1_plan"}, // "bogus"
					{Key: "s2_train", Grade: "good", Label: "Good", Colour: "#66cc66", Score: 3, Answered: true},
				},
				StandardScores: []StandardScore{{"S0", 0, 0}, {"S1", 3, 1}, {"S2", 3, 1}}},
		},
	}
	if diff := approxDiff(want, Ratings(fixture())); diff != "" {
		t.Fatal(diff)
	}
}

func TestRatingsStandardOrder(t *testing.T) {
	scale := &form.ScaleSettings{Grades: []form.Grade{{Value: "hi", Score: 3}, {Value: "lo", Score: 1}, {Value: "na", NotApplicable: true}}}
	section := func(code string) form.Section {
		return form.Section{Code: code, Questions: []form.Question{{Key: "q_" + code, Type: form.TypeRatingScale, Scale: scale}}}
	}
	d := Dataset{
		Form:        form.Form{Sections: []form.Section{section("A"), section("B"), section("C"), section("D"), section("E")}},
		Submissions: []SubmissionInfo{{Name: "s1"}, {Name: "s2"}},
		Answers: map[string]map[string]form.Answer{
			"s1": {"q_A": {Grade: "hi"}, "q_B": {Grade: "hi"}, "q_C": {Grade: "na"}, "q_D": {Grade: "lo"}, "q_E": {Grade: "hi"}},
			"s2": {"q_A": {Grade: "lo"}, "q_B": {Grade: "lo"}, "q_D": {Grade: "lo"}, "q_E": {Grade: "hi"}},
		},
	}
	// A: (3+1)/2 = 2; B: (3+1)/2 = 2; C: none scored; D: (1+1)/2 = 1;
	// E: (3+3)/2 = 3. Weakest first, A before B (form order), C last.
	want := []string{"D", "A", "B", "E", "C"}
	var got []string
	for _, s := range Ratings(d).Standards {
		got = append(got, s.Section)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("standards %v, want %v", got, want)
	}
}

func TestRatingsEmpty(t *testing.T) {
	got := Ratings(Dataset{Form: fixture().Form})
	// Questions are listed with zero counts; no rows.
	if len(got.Questions) != 4 || got.Questions[1].Answered != 0 || got.Questions[1].MeanScore != 0 || len(got.Rows) != 0 || len(got.Standards) != 3 {
		t.Fatalf("Ratings of no submissions = %+v", got)
	}
	if got := Ratings(Dataset{}); len(got.Questions)+len(got.Standards)+len(got.Rows) != 0 {
		t.Fatalf("Ratings of nothing = %+v", got)
	}
}

func TestModerationGaps(t *testing.T) {
	tests := []struct {
		name string
		d    Dataset
		want []ModerationGap
	}{
		{"fixture", fixture(), []ModerationGap{
			// c, S1: s1_lead 3 vs 1.
			{Organisation: "organisations/c", Section: "S1", SelfMean: 3, ModeratedMean: 1, Gap: 2, Questions: 1},
			// a, S1: s1_lead 4 vs 3, s1_plan 3 vs 1: (4+3)/2 = 3.5 vs (3+1)/2 = 2.
			{Organisation: "organisations/a", Section: "S1", SelfMean: 3.5, ModeratedMean: 2, Gap: 1.5, Questions: 2},
			// a, S2: 2 vs 1; ties with b, S1 at |1|: row order.
			{Organisation: "organisations/a", Section: "S2", SelfMean: 2, ModeratedMean: 1, Gap: 1, Questions: 1},
			// b, S1: 1 vs 2 (b, S2 is moderated not applicable: left out).
			{Organisation: "organisations/b", Section: "S1", SelfMean: 1, ModeratedMean: 2, Gap: -1, Questions: 1},
			// d, S2: 4 vs 4.
			{Organisation: "organisations/d", Section: "S2", SelfMean: 4, ModeratedMean: 4, Gap: 0, Questions: 1},
		}},
		{"filtered to police", fixture().Filtered(Filter{OrganisationType: "police"}), []ModerationGap{
			{Organisation: "organisations/b", Section: "S1", SelfMean: 1, ModeratedMean: 2, Gap: -1, Questions: 1},
		}},
		{"nothing moderated", Dataset{Form: fixture().Form, Submissions: []SubmissionInfo{{Name: "s-c", Organisation: "organisations/c"}},
			Answers: map[string]map[string]form.Answer{"s-c": {"s1_lead": {Grade: "good"}, "s2_train": {ModeratedGrade: "good"}}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := approxDiff(tt.want, ModerationGaps(tt.d)); diff != "" {
				t.Fatal(diff)
			}
		})
	}
}

// approxDiff describes the first difference between want and got, with
// floats equal within 1e-9 and nil slices equal to empty ones; "" if none.
func approxDiff(want, got any) string {
	return diffValues("", reflect.ValueOf(want), reflect.ValueOf(got))
}

func diffValues(path string, w, g reflect.Value) string {
	if w.Type() != g.Type() {
		return fmt.Sprintf("%s: type %s, want %s", path, g.Type(), w.Type())
	}
	switch w.Kind() {
	case reflect.Float64:
		if math.Abs(w.Float()-g.Float()) > 1e-9 {
			return fmt.Sprintf("%s = %v, want %v", path, g.Float(), w.Float())
		}
	case reflect.Slice:
		if w.Len() != g.Len() {
			return fmt.Sprintf("%s has %d elements, want %d:\n got %+v\nwant %+v", path, g.Len(), w.Len(), g, w)
		}
		for i := 0; i < w.Len(); i++ {
			if d := diffValues(fmt.Sprintf("%s[%d]", path, i), w.Index(i), g.Index(i)); d != "" {
				return d
			}
		}
	case reflect.Struct:
		for i := 0; i < w.NumField(); i++ {
			if d := diffValues(path+"."+w.Type().Field(i).Name, w.Field(i), g.Field(i)); d != "" {
				return d
			}
		}
	default:
		if !reflect.DeepEqual(w.Interface(), g.Interface()) {
			return fmt.Sprintf("%s = %#v, want %#v", path, g.Interface(), w.Interface())
		}
	}
	return ""
}
