// Package events turns the submission service's domain events into the
// protobuf messages it publishes, and consumes the template and directory
// events it keeps copies from.
package events

import (
	"fmt"

	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	"github.com/assure-audit/assure/services/submission/internal/domain"
	"github.com/assure-audit/assure/services/submission/internal/protoconv"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Service is the name under which the submission service publishes.
const Service = "submission"

func launched(subs []domain.Submission) []*submissionv1.LaunchedSubmission {
	out := make([]*submissionv1.LaunchedSubmission, len(subs))
	for i, s := range subs {
		ps := make([]string, len(s.Partnerships))
		for j, p := range s.Partnerships {
			ps[j] = "partnerships/" + p
		}
		out[i] = &submissionv1.LaunchedSubmission{Name: protoconv.SubmissionName(s.PartnershipID, s.CampaignID, s.ID),
			Organisation: "organisations/" + s.OrganisationID, Partnerships: ps}
	}
	return out
}

// eventCampaign is the campaign as events carry it: once launched, without
// its list of organisations, which can run to thousands; the submissions
// in the launch and addition events say who answers.
func eventCampaign(c domain.Campaign) *submissionv1.Campaign {
	m := protoconv.Campaign(c)
	if c.State.Launched() {
		m.Organisations = nil
	}
	return m
}

// Encode returns the event name (such as "campaign.launched") and message
// of ev.
func Encode(ev domain.Event) (string, proto.Message, error) {
	switch e := ev.(type) {
	case domain.CampaignCreated:
		return "campaign.created", &submissionv1.CampaignCreated{Campaign: eventCampaign(e.Campaign)}, nil
	case domain.CampaignLaunched:
		return "campaign.launched", &submissionv1.CampaignLaunched{Campaign: eventCampaign(e.Campaign),
			Submissions: launched(e.Submissions)}, nil
	case domain.CampaignUpdated:
		m := &submissionv1.CampaignUpdated{Campaign: eventCampaign(e.Campaign), ChangedFields: e.Changed}
		if !e.PreviousDue.IsZero() {
			m.PreviousDueTime = timestamppb.New(e.PreviousDue)
		}
		return "campaign.updated", m, nil
	case domain.OrganisationsAdded:
		return "campaign.organisations_added", &submissionv1.CampaignOrganisationsAdded{Campaign: eventCampaign(e.Campaign),
			Submissions: launched(e.Submissions)}, nil
	case domain.CampaignOpened:
		return "campaign.opened", &submissionv1.CampaignOpened{Campaign: eventCampaign(e.Campaign)}, nil
	case domain.CampaignClosedEvent:
		return "campaign.closed", &submissionv1.CampaignClosed{Campaign: eventCampaign(e.Campaign)}, nil
	case domain.CampaignArchivedEvent:
		return "campaign.archived", &submissionv1.CampaignArchived{Campaign: eventCampaign(e.Campaign)}, nil
	case domain.AnswersSaved:
		s := e.Submission
		m := &submissionv1.AnswersSaved{
			Submission: protoconv.SubmissionName(s.PartnershipID, s.CampaignID, s.ID),
			Campaign:   protoconv.CampaignName(s.PartnershipID, s.CampaignID),
			State:      submissionv1.SubmissionState(s.State),
			SaveTime:   timestamppb.New(s.UpdateTime),
			Person:     protoconv.Person(e.Person),
		}
		for _, a := range e.Answers {
			m.QuestionKeys = append(m.QuestionKeys, a.Key)
			m.Answers = append(m.Answers, protoconv.StoredAnswer(a))
		}
		return "answers.saved", m, nil
	case domain.SubmissionSubmitted:
		s := e.Submission
		return "submission.submitted", &submissionv1.SubmissionSubmitted{
			Submission:   protoconv.SubmissionName(s.PartnershipID, s.CampaignID, s.ID),
			Campaign:     protoconv.CampaignName(s.PartnershipID, s.CampaignID),
			Organisation: "organisations/" + s.OrganisationID,
			SubmitTime:   timestamppb.New(s.SubmitTime),
			Person:       protoconv.Person(s.SubmitPerson),
		}, nil
	case domain.SubmissionReturned:
		s := e.Submission
		m := &submissionv1.SubmissionReturned{
			Submission:   protoconv.SubmissionName(s.PartnershipID, s.CampaignID, s.ID),
			Campaign:     protoconv.CampaignName(s.PartnershipID, s.CampaignID),
			Organisation: "organisations/" + s.OrganisationID,
			ReopenedKeys: s.ReopenedKeys,
			Person:       protoconv.Person(e.Person),
			ReturnTime:   timestamppb.New(s.UpdateTime),
		}
		for _, c := range s.QAComments {
			m.Comments = append(m.Comments, &submissionv1.QaComment{QuestionKey: c.Key, Text: c.Text})
		}
		return "submission.returned", m, nil
	case domain.SubmissionAccepted:
		s := e.Submission
		return "submission.accepted", &submissionv1.SubmissionAccepted{
			Submission:   protoconv.SubmissionName(s.PartnershipID, s.CampaignID, s.ID),
			Campaign:     protoconv.CampaignName(s.PartnershipID, s.CampaignID),
			Organisation: "organisations/" + s.OrganisationID,
			Person:       protoconv.Person(s.AcceptPerson),
			AcceptTime:   timestamppb.New(s.AcceptTime),
		}, nil
	case domain.ActionChanged:
		name := "action.updated"
		if e.Created {
			name = "action.created"
		}
		return name, &submissionv1.ActionChanged{Action: protoconv.PlanAction(e.Action, e.Action.UpdateTime, true),
			Organisation: "organisations/" + e.OrganisationID}, nil
	case domain.EvidenceUploaded:
		return "evidence.uploaded", &submissionv1.EvidenceUploaded{Evidence: protoconv.Evidence(e.Evidence)}, nil
	default:
		return "", nil, fmt.Errorf("events: unknown submission event %T", ev)
	}
}
