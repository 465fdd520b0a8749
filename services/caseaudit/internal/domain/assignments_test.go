package domain

import (
	"slices"
	"testing"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/testinfra"
)

func TestAssign(t *testing.T) {
	r := planned(t) // C-1, the police's
	a, err := r.Assign(Assignment{}, "C-1", "police", "aud-1", later)
	if err != nil || a.State != Proposed || a.Auditor != "aud-1" || a.Version != 1 {
		t.Fatalf("assign: %+v %v", a, err)
	}
	for _, tt := range []struct {
		name                 string
		ref, agency, auditor string
		fields               []string
	}{
		{"not a case", "C-9", "police", "aud-1", []string{"case_reference"}},
		{"agency not involved", "C-1", "health", "aud-1", []string{"agency"}},
		{"not a person", "C-1", "police", "Jane Smith", []string{"auditor"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := r.Assign(Assignment{}, tt.ref, tt.agency, tt.auditor, later)
			testinfra.WantViolations(t, err, tt.fields)
		})
	}

	// The auditor declares a conflict: declined, and not to be named
	// again; another is.
	if err := a.Decide("aud-2", Declaration{}, later); failure.KindOf(err) != failure.KindPermissionDenied {
		t.Fatalf("another person accepting: %v", err)
	}
	if err := a.Decide("aud-1", Declaration{WorkedOnCase: true, Statement: " I was the allocated social worker "}, later); err != nil ||
		a.State != Declined || !slices.Equal(a.Declined, []string{"aud-1"}) || a.Declaration.Statement != "I was the allocated social worker" {
		t.Fatalf("declare work on the case: %+v %v", a, err)
	}
	if err := a.Decide("aud-1", Declaration{}, later); failure.KindOf(err) != failure.KindFailedPrecondition {
		t.Fatalf("deciding twice: %v", err)
	}
	if _, err := r.Assign(a, "C-1", "police", "aud-1", later); failure.KindOf(err) != failure.KindFailedPrecondition {
		t.Fatalf("naming a conflicted auditor again: %v", err)
	}
	b, err := r.Assign(a, "C-1", "police", "aud-2", later)
	if err != nil || b.State != Proposed || b.Version != 3 || !slices.Equal(b.Declined, []string{"aud-1"}) {
		t.Fatalf("another auditor: %+v %v", b, err)
	}
	if err := b.Decide("aud-2", Declaration{Involved: true}, later); err != nil || b.State != Declined {
		t.Fatalf("declare involvement: %+v %v", b, err)
	}
	c, _ := r.Assign(b, "C-1", "police", "aud-3", later)
	if err := c.Decide("aud-3", Declaration{Statement: "No link to the family"}, later); err != nil || c.State != Accepted {
		t.Fatalf("accept: %+v %v", c, err)
	}
	// An accepted auditor is not replaced.
	if _, err := r.Assign(c, "C-1", "police", "aud-4", later); failure.KindOf(err) != failure.KindFailedPrecondition {
		t.Fatalf("replacing an accepted auditor: %v", err)
	}
	if err := c.Decide("aud-3", Declaration{Statement: "\x00"}, later); failure.KindOf(err) != failure.KindInvalid {
		t.Fatalf("control character: %v", err)
	}

	// Not once the returns are in QA.
	r.State = QA
	if _, err := r.Assign(Assignment{}, "C-1", "police", "aud-5", later); failure.KindOf(err) != failure.KindFailedPrecondition {
		t.Fatalf("naming in QA: %v", err)
	}
}
