// Package protoconv converts between the case-audit service's domain model
// and its protobuf messages; the API handlers and the event writer share
// it.
package protoconv

import (
	"slices"
	"strings"
	"time"

	"github.com/assure-audit/assure/pkg/answerform"
	"github.com/assure-audit/assure/pkg/resource"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// RoundName is the resource name of a round.
func RoundName(partnershipID, id string) string {
	return "partnerships/" + partnershipID + "/rounds/" + id
}

// Round converts a round to its API message.
func Round(r domain.Round) *caseauditv1.Round {
	out := &caseauditv1.Round{
		Name:                RoundName(r.PartnershipID, r.ID),
		Theme:               r.Theme,
		CreateTime:          timestamppb.New(r.CreateTime),
		UpdateTime:          timestamppb.New(r.UpdateTime),
		Etag:                resource.Etag(r.Version),
		Methodology:         r.Methodology,
		PracticePeriodStart: r.PracticeFrom,
		PracticePeriodEnd:   r.PracticeTo,
		TemplateVersion:     r.TemplateVersion,
		ReturnsDueTime:      timestamp(r.ReturnsDue),
		ModerationTime:      timestamp(r.ModerationTime),
		State:               caseauditv1.RoundState(r.State),
	}
	if r.Chair != "" {
		out.Chair = "people/" + r.Chair
	}
	for _, p := range r.KeyReaders {
		out.KeyReaders = append(out.KeyReaders, "people/"+p)
	}
	out.RetentionDays = int32(r.RetentionDays)
	out.SampleSeed = r.SampleSeed
	out.CloseTime, out.PurgeTime = timestamp(r.CloseTime), timestamp(r.PurgeTime)
	for _, c := range r.Cases {
		pc := &caseauditv1.Case{Reference: c.Reference, SamplingNotes: c.SamplingNotes}
		for _, a := range c.Agencies {
			pc.Agencies = append(pc.Agencies, "organisations/"+a)
		}
		out.Cases = append(out.Cases, pc)
	}
	return out
}

// Cases converts the cases of a request to the domain's, unchecked: the
// request validation has checked the agencies' names and the domain checks
// the rest.
func Cases(in []*caseauditv1.Case) []domain.Case {
	out := make([]domain.Case, len(in))
	for i, c := range in {
		out[i].Reference = c.GetReference()
		out[i].SamplingNotes = c.GetSamplingNotes()
		for _, a := range c.GetAgencies() {
			out[i].Agencies = append(out[i].Agencies, strings.TrimPrefix(a, "organisations/"))
		}
	}
	return out
}

// Candidates converts candidate cases; agencies lose their
// "organisations/" prefix.
func Candidates(cs []*caseauditv1.CandidateCase) []domain.Candidate {
	out := make([]domain.Candidate, len(cs))
	for i, c := range cs {
		out[i] = domain.Candidate{Reference: c.GetReference(), Agency: strings.TrimPrefix(c.GetAgency(), "organisations/"),
			AgeBand: c.GetAgeBand(), PlanType: c.GetPlanType()}
	}
	return out
}

// Attributes converts the names of stratifying attributes.
func Attributes(names []string) []domain.Attribute {
	out := make([]domain.Attribute, len(names))
	for i, n := range names {
		out[i] = domain.Attribute(n)
	}
	return out
}

// Sample converts a drawn sample.
func Sample(s domain.Sample) *caseauditv1.SampleCasesResponse {
	out := &caseauditv1.SampleCasesResponse{Seed: s.Seed}
	for _, c := range s.Cases {
		m := &caseauditv1.CandidateCase{Reference: c.Reference, AgeBand: c.AgeBand, PlanType: c.PlanType}
		if c.Agency != "" {
			m.Agency = "organisations/" + c.Agency
		}
		out.Cases = append(out.Cases, m)
	}
	for _, st := range s.Strata {
		out.Strata = append(out.Strata, &caseauditv1.Stratum{Key: st.Key, Candidates: int32(st.Candidates), Drawn: int32(st.Drawn)})
	}
	return out
}

// Details reads a round's planning details from its message; the chair
// loses its "people/" prefix.
func Details(r *caseauditv1.Round) domain.Details {
	d := domain.Details{Methodology: r.GetMethodology(), PracticeFrom: r.GetPracticePeriodStart(), PracticeTo: r.GetPracticePeriodEnd(),
		TemplateVersion: r.GetTemplateVersion(), Chair: strings.TrimPrefix(r.GetChair(), "people/")}
	for _, p := range r.GetKeyReaders() {
		d.KeyReaders = append(d.KeyReaders, strings.TrimPrefix(p, "people/"))
	}
	d.RetentionDays = int(r.GetRetentionDays())
	d.SampleSeed = r.GetSampleSeed()
	if r.GetReturnsDueTime() != nil {
		d.ReturnsDue = r.GetReturnsDueTime().AsTime().UTC()
	}
	if r.GetModerationTime() != nil {
		d.ModerationTime = r.GetModerationTime().AsTime().UTC()
	}
	return d
}

// timestamp writes an optional time: absent when zero.
func timestamp(t time.Time) *timestamppb.Timestamp {
	if t.IsZero() {
		return nil
	}
	return timestamppb.New(t)
}

// Assignment converts an assignment to its API message.
func Assignment(a domain.Assignment) *caseauditv1.Assignment {
	out := &caseauditv1.Assignment{Round: RoundName(a.PartnershipID, a.RoundID), CaseReference: a.Reference,
		Agency: "organisations/" + a.Agency, Auditor: "people/" + a.Auditor, State: caseauditv1.AssignmentState(a.State),
		AssignTime: timestamp(a.AssignTime), DecideTime: timestamp(a.DecideTime)}
	if !a.DecideTime.IsZero() {
		out.Declaration = &caseauditv1.Declaration{Involved: a.Declaration.Involved, WorkedOnCase: a.Declaration.WorkedOnCase,
			Statement: a.Declaration.Statement}
	}
	for _, p := range a.Declined {
		out.DeclinedAuditors = append(out.DeclinedAuditors, "people/"+p)
	}
	return out
}

// RapidReviewName is the resource name of a rapid review.
func RapidReviewName(partnershipID, id string) string {
	return "partnerships/" + partnershipID + "/rapidReviews/" + id
}

var ragNames = map[domain.RAG]string{domain.Green: "GREEN", domain.Amber: "AMBER", domain.Red: "RED"}

// RapidReview converts a rapid review, with its clock when clock is not
// nil, to its API message.
func RapidReview(r domain.RapidReview, clock *domain.Clock) *caseauditv1.RapidReview {
	out := &caseauditv1.RapidReview{Name: RapidReviewName(r.PartnershipID, r.ID), Reference: r.Reference, NotificationDate: r.Notified,
		Decision: caseauditv1.RapidReviewDecision(r.Decision), Rationale: r.Rationale, DecideTime: timestamp(r.DecideTime),
		CreateTime: timestamp(r.CreateTime), UpdateTime: timestamp(r.UpdateTime), Etag: resource.Etag(r.Version)}
	for _, m := range r.Milestones {
		out.Milestones = append(out.Milestones, &caseauditv1.Milestone{Key: m.Key, Label: m.Label, WorkingDays: int32(m.WorkingDays),
			DueDate: m.Due, DoneDate: m.Done})
	}
	for _, a := range r.Agencies {
		out.Agencies = append(out.Agencies, &caseauditv1.AgencySummary{Agency: "organisations/" + a.Agency, Summary: a.Summary,
			ReceiveTime: timestamp(a.ReceivedTime)})
	}
	if clock != nil {
		out.Clock = &caseauditv1.ReviewClock{WorkingDaysLeft: int32(clock.DaysLeft), Rag: ragNames[clock.RAG]}
		if clock.Next != nil {
			out.Clock.NextMilestone, out.Clock.NextDueDate = clock.Next.Key, clock.Next.Due
		}
	}
	return out
}

// Milestones reads the milestones of a request.
func Milestones(ms []*caseauditv1.Milestone) []domain.Milestone {
	out := make([]domain.Milestone, len(ms))
	for i, m := range ms {
		out[i] = domain.Milestone{Key: m.GetKey(), Label: m.GetLabel(), WorkingDays: int(m.GetWorkingDays())}
	}
	return out
}

// RiskFlag converts a flag to its API message.
func RiskFlag(f domain.RiskFlag) *caseauditv1.RiskFlag {
	out := &caseauditv1.RiskFlag{Name: RoundName(f.PartnershipID, f.RoundID) + "/riskFlags/" + f.ID, CaseReference: f.Reference,
		Agency: "organisations/" + f.Agency, Kind: caseauditv1.RiskKind(f.Kind), Description: f.Description,
		FlaggedBy: "people/" + f.FlaggedBy, FlagTime: timestamp(f.FlagTime), AcknowledgementNote: f.AckNote,
		AcknowledgeTime: timestamp(f.AckTime), Sends: int32(f.Sends), LastSendTime: timestamp(f.LastSent), Etag: resource.Etag(f.Version)}
	if f.AckBy != "" {
		out.AcknowledgedBy = "people/" + f.AckBy
	}
	return out
}

// Chronology converts an agency's chronology to its API message.
func Chronology(c domain.Chronology) *caseauditv1.Chronology {
	out := &caseauditv1.Chronology{Round: RoundName(c.PartnershipID, c.RoundID), CaseReference: c.Reference,
		Agency: "organisations/" + c.Agency, SavedBy: "people/" + c.SavedBy, SaveTime: timestamp(c.SaveTime), Etag: resource.Etag(c.Version)}
	for _, e := range c.Entries {
		out.Entries = append(out.Entries, &caseauditv1.ChronologyEntry{Date: e.Date, Event: e.Event, Significance: e.Significance})
	}
	return out
}

// FindingsName is the resource name of a round's findings.
func FindingsName(partnershipID, roundID string) string {
	return RoundName(partnershipID, roundID) + "/findings"
}

// Findings converts a round's findings to their API message, with the
// round's theme, state and dates (never its cases) and the days it took
// by now.
func Findings(f domain.RoundFindings, r domain.Round, now time.Time) *caseauditv1.Findings {
	out := &caseauditv1.Findings{Name: FindingsName(f.PartnershipID, f.RoundID), WorkingWell: f.WorkingWell, Concerns: f.Concerns,
		Review: &caseauditv1.RoundReview{StaffHours: f.Review.StaffHours, NextTime: f.Review.NextTime}, RoundTheme: r.Theme,
		RoundState: caseauditv1.RoundState(r.State), RoundCreateTime: timestamp(r.CreateTime), RoundCloseTime: timestamp(r.CloseTime),
		UpdateTime: timestamp(f.UpdateTime), Etag: resource.Etag(f.Version)}
	end := now
	if !r.CloseTime.IsZero() {
		end = r.CloseTime
	}
	if !r.CreateTime.IsZero() && end.After(r.CreateTime) {
		out.DaysTaken = int32(end.Sub(r.CreateTime).Hours() / 24)
	}
	for _, rec := range f.Recommendations {
		mr := &caseauditv1.Recommendation{Text: rec.Text}
		for _, a := range rec.Actions {
			ma := &caseauditv1.FindingAction{Id: a.ID, Title: a.Title, Owner: a.Owner, DueDate: a.DueDate,
				Status: caseauditv1.FindingActionStatus(a.Status)}
			for _, u := range a.Updates {
				ma.Updates = append(ma.Updates, &caseauditv1.FindingActionUpdate{Time: timestamp(u.Time), Person: "people/" + u.Person,
					Status: caseauditv1.FindingActionStatus(u.Status), Note: u.Note})
			}
			mr.Actions = append(mr.Actions, ma)
		}
		out.Recommendations = append(out.Recommendations, mr)
	}
	return out
}

// FindingsFrom reads findings from their message.
func FindingsFrom(m *caseauditv1.Findings) domain.RoundFindings {
	f := domain.RoundFindings{WorkingWell: m.GetWorkingWell(), Concerns: m.GetConcerns(),
		Review: domain.RoundReview{StaffHours: m.GetReview().GetStaffHours(), NextTime: m.GetReview().GetNextTime()}}
	for _, rec := range m.GetRecommendations() {
		dr := domain.Recommendation{Text: rec.GetText()}
		for _, a := range rec.GetActions() {
			dr.Actions = append(dr.Actions, domain.FindingAction{ID: a.GetId(), Title: a.GetTitle(), Owner: a.GetOwner(),
				DueDate: a.GetDueDate(), Status: domain.ActionStatus(a.GetStatus())})
		}
		f.Recommendations = append(f.Recommendations, dr)
	}
	return f
}

// CaseReturn converts a return to its API message, its answers by key.
func CaseReturn(c domain.CaseReturn) *caseauditv1.CaseReturn {
	out := &caseauditv1.CaseReturn{Round: RoundName(c.PartnershipID, c.RoundID), CaseReference: c.Reference,
		Agency: "organisations/" + c.Agency, State: caseauditv1.CaseReturnState(c.State), QaComment: c.QAComment,
		SaveTime: timestamp(c.SaveTime), SubmitTime: timestamp(c.SubmitTime), ReviewTime: timestamp(c.ReviewTime),
		Etag: resource.Etag(c.Version)}
	if c.SavedBy != "" {
		out.SavedBy = "people/" + c.SavedBy
	}
	if c.ReviewedBy != "" {
		out.ReviewedBy = "people/" + c.ReviewedBy
	}
	keys := make([]string, 0, len(c.Answers))
	for k := range c.Answers {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		out.Answers = append(out.Answers, answerform.To(c.Answers[k]))
	}
	return out
}
