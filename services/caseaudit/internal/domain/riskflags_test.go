package domain

import (
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/testinfra"
)

func TestRiskFlags(t *testing.T) {
	r := planned(t) // C-1, the police's
	f, err := r.FlagRisk("f1", "C-1", "police", ChildAtRisk, " Bruising seen, no referral made ", "aud-1", later)
	if err != nil || f.Sends != 1 || f.Description != "Bruising seen, no referral made" || !f.LastSent.Equal(later) {
		t.Fatalf("flag: %+v %v", f, err)
	}
	_, err = r.FlagRisk("f2", "C-9", "health", RiskUnknown, " ", "aud-1", later)
	testinfra.WantViolations(t, err, []string{"case_reference", "kind", "description"})
	_, err = r.FlagRisk("f2", "C-1", "health", UnsafePractice, "x", "aud-1", later)
	testinfra.WantViolations(t, err, []string{"agency"})

	hour := time.Hour
	if f.ResendDue(later.Add(59*time.Minute), hour) || !f.ResendDue(later.Add(hour), hour) {
		t.Fatal("resend due")
	}
	f.Resend(later.Add(hour))
	if f.Sends != 2 || f.ResendDue(later.Add(90*time.Minute), hour) {
		t.Fatalf("after a resend: %+v", f)
	}
	testinfra.WantViolations(t, f.Acknowledge("dsl", "\x00", later), []string{"note"})
	if err := f.Acknowledge("dsl", "Strategy discussion held", later.Add(2*hour)); err != nil || f.AckBy != "dsl" {
		t.Fatalf("acknowledge: %v %+v", err, f)
	}
	if f.ResendDue(later.Add(10*hour), hour) {
		t.Fatal("an acknowledged flag is raised again")
	}
	if err := f.Acknowledge("other", "", later); failure.KindOf(err) != failure.KindFailedPrecondition {
		t.Fatalf("acknowledging twice: %v", err)
	}
}
