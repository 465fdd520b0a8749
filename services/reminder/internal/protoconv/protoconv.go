// Package protoconv converts between the reminder's domain model and
// protobuf messages: the submission events it consumes and the API messages
// it answers with.
package protoconv

import (
	"time"

	reminderv1 "github.com/assure-audit/assure/proto/gen/assure/reminder/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	"github.com/assure-audit/assure/services/reminder/internal/domain"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// CampaignLaunched converts a launch event to the domain's account of it.
func CampaignLaunched(m *submissionv1.CampaignLaunched) domain.CampaignLaunched {
	e := domain.CampaignLaunched{
		Campaign: m.GetCampaign().GetName(),
		DueTime:  timeOf(m.GetCampaign().GetDueTime()),
	}
	for _, s := range m.GetSubmissions() {
		e.Submissions = append(e.Submissions, domain.LaunchedSubmission{Name: s.GetName(), Organisation: s.GetOrganisation()})
	}
	return e
}

// SubmissionSubmitted converts a submitted event to the domain's account of
// it.
func SubmissionSubmitted(m *submissionv1.SubmissionSubmitted) domain.SubmissionSubmitted {
	return domain.SubmissionSubmitted{
		Submission:   m.GetSubmission(),
		Campaign:     m.GetCampaign(),
		Organisation: m.GetOrganisation(),
	}
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
