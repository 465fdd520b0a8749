package domain

import (
	"fmt"
	"strings"
	"testing"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/testinfra"
)

func TestChronology(t *testing.T) {
	r, err := NewRound("r1", "p1", "T", ready, []Case{{Reference: "C-1", Agencies: []string{"police", "health"}}}, created)
	if err != nil {
		t.Fatal(err)
	}
	entries := []ChronologyEntry{{Date: "2026-03-02", Event: " Domestic incident attended ", Significance: "First police contact"},
		{Date: "2026-02-10", Event: "Referral from school"}}
	if _, err := r.SaveChronology(Chronology{}, "C-1", "police", entries, "aud", later); failure.KindOf(err) != failure.KindFailedPrecondition {
		t.Fatalf("saving while planning: %v", err)
	}
	if err := r.Advance(ReturnsOpen, later); err != nil {
		t.Fatal(err)
	}
	police, err := r.SaveChronology(Chronology{}, "C-1", "police", entries, "aud", later)
	if err != nil || police.Version != 1 || police.Entries[0].Event != "Domestic incident attended" {
		t.Fatalf("save: %+v %v", police, err)
	}
	_, err = r.SaveChronology(police, "C-9", "school", []ChronologyEntry{{Date: "2027-01-01", Event: " "}, {Date: "1 May", Event: "x",
		Significance: strings.Repeat("x", 501)}}, "aud", later)
	testinfra.WantViolations(t, err, []string{"case_reference", "entries[0].date", "entries[0].event", "entries[1].date", "entries[1].significance"})
	health, _ := r.SaveChronology(Chronology{}, "C-1", "health", []ChronologyEntry{{Date: "2026-03-02", Event: "Health visitor visit"},
		{Date: "2026-01-15", Event: "Missed appointment"}}, "aud2", later)
	var got []string
	for _, e := range MergeChronologies([]Chronology{police, health}) {
		got = append(got, e.Date+" "+e.Agency+" "+e.Event)
	}
	want := "[2026-01-15 health Missed appointment 2026-02-10 police Referral from school 2026-03-02 health Health visitor visit 2026-03-02 police Domestic incident attended]"
	if fmt.Sprint(got) != want {
		t.Fatalf("merged %v", got)
	}
}
