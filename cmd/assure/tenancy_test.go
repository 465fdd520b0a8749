package main

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/grpcserver"
	"github.com/assure-audit/assure/pkg/store"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	reminderv1 "github.com/assure-audit/assure/proto/gen/assure/reminder/v1"
	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// scope names the resources of one partnership that a caller may or may
// not have business with.
type scope struct {
	hub, partnership, org, person, membership, consortium string
}

// missing is a scope of resources that do not exist.
var missing = scope{hub: "nohub", partnership: "nowhere", org: "noorg", person: "nobody",
	membership: "people/nobody/memberships/none", consortium: "hubs/nohub/consortia/none"}

// rpcCase builds a request for an RPC about the resources of a scope and
// names the resource it is about.
type rpcCase func(s scope) (proto.Message, string)

// global marks RPCs that are about no tenant's resource (signing in, the
// caller's own details, lists filtered to what the caller may see).
var global rpcCase

var csv = []byte("display_name,type,external_ref\nNew school,school,999\n")

func p(s scope) string { return "partnerships/" + s.partnership }

// rpcCases has a case for every RPC the six services serve; the test
// fails for an RPC without one, so a new RPC cannot skip the matrix.
var rpcCases = map[string]rpcCase{
	directoryv1.DirectoryService_CreateHub_FullMethodName: global,
	directoryv1.DirectoryService_GetHub_FullMethodName: func(s scope) (proto.Message, string) {
		return &directoryv1.GetHubRequest{Name: "hubs/" + s.hub}, "hubs/" + s.hub
	},
	directoryv1.DirectoryService_ListHubs_FullMethodName:         global,
	directoryv1.DirectoryService_ListPartnerships_FullMethodName: global,
	directoryv1.DirectoryService_CreatePartnership_FullMethodName: func(s scope) (proto.Message, string) {
		return &directoryv1.CreatePartnershipRequest{Partnership: &directoryv1.Partnership{DisplayName: "x", Hub: "hubs/" + s.hub}}, "hubs/" + s.hub
	},
	directoryv1.DirectoryService_GetPartnership_FullMethodName: func(s scope) (proto.Message, string) {
		return &directoryv1.GetPartnershipRequest{Name: p(s)}, p(s)
	},
	directoryv1.DirectoryService_CreateOrganisation_FullMethodName: func(s scope) (proto.Message, string) {
		return &directoryv1.CreateOrganisationRequest{Organisation: &directoryv1.Organisation{DisplayName: "x",
			Type: directoryv1.OrganisationType_ORGANISATION_TYPE_SCHOOL, Partnerships: []string{p(s)}}}, p(s)
	},
	directoryv1.DirectoryService_GetOrganisation_FullMethodName: func(s scope) (proto.Message, string) {
		return &directoryv1.GetOrganisationRequest{Name: "organisations/" + s.org}, "organisations/" + s.org
	},
	directoryv1.DirectoryService_ListOrganisations_FullMethodName: func(s scope) (proto.Message, string) {
		return &directoryv1.ListOrganisationsRequest{Partnership: p(s)}, p(s)
	},
	directoryv1.DirectoryService_ImportOrganisations_FullMethodName: func(s scope) (proto.Message, string) {
		return &directoryv1.ImportOrganisationsRequest{Parent: p(s), Csv: csv, DryRun: true}, p(s)
	},
	directoryv1.DirectoryService_CreatePerson_FullMethodName: global,
	directoryv1.DirectoryService_GetPerson_FullMethodName: func(s scope) (proto.Message, string) {
		return &directoryv1.GetPersonRequest{Name: "people/" + s.person}, "people/" + s.person
	},
	directoryv1.DirectoryService_ListPeople_FullMethodName: func(s scope) (proto.Message, string) {
		return &directoryv1.ListPeopleRequest{Partnership: p(s)}, p(s)
	},
	directoryv1.DirectoryService_UpdatePerson_FullMethodName: func(s scope) (proto.Message, string) {
		return &directoryv1.UpdatePersonRequest{Person: &directoryv1.Person{Name: "people/" + s.person, DisplayName: "x", Etag: "1"},
			UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"display_name"}}}, "people/" + s.person
	},
	directoryv1.DirectoryService_ImportPeople_FullMethodName: func(s scope) (proto.Message, string) {
		return &directoryv1.ImportPeopleRequest{Parent: p(s), Csv: []byte("email,display_name,role,organisation\nx@example.org,X,qa officer,\n"), DryRun: true}, p(s)
	},
	directoryv1.DirectoryService_CreateMembership_FullMethodName: func(s scope) (proto.Message, string) {
		return &directoryv1.CreateMembershipRequest{Parent: "people/" + s.person, Membership: &directoryv1.Membership{
			Role: directoryv1.Role_ROLE_QA_OFFICER, Scope: &directoryv1.Membership_Partnership{Partnership: p(s)}}}, p(s)
	},
	directoryv1.DirectoryService_DeleteMembership_FullMethodName: func(s scope) (proto.Message, string) {
		return &directoryv1.DeleteMembershipRequest{Name: s.membership}, s.membership
	},
	directoryv1.DirectoryService_ListMemberships_FullMethodName: func(s scope) (proto.Message, string) {
		return &directoryv1.ListMembershipsRequest{Parent: "people/" + s.person}, "people/" + s.person
	},
	directoryv1.DirectoryService_CreateConsortium_FullMethodName: func(s scope) (proto.Message, string) {
		return &directoryv1.CreateConsortiumRequest{Parent: "hubs/" + s.hub, Consortium: &directoryv1.Consortium{
			DisplayName: "x", Partnerships: []string{p(s), "partnerships/other"}}}, "hubs/" + s.hub
	},
	directoryv1.DirectoryService_GetConsortium_FullMethodName: func(s scope) (proto.Message, string) {
		return &directoryv1.GetConsortiumRequest{Name: s.consortium}, s.consortium
	},
	directoryv1.DirectoryService_ListConsortia_FullMethodName: func(s scope) (proto.Message, string) {
		return &directoryv1.ListConsortiaRequest{Parent: "hubs/" + s.hub}, "hubs/" + s.hub
	},
	directoryv1.DirectoryService_RequestSignInLink_FullMethodName:  global,
	directoryv1.DirectoryService_RedeemSignInLink_FullMethodName:   global,
	directoryv1.DirectoryService_SignInWithPassword_FullMethodName: global,
	directoryv1.DirectoryService_SetPassword_FullMethodName:        global,
	directoryv1.DirectoryService_GetSigningKeys_FullMethodName:     global,
	directoryv1.DirectoryService_GetCaller_FullMethodName:          global,

	templatev1.TemplateService_CreateTemplate_FullMethodName: func(s scope) (proto.Message, string) {
		return &templatev1.CreateTemplateRequest{Parent: p(s), Template: matrixTemplate()}, p(s)
	},
	templatev1.TemplateService_GetTemplate_FullMethodName: func(s scope) (proto.Message, string) {
		return &templatev1.GetTemplateRequest{Name: p(s) + "/templates/s11"}, p(s) + "/templates/s11"
	},
	templatev1.TemplateService_ListTemplates_FullMethodName: func(s scope) (proto.Message, string) {
		return &templatev1.ListTemplatesRequest{Parent: p(s)}, p(s)
	},
	templatev1.TemplateService_PublishTemplate_FullMethodName: func(s scope) (proto.Message, string) {
		return &templatev1.PublishTemplateRequest{Name: p(s) + "/templates/s11"}, p(s) + "/templates/s11"
	},
	templatev1.TemplateService_GetTemplateVersion_FullMethodName: func(s scope) (proto.Message, string) {
		return &templatev1.GetTemplateVersionRequest{Name: p(s) + "/templates/s11/versions/1"}, p(s) + "/templates/s11/versions/1"
	},
	templatev1.TemplateService_UpdateTemplate_FullMethodName: func(s scope) (proto.Message, string) {
		t := matrixTemplate()
		t.Name, t.Etag = p(s)+"/templates/s11", "1"
		return &templatev1.UpdateTemplateRequest{Template: t, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"display_name"}}}, t.Name
	},
	templatev1.TemplateService_ListTemplateVersions_FullMethodName: func(s scope) (proto.Message, string) {
		return &templatev1.ListTemplateVersionsRequest{Parent: p(s) + "/templates/s11"}, p(s) + "/templates/s11"
	},
	templatev1.TemplateService_DiffVersions_FullMethodName: func(s scope) (proto.Message, string) {
		v := p(s) + "/templates/s11/versions/1"
		return &templatev1.DiffVersionsRequest{Name: v, Other: v}, v
	},
	templatev1.TemplateService_ImportTemplate_FullMethodName: func(s scope) (proto.Message, string) {
		return &templatev1.ImportTemplateRequest{Parent: p(s), Format: templatev1.TemplateFileFormat_TEMPLATE_FILE_FORMAT_YAML,
			Content: []byte("display_name: x\nkind: other\nsections: []\n"), DryRun: true}, p(s)
	},
	templatev1.TemplateService_ExportTemplate_FullMethodName: func(s scope) (proto.Message, string) {
		return &templatev1.ExportTemplateRequest{Name: p(s) + "/templates/s11"}, p(s) + "/templates/s11"
	},
	templatev1.TemplateService_ListStarterTemplates_FullMethodName: global,
	templatev1.TemplateService_CopyTemplate_FullMethodName: func(s scope) (proto.Message, string) {
		return &templatev1.CopyTemplateRequest{Parent: p(s), Source: "hubs/" + s.hub + "/templates/lib/versions/1"}, p(s)
	},
	templatev1.TemplateService_InstallStarterTemplate_FullMethodName: func(s scope) (proto.Message, string) {
		return &templatev1.InstallStarterTemplateRequest{Parent: p(s), Starter: "section11"}, p(s)
	},

	submissionv1.SubmissionService_CreateCampaign_FullMethodName: func(s scope) (proto.Message, string) {
		return &submissionv1.CreateCampaignRequest{Parent: p(s), Campaign: &submissionv1.Campaign{DisplayName: "x",
			TemplateVersion: p(s) + "/templates/s11/versions/1", Organisations: []string{"organisations/" + s.org},
			DueTime: timestamppb.New(time.Now().Add(24 * time.Hour))}}, p(s)
	},
	submissionv1.SubmissionService_GetCampaign_FullMethodName: func(s scope) (proto.Message, string) {
		return &submissionv1.GetCampaignRequest{Name: p(s) + "/campaigns/c1"}, p(s) + "/campaigns/c1"
	},
	submissionv1.SubmissionService_ListCampaigns_FullMethodName: func(s scope) (proto.Message, string) {
		return &submissionv1.ListCampaignsRequest{Parent: p(s)}, p(s)
	},
	submissionv1.SubmissionService_LaunchCampaign_FullMethodName: func(s scope) (proto.Message, string) {
		return &submissionv1.LaunchCampaignRequest{Name: p(s) + "/campaigns/c1"}, p(s) + "/campaigns/c1"
	},
	submissionv1.SubmissionService_GetSubmission_FullMethodName: func(s scope) (proto.Message, string) {
		n := p(s) + "/campaigns/c1/submissions/" + s.org
		return &submissionv1.GetSubmissionRequest{Name: n}, n
	},
	submissionv1.SubmissionService_ListSubmissions_FullMethodName: func(s scope) (proto.Message, string) {
		return &submissionv1.ListSubmissionsRequest{Parent: p(s) + "/campaigns/c1"}, p(s) + "/campaigns/c1"
	},
	submissionv1.SubmissionService_SaveAnswers_FullMethodName: func(s scope) (proto.Message, string) {
		n := p(s) + "/campaigns/c1/submissions/" + s.org
		return &submissionv1.SaveAnswersRequest{Name: n, Etag: "1", Answers: []*submissionv1.Answer{
			{QuestionKey: "s1_rating", Grade: "red"}}}, n
	},
	submissionv1.SubmissionService_SubmitSubmission_FullMethodName: func(s scope) (proto.Message, string) {
		n := p(s) + "/campaigns/c1/submissions/" + s.org
		return &submissionv1.SubmitSubmissionRequest{Name: n, Etag: "1"}, n
	},
	submissionv1.SubmissionService_UpdateCampaign_FullMethodName: func(s scope) (proto.Message, string) {
		n := p(s) + "/campaigns/c1"
		return &submissionv1.UpdateCampaignRequest{Campaign: &submissionv1.Campaign{Name: n, Etag: "2", DisplayName: "y"},
			UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"display_name"}}}, n
	},
	submissionv1.SubmissionService_AddCampaignOrganisations_FullMethodName: func(s scope) (proto.Message, string) {
		n := p(s) + "/campaigns/c1"
		return &submissionv1.AddCampaignOrganisationsRequest{Name: n, Organisations: []string{"organisations/" + s.org}}, n
	},
	submissionv1.SubmissionService_CloseCampaign_FullMethodName: func(s scope) (proto.Message, string) {
		return &submissionv1.CloseCampaignRequest{Name: p(s) + "/campaigns/c1"}, p(s) + "/campaigns/c1"
	},
	submissionv1.SubmissionService_ArchiveCampaign_FullMethodName: func(s scope) (proto.Message, string) {
		return &submissionv1.ArchiveCampaignRequest{Name: p(s) + "/campaigns/c1"}, p(s) + "/campaigns/c1"
	},
	submissionv1.SubmissionService_ListCampaignCalendar_FullMethodName: func(s scope) (proto.Message, string) {
		return &submissionv1.ListCampaignCalendarRequest{Hub: "hubs/" + s.hub}, "hubs/" + s.hub
	},
	submissionv1.SubmissionService_ListMySubmissions_FullMethodName: global,
	submissionv1.SubmissionService_ListAnswerHistory_FullMethodName: func(s scope) (proto.Message, string) {
		n := p(s) + "/campaigns/c1/submissions/" + s.org
		return &submissionv1.ListAnswerHistoryRequest{Name: n}, n
	},
	submissionv1.SubmissionService_SetSectionAssignments_FullMethodName: func(s scope) (proto.Message, string) {
		n := p(s) + "/campaigns/c1/submissions/" + s.org
		return &submissionv1.SetSectionAssignmentsRequest{Name: n, Etag: "1"}, n
	},
	submissionv1.SubmissionService_ReturnSubmission_FullMethodName: func(s scope) (proto.Message, string) {
		n := p(s) + "/campaigns/c1/submissions/" + s.org
		return &submissionv1.ReturnSubmissionRequest{Name: n, Etag: "1", Comments: []*submissionv1.QaComment{{QuestionKey: "s1_rating", Text: "why?"}}}, n
	},
	submissionv1.SubmissionService_AcceptSubmission_FullMethodName: func(s scope) (proto.Message, string) {
		n := p(s) + "/campaigns/c1/submissions/" + s.org
		return &submissionv1.AcceptSubmissionRequest{Name: n, Etag: "1"}, n
	},
	submissionv1.SubmissionService_UploadEvidence_FullMethodName: func(s scope) (proto.Message, string) {
		n := p(s) + "/campaigns/c1/submissions/" + s.org
		return &submissionv1.UploadEvidenceRequest{Parent: n, FileName: "a.txt", ContentType: "text/plain", Content: []byte("x")}, n
	},
	submissionv1.SubmissionService_GetEvidenceContent_FullMethodName: func(s scope) (proto.Message, string) {
		n := p(s) + "/campaigns/c1/submissions/" + s.org + "/evidence/none"
		return &submissionv1.GetEvidenceContentRequest{Name: n}, n
	},
	submissionv1.SubmissionService_ListEvidence_FullMethodName: func(s scope) (proto.Message, string) {
		n := p(s) + "/campaigns/c1/submissions/" + s.org
		return &submissionv1.ListEvidenceRequest{Parent: n}, n
	},
	submissionv1.SubmissionService_CreateAction_FullMethodName: func(s scope) (proto.Message, string) {
		n := p(s) + "/campaigns/c1/submissions/" + s.org
		return &submissionv1.CreateActionRequest{Parent: n, Action: &submissionv1.PlanAction{QuestionKey: "s1_rating", Title: "t",
			Owner: "o", DueDate: time.Now().AddDate(0, 1, 0).Format(time.DateOnly)}}, n
	},
	submissionv1.SubmissionService_UpdateAction_FullMethodName: func(s scope) (proto.Message, string) {
		n := p(s) + "/campaigns/c1/submissions/" + s.org + "/actions/none"
		return &submissionv1.UpdateActionRequest{Action: &submissionv1.PlanAction{Name: n, Etag: "1", Title: "t"},
			UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"title"}}}, n
	},
	submissionv1.SubmissionService_ListActions_FullMethodName: func(s scope) (proto.Message, string) {
		n := p(s) + "/campaigns/c1/submissions/" + s.org
		return &submissionv1.ListActionsRequest{Parent: n}, n
	},
	submissionv1.SubmissionService_GetAction_FullMethodName: func(s scope) (proto.Message, string) {
		n := p(s) + "/campaigns/c1/submissions/" + s.org + "/actions/none"
		return &submissionv1.GetActionRequest{Name: n}, n
	},
	reminderv1.ReminderService_ListOutstandingSubmissions_FullMethodName: func(s scope) (proto.Message, string) {
		return &reminderv1.ListOutstandingSubmissionsRequest{Campaign: p(s) + "/campaigns/c1"}, p(s) + "/campaigns/c1"
	},
	reminderv1.ReminderService_GetReminderPolicy_FullMethodName: func(s scope) (proto.Message, string) {
		n := p(s) + "/campaigns/c1/reminderPolicy"
		return &reminderv1.GetReminderPolicyRequest{Name: n}, n
	},
	reminderv1.ReminderService_UpdateReminderPolicy_FullMethodName: func(s scope) (proto.Message, string) {
		n := p(s) + "/campaigns/c1/reminderPolicy"
		return &reminderv1.UpdateReminderPolicyRequest{Policy: &reminderv1.ReminderPolicy{Name: n, OnOpen: true},
			UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"on_open"}}}, n
	},
	reminderv1.ReminderService_PreviewReminders_FullMethodName: func(s scope) (proto.Message, string) {
		return &reminderv1.PreviewRemindersRequest{Campaign: p(s) + "/campaigns/c1"}, p(s) + "/campaigns/c1"
	},
	reminderv1.ReminderService_ChaseNow_FullMethodName: func(s scope) (proto.Message, string) {
		return &reminderv1.ChaseNowRequest{Campaign: p(s) + "/campaigns/c1", RequestId: "tenancy"}, p(s) + "/campaigns/c1"
	},
	reminderv1.ReminderService_ListDeliveries_FullMethodName: func(s scope) (proto.Message, string) {
		return &reminderv1.ListDeliveriesRequest{Campaign: p(s) + "/campaigns/c1"}, p(s) + "/campaigns/c1"
	},
	reportingv1.ReportingService_GetRatingsReport_FullMethodName: func(s scope) (proto.Message, string) {
		return &reportingv1.GetRatingsReportRequest{Campaign: p(s) + "/campaigns/c1"}, p(s) + "/campaigns/c1"
	},
	reportingv1.ReportingService_GetModerationReport_FullMethodName: func(s scope) (proto.Message, string) {
		return &reportingv1.GetModerationReportRequest{Campaign: p(s) + "/campaigns/c1"}, p(s) + "/campaigns/c1"
	},
	reportingv1.ReportingService_GetNumericReport_FullMethodName: func(s scope) (proto.Message, string) {
		return &reportingv1.GetNumericReportRequest{Campaign: p(s) + "/campaigns/c1"}, p(s) + "/campaigns/c1"
	},
	reportingv1.ReportingService_GetFeedbackReport_FullMethodName: func(s scope) (proto.Message, string) {
		n := p(s) + "/campaigns/c1/submissions/" + s.org
		return &reportingv1.GetFeedbackReportRequest{Submission: n}, n
	},
	reportingv1.ReportingService_GetTrendReport_FullMethodName: func(s scope) (proto.Message, string) {
		return &reportingv1.GetTrendReportRequest{Campaign: p(s) + "/campaigns/c1", PreviousCampaign: p(s) + "/campaigns/c1"}, p(s) + "/campaigns/c1"
	},
	reportingv1.ReportingService_GetHubBenchmark_FullMethodName: func(s scope) (proto.Message, string) {
		return &reportingv1.GetHubBenchmarkRequest{Hub: "hubs/" + s.hub, Campaigns: []string{p(s) + "/campaigns/c1"}}, "hubs/" + s.hub
	},
	reportingv1.ReportingService_GetActionReport_FullMethodName: func(s scope) (proto.Message, string) {
		return &reportingv1.GetActionReportRequest{Campaign: p(s) + "/campaigns/c1"}, p(s) + "/campaigns/c1"
	},
	reportingv1.ReportingService_ListAnswerRows_FullMethodName: func(s scope) (proto.Message, string) {
		return &reportingv1.ListAnswerRowsRequest{Campaign: p(s) + "/campaigns/c1"}, p(s) + "/campaigns/c1"
	},
	reportingv1.ReportingService_ListSubmissionRows_FullMethodName: func(s scope) (proto.Message, string) {
		return &reportingv1.ListSubmissionRowsRequest{Campaign: p(s) + "/campaigns/c1"}, p(s) + "/campaigns/c1"
	},
	reportingv1.ReportingService_GetCompletionReport_FullMethodName: func(s scope) (proto.Message, string) {
		return &reportingv1.GetCompletionReportRequest{Campaign: p(s) + "/campaigns/c1"}, p(s) + "/campaigns/c1"
	},
	caseauditv1.CaseAuditService_CreateRound_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.CreateRoundRequest{Parent: p(s), Round: &caseauditv1.Round{Theme: "x",
			Cases: []*caseauditv1.Case{{Reference: "CASE-1"}}}}, p(s)
	},
	caseauditv1.CaseAuditService_SampleCases_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.SampleCasesRequest{Parent: p(s), Candidates: []*caseauditv1.CandidateCase{{Reference: "CASE-1"}}, Size: 1}, p(s)
	},
	caseauditv1.CaseAuditService_UpdateRound_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.UpdateRoundRequest{Round: &caseauditv1.Round{Name: p(s) + "/rounds/r1", Etag: "1", Theme: "y"},
			UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"theme"}}}, p(s) + "/rounds/r1"
	},
	caseauditv1.CaseAuditService_AdvanceRound_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.AdvanceRoundRequest{Name: p(s) + "/rounds/r1", State: caseauditv1.RoundState_ROUND_STATE_RETURNS_OPEN, Etag: "1"},
			p(s) + "/rounds/r1"
	},
	caseauditv1.CaseAuditService_AssignAuditor_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.AssignAuditorRequest{Name: p(s) + "/rounds/r1", CaseReference: "CASE-1", Agency: "organisations/" + s.org,
			Auditor: "people/" + s.person}, p(s) + "/rounds/r1"
	},
	caseauditv1.CaseAuditService_AcceptAssignment_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.AcceptAssignmentRequest{Name: p(s) + "/rounds/r1", CaseReference: "CASE-1", Agency: "organisations/" + s.org,
			Declaration: &caseauditv1.Declaration{}}, p(s) + "/rounds/r1"
	},
	caseauditv1.CaseAuditService_ListAssignments_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.ListAssignmentsRequest{Parent: p(s) + "/rounds/r1"}, p(s) + "/rounds/r1"
	},
	caseauditv1.CaseAuditService_CreateRapidReview_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.CreateRapidReviewRequest{Parent: p(s), RapidReview: &caseauditv1.RapidReview{Reference: "RR-1",
			NotificationDate: "2026-01-05"}}, p(s)
	},
	caseauditv1.CaseAuditService_GetRapidReview_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.GetRapidReviewRequest{Name: p(s) + "/rapidReviews/rr1"}, p(s) + "/rapidReviews/rr1"
	},
	caseauditv1.CaseAuditService_ListRapidReviews_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.ListRapidReviewsRequest{Parent: p(s)}, p(s)
	},
	caseauditv1.CaseAuditService_RecordAgencySummary_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.RecordAgencySummaryRequest{Name: p(s) + "/rapidReviews/rr1", Agency: "organisations/" + s.org, Summary: "x",
			Etag: "1"}, p(s) + "/rapidReviews/rr1"
	},
	caseauditv1.CaseAuditService_CompleteMilestone_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.CompleteMilestoneRequest{Name: p(s) + "/rapidReviews/rr1", Key: "panel_review", Date: "2026-01-05", Etag: "1"},
			p(s) + "/rapidReviews/rr1"
	},
	caseauditv1.CaseAuditService_DecideRapidReview_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.DecideRapidReviewRequest{Name: p(s) + "/rapidReviews/rr1", Rationale: "x", Etag: "1",
			Decision: caseauditv1.RapidReviewDecision_RAPID_REVIEW_DECISION_NO_REVIEW}, p(s) + "/rapidReviews/rr1"
	},
	caseauditv1.CaseAuditService_SetCaseKey_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.SetCaseKeyRequest{Name: p(s) + "/rounds/r1", CaseReference: "CASE-2026-001", Agency: "organisations/" + s.org,
			Identifier: "X-1"}, p(s) + "/rounds/r1"
	},
	caseauditv1.CaseAuditService_ReadCaseKeys_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.ReadCaseKeysRequest{Name: p(s) + "/rounds/r1"}, p(s) + "/rounds/r1"
	},
	caseauditv1.CaseAuditService_ListCaseKeyReads_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.ListCaseKeyReadsRequest{Parent: p(s) + "/rounds/r1"}, p(s) + "/rounds/r1"
	},
	caseauditv1.CaseAuditService_FlagRisk_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.FlagRiskRequest{Parent: p(s) + "/rounds/r1", CaseReference: "CASE-2026-001", Agency: "organisations/" + s.org,
			Kind: caseauditv1.RiskKind_RISK_KIND_UNSAFE_PRACTICE, Description: "x"}, p(s) + "/rounds/r1"
	},
	caseauditv1.CaseAuditService_AcknowledgeRisk_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.AcknowledgeRiskRequest{Name: p(s) + "/rounds/r1/riskFlags/f1", Agency: "organisations/" + s.org, Etag: "1"},
			p(s) + "/rounds/r1/riskFlags/f1"
	},
	caseauditv1.CaseAuditService_ListRiskFlags_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.ListRiskFlagsRequest{Parent: p(s) + "/rounds/r1"}, p(s) + "/rounds/r1"
	},
	caseauditv1.CaseAuditService_SaveChronology_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.SaveChronologyRequest{Name: p(s) + "/rounds/r1", CaseReference: "CASE-2026-001", Agency: "organisations/" + s.org,
			Etag: "0"}, p(s) + "/rounds/r1"
	},
	caseauditv1.CaseAuditService_GetMergedChronology_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.GetMergedChronologyRequest{Name: p(s) + "/rounds/r1", CaseReference: "CASE-2026-001"}, p(s) + "/rounds/r1"
	},
	caseauditv1.CaseAuditService_SaveFindings_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.SaveFindingsRequest{Findings: &caseauditv1.Findings{Name: p(s) + "/rounds/r1/findings", Etag: "0"}},
			p(s) + "/rounds/r1/findings"
	},
	caseauditv1.CaseAuditService_GetFindings_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.GetFindingsRequest{Name: p(s) + "/rounds/r1/findings"}, p(s) + "/rounds/r1/findings"
	},
	caseauditv1.CaseAuditService_UpdateFindingAction_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.UpdateFindingActionRequest{Name: p(s) + "/rounds/r1/findings", ActionId: "a1", Etag: "1",
			Status: caseauditv1.FindingActionStatus_FINDING_ACTION_STATUS_COMPLETE}, p(s) + "/rounds/r1/findings"
	},
	caseauditv1.CaseAuditService_SaveCaseReturn_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.SaveCaseReturnRequest{Name: p(s) + "/rounds/r1", CaseReference: "CASE-2026-001", Agency: "organisations/" + s.org,
			Etag: "0"}, p(s) + "/rounds/r1"
	},
	caseauditv1.CaseAuditService_SubmitCaseReturn_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.SubmitCaseReturnRequest{Name: p(s) + "/rounds/r1", CaseReference: "CASE-2026-001", Agency: "organisations/" + s.org,
			Etag: "1"}, p(s) + "/rounds/r1"
	},
	caseauditv1.CaseAuditService_ReviewCaseReturn_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.ReviewCaseReturnRequest{Name: p(s) + "/rounds/r1", CaseReference: "CASE-2026-001", Agency: "organisations/" + s.org,
			Etag: "1", Accept: true}, p(s) + "/rounds/r1"
	},
	caseauditv1.CaseAuditService_ListCaseReturns_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.ListCaseReturnsRequest{Parent: p(s) + "/rounds/r1"}, p(s) + "/rounds/r1"
	},
	caseauditv1.CaseAuditService_SaveCaseModeration_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.SaveCaseModerationRequest{Name: p(s) + "/rounds/r1", CaseReference: "CASE-2026-001", Etag: "0"}, p(s) + "/rounds/r1"
	},
	caseauditv1.CaseAuditService_GetCaseModeration_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.GetCaseModerationRequest{Name: p(s) + "/rounds/r1", CaseReference: "CASE-2026-001"}, p(s) + "/rounds/r1"
	},
	caseauditv1.CaseAuditService_GetRound_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.GetRoundRequest{Name: p(s) + "/rounds/r1"}, p(s) + "/rounds/r1"
	},
	caseauditv1.CaseAuditService_ListRounds_FullMethodName: func(s scope) (proto.Message, string) {
		return &caseauditv1.ListRoundsRequest{Parent: p(s)}, p(s)
	},
}

