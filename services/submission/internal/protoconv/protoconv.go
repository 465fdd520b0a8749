// Package protoconv converts between the submission service's domain model
// and protobuf messages: its own API, its events, and the messages of the
// services it keeps copies from.
package protoconv

import (
	"sort"
	"strings"
	"time"

	"github.com/assure-audit/assure/pkg/answerform"
	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/pkg/templateform"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"github.com/assure-audit/assure/services/submission/internal/app"
	"github.com/assure-audit/assure/services/submission/internal/domain"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// CampaignName is the resource name of a campaign.
func CampaignName(pid, cid string) string { return "partnerships/" + pid + "/campaigns/" + cid }

// SubmissionName is the resource name of a submission.
func SubmissionName(pid, cid, sid string) string {
	return CampaignName(pid, cid) + "/submissions/" + sid
}

// Campaign converts a campaign to its API message.
func Campaign(c domain.Campaign) *submissionv1.Campaign {
	m := &submissionv1.Campaign{
		Name:            CampaignName(c.PartnershipID, c.ID),
		DisplayName:     c.DisplayName,
		TemplateVersion: c.TemplateVersion,
		Organisations:   prefixAll("organisations/", c.Organisations),
		DueTime:         timestamppb.New(c.DueTime),
		State:           submissionv1.CampaignState(c.State),
		CreateTime:      timestamppb.New(c.CreateTime),
		Etag:            resource.Etag(c.Version),
		AudienceTypes:   c.AudienceTypes,
		AllowLate:       c.AllowLate,
		SourceCampaign:  c.SourceCampaign,
		QaRequired:      c.QARequired,
		SignOff:         submissionv1.SignOff(c.SignOff),
		Consortium:      c.Consortium,
		Partnerships:    prefixAll("partnerships/", c.Partnerships),
		SubmissionCount: int32(c.SubmissionCount),
	}
	m.LaunchTime = optionalTime(c.LaunchTime)
	m.OpenTime = optionalTime(c.OpenTime)
	m.CloseTime = optionalTime(c.CloseTime)
	m.ClosedTime = optionalTime(c.ClosedTime)
	return m
}

// CampaignSpec converts the fields of a campaign message a person sets.
func CampaignSpec(m *submissionv1.Campaign) domain.CampaignSpec {
	return domain.CampaignSpec{
		DisplayName:     m.GetDisplayName(),
		TemplateVersion: m.GetTemplateVersion(),
		Organisations:   trimAll("organisations/", m.GetOrganisations()),
		AudienceTypes:   m.GetAudienceTypes(),
		OpenTime:        fromTimestamp(m.GetOpenTime()),
		DueTime:         fromTimestamp(m.GetDueTime()),
		CloseTime:       fromTimestamp(m.GetCloseTime()),
		AllowLate:       m.GetAllowLate(),
		SourceCampaign:  m.GetSourceCampaign(),
		QARequired:      m.GetQaRequired(),
		SignOff:         domain.SignOff(m.GetSignOff()),
		Consortium:      m.GetConsortium(),
	}
}

func fromTimestamp(t *timestamppb.Timestamp) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.AsTime().UTC()
}

func optionalTime(t time.Time) *timestamppb.Timestamp {
	if t.IsZero() {
		return nil
	}
	return timestamppb.New(t)
}

func prefixAll(prefix string, ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = prefix + id
	}
	return out
}

func trimAll(prefix string, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strings.TrimPrefix(n, prefix)
	}
	return out
}

// Person is a person id as a resource name, or "" for none.
func Person(id string) string {
	if id == "" {
		return ""
	}
	return "people/" + id
}

