// Package events writes the submission service's domain events to its
// outbox, and consumes the template and directory events it keeps copies
// from.
package events

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/assure-audit/assure/pkg/outbox"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	"github.com/assure-audit/assure/services/submission/internal/domain"
	"github.com/assure-audit/assure/services/submission/internal/protoconv"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Service is the name under which the submission service publishes.
const Service = "submission"

// Subjects maps a service and event name to its full subject.
type Subjects func(service, event string) string

// Writer records domain events in the outbox.
type Writer struct {
	Subject Subjects
	// Wake is called after a transaction that wrote events commits.
	Wake func()
}

// Write adds ev to the outbox inside tx.
func (w Writer) Write(ctx context.Context, tx *sql.Tx, ev domain.Event, now time.Time) error {
	name, msg, err := encode(ev)
	if err != nil {
		return err
	}
	_, err = outbox.Add(ctx, tx, w.Subject(Service, name), msg, now)
	return err
}

// Committed pokes the relay.
func (w Writer) Committed() {
	if w.Wake != nil {
		w.Wake()
	}
}

func encode(ev domain.Event) (string, proto.Message, error) {
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