func matrixTemplate() *templatev1.Template {
	return &templatev1.Template{DisplayName: "S11", Kind: templatev1.TemplateKind_TEMPLATE_KIND_SECTION_11,
		Sections: []*templatev1.Section{{Code: "S1", Title: "Leadership", Questions: []*templatev1.Question{
			{Key: "s1_rating", Text: "Rate", Required: true, Type: &templatev1.Question_Rating{Rating: &templatev1.RatingScale{
				Grades: []*templatev1.Grade{{Value: "red", Label: "Red"}, {Value: "green", Label: "Green"}}}}}}}}}
}

// ourMethods lists every RPC of the six services, from the descriptors
// the servers are built from.
func ourMethods(t *testing.T) []protoreflect.MethodDescriptor {
	t.Helper()
	var out []protoreflect.MethodDescriptor
	protoregistry.GlobalFiles.RangeFiles(func(fd protoreflect.FileDescriptor) bool {
		if !strings.HasPrefix(string(fd.Package()), "assure.") {
			return true
		}
		for i := 0; i < fd.Services().Len(); i++ {
			sd := fd.Services().Get(i)
			for j := 0; j < sd.Methods().Len(); j++ {
				out = append(out, sd.Methods().Get(j))
			}
		}
		return true
	})
	if len(out) < 40 {
		t.Fatalf("found only %d RPCs", len(out))
	}
	return out
}

