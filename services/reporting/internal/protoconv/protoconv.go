// Package protoconv converts between the reporting service's domain model
// and protobuf messages: the events it consumes and the API messages it
// answers with.
package protoconv

import (
	"time"

	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	"github.com/assure-audit/assure/services/reporting/internal/domain"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// CampaignLaunched converts a launch event that happened at t.
func CampaignLaunched(m *submissionv1.CampaignLaunched, t time.Time) domain.CampaignLaunched {
	e := domain.CampaignLaunched{Campaign: m.GetCampaign().GetName(), DisplayName: m.GetCampaign().GetDisplayName(), Time: t}
	for _, s := range m.GetSubmissions() {
		e.Submissions = append(e.Submissions, domain.LaunchedSubmission{Name: s.GetName(), Organisation: s.GetOrganisation()})
	}
	return e
}

// AnswersSaved converts a save event that happened at t.
func AnswersSaved(m *submissionv1.AnswersSaved, t time.Time) domain.AnswersSaved {
	return domain.AnswersSaved{Submission: m.GetSubmission(), Campaign: m.GetCampaign(), SaveTime: timeOf(m.GetSaveTime()), Time: t}
}

// SubmissionSubmitted converts a submitted event that happened at t.
func SubmissionSubmitted(m *submissionv1.SubmissionSubmitted, t time.Time) domain.SubmissionSubmitted {
	return domain.SubmissionSubmitted{Submission: m.GetSubmission(), Campaign: m.GetCampaign(),
		Organisation: m.GetOrganisation(), SubmitTime: timeOf(m.GetSubmitTime()), Time: t}
}

// OrganisationCreated converts a directory event.
func OrganisationCreated(m *directoryv1.OrganisationCreated) domain.OrganisationCreated {
	return domain.OrganisationCreated{Organisation: m.GetOrganisation().GetName(), DisplayName: m.GetOrganisation().GetDisplayName()}
}

// CompletionReport converts a report to its API message.
func CompletionReport(r domain.Report) *reportingv1.CompletionReport {
	m := &reportingv1.CompletionReport{
		Campaign:            r.Campaign.Name,
		CampaignDisplayName: r.Campaign.DisplayName,
		Total:               int32(r.Total),
		NotStarted:          int32(r.NotStarted),
		InProgress:          int32(r.InProgress),
		Submitted:           int32(r.Submitted),
		AsOfTime:            timestamp(r.Campaign.AsOf),
	}
	for _, row := range r.Rows {
		m.Organisations = append(m.Organisations, &reportingv1.OrganisationCompletion{
			Organisation:     row.Organisation,
			DisplayName:      row.DisplayName,
			Submission:       row.Submission,
			State:            row.State.String(),
			LastActivityTime: timestamp(row.LastActivity),
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

// timestamp writes an optional time: absent when zero.
func timestamp(t time.Time) *timestamppb.Timestamp {
	if t.IsZero() {
		return nil
	}
	return timestamppb.New(t)
}
