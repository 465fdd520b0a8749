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

// CampaignChanged converts the campaign carried by an event that happened
// at t to what the event reports of it.
func CampaignChanged(m *submissionv1.Campaign, t time.Time) domain.CampaignChanged {
	return domain.CampaignChanged{
		Campaign: m.GetName(),
		DueTime:  timeOf(m.GetDueTime()),
		State:    domain.CampaignState(m.GetState()),
		Time:     t,
	}
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
