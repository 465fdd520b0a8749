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

// Encode returns the event name (such as "campaign.launched") and message
// of ev.
func Encode(ev domain.Event) (string, proto.Message, error) {
	switch e := ev.(type) {
	case domain.CampaignCreated:
		return "campaign.created", &submissionv1.CampaignCreated{Campaign: protoconv.Campaign(e.Campaign)}, nil
	case domain.CampaignLaunched:
		m := &submissionv1.CampaignLaunched{Campaign: protoconv.Campaign(e.Campaign)}
		for _, s := range e.Submissions {
			m.Submissions = append(m.Submissions, &submissionv1.LaunchedSubmission{
				Name:         protoconv.SubmissionName(s.PartnershipID, s.CampaignID, s.ID),
				Organisation: "organisations/" + s.OrganisationID,
			})
		}
		return "campaign.launched", m, nil
	case domain.AnswersSaved:
		s := e.Submission
		return "answers.saved", &submissionv1.AnswersSaved{
			Submission:   protoconv.SubmissionName(s.PartnershipID, s.CampaignID, s.ID),
			Campaign:     protoconv.CampaignName(s.PartnershipID, s.CampaignID),
			QuestionKeys: e.Keys,
			State:        submissionv1.SubmissionState(s.State),
			SaveTime:     timestamppb.New(s.UpdateTime),
		}, nil
	case domain.SubmissionSubmitted:
		s := e.Submission
		return "submission.submitted", &submissionv1.SubmissionSubmitted{
			Submission:   protoconv.SubmissionName(s.PartnershipID, s.CampaignID, s.ID),
			Campaign:     protoconv.CampaignName(s.PartnershipID, s.CampaignID),
			Organisation: "organisations/" + s.OrganisationID,
			SubmitTime:   timestamppb.New(s.SubmitTime),
		}, nil
	default:
		return "", nil, fmt.Errorf("events: unknown submission event %T", ev)
	}
}
