// Package events turns the case-audit service's domain events into the
// protobuf messages it publishes.
package events

import (
	"fmt"
	"slices"

	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
	"github.com/assure-audit/assure/services/caseaudit/internal/protoconv"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Service is the name under which the case-audit service publishes.
const Service = "caseaudit"

// Encode returns the event name (such as "round.created") and message of
// ev.
func Encode(ev domain.Event) (string, proto.Message, error) {
	switch e := ev.(type) {
	case domain.RoundCreated:
		return "round.created", &caseauditv1.RoundCreated{Round: roundWithoutDetail(e.Round)}, nil
	case domain.AssignmentChanged:
		// Who audits which case, and where that stands; never what the
		// auditor declared, which stays in the service.
		a := e.Assignment
		a.Declaration = domain.Declaration{}
		return "assignment.changed", &caseauditv1.AssignmentChanged{Assignment: protoconv.Assignment(a)}, nil
	case domain.RapidReviewChanged:
		return "rapid_review.changed", &caseauditv1.RapidReviewChanged{RapidReview: protoconv.RapidReview(e.RapidReview, nil)}, nil
	case domain.RoundPurged:
		p := e.Purge
		return "round.purged", &caseauditv1.RoundPurged{Round: protoconv.RoundName(p.PartnershipID, p.RoundID), Cases: int32(p.Cases),
			Assignments: int32(p.Assignments), CaseKeys: int32(p.Keys), PurgeTime: timestamppb.New(p.Time)}, nil
	case domain.RiskFlagged:
		return "risk.flagged", &caseauditv1.RiskFlagged{Flag: flagWithoutDetail(e.Flag)}, nil
	case domain.RiskAcknowledged:
		return "risk.acknowledged", &caseauditv1.RiskAcknowledged{Flag: flagWithoutDetail(e.Flag)}, nil
	case domain.ChronologySaved:
		// Who saved which chronology, never its entries.
		c := e.Chronology
		c.Entries = nil
		return "chronology.saved", &caseauditv1.ChronologySaved{Chronology: protoconv.Chronology(c)}, nil
	case domain.FindingsSaved:
		return "findings.saved", &caseauditv1.FindingsSaved{Findings: protoconv.Findings(e.Findings, domain.Round{}, e.Findings.UpdateTime)}, nil
	case domain.ReturnChanged:
		// Whose return moved on, never its answers or QA's comment.
		c := e.Return
		c.Answers, c.QAComment = nil, ""
		return "case_return.changed", &caseauditv1.CaseReturnChanged{CaseReturn: protoconv.CaseReturn(c)}, nil
	case domain.ModerationSaved:
		m := e.Moderation
		return "moderation.saved", &caseauditv1.CaseModerationSaved{Round: protoconv.RoundName(m.PartnershipID, m.RoundID),
			CaseReference: m.Reference, SavedBy: "people/" + m.SavedBy, SaveTime: timestamppb.New(m.SaveTime)}, nil
	case domain.RoundUpdated:
		return "round.updated", &caseauditv1.RoundUpdated{Round: roundWithoutDetail(e.Round), Changed: e.Changed}, nil
	default:
		return "", nil, fmt.Errorf("events: unknown case-audit event %T", ev)
	}
}

// flagWithoutDetail is a flag as its events carry it: who must be told
// about which case, without what the auditor wrote, which stays in the
// service for those allowed to read it.
func flagWithoutDetail(f domain.RiskFlag) *caseauditv1.RiskFlag {
	f.Description, f.AckNote = "", ""
	return protoconv.RiskFlag(f)
}

// roundWithoutDetail is a round as its events carry it: its cases by
// reference and agency, without why each was sampled.
func roundWithoutDetail(r domain.Round) *caseauditv1.Round {
	r.Cases = slices.Clone(r.Cases)
	for i := range r.Cases {
		r.Cases[i].SamplingNotes = ""
	}
	return protoconv.Round(r)
}
