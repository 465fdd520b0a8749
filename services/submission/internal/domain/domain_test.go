package domain

import (
	"strings"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
)

// testForm is a version with several question types, a condition and a
// question that applies to schools only.
func testForm(t *testing.T) *form.Compiled {
	t.Helper()
	c, err := form.Compile(form.Form{Sections: []form.Section{{Code: "S1", Title: "Leadership", Questions: []form.Question{
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
	}}}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

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

func TestSave(t *testing.T) {
	f := testForm(t)
	now := time.Now()
	tests := []struct {
		name    string
		answers []form.Answer
		want    []string // violating fields; nil means success
	}{
		{"partial", []form.Answer{{Key: "s1_rating", Grade: "green"}, {Key: "s1_lead", Choice: "board"}}, nil},
		{"every type", []form.Answer{{Key: "s1_policy", YesNo: "yes"}, {Key: "s1_policy_date", Date: "2026-03-31"},
			{Key: "s1_children", Number: "12"}, {Key: "s1_declare", Confirmed: true},
			{Key: "s1_chronology", Rows: [][]form.Cell{{{Column: "when", Value: "2026-01-05"}, {Column: "what", Value: "Referral"}}}}}, nil},
		{"incomplete table row", []form.Answer{{Key: "s1_chronology", Rows: [][]form.Cell{{{Column: "what", Value: "Referral"}}}}}, nil},
		{"unknown grade", []form.Answer{{Key: "s1_rating", Grade: "blue"}}, []string{"answers[0].grade"}},
		{"wrong field", []form.Answer{{Key: "s1_rating", Text: "x", Choice: "board"}}, []string{"answers[0].choice"}},
		{"unknown key", []form.Answer{{Key: "nope", Text: "x"}}, []string{"answers[0].key"}},
		{"twice", []form.Answer{{Key: "s1_lead", Choice: "board"}, {Key: "s1_lead", Choice: "chief"}}, []string{"answers[1].key"}},
		{"every problem", []form.Answer{
			{Key: "s1_lead", Choice: "nobody"},
			{Key: "s1_policy", YesNo: "partly"},
			{Key: "s1_children", Number: "-1"},
			{Key: "s1_policy_date", Date: "2026-02-30"},
			{Key: "s1_chronology", Rows: [][]form.Cell{{{Column: "when", Value: "soon"}}}},
		}, []string{"answers[0].choice", "answers[1].yes_no", "answers[2].number", "answers[3].date", "answers[4].rows[0]"}},
		{"fraction", []form.Answer{{Key: "s1_children", Number: "2.5"}}, []string{"answers[0].number"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Submission{State: NotStarted, Version: 1}
			keys, err := s.Save(f, tt.answers, now)
			if tt.want == nil {
				if err != nil || s.State != InProgress || s.Version != 2 || len(keys) != len(tt.answers) {
					t.Fatalf("save: %v %+v", err, s)
				}
				return
			}
			got := fields(t, err)
			if len(got) != len(tt.want) {
				t.Fatalf("violations %v, want %v", got, tt.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Fatalf("violations %v, want %v", got, tt.want)
				}
			}
			if s.Version != 1 || len(s.Answers) != 0 {
				t.Fatal("a failed save must change nothing")
			}
		})
	}
}

func TestSubmit(t *testing.T) {
	f := testForm(t)
	now := time.Now()
	save := func(s *Submission, answers ...form.Answer) {
		t.Helper()
		if _, err := s.Save(f, answers, now); err != nil {
			t.Fatal(err)
		}
	}

	// An empty school return: every required, shown question and the
	// declaration are reported; the dated review is hidden by its condition.
	s := Submission{State: NotStarted, Version: 1}
	want := "answers.s1_rating,answers.s1_policy,answers.s1_children,answers.s1_declare.confirmed"
	if got := fields(t, s.Submit(f, "school", now)); strings.Join(got, ",") != want {
		t.Fatalf("empty school return: %v, want %s", got, want)
	}
	// The number question applies to schools only.
	want = "answers.s1_rating,answers.s1_policy,answers.s1_declare.confirmed"
	if got := fields(t, s.Submit(f, "police", now)); strings.Join(got, ",") != want {
		t.Fatalf("empty police return: %v, want %s", got, want)
	}

	// A policy makes its review date required.
	save(&s, form.Answer{Key: "s1_rating", Grade: "amber"}, form.Answer{Key: "s1_policy", YesNo: "yes"},
		form.Answer{Key: "s1_declare", Confirmed: true})
	if got := fields(t, s.Submit(f, "police", now)); strings.Join(got, ",") != "answers.s1_policy_date" {
		t.Fatalf("review date: %v", got)
	}
	// No policy hides the date again: the police return is complete.
	save(&s, form.Answer{Key: "s1_policy", YesNo: "no"})
	if got := fields(t, s.Submit(f, "school", now)); strings.Join(got, ",") != "answers.s1_children" {
		t.Fatalf("school without numbers: %v", got)
	}
	if s.State != InProgress {
		t.Fatal("a refused submit must change nothing")
	}
	if err := s.Submit(f, "police", now); err != nil || s.State != Submitted || s.SubmitTime.IsZero() {
		t.Fatalf("submit: %v %+v", err, s)
	}
	if _, err := s.Save(f, []form.Answer{{Key: "s1_lead", Choice: "board"}}, now); failure.KindOf(err) != failure.KindFailedPrecondition {
		t.Fatalf("save after submit: %v", err)
	}
	if err := s.Submit(f, "police", now); failure.KindOf(err) != failure.KindFailedPrecondition {
		t.Fatalf("submit twice: %v", err)
	}

	// A table row missing a required cell is fine in a draft, not at submit.
	s = Submission{State: NotStarted, Version: 1}
	save(&s, form.Answer{Key: "s1_rating", Grade: "red"}, form.Answer{Key: "s1_policy", YesNo: "no"},
		form.Answer{Key: "s1_declare", Confirmed: true},
		form.Answer{Key: "s1_chronology", Rows: [][]form.Cell{{{Column: "what", Value: "Referral"}}}})
	got := fields(t, s.Submit(f, "", now))
	if len(got) != 1 || !strings.HasPrefix(got[0], "answers.s1_chronology.rows[0]") {
		t.Fatalf("required cell: %v", got)
	}
}

func TestLaunchIsIdempotent(t *testing.T) {
	now := time.Now()
	c, err := NewCampaign("c", "p", "S11 2026", "partnerships/p/templates/t/versions/1", []string{"a", "b"}, now.Add(time.Hour), now)
	if err != nil {
		t.Fatal(err)
	}
	subs, launched, err := c.Launch(now)
	if err != nil || !launched || len(subs) != 2 || c.State != CampaignOpen {
		t.Fatalf("launch: %v %v %+v", launched, err, subs)
	}
	subs, launched, err = c.Launch(now)
	if err != nil || launched || subs != nil || c.Version != 2 {
		t.Fatalf("second launch: %v %v %v", launched, err, c.Version)
	}
}

func TestNewCampaign(t *testing.T) {
	now := time.Now()
	_, err := NewCampaign("c", "p", " ", "partnerships/other/templates/t/versions/1", []string{"a", "a"}, now.Add(-time.Hour), now)
	got := fields(t, err)
	want := "campaign.display_name,campaign.template_version,campaign.organisations,campaign.due_time"
	if strings.Join(got, ",") != want {
		t.Fatalf("violations %v", got)
	}
}