// Submission converts a submission to its API message, with what its
// campaign says about it.
func Submission(v app.SubmissionView) *submissionv1.Submission {
	s := v.Submission
	m := &submissionv1.Submission{
		Name:                SubmissionName(s.PartnershipID, s.CampaignID, s.ID),
		Organisation:        "organisations/" + s.OrganisationID,
		State:               submissionv1.SubmissionState(s.State),
		UpdateTime:          timestamppb.New(s.UpdateTime),
		Etag:                resource.Etag(s.Version),
		Overdue:             v.Overdue,
		SubmitPerson:        Person(s.SubmitPerson),
		AcceptPerson:        Person(s.AcceptPerson),
		ReopenedKeys:        s.ReopenedKeys,
		CampaignDisplayName: v.Campaign.DisplayName,
		TemplateVersion:     v.Campaign.TemplateVersion,
	}
	if !v.Campaign.DueTime.IsZero() {
		m.DueTime = timestamppb.New(v.Campaign.DueTime)
	}
	m.SubmitTime = optionalTime(s.SubmitTime)
	m.AcceptTime = optionalTime(s.AcceptTime)
	for _, c := range s.QAComments {
		m.QaComments = append(m.QaComments, &submissionv1.QaComment{QuestionKey: c.Key, Text: c.Text})
	}
	secs := make([]string, 0, len(s.Assignments))
	for sec := range s.Assignments {
		secs = append(secs, sec)
	}
	sort.Strings(secs)
	for _, sec := range secs {
		m.Assignments = append(m.Assignments, &submissionv1.SectionAssignment{Section: sec, People: prefixAll("people/", s.Assignments[sec])})
	}
	for _, a := range s.SortedAnswers() {
		m.Answers = append(m.Answers, StoredAnswer(a))
	}
	if p := v.Progress; p != nil {
		m.HiddenKeys = p.Hidden
		m.Progress = &submissionv1.Progress{Answered: int32(p.Overall.RequiredAnswered), Required: int32(p.Overall.Required)}
		for _, sp := range p.Sections {
			m.Progress.Sections = append(m.Progress.Sections, &submissionv1.SectionProgress{Section: sp.Code,
				Answered: int32(sp.Count.RequiredAnswered), Required: int32(sp.Count.Required)})
		}
	}
	return m
}

// StoredAnswer converts a stored answer, with its version and who saved
// it, to its API message.
func StoredAnswer(a domain.StoredAnswer) *submissionv1.Answer {
	m := Answer(a.Answer)
	m.Version = a.Version
	m.UpdatePerson = Person(a.Person)
	m.BroughtForward = a.BroughtForward
	if !a.UpdateTime.IsZero() {
		m.UpdateTime = timestamppb.New(a.UpdateTime)
	}
	return m
}

// Answer converts an answer to its API message.
func Answer(a form.Answer) *submissionv1.Answer { return answerform.To(a) }

// Incoming converts the answers of a save with the versions their client
// last saw.
func Incoming(in []*submissionv1.Answer) []domain.Incoming {
	answers := Answers(in)
	out := make([]domain.Incoming, len(in))
	for i, a := range in {
		out[i] = domain.Incoming{Answer: answers[i], BaseVersion: a.GetVersion()}
	}
	return out
}

// Answers converts answers from a request, unchecked: the version's
// compiled form checks them.
func Answers(in []*submissionv1.Answer) []form.Answer { return answerform.FromAll(in) }

// Form converts a published template version into the copy answers are
// checked against.
func Form(v *templatev1.TemplateVersion) domain.Form {
	f := domain.Form{Name: v.GetName(), PartnershipID: partnershipOf(v.GetName()),
		Form: templateform.Form(v.GetTemplate())}
	if len(v.GetLineage()) > 0 {
		f.Lineage = map[string]domain.Lineage{}
		for _, l := range v.GetLineage() {
			f.Lineage[l.GetKey()] = domain.Lineage{Kind: domain.LineageKind(l.GetKind()), PreviousKeys: l.GetPreviousKeys()}
		}
	}
	return f
}

// Consortium converts a directory consortium into the copy kept here.
func Consortium(c *directoryv1.Consortium) domain.Consortium {
	return domain.Consortium{Name: c.GetName(), Partnerships: trimAll("partnerships/", c.GetPartnerships())}
}

// Partnership converts a directory partnership into the copy kept here.
func Partnership(p *directoryv1.Partnership) domain.Partnership {
	return domain.Partnership{ID: strings.TrimPrefix(p.GetName(), "partnerships/"), Hub: p.GetHub()}
}

// Organisation converts a directory organisation into the copy kept here.
func Organisation(o *directoryv1.Organisation) domain.Organisation {
	d := domain.Organisation{ID: strings.TrimPrefix(o.GetName(), "organisations/"), DisplayName: o.GetDisplayName()}
	for _, p := range o.GetPartnerships() {
		d.Partnerships = append(d.Partnerships, strings.TrimPrefix(p, "partnerships/"))
	}
	d.Type = OrganisationType(o.GetType())
	return d
}

