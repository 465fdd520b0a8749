package form

import (
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func scoreForm() Form {
	rag := func() *ScaleSettings {
		return &ScaleSettings{Moderated: true, Grades: []Grade{
			{Value: "red", Label: "Red", Score: 1}, {Value: "amber", Label: "Amber", Score: 2},
			{Value: "green", Label: "Green", Score: 3}, {Value: "na", Label: "N/A", NotApplicable: true}}}
	}
	four := &ScaleSettings{Grades: []Grade{
		{Value: "4", Label: "Outstanding", Score: 4}, {Value: "1", Label: "Inadequate", Score: 1},
		{Value: "3", Label: "Good", Score: 3}, {Value: "2", Label: "Requires improvement", Score: 2}}}
	return Form{Sections: []Section{
		{Code: "S1", Title: "One", Weight: 3, Questions: []Question{
			{Key: "a", Text: "A", Type: TypeRatingScale, Scale: rag(), Weight: 2},
			{Key: "b", Text: "B", Type: TypeRatingScale, Scale: rag()},
			{Key: "c", Text: "C", Type: TypeRatingScale, Scale: rag()},
			{Key: "note", Text: "Note", Type: TypeShortText},
		}},
		{Code: "S2", Title: "Two", Questions: []Question{
			{Key: "d", Text: "D", Type: TypeRatingScale, Scale: four},
			{Key: "e", Text: "E", Type: TypeRatingScale, Scale: four, AppliesTo: []string{"school"}},
		}},
		{Code: "S3", Title: "Three", Questions: []Question{
			{Key: "f", Text: "F", Type: TypeRatingScale, Scale: rag()},
		}},
	}}
}

func TestScore(t *testing.T) {
	c := mustCompile(t, scoreForm())
	answers := map[string]Answer{
		"a": {Grade: "green", ModeratedGrade: "amber"}, // weight 2
		"b": {Grade: "red"},
		"c": {Grade: "na"}, // left out
		"d": {Grade: "4"},
		"e": {Grade: "1"}, // not applicable to police
		"f": {Grade: "bogus"},
	}
	s := c.Score(answers, "police")
	s1 := s.Sections[0].Self
	// (2*3 + 1*1) / 3
	if s1.Rated != 2 || !near(s1.Weight, 3) || !near(s1.Mean, 7.0/3) || !near(s1.Percent, (2*100+0)/3.0) {
		t.Fatalf("S1 self = %+v", s1)
	}
	if m := s.Sections[0].Moderated; m.Rated != 1 || !near(m.Mean, 2) || !near(m.Percent, 50) {
		t.Fatalf("S1 moderated = %+v", m)
	}
	if s2 := s.Sections[1].Self; s2.Rated != 1 || !near(s2.Mean, 4) || !near(s2.Percent, 100) {
		t.Fatalf("S2 self = %+v", s2)
	}
	if s3 := s.Sections[2].Self; s3 != (Tally{}) {
		t.Fatalf("S3 self = %+v", s3)
	}
	// Sections weighted 3 and 1; S3 has no ratings.
	want := Tally{Rated: 3, Weight: 4, Mean: (3*7.0/3 + 4) / 4, Percent: (3*200.0/3 + 100) / 4}
	if got := s.Self; got.Rated != want.Rated || !near(got.Weight, want.Weight) || !near(got.Mean, want.Mean) || !near(got.Percent, want.Percent) {
		t.Fatalf("overall = %+v, want %+v", got, want)
	}
	if s.Sections[0].Code != "S1" || len(s.Sections) != 3 {
		t.Fatalf("sections = %+v", s.Sections)
	}
	school := c.Score(answers, "school")
	if got := school.Sections[1].Self; got.Rated != 2 || !near(got.Mean, 2.5) {
		t.Fatalf("S2 for a school = %+v", got)
	}
	if empty := c.Score(nil, ""); empty.Self != (Tally{}) {
		t.Fatalf("empty return scores %+v", empty.Self)
	}
}

func TestProgress(t *testing.T) {
	c := mustCompile(t, sampleForm())
	p := c.Progress(map[string]Answer{
		"setting_type": {Choice: "school"},
		"has_dsl":      {YesNo: "no"},
		"s1_notes":     {Text: "  "},
		"declaration":  {Confirmed: true},
	}, "college")
	want := []SectionProgress{
		// dsl_name hidden
		{"about", Count{Shown: 4, Answered: 2, Required: 2, RequiredAnswered: 2}},
		// s1_online not for colleges; s1_review hidden (no rating, no roll)
		{"S1", Count{Shown: 3, Answered: 0, Required: 1, RequiredAnswered: 0}},
		// not for colleges
		{"S2", Count{}},
		{"sign", Count{Shown: 1, Answered: 1, Required: 1, RequiredAnswered: 1}},
	}
	for i, w := range want {
		if p.Sections[i] != w {
			t.Errorf("section %d = %+v, want %+v", i, p.Sections[i], w)
		}
	}
	if p.Overall != (Count{Shown: 8, Answered: 3, Required: 4, RequiredAnswered: 3}) {
		t.Errorf("overall = %+v", p.Overall)
	}
}
