// Package protoconv converts between the reporting service's domain model
// and protobuf messages: the events it consumes and the API messages it
// answers with.
package protoconv

import (
	"strconv"
	"strings"
	"time"

	"github.com/assure-audit/assure/pkg/answerform"
	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/pkg/templateform"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"github.com/assure-audit/assure/services/reporting/internal/domain"
	"google.golang.org/protobuf/types/known/timestamppb"
)

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
	e := domain.CampaignLaunched{Campaign: c.GetName(), DisplayName: c.GetDisplayName(), Due: timeOf(c.GetDueTime()), Draft: draft(c), Time: t}
	for _, s := range subs {
		e.Submissions = append(e.Submissions, domain.LaunchedSubmission{Name: s.GetName(), Organisation: s.GetOrganisation()})
	}
	return e
}

// CampaignUpdated converts an update event that happened at t.
func CampaignUpdated(m *submissionv1.CampaignUpdated, t time.Time) domain.CampaignUpdated {
	c := m.GetCampaign()
	return domain.CampaignUpdated{Campaign: c.GetName(), DisplayName: c.GetDisplayName(), Due: timeOf(c.GetDueTime()), Draft: draft(c), Time: t}
}

func draft(c *submissionv1.Campaign) bool {
	return c.GetState() == submissionv1.CampaignState_CAMPAIGN_STATE_DRAFT
}

// AnswersSaved converts a save event that happened at t.
func AnswersSaved(m *submissionv1.AnswersSaved, t time.Time) domain.AnswersSaved {
	return domain.AnswersSaved{Submission: m.GetSubmission(), Campaign: m.GetCampaign(), SaveTime: timeOf(m.GetSaveTime()), Time: t}
}

// SubmissionSubmitted converts a submitted event that happened at t. It
// was submitted at its submit time, or at t if the event gives none.
func SubmissionSubmitted(m *submissionv1.SubmissionSubmitted, t time.Time) domain.SubmissionReported {
	return domain.SubmissionReported{Submission: m.GetSubmission(), Campaign: m.GetCampaign(), Organisation: m.GetOrganisation(),
		State: domain.Submitted, At: timeOr(m.GetSubmitTime(), t), Time: t}
}

// SubmissionReturned converts a returned event that happened at t. It was
// returned at its return time, or at t if the event gives none.
func SubmissionReturned(m *submissionv1.SubmissionReturned, t time.Time) domain.SubmissionReported {
	return domain.SubmissionReported{Submission: m.GetSubmission(), Campaign: m.GetCampaign(), Organisation: m.GetOrganisation(),
		State: domain.Returned, At: timeOr(m.GetReturnTime(), t), Time: t}
}

// SubmissionAccepted converts an accepted event that happened at t. It was
// accepted at its accept time, or at t if the event gives none.
func SubmissionAccepted(m *submissionv1.SubmissionAccepted, t time.Time) domain.SubmissionReported {
	return domain.SubmissionReported{Submission: m.GetSubmission(), Campaign: m.GetCampaign(), Organisation: m.GetOrganisation(),
		State: domain.Accepted, At: timeOr(m.GetAcceptTime(), t), Time: t}
}

// OrganisationCreated converts a directory event.
func OrganisationCreated(m *directoryv1.OrganisationCreated) domain.OrganisationCreated {
	return domain.OrganisationCreated{Organisation: m.GetOrganisation().GetName(), DisplayName: m.GetOrganisation().GetDisplayName()}
}

