package domain

import (
	"fmt"
	"testing"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/testinfra"
)

func TestFindings(t *testing.T) {
	r := planned(t)
	n := 0
	newID := func() string { n++; return fmt.Sprintf("a%d", n) }
	draft := RoundFindings{WorkingWell: []string{" Timely strategy discussions "}, Concerns: []string{"Fathers not seen"},
		Recommendations: []Recommendation{{Text: "Think family", Actions: []FindingAction{{Title: "Briefing", Owner: "Police", DueDate: "2027-03-31"}}}},
		Review:          RoundReview{StaffHours: 64, NextTime: "Sample fewer cases"}}
	if _, err := r.SaveFindings(RoundFindings{}, draft, newID, later); failure.KindOf(err) != failure.KindFailedPrecondition {
		t.Fatalf("findings while planning: %v", err)
	}
	r.State, n = Findings, 0
	f, err := r.SaveFindings(RoundFindings{}, draft, newID, later)
	if err != nil || f.WorkingWell[0] != "Timely strategy discussions" || f.Recommendations[0].Actions[0].ID != "a1" ||
		f.Recommendations[0].Actions[0].Status != ActionNotStarted || f.Version != 1 {
		t.Fatalf("save: %+v %v", f, err)
	}
	if err := f.UpdateAction("a1", ActionOnTrack, "Booked for March", "police-lead", later); err != nil ||
		f.Recommendations[0].Actions[0].Status != ActionOnTrack || len(f.Recommendations[0].Actions[0].Updates) != 1 {
		t.Fatalf("update: %v %+v", err, f)
	}
	// Saving again keeps the action's updates, by id; a new action gets
	// an id; an unknown id is refused.
	again := f
	again.Recommendations = append([]Recommendation{}, f.Recommendations...)
	again.Recommendations = append(again.Recommendations, Recommendation{Text: "Audit again in a year",
		Actions: []FindingAction{{Title: "Plan the audit", Owner: "Business unit", DueDate: "2027-09-30"}}})
	saved, err := r.SaveFindings(f, again, newID, later)
	if err != nil || len(saved.Recommendations[0].Actions[0].Updates) != 1 || saved.Recommendations[1].Actions[0].ID != "a2" || saved.Version != 3 {
		t.Fatalf("save again: %+v %v", saved, err)
	}
	bad := RoundFindings{WorkingWell: []string{" "}, Recommendations: []Recommendation{{Text: "x", Actions: []FindingAction{
		{ID: "zz", Title: "t", Owner: "o", DueDate: "31/03/2027", Status: 9}}}}, Review: RoundReview{StaffHours: -1}}
	_, err = r.SaveFindings(saved, bad, newID, later)
	testinfra.WantViolations(t, err, []string{"working_well[0]", "recommendations[0].actions[0].due_date",
		"recommendations[0].actions[0].status", "recommendations[0].actions[0].id", "review.staff_hours"})
	if err := saved.UpdateAction("nope", ActionComplete, "", "x", later); failure.KindOf(err) != failure.KindNotFound {
		t.Fatalf("unknown action: %v", err)
	}
	testinfra.WantViolations(t, saved.UpdateAction("a1", 0, "\x00", "x", later), []string{"note", "status"})
}
