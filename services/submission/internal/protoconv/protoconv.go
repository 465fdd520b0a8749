// Package protoconv converts between the submission service's domain model
// and protobuf messages: its own API, its events, and the messages of the
// services it keeps copies from.
package protoconv

import (
	"strings"

	"github.com/assure-audit/assure/pkg/resource"
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
		pa := &submissionv1.Answer{QuestionKey: a.Key, UpdateTime: timestamppb.New(s.AnswerTimes[a.Key])}
		switch a.Kind {
		case domain.KindRating:
			pa.Value = &submissionv1.Answer_Grade{Grade: a.Grade}
		case domain.KindText:
			pa.Value = &submissionv1.Answer_Text{Text: a.Text}
		}
		m.Answers = append(m.Answers, pa)
	}
	return m
}

// Answers converts answers from a request.
func Answers(in []*submissionv1.Answer) []domain.Answer {
	out := make([]domain.Answer, len(in))
	for i, a := range in {
		out[i] = domain.Answer{Key: a.GetQuestionKey()}
		switch v := a.GetValue().(type) {
		case *submissionv1.Answer_Grade:
			out[i].Kind, out[i].Grade = domain.KindRating, v.Grade
		case *submissionv1.Answer_Text:
			out[i].Kind, out[i].Text = domain.KindText, v.Text
		}
	}
	return out
}

// Form converts a published template version into the form answers are
// checked against.
func Form(v *templatev1.TemplateVersion) domain.Form {
	f := domain.Form{Name: v.GetName(), PartnershipID: partnershipOf(v.GetName())}
	for _, s := range v.GetTemplate().GetSections() {
		for _, q := range s.GetQuestions() {
			dq := domain.Question{Key: q.GetKey(), Section: s.GetCode(), Required: q.GetRequired()}
			switch t := q.GetType().(type) {
			case *templatev1.Question_Rating:
				dq.Kind = domain.KindRating
				for _, g := range t.Rating.GetGrades() {
					dq.Grades = append(dq.Grades, g.GetValue())
				}
			case *templatev1.Question_TextAnswer:
				dq.Kind = domain.KindText
				dq.MaxLength = int(t.TextAnswer.GetMaxLength())
				if dq.MaxLength == 0 {
					dq.MaxLength = 10000
				}
			}
			f.Questions = append(f.Questions, dq)
		}
	}
	return f
}

// Organisation converts a directory organisation into the copy kept here.
func Organisation(o *directoryv1.Organisation) domain.Organisation {
	d := domain.Organisation{ID: strings.TrimPrefix(o.GetName(), "organisations/"), DisplayName: o.GetDisplayName()}
	for _, p := range o.GetPartnerships() {
		d.Partnerships = append(d.Partnerships, strings.TrimPrefix(p, "partnerships/"))
	}
	return d
}

func partnershipOf(name string) string {
	parts := strings.SplitN(name, "/", 3)
	if len(parts) < 2 {
		return ""
	}
	return parts[1]
}
