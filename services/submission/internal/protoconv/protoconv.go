// Package protoconv converts between the submission service's domain model
// and protobuf messages: its own API, its events, and the messages of the
// services it keeps copies from.
package protoconv

import (
	"strings"

	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/pkg/templateform"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"github.com/assure-audit/assure/services/submission/internal/domain"
	"google.golang.org/protobuf/types/known/timestamppb"
)

func ts(t interface{ IsZero() bool }) bool { return !t.IsZero() }

// CampaignName is the resource name of a campaign.
func CampaignName(pid, cid string) string { return "partnerships/" + pid + "/campaigns/" + cid }

// SubmissionName is the resource name of a submission.
func SubmissionName(pid, cid, sid string) string {
	return CampaignName(pid, cid) + "/submissions/" + sid
}

// Campaign converts a campaign to its API message.
func Campaign(c domain.Campaign) *submissionv1.Campaign {
	orgs := make([]string, len(c.Organisations))
	for i, o := range c.Organisations {
		orgs[i] = "organisations/" + o
	}
	m := &submissionv1.Campaign{
		Name:            CampaignName(c.PartnershipID, c.ID),
		DisplayName:     c.DisplayName,
		TemplateVersion: c.TemplateVersion,
		Organisations:   orgs,
		DueTime:         timestamppb.New(c.DueTime),
		State:           submissionv1.CampaignState(c.State),
		CreateTime:      timestamppb.New(c.CreateTime),
		Etag:            resource.Etag(c.Version),
	}
	if ts(c.LaunchTime) {
		m.LaunchTime = timestamppb.New(c.LaunchTime)
	}
	return m
}

// Submission converts a submission to its API message.
func Submission(s domain.Submission) *submissionv1.Submission {
	m := &submissionv1.Submission{
		Name:         SubmissionName(s.PartnershipID, s.CampaignID, s.ID),
		Organisation: "organisations/" + s.OrganisationID,
		State:        submissionv1.SubmissionState(s.State),
		UpdateTime:   timestamppb.New(s.UpdateTime),
		Etag:         resource.Etag(s.Version),
	}
	if ts(s.SubmitTime) {
		m.SubmitTime = timestamppb.New(s.SubmitTime)
	}
	for _, a := range s.SortedAnswers() {
		pa := Answer(a)
		pa.UpdateTime = timestamppb.New(s.AnswerTimes[a.Key])
		m.Answers = append(m.Answers, pa)
	}
	return m
}

// Answer converts an answer to its API message.
func Answer(a form.Answer) *submissionv1.Answer {
	pa := &submissionv1.Answer{QuestionKey: a.Key, Choice: a.Choice, Choices: a.Choices, Grade: a.Grade,
		ModeratedGrade: a.ModeratedGrade, YesNo: a.YesNo, Number: a.Number, Text: a.Text, Date: a.Date,
		Confirmed: a.Confirmed}
	for _, e := range a.Evidence {
		pa.Evidence = append(pa.Evidence, &submissionv1.EvidenceRef{Name: e.Name, Id: e.ID})
	}
	for _, r := range a.Rows {
		pr := &submissionv1.TableRow{}
		for _, c := range r {
			pr.Cells = append(pr.Cells, &submissionv1.TableCell{Column: c.Column, Value: c.Value})
		}
		pa.Rows = append(pa.Rows, pr)
	}
	for _, x := range a.Actions {
		pa.Actions = append(pa.Actions, &submissionv1.Action{What: x.What, Who: x.Who, Due: x.Due})
	}
	return pa
}

// Answers converts answers from a request, unchecked: the version's
// compiled form checks them.
func Answers(in []*submissionv1.Answer) []form.Answer {
	out := make([]form.Answer, len(in))
	for i, a := range in {
		fa := form.Answer{Key: a.GetQuestionKey(), Choice: a.GetChoice(), Choices: a.GetChoices(), Grade: a.GetGrade(),
			ModeratedGrade: a.GetModeratedGrade(), YesNo: a.GetYesNo(), Number: a.GetNumber(), Text: a.GetText(),
			Date: a.GetDate(), Confirmed: a.GetConfirmed()}
		for _, e := range a.GetEvidence() {
			fa.Evidence = append(fa.Evidence, form.EvidenceRef{Name: e.GetName(), ID: e.GetId()})
		}
		for _, r := range a.GetRows() {
			row := make([]form.Cell, len(r.GetCells()))
			for j, c := range r.GetCells() {
				row[j] = form.Cell{Column: c.GetColumn(), Value: c.GetValue()}
			}
			fa.Rows = append(fa.Rows, row)
		}
		for _, x := range a.GetActions() {
			fa.Actions = append(fa.Actions, form.Action{What: x.GetWhat(), Who: x.GetWho(), Due: x.GetDue()})
		}
		out[i] = fa
	}
	return out
}

// Form converts a published template version into the copy answers are
// checked against.
func Form(v *templatev1.TemplateVersion) domain.Form {
	return domain.Form{Name: v.GetName(), PartnershipID: partnershipOf(v.GetName()),
		Form: templateform.Form(v.GetTemplate())}
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
