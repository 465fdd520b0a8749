package domain

import (
	"testing"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/pkg/testinfra"
)

// caseTemplate is a case-audit domain as today's tools ask it: a grade,
// whether it was evidenced, and good practice.
func caseTemplate(t *testing.T) *form.Compiled {
	t.Helper()
	c, err := form.Compile(form.Form{Sections: []form.Section{{Code: "D1", Title: "Early help", Questions: []form.Question{
		{Key: "d1_grade", Text: "Grade", Required: true, Type: form.TypeRatingScale, Scale: &form.ScaleSettings{Moderated: true,
			Grades: []form.Grade{{Value: "good", Label: "Good", Score: 3}, {Value: "ri", Label: "Requires improvement", Score: 2},
				{Value: "inadequate", Label: "Inadequate", Score: 1}}}},
		{Key: "d1_evidenced", Text: "Was it evidenced?", Required: true, Type: form.TypeYesNo},
		{Key: "d1_good_practice", Text: "Good practice", Type: form.TypeLongText},
	}}}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCaseReturn(t *testing.T) {
	f := caseTemplate(t)
	r := planned(t) // C-1, the police's
	if _, err := r.SaveReturn(CaseReturn{}, f, "C-1", "police", nil, "aud", later); failure.KindOf(err) != failure.KindFailedPrecondition {
		t.Fatalf("saving while planning: %v", err)
	}
	r.State = ReturnsOpen
	_, err := r.SaveReturn(CaseReturn{}, f, "C-1", "police", []form.Answer{{Key: "d1_grade", Grade: "excellent"}}, "aud", later)
	if failure.KindOf(err) != failure.KindInvalid {
		t.Fatalf("a grade not on the scale: %v", err)
	}
	_, err = r.SaveReturn(CaseReturn{}, f, "C-2", "health", nil, "aud", later)
	testinfra.WantViolations(t, err, []string{"case_reference"})
	c, err := r.SaveReturn(CaseReturn{}, f, "C-1", "police", []form.Answer{{Key: "d1_grade", Grade: "ri"}}, "aud", later)
	if err != nil || c.State != ReturnDraft || c.Version != 1 || c.Answers["d1_grade"].Grade != "ri" {
		t.Fatalf("first save: %+v %v", c, err)
	}
	// Handing in needs every required answer.
	if err := c.Submit(f, "aud", later); failure.KindOf(err) != failure.KindInvalid {
		t.Fatalf("handing in without d1_evidenced: %v", err)
	}
	c, err = r.SaveReturn(c, f, "C-1", "police", []form.Answer{{Key: "d1_evidenced", YesNo: "yes"}}, "aud", later)
	if err != nil || len(c.Answers) != 2 || c.Version != 2 {
		t.Fatalf("second save: %+v %v", c, err)
	}
	if err := c.Submit(f, "aud", later); err != nil || c.State != ReturnSubmitted {
		t.Fatalf("submit: %v %+v", err, c)
	}
	if _, err := r.SaveReturn(c, f, "C-1", "police", nil, "aud", later); failure.KindOf(err) != failure.KindFailedPrecondition {
		t.Fatalf("saving a submitted return: %v", err)
	}
	testinfra.WantViolations(t, c.Review(false, " ", "qa", later), []string{"comment"})
	if err := c.Review(false, "Say what evidence there was", "qa", later); err != nil || c.State != ReturnSentBack {
		t.Fatalf("send back: %v %+v", err, c)
	}
	// Sent back, it is written again in QA, and handed in again.
	r.State = QA
	if c, err = r.SaveReturn(c, f, "C-1", "police", []form.Answer{{Key: "d1_good_practice", Text: "Prompt referral"}}, "aud", later); err != nil {
		t.Fatal(err)
	}
	if err := c.Submit(f, "aud", later); err != nil {
		t.Fatal(err)
	}
	if err := c.Review(true, "", "qa", later); err != nil || c.State != ReturnAccepted || c.QAComment != "" {
		t.Fatalf("accept: %v %+v", err, c)
	}
	if err := c.Review(true, "", "qa", later); failure.KindOf(err) != failure.KindFailedPrecondition {
		t.Fatalf("reviewing twice: %v", err)
	}
	fresh := CaseReturn{}
	if _, err := r.SaveReturn(fresh, f, "C-1", "police", nil, "aud", later); failure.KindOf(err) != failure.KindFailedPrecondition {
		t.Fatalf("a new return in QA: %v", err)
	}
}
