package domain

import (
	"slices"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
)

// AssignmentState is where an auditor's assignment to a case stands.
// Values match the API's.
type AssignmentState int

// The assignment states.
const (
	AssignmentUnknown AssignmentState = iota
	// Proposed: named by the agency, not yet accepted by the auditor.
	Proposed
	// Accepted: the auditor declared no conflict and audits the case.
	Accepted
	// Declined: the auditor declared involvement in the case, or work on
	// it, so may not audit it; the agency names another.
	Declined
)

// Declaration is an auditor's conflict-of-interest declaration on a case.
type Declaration struct {
	// Involved: the auditor is involved in the case (family, colleague,
	// manager of the worker…).
	Involved bool
	// WorkedOnCase: the auditor worked on the case.
	WorkedOnCase bool
	// Statement is what the auditor adds.
	Statement string
}

// Conflicted reports whether the declaration bars the auditor.
func (d Declaration) Conflicted() bool { return d.Involved || d.WorkedOnCase }

// MaxStatement bounds a declaration's statement.
const MaxStatement = 2000

// Assignment is the auditor an involved agency names for one case of a
// round.
type Assignment struct {
	PartnershipID, RoundID string
	// Reference is the case's; Agency the agency's organisation id;
	// Auditor the person id of the auditor.
	Reference, Agency, Auditor string
	State                      AssignmentState
	Declaration                Declaration
	// Declined lists auditors who declared a conflict on this case for
	// this agency; none may be named again.
	Declined               []string
	AssignTime, DecideTime time.Time
	Version                int64
}

// Assign names auditor as the agency's auditor for the case with
// reference, replacing a proposed or declined assignment (prev, zero if
// none). Auditors are named while the round is planned or its returns are
// open, for agencies involved in the case, never one who has declared a
// conflict on it, and not in place of one who has accepted.
func (r Round) Assign(prev Assignment, reference, agency, auditor string, now time.Time) (Assignment, error) {
	var v failure.Violations
	i := slices.IndexFunc(r.Cases, func(c Case) bool { return c.Reference == reference })
	switch {
	case i < 0:
		v.Addf("case_reference", "is not a case of %s", "partnerships/"+r.PartnershipID+"/rounds/"+r.ID)
	case !slices.Contains(r.Cases[i].Agencies, agency):
		v.Addf("agency", "is not an agency involved in case %s", reference)
	}
	if !personID.MatchString(auditor) {
		v.Add("auditor", "must name a person, people/{id}")
	}
	if err := v.Err(); err != nil {
		return Assignment{}, err
	}
	if r.State != Planning && r.State != ReturnsOpen {
		return Assignment{}, failure.FailedPrecondition("the round is %s: auditors are named while it is planned or its returns are open", r.State)
	}
	if prev.State == Accepted {
		return Assignment{}, failure.FailedPrecondition("people/%s has accepted case %s for organisations/%s", prev.Auditor, reference, agency)
	}
	if slices.Contains(prev.Declined, auditor) {
		return Assignment{}, failure.FailedPrecondition("people/%s declared a conflict of interest on case %s and may not audit it", auditor, reference)
	}
	a := Assignment{PartnershipID: r.PartnershipID, RoundID: r.ID, Reference: reference, Agency: agency, Auditor: auditor,
		State: Proposed, Declined: slices.Clone(prev.Declined), AssignTime: now, Version: prev.Version + 1}
	return a, nil
}

// Decide records the auditor's declaration. With no conflict the auditor
// accepts the case; a declared involvement in the case, or work on it,
// declines the assignment, and the auditor may not be named for the case
// again. Only the auditor named decides, once.
func (a *Assignment) Decide(caller string, d Declaration, now time.Time) error {
	if caller != a.Auditor {
		return failure.PermissionDenied("the assignment of case %s is people/%s's to accept", a.Reference, a.Auditor)
	}
	var v failure.Violations
	d.Statement = checkText(&v, "declaration.statement", d.Statement, false, MaxStatement)
	if err := v.Err(); err != nil {
		return err
	}
	if a.State != Proposed {
		return failure.FailedPrecondition("the assignment of case %s has been decided already", a.Reference)
	}
	a.Declaration, a.DecideTime = d, now
	a.State = Accepted
	if d.Conflicted() {
		a.State = Declined
		a.Declined = append(a.Declined, a.Auditor)
	}
	a.Version++
	return nil
}
