// Package protoconv converts between the reminder's domain model and
// protobuf messages: the submission events it consumes and the API messages
// it answers with.
package protoconv

import (
	"strconv"
	"strings"
	"time"

	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	reminderv1 "github.com/assure-audit/assure/proto/gen/assure/reminder/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	"github.com/assure-audit/assure/services/reminder/internal/domain"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// CampaignChanged converts the campaign carried by an event that happened
// at t to what the event reports of it.
func CampaignChanged(m *submissionv1.Campaign, t time.Time) domain.CampaignChanged {
	e := domain.CampaignChanged{
		Campaign: m.GetName(),
		DueTime:  timeOf(m.GetDueTime()),
		State:    domain.CampaignState(m.GetState()),
		Time:     t,
	}
	if m.GetDisplayName() != "" {
		d := &domain.CampaignDetails{Campaign: m.GetName(), DisplayName: m.GetDisplayName(), Time: t,
			Open: timeOf(m.GetOpenTime()), Close: timeOf(m.GetCloseTime())}
		if d.Open.IsZero() {
			d.Open = timeOf(m.GetLaunchTime())
		}
		if d.Close.IsZero() && !m.GetAllowLate() {
			d.Close = timeOf(m.GetDueTime()).Add(time.Second)
		}
		for _, p := range m.GetPartnerships() {
			d.Partnerships = append(d.Partnerships, strings.TrimPrefix(p, "partnerships/"))
		}
		e.Details = d
	}
	return e
}

// CampaignLaunched converts a launch event that happened at t.
func CampaignLaunched(m *submissionv1.CampaignLaunched, t time.Time) domain.CampaignLaunched {
	return launched(m.GetCampaign(), m.GetSubmissions(), t)
}

// CampaignOrganisationsAdded converts an event of organisations added to a
// campaign, which happened at t, to the launch of their submissions.
func CampaignOrganisationsAdded(m *submissionv1.CampaignOrganisationsAdded, t time.Time) domain.CampaignLaunched {
	return launched(m.GetCampaign(), m.GetSubmissions(), t)
}

func launched(c *submissionv1.Campaign, subs []*submissionv1.LaunchedSubmission, t time.Time) domain.CampaignLaunched {
	e := domain.CampaignLaunched{CampaignChanged: CampaignChanged(c, t)}
	for _, s := range subs {
		e.Submissions = append(e.Submissions, domain.LaunchedSubmission{Name: s.GetName(), Organisation: s.GetOrganisation()})
	}
	return e
}

// SubmissionSubmitted converts a submitted event that happened at t. It
// happened at its submit time, or at t if the event gives none.
func SubmissionSubmitted(m *submissionv1.SubmissionSubmitted, t time.Time) domain.SubmissionReported {
	return domain.SubmissionReported{Submission: m.GetSubmission(), Campaign: m.GetCampaign(), Organisation: m.GetOrganisation(),
		Status: domain.StatusSubmitted, Time: timeOr(m.GetSubmitTime(), t)}
}

// SubmissionReturned converts a returned event that happened at t. It
// happened at its return time, or at t if the event gives none.
func SubmissionReturned(m *submissionv1.SubmissionReturned, t time.Time) domain.SubmissionReported {
	return domain.SubmissionReported{Submission: m.GetSubmission(), Campaign: m.GetCampaign(), Organisation: m.GetOrganisation(),
		Status: domain.StatusReturned, Time: timeOr(m.GetReturnTime(), t)}
}

// SubmissionAccepted converts an accepted event that happened at t. It
// happened at its accept time, or at t if the event gives none.
func SubmissionAccepted(m *submissionv1.SubmissionAccepted, t time.Time) domain.SubmissionReported {
	return domain.SubmissionReported{Submission: m.GetSubmission(), Campaign: m.GetCampaign(), Organisation: m.GetOrganisation(),
		Status: domain.StatusAccepted, Time: timeOr(m.GetAcceptTime(), t)}
}

// OutstandingSubmission converts an outstanding submission to its API
// message.
func OutstandingSubmission(s domain.Submission) *reminderv1.OutstandingSubmission {
	return &reminderv1.OutstandingSubmission{
		Submission:   s.Name,
		Organisation: s.Organisation,
		DueTime:      timestamppb.New(s.DueTime),
	}
}

// timeOf reads an optional timestamp: zero when absent.
func timeOf(ts *timestamppb.Timestamp) time.Time {
	if ts == nil {
		return time.Time{}
	}
	return ts.AsTime()
}

// timeOr reads an optional timestamp: def when absent.
func timeOr(ts *timestamppb.Timestamp, def time.Time) time.Time {
	if ts == nil {
		return def
	}
	return ts.AsTime()
}

// Person converts a directory person.
func Person(p *directoryv1.Person) domain.Person {
	return domain.Person{ID: strings.TrimPrefix(p.GetName(), "people/"), Email: p.GetEmail(), Name: p.GetDisplayName(), Active: p.GetActive()}
}

// Membership converts a directory membership into the person's id, the
// role as the directory names it ("organisation_lead") and the scope
// ("organisations/x" or "partnerships/y"; empty for a hub).
func Membership(m *directoryv1.Membership) (person, role, scope string) {
	parts := strings.Split(m.GetName(), "/")
	if len(parts) >= 2 {
		person = parts[1]
	}
	role = strings.ToLower(strings.TrimPrefix(m.GetRole().String(), "ROLE_"))
	switch {
	case m.GetOrganisation() != "":
		scope = m.GetOrganisation()
	case m.GetPartnership() != "":
		scope = m.GetPartnership()
	}
	return person, role, scope
}

// Delivery converts a delivery to its API message.
func Delivery(d domain.Delivery) *reminderv1.Delivery {
	m := &reminderv1.Delivery{Name: d.Campaign + "/deliveries/" + d.ID, Submission: d.Submission, Reminder: d.Reminder,
		Recipient: d.Recipient, State: reminderv1.DeliveryState(d.State), Attempts: int32(d.Attempts), LastError: d.LastError,
		DueTime: timestamppb.New(d.DueTime), MessageId: d.MessageID, Subject: d.Subject, Text: d.Text}
	if !d.SendTime.IsZero() {
		m.SendTime = timestamppb.New(d.SendTime)
	}
	return m
}

// Policy converts a policy to its API message.
func Policy(campaign string, p domain.Policy) *reminderv1.ReminderPolicy {
	m := &reminderv1.ReminderPolicy{Name: campaign + "/reminderPolicy", OnOpen: p.OnOpen, OnDue: p.OnDue,
		OverdueEveryWorkingDays: int32(p.OverdueEvery), EscalateAfterWorkingDays: int32(p.EscalateAfter),
		EscalationStepWorkingDays: int32(p.EscalationStep), ExecutiveSummary: p.ExecutiveSummary, SendingWindow: p.Window,
		ClosureDays: p.ClosureDays, SubjectTemplate: p.Templates.Subject, TextTemplate: p.Templates.Text,
		HtmlTemplate: p.Templates.HTML, IncludeContributors: p.IncludeContributors, Etag: strconv.FormatInt(p.Version, 10)}
	for _, n := range p.BeforeDue {
		m.BeforeDueWorkingDays = append(m.BeforeDueWorkingDays, int32(n))
	}
	for _, s := range p.Ladder {
		m.Ladder = append(m.Ladder, reminderv1.LadderStep(s))
	}
	if !p.UpdateTime.IsZero() {
		m.UpdateTime = timestamppb.New(p.UpdateTime)
	}
	return m
}

// PolicyFields converts the fields of a policy message a person sets.
func PolicyFields(m *reminderv1.ReminderPolicy) domain.Policy {
	p := domain.Policy{OnOpen: m.GetOnOpen(), OnDue: m.GetOnDue(), OverdueEvery: int(m.GetOverdueEveryWorkingDays()),
		EscalateAfter: int(m.GetEscalateAfterWorkingDays()), EscalationStep: int(m.GetEscalationStepWorkingDays()),
		ExecutiveSummary: m.GetExecutiveSummary(), Window: m.GetSendingWindow(), ClosureDays: m.GetClosureDays(),
		IncludeContributors: m.GetIncludeContributors()}
	p.Templates.Subject, p.Templates.Text, p.Templates.HTML = m.GetSubjectTemplate(), m.GetTextTemplate(), m.GetHtmlTemplate()
	for _, n := range m.GetBeforeDueWorkingDays() {
		p.BeforeDue = append(p.BeforeDue, int(n))
	}
	for _, s := range m.GetLadder() {
		p.Ladder = append(p.Ladder, domain.Step(s))
	}
	return p
}
