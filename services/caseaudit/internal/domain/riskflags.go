package domain

import (
	"slices"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
)

// RiskKind is what an immediate-risk flag raises. Values match the API's.
type RiskKind int

// The kinds.
const (
	RiskUnknown RiskKind = iota
	// ChildAtRisk: a child is at immediate risk.
	ChildAtRisk
	// UnsafePractice: practice on the case is unsafe.
	UnsafePractice
)

// RiskFlag is an immediate risk an auditor raised on a case: escalated at
// once to the agency and the partnership, and raised again until someone
// there acknowledges it.
type RiskFlag struct {
	PartnershipID, RoundID, ID string
	// Reference is the case's; Agency the organisation id of the agency
	// the risk concerns.
	Reference, Agency string
	Kind              RiskKind
	Description       string
	FlaggedBy         string
	FlagTime          time.Time
	// AckBy, AckNote and AckTime record the acknowledgement; empty until
	// then.
	AckBy, AckNote string
	AckTime        time.Time
	// Sends counts the times it was raised (1 when flagged); LastSent is
	// the latest.
	Sends    int
	LastSent time.Time
	Version  int64
}

// MaxRiskText bounds a flag's description and an acknowledgement's note.
const MaxRiskText = 2000

// FlagRisk raises an immediate risk on the case with reference, about an
// agency involved in it, for person, at now. A round whose case detail has
// been purged takes none.
func (r Round) FlagRisk(id, reference, agency string, kind RiskKind, description, person string, now time.Time) (RiskFlag, error) {
	var v failure.Violations
	i := slices.IndexFunc(r.Cases, func(c Case) bool { return c.Reference == reference })
	switch {
	case i < 0:
		v.Add("case_reference", "is not a case of the round")
	case !slices.Contains(r.Cases[i].Agencies, agency):
		v.Addf("agency", "is not an agency involved in case %s", reference)
	}
	if kind != ChildAtRisk && kind != UnsafePractice {
		v.Add("kind", "must be CHILD_AT_RISK or UNSAFE_PRACTICE")
	}
	description = checkText(&v, "description", description, true, MaxRiskText)
	if err := v.Err(); err != nil {
		return RiskFlag{}, err
	}
	return RiskFlag{PartnershipID: r.PartnershipID, RoundID: r.ID, ID: id, Reference: reference, Agency: agency, Kind: kind,
		Description: description, FlaggedBy: person, FlagTime: now, Sends: 1, LastSent: now, Version: 1}, nil
}

// Acknowledge records that person saw the flag and acts on it, once.
func (f *RiskFlag) Acknowledge(person, note string, now time.Time) error {
	var v failure.Violations
	note = checkText(&v, "note", note, false, MaxRiskText)
	if err := v.Err(); err != nil {
		return err
	}
	if !f.AckTime.IsZero() {
		return failure.FailedPrecondition("the flag was acknowledged by people/%s", f.AckBy)
	}
	f.AckBy, f.AckNote, f.AckTime = person, note, now
	f.Version++
	return nil
}

// ResendDue reports whether an unacknowledged flag is due to be raised
// again at now, every after its last sending.
func (f RiskFlag) ResendDue(now time.Time, every time.Duration) bool {
	return f.AckTime.IsZero() && !now.Before(f.LastSent.Add(every))
}

// Resend records the flag raised again at now.
func (f *RiskFlag) Resend(now time.Time) {
	f.Sends++
	f.LastSent = now
	f.Version++
}

// RiskFlagged records a flag raised, first or again.
type RiskFlagged struct{ Flag RiskFlag }

func (RiskFlagged) isEvent() {}

// RiskAcknowledged records a flag acknowledged.
type RiskAcknowledged struct{ Flag RiskFlag }

func (RiskAcknowledged) isEvent() {}
