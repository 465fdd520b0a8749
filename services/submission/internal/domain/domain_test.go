package domain

import (
	"strings"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
)

var form = Form{Name: "partnerships/p/templates/t/versions/1", PartnershipID: "p", Questions: []Question{
	{Key: "s1_rating", Section: "S1", Required: true, Kind: KindRating, Grades: []string{"red", "amber", "green"}},
	{Key: "s1_notes", Section: "S1", Kind: KindText, MaxLength: 10},
}}

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
	now := time.Now()
	tests := []struct {
		name    string
		answers []Answer
		want    []string // violating fields; nil means success
	}{
		{"grade", []Answer{{Key: "s1_rating", Kind: KindRating, Grade: "green"}}, nil},
		{"text", []Answer{{Key: "s1_notes", Kind: KindText, Text: "ten chars!"}}, nil},
		{"unknown grade", []Answer{{Key: "s1_rating", Kind: KindRating, Grade: "blue"}}, []string{"answers[0]"}},
		{"text to rating", []Answer{{Key: "s1_rating", Kind: KindText, Text: "x"}}, []string{"answers[0]"}},
		{"too long", []Answer{{Key: "s1_notes", Kind: KindText, Text: "eleven char"}}, []string{"answers[0]"}},
		{"unknown key", []Answer{{Key: "nope", Kind: KindText}}, []string{"answers[0].question_key"}},
		{"twice", []Answer{{Key: "s1_notes", Kind: KindText}, {Key: "s1_notes", Kind: KindText}}, []string{"answers[1].question_key"}},
		{"every problem", []Answer{{Key: "nope", Kind: KindText}, {Key: "s1_rating", Kind: KindRating, Grade: "x"}}, []string{"answers[0].question_key", "answers[1]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Submission{State: NotStarted, Version: 1}
			keys, err := s.Save(form, tt.answers, now)
			if tt.want == nil {
				if err != nil || s.State != InProgress || s.Version != 2 || len(keys) != len(tt.answers) {
					t.Fatalf("save: %v %+v", err, s)
				}
				return
			}
			if got := fields(t, err); strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Fatalf("violations %v, want %v", got, tt.want)
			}
			if s.Version != 1 || len(s.Answers) != 0 {
				t.Fatal("a failed save must change nothing")
			}
		})
	}
}

func TestSubmit(t *testing.T) {
	now := time.Now()
	s := Submission{State: NotStarted, Version: 1}
	if got := fields(t, s.Submit(form, now)); len(got) != 1 || got[0] != "answers[s1_rating]" {
		t.Fatalf("missing required: %v", got)
	}
	if _, err := s.Save(form, []Answer{{Key: "s1_rating", Kind: KindRating, Grade: "amber"}}, now); err != nil {
		t.Fatal(err)
	}
	if err := s.Submit(form, now); err != nil || s.State != Submitted || s.SubmitTime.IsZero() {
		t.Fatalf("submit: %v %+v", err, s)
	}
	if _, err := s.Save(form, []Answer{{Key: "s1_notes", Kind: KindText}}, now); failure.KindOf(err) != failure.KindFailedPrecondition {
		t.Fatalf("save after submit: %v", err)
	}
	if err := s.Submit(form, now); failure.KindOf(err) != failure.KindFailedPrecondition {
		t.Fatalf("submit twice: %v", err)
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