// OrganisationType is the name templates use in applies_to for an
// organisation type, such as "school" or "early_years"; empty when
// unspecified.
func OrganisationType(t directoryv1.OrganisationType) string {
	if t == directoryv1.OrganisationType_ORGANISATION_TYPE_UNSPECIFIED {
		return ""
	}
	return strings.ToLower(strings.TrimPrefix(t.String(), "ORGANISATION_TYPE_"))
}

func partnershipOf(name string) string {
	parts := strings.SplitN(name, "/", 3)
	if len(parts) < 2 {
		return ""
	}
	return parts[1]
}

// ActionName is the resource name of an action.
func ActionName(a domain.PlanAction) string {
	r := a.Submission
	return SubmissionName(r.PartnershipID, r.CampaignID, r.SubmissionID) + "/actions/" + a.ID
}

// PlanAction converts an action to its API message; the trail is included
// when withTrail is set.
func PlanAction(a domain.PlanAction, now time.Time, withTrail bool) *submissionv1.PlanAction {
	m := &submissionv1.PlanAction{Name: ActionName(a), QuestionKey: a.QuestionKey, Section: a.Section, Title: a.Title,
		Owner: a.Owner, DueDate: a.DueDate, Status: submissionv1.ActionStatus(a.Status), Overdue: a.Overdue(now),
		ProgressNote: a.ProgressNote, CreateTime: timestamppb.New(a.CreateTime), UpdateTime: timestamppb.New(a.UpdateTime),
		Etag: resource.Etag(a.Version)}
	if withTrail {
		for _, u := range a.Updates {
			m.Updates = append(m.Updates, &submissionv1.ActionUpdate{UpdateTime: timestamppb.New(u.Time), Person: Person(u.Person),
				Status: submissionv1.ActionStatus(u.Status), DueDate: u.DueDate, Note: u.Note, ChangedFields: u.ChangedFields})
		}
	}
	return m
}

// ActionFields converts the fields of an action message a person sets.
func ActionFields(m *submissionv1.PlanAction) domain.ActionFields {
	return domain.ActionFields{QuestionKey: m.GetQuestionKey(), Section: m.GetSection(), Title: m.GetTitle(), Owner: m.GetOwner(),
		DueDate: m.GetDueDate(), ProgressNote: m.GetProgressNote(), Status: domain.ActionStatus(m.GetStatus())}
}

// Evidence converts an evidence record to its API message.
func Evidence(e domain.Evidence) *submissionv1.Evidence {
	r := e.Submission
	return &submissionv1.Evidence{Name: SubmissionName(r.PartnershipID, r.CampaignID, r.SubmissionID) + "/evidence/" + e.ID,
		FileName: e.FileName, ContentType: e.ContentType, SizeBytes: e.Size, Sha256: e.SHA256,
		UploadTime: timestamppb.New(e.UploadTime), UploadPerson: Person(e.Person)}
}

// Calendar converts a hub's campaign calendar.
func Calendar(cal app.Calendar) *submissionv1.ListCampaignCalendarResponse {
	out := &submissionv1.ListCampaignCalendarResponse{}
	for _, c := range cal.Campaigns {
		open, _ := c.Window()
		out.Entries = append(out.Entries, &submissionv1.CalendarEntry{Campaign: CampaignName(c.PartnershipID, c.ID),
			DisplayName: c.DisplayName, Partnerships: prefixAll("partnerships/", c.Partnerships),
			State: submissionv1.CampaignState(c.State), OpenTime: timestamppb.New(open), DueTime: timestamppb.New(c.DueTime),
			OrganisationCount: int32(len(c.Organisations))})
	}
	sort.SliceStable(out.Entries, func(i, j int) bool { return out.Entries[i].OpenTime.AsTime().Before(out.Entries[j].OpenTime.AsTime()) })
	for _, cl := range cal.Clashes {
		out.Clashes = append(out.Clashes, &submissionv1.CalendarClash{
			FirstCampaign: CampaignName(cl.First.PartnershipID, cl.First.ID), SecondCampaign: CampaignName(cl.Second.PartnershipID, cl.Second.ID),
			OverlapStartTime: timestamppb.New(cl.Start), OverlapEndTime: timestamppb.New(cl.End),
			SharedOrganisationCount: int32(cl.SharedCount), SharedOrganisations: prefixAll("organisations/", cl.SharedOrganisation)})
	}
	return out
}