func fullName(m protoreflect.MethodDescriptor) string {
	return "/" + string(m.Parent().FullName()) + "/" + string(m.Name())
}

// caller is a signed-in person of the matrix and the scope that is not
// theirs.
type caller struct {
	name, token string
	foreign     scope
}

func call(ctx context.Context, cc *grpc.ClientConn, token string, m protoreflect.MethodDescriptor, req proto.Message) (proto.Message, error) {
	mt, err := protoregistry.GlobalTypes.FindMessageByName(m.Output().FullName())
	if err != nil {
		return nil, err
	}
	resp := mt.New().Interface()
	ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
	return resp, cc.Invoke(ctx, fullName(m), req, resp)
}

// TestTenantMatrix tries every RPC, as callers in every role, against
// resources of a partnership (and hub, organisation, person) that is not
// theirs, and against resources that do not exist. A success, or an
// answer that differs from the missing resource's, is a leak.
func TestTenantMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	f := startMatrix(t)
	methods := ourMethods(t)
	for _, m := range methods {
		if _, ok := rpcCases[fullName(m)]; !ok {
			t.Errorf("%s has no case in the tenant matrix", fullName(m))
		}
	}
	ctx := context.Background()
	leaks, tried := 0, 0
	for _, c := range f.callers {
		for _, m := range methods {
			build := rpcCases[fullName(m)]
			if build == nil {
				continue
			}
			req, name := build(c.foreign)
			_, ferr := call(ctx, f.conn, c.token, m, req)
			mreq, mname := build(missing)
			_, merr := call(ctx, f.conn, c.token, m, mreq)
			tried++
			fs, ms := status.Convert(ferr), status.Convert(merr)
			same := fs.Code() == ms.Code() &&
				strings.ReplaceAll(fs.Message(), name, "X") == strings.ReplaceAll(ms.Message(), mname, "X")
			if ferr == nil || !same {
				leaks++
				t.Errorf("LEAK %s as %s on %s: foreign answered %v %q, missing answered %v %q",
					fullName(m), c.name, name, fs.Code(), fs.Message(), ms.Code(), ms.Message())
			}
		}
	}
	// Lists answer with what the caller may see, never a stranger's.
	dir := directoryv1.NewDirectoryServiceClient(f.conn)
	for _, c := range f.callers {
		cctx := metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+c.token)
		var seen []string
		if r, err := dir.ListHubs(cctx, &directoryv1.ListHubsRequest{PageSize: 500}); err == nil {
			for _, x := range r.GetHubs() {
				seen = append(seen, x.GetName())
			}
		}
		if r, err := dir.ListPartnerships(cctx, &directoryv1.ListPartnershipsRequest{PageSize: 500}); err == nil {
			for _, x := range r.GetPartnerships() {
				seen = append(seen, x.GetName())
			}
		}
		if r, err := dir.ListOrganisations(cctx, &directoryv1.ListOrganisationsRequest{PageSize: 500}); err == nil {
			for _, x := range r.GetOrganisations() {
				seen = append(seen, x.GetName())
			}
		}
		if r, err := dir.ListPeople(cctx, &directoryv1.ListPeopleRequest{PageSize: 500}); err == nil {
			for _, x := range r.GetPeople() {
				seen = append(seen, x.GetName())
			}
		}
		tried += 4
		for _, n := range seen {
			if n == "hubs/"+c.foreign.hub || n == "partnerships/"+c.foreign.partnership ||
				n == "organisations/"+c.foreign.org || n == "people/"+c.foreign.person {
				leaks++
				t.Errorf("LEAK %s sees %s in a list", c.name, n)
			}
		}
	}
	t.Logf("tenant matrix: %d callers × %d RPCs, %d foreign/missing pairs and lists tried, leaks = %d", len(f.callers), len(methods), tried, leaks)

	// Every refused read of case data is on record in the case-audit
	// service's own access log.
	db, err := store.Open(ctx, store.Config{SQLitePath: filepath.Join(f.dataDir, CaseAudit+".db")})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var refused int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM access_log WHERE method = $1 AND NOT allowed`,
		caseauditv1.CaseAuditService_GetRound_FullMethodName).Scan(&refused); err != nil {
		t.Fatal(err)
	}
	if refused < len(f.callers) {
		t.Fatalf("access log has %d refused round reads; want at least one per caller (%d)", refused, len(f.callers))
	}

	// The matrix is not passing because everything is refused: the hub
	// admin reads every scoped resource of its hub.
	for _, m := range methods {
		build := rpcCases[fullName(m)]
		if build == nil || !strings.Contains(string(m.Name()), "Get") {
			continue
		}
		// Evidence and actions get ids from the server, so the fixture has
		// none to name; staff reading them is checked in the submission
		// service's journey test.
		if fullName(m) == submissionv1.SubmissionService_GetEvidenceContent_FullMethodName ||
			fullName(m) == submissionv1.SubmissionService_GetAction_FullMethodName {
			continue
		}
		req, name := build(f.south)
		if _, err := call(ctx, f.conn, f.admin, m, req); err != nil {
			t.Errorf("hub admin reading %s via %s: %v", name, fullName(m), err)
		}
	}
}

// matrix is the running platform and its people.
type matrix struct {
	dataDir string
	conn    *grpc.ClientConn
	admin   string
	south   scope
	callers []caller
}

// startMatrix runs the platform in-process and builds the fixtures: two
// hubs, partnerships north and south in one and east in the other, an
// organisation in each plus one in both north and south, a template,
// launched campaign and case-audit round in each partnership, and a person
// in every role.
func startMatrix(t *testing.T) *matrix {
	t.Helper()
	in := startInProcess(t, nil)
	logs, grpcAddr := in.logs, in.grpc
	ctx := context.Background()
	cc, err := grpcserver.Dial(grpcAddr, grpcserver.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cc.Close() })

	dir := directoryv1.NewDirectoryServiceClient(cc)
	tok, err := dir.SignInWithPassword(ctx, &directoryv1.SignInWithPasswordRequest{Email: bootstrapEmail, Password: bootstrapPassword})
	if err != nil {
		t.Fatal(err)
	}
	m := &matrix{conn: cc, admin: tok.GetAccessToken(), dataDir: in.dataDir}
	as := func(token string) context.Context {
		return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
	}
	admin := as(m.admin)
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(dir.CreateHub(admin, &directoryv1.CreateHubRequest{HubId: "other", Hub: &directoryv1.Hub{DisplayName: "Other hub"}}))
	parts := map[string]string{"north": "default", "south": "default", "east": "other", "east2": "other"}
	for id, hub := range parts {
		must(dir.CreatePartnership(admin, &directoryv1.CreatePartnershipRequest{PartnershipId: id,
			Partnership: &directoryv1.Partnership{DisplayName: id, Hub: "hubs/" + hub}}))
	}
	must(dir.CreateConsortium(admin, &directoryv1.CreateConsortiumRequest{Parent: "hubs/default", ConsortiumId: "ns",
		Consortium: &directoryv1.Consortium{DisplayName: "North and south", Partnerships: []string{"partnerships/north", "partnerships/south"}}}))
	must(dir.CreateConsortium(admin, &directoryv1.CreateConsortiumRequest{Parent: "hubs/other", ConsortiumId: "ee",
		Consortium: &directoryv1.Consortium{DisplayName: "East", Partnerships: []string{"partnerships/east", "partnerships/east2"}}}))
	orgs := map[string][]string{"police": {"north"}, "school": {"south"}, "nhs": {"north", "south"}, "eastorg": {"east"}}
	for id, ps := range orgs {
		var names []string
		for _, p := range ps {
			names = append(names, "partnerships/"+p)
		}
		must(dir.CreateOrganisation(admin, &directoryv1.CreateOrganisationRequest{OrganisationId: id, Organisation: &directoryv1.Organisation{
			DisplayName: id, Type: directoryv1.OrganisationType_ORGANISATION_TYPE_OTHER, Partnerships: names}}))
	}

	// People and their roles.
	type role struct {
		person string
		role   directoryv1.Role
		scope  string // hubs/…, partnerships/… or organisations/…
	}
	roles := []role{
		{"north-admin", directoryv1.Role_ROLE_PARTNERSHIP_ADMIN, "partnerships/north"},
		{"north-qa", directoryv1.Role_ROLE_QA_OFFICER, "partnerships/north"},
		{"north-exec", directoryv1.Role_ROLE_EXECUTIVE_VIEWER, "partnerships/north"},
		{"north-auditor", directoryv1.Role_ROLE_CASE_AUDITOR, "partnerships/north"},
		{"police-lead", directoryv1.Role_ROLE_ORGANISATION_LEAD, "organisations/police"},
		{"police-helper", directoryv1.Role_ROLE_CONTRIBUTOR, "organisations/police"},
		{"police-senior", directoryv1.Role_ROLE_SENIOR_CONTACT, "organisations/police"},
		{"nhs-lead", directoryv1.Role_ROLE_ORGANISATION_LEAD, "organisations/nhs"},
		{"south-admin", directoryv1.Role_ROLE_PARTNERSHIP_ADMIN, "partnerships/south"},
		{"east-admin", directoryv1.Role_ROLE_PARTNERSHIP_ADMIN, "partnerships/east"},
		{"other-hub-admin", directoryv1.Role_ROLE_HUB_ADMIN, "hubs/other"},
	}
	memberships := map[string]string{}
	for _, r := range roles {
		must(dir.CreatePerson(admin, &directoryv1.CreatePersonRequest{PersonId: r.person,
			Person: &directoryv1.Person{Email: r.person + "@example.org", DisplayName: r.person}}))
		ms := &directoryv1.Membership{Role: r.role}
		switch {
		case strings.HasPrefix(r.scope, "hubs/"):
			ms.Scope = &directoryv1.Membership_Hub{Hub: r.scope}
		case strings.HasPrefix(r.scope, "partnerships/"):
			ms.Scope = &directoryv1.Membership_Partnership{Partnership: r.scope}
		default:
			ms.Scope = &directoryv1.Membership_Organisation{Organisation: r.scope}
		}
		created, err := dir.CreateMembership(admin, &directoryv1.CreateMembershipRequest{Parent: "people/" + r.person, Membership: ms})
		if err != nil {
			t.Fatal(err)
		}
		memberships[r.person] = created.GetName()
	}

	// A published library template in each hub.
	tmpl := templatev1.NewTemplateServiceClient(cc)
	for _, hub := range []string{"hubs/default", "hubs/other"} {
		must(tmpl.CreateTemplate(admin, &templatev1.CreateTemplateRequest{Parent: hub, TemplateId: "lib", Template: matrixTemplate()}))
		must(tmpl.PublishTemplate(admin, &templatev1.PublishTemplateRequest{Name: hub + "/templates/lib"}))
	}

	// A template, a launched campaign and a round in each partnership.
	camp, rounds := submissionv1.NewSubmissionServiceClient(cc), caseauditv1.NewCaseAuditServiceClient(cc)
	audience := map[string][]string{"north": {"police", "nhs"}, "south": {"school", "nhs"}, "east": {"eastorg"}}
	for pid, os := range audience {
		pn := "partnerships/" + pid
		must(tmpl.CreateTemplate(admin, &templatev1.CreateTemplateRequest{Parent: pn, TemplateId: "s11", Template: matrixTemplate()}))
		must(tmpl.PublishTemplate(admin, &templatev1.PublishTemplateRequest{Name: pn + "/templates/s11"}))
		var names []string
		for _, o := range os {
			names = append(names, "organisations/"+o)
		}
		must(camp.CreateCampaign(admin, &submissionv1.CreateCampaignRequest{Parent: pn, CampaignId: "c1", Campaign: &submissionv1.Campaign{
			DisplayName: "c1", TemplateVersion: pn + "/templates/s11/versions/1", Organisations: names,
			DueTime: timestamppb.New(time.Now().Add(30 * 24 * time.Hour))}}))
		must(camp.LaunchCampaign(admin, &submissionv1.LaunchCampaignRequest{Name: pn + "/campaigns/c1"}))
		must(rounds.CreateRound(admin, &caseauditv1.CreateRoundRequest{Parent: pn, RoundId: "r1", Round: &caseauditv1.Round{
			Theme: "Neglect", Cases: []*caseauditv1.Case{{Reference: "CASE-2026-001", Agencies: []string{names[0]}}}}}))
		must(rounds.CreateRapidReview(admin, &caseauditv1.CreateRapidReviewRequest{Parent: pn, RapidReviewId: "rr1",
			RapidReview: &caseauditv1.RapidReview{Reference: "RR-2026-001", NotificationDate: "2026-01-05",
				Agencies: []*caseauditv1.AgencySummary{{Agency: names[0]}}}}))
	}

	north := scope{hub: "other", partnership: "north", org: "police", person: "north-qa", membership: memberships["north-qa"], consortium: "hubs/default/consortia/ns"}
	south := scope{hub: "other", partnership: "south", org: "school", person: "south-admin", membership: memberships["south-admin"], consortium: "hubs/other/consortia/ee"}
	east := scope{hub: "other", partnership: "east", org: "eastorg", person: "east-admin", membership: memberships["east-admin"], consortium: "hubs/other/consortia/ee"}
	m.south = scope{hub: "default", partnership: "south", org: "school", person: "south-admin", membership: memberships["south-admin"], consortium: "hubs/default/consortia/ns"}
	// Whose scope is foreign to whom: the default hub's people are strangers
	// to the other hub, and the other hub's admin to the default hub.
	foreignTo := map[string]scope{
		"north-admin": south, "north-qa": south, "north-exec": south, "north-auditor": south,
		"police-lead": south, "police-helper": south, "police-senior": south, "south-admin": withHub(north, "other"),
		"nhs-lead": east, "east-admin": withHub(north, "default"), "other-hub-admin": withHub(north, "default"),
	}
	for _, r := range roles {
		m.callers = append(m.callers, caller{name: r.person, token: signInGRPC(t, dir, logs, r.person+"@example.org"), foreign: foreignTo[r.person]})
	}
	return m
}

// withHub makes the hub and consortium of s those of hub.
func withHub(s scope, hub string) scope {
	s.hub = hub
	s.consortium = map[string]string{"default": "hubs/default/consortia/ns", "other": "hubs/other/consortia/ee"}[hub]
	return s
}

// signInGRPC signs a person in by the link the directory logged.
func signInGRPC(t *testing.T, dir directoryv1.DirectoryServiceClient, logs *logBuffer, email string) string {
	t.Helper()
	ctx := context.Background()
	if _, err := dir.RequestSignInLink(ctx, &directoryv1.RequestSignInLinkRequest{Email: email}); err != nil {
		t.Fatal(err)
	}
	var link string
	deadline := time.Now().Add(10 * time.Second)
	for link = logs.latest(email); link == ""; link = logs.latest(email) {
		if time.Now().After(deadline) {
			t.Fatalf("no sign-in link for %s", email)
		}
		time.Sleep(10 * time.Millisecond)
	}
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := dir.RedeemSignInLink(ctx, &directoryv1.RedeemSignInLinkRequest{Token: u.Query().Get("token")})
	if err != nil {
		t.Fatal(fmt.Errorf("redeem link of %s: %w", email, err))
	}
	return tok.GetAccessToken()
}