// CompletionReport converts a report to its API message. The message
// counts three states: a submission sent back for revision counts as in
// progress and an accepted one as submitted, so the three still add up to
// the total, and returned and accepted say how many of those they are;
// each organisation's row names its state exactly.
// Returns still to hand in after the due date, at now, are overdue.
func CompletionReport(r domain.Report, now time.Time) *reportingv1.CompletionReport {
	m := &reportingv1.CompletionReport{
		Campaign:            r.Campaign.Name,
		CampaignDisplayName: r.Campaign.DisplayName,
		Total:               int32(r.Total),
		NotStarted:          int32(r.NotStarted),
		InProgress:          int32(r.InProgress + r.Returned),
		Submitted:           int32(r.Submitted + r.Accepted),
		Returned:            int32(r.Returned),
		Accepted:            int32(r.Accepted),
		AsOfTime:            timestamp(r.Campaign.AsOf),
		DueTime:             timestamp(r.Campaign.Due),
	}
	for _, d := range r.OverTime {
		m.OverTime = append(m.OverTime, &reportingv1.CompletionDay{
			Date: d.Date, Started: int32(d.Started), HandedIn: int32(d.HandedIn)})
	}
	for _, row := range r.Rows {
		late := row.Overdue(r.Campaign.Due, now)
		if late {
			m.Overdue++
		}
		m.Organisations = append(m.Organisations, &reportingv1.OrganisationCompletion{
			Organisation:     row.Organisation,
			DisplayName:      row.DisplayName,
			Submission:       row.Submission,
			State:            row.State().String(),
			LastActivityTime: timestamp(row.LastActivity),
			Overdue:          late,
		})
	}
	return m
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

// timestamp writes an optional time: absent when zero.
func timestamp(t time.Time) *timestamppb.Timestamp {
	if t.IsZero() {
		return nil
	}
	return timestamppb.New(t)
}

// SavedAnswers converts the answer values a save event reports.
func SavedAnswers(m *submissionv1.AnswersSaved, t time.Time) []domain.SavedAnswer {
	at := t
	if m.GetSaveTime() != nil {
		at = m.GetSaveTime().AsTime()
	}
	out := make([]domain.SavedAnswer, 0, len(m.GetAnswers()))
	for _, a := range m.GetAnswers() {
		out = append(out, domain.SavedAnswer{Answer: answerform.From(a), Version: a.GetVersion(), Time: at})
	}
	return out
}

// SubmissionPartnerships reads the campaign's partnerships of each
// launched submission, as partnership ids.
func SubmissionPartnerships(subs []*submissionv1.LaunchedSubmission) map[string][]string {
	out := map[string][]string{}
	for _, s := range subs {
		var ps []string
		for _, p := range s.GetPartnerships() {
			ps = append(ps, strings.TrimPrefix(p, "partnerships/"))
		}
		out[s.GetName()] = ps
	}
	return out
}

// OrganisationDetails reads an organisation's type, as templates name it,
// and its partnership ids.
func OrganisationDetails(o *directoryv1.Organisation) (string, []string) {
	typ := ""
	if o.GetType() != directoryv1.OrganisationType_ORGANISATION_TYPE_UNSPECIFIED {
		typ = strings.ToLower(strings.TrimPrefix(o.GetType().String(), "ORGANISATION_TYPE_"))
	}
	var ps []string
	for _, p := range o.GetPartnerships() {
		ps = append(ps, strings.TrimPrefix(p, "partnerships/"))
	}
	return typ, ps
}

// PartnershipIDs turns partnerships/{p} names into ids.
func PartnershipIDs(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strings.TrimPrefix(n, "partnerships/")
	}
	return out
}

// Version converts a published template version with its lineage.
func Version(v *templatev1.TemplateVersion) form.Version {
	out := form.Version{Form: templateform.Form(v.GetTemplate())}
	if len(v.GetLineage()) > 0 {
		out.Lineage = map[string]form.Link{}
		for _, l := range v.GetLineage() {
			out.Lineage[l.GetKey()] = form.Link{Kind: form.LineageKind(l.GetKind()), PreviousKeys: l.GetPreviousKeys()}
		}
	}
	return out
}

// Action converts an action event.
func Action(m *submissionv1.ActionChanged) domain.Action {
	a := m.GetAction()
	out := domain.Action{Name: a.GetName(), Organisation: m.GetOrganisation(), Section: a.GetSection(), QuestionKey: a.GetQuestionKey(),
		Title: a.GetTitle(), Owner: a.GetOwner(), DueDate: a.GetDueDate(), Status: domain.ActionStatus(a.GetStatus()),
		CreateTime: timeOf(a.GetCreateTime())}
	if i := strings.Index(a.GetName(), "/actions/"); i >= 0 {
		out.Submission = a.GetName()[:i]
	}
	out.Version, _ = strconv.ParseInt(a.GetEtag(), 10, 64)
	if out.Status == domain.ActionComplete {
		out.CompleteTime = timeOf(a.GetUpdateTime())
	}
	return out
}
