package domain

import (
	"fmt"
	"testing"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/pkg/testinfra"
)

func TestModeration(t *testing.T) {
	f := caseTemplate(t).Form()
	r, err := NewRound("r1", "p1", "T", ready, []Case{{Reference: "C-1", Agencies: []string{"police", "health"}}}, created)
	if err != nil {
		t.Fatal(err)
	}
	agreed := map[string]ModeratedDomain{"d1_grade": {Agreed: "ri", Dissent: []Dissent{{Agency: "health", Note: " We saw it as good "}},
		Notes: "Evidence thin"}}
	if _, err := r.SaveModeration(CaseModeration{}, f, "C-1", agreed, "chair", later); failure.KindOf(err) != failure.KindFailedPrecondition {
		t.Fatalf("moderating while planning: %v", err)
	}
	r.State = Moderation
	m, err := r.SaveModeration(CaseModeration{}, f, "C-1", agreed, "chair", later)
	if err != nil || m.Domains["d1_grade"].Dissent[0].Note != "We saw it as good" || m.Version != 1 {
		t.Fatalf("save: %+v %v", m, err)
	}
	_, err = r.SaveModeration(m, f, "C-9", map[string]ModeratedDomain{
		"d1_evidenced": {Agreed: "yes"},
		"d1_grade":     {Agreed: "excellent", Dissent: []Dissent{{Agency: "school", Note: ""}}},
	}, "chair", later)
	testinfra.WantViolations(t, err, []string{"case_reference", "domains[d1_evidenced]", "domains[d1_grade].agreed",
		"domains[d1_grade].dissent[0].agency", "domains[d1_grade].dissent[0].note"})

	returns := []CaseReturn{
		{Agency: "police", Answers: map[string]form.Answer{"d1_grade": {Key: "d1_grade", Grade: "inadequate"}}},
		{Agency: "health", Answers: map[string]form.Answer{"d1_grade": {Key: "d1_grade", Grade: "good"}}},
	}
	view := ModerationView(f, returns, m)
	if len(view) != 1 || fmt.Sprint(view[0].Grades) != "map[health:good police:inadequate]" || view[0].Agreed != "ri" || view[0].Text != "Grade" {
		t.Fatalf("view %+v", view)
	}
}
