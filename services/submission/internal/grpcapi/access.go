package grpcapi

import (
	"context"
	"slices"

	"github.com/assure-audit/assure/pkg/authz"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
)

// Participation answers which partnerships take part in a campaign and
// whose staff see a submission, for the checks of consortium campaigns.
type Participation interface {
	Participants(ctx context.Context, partnershipID, campaignID string) ([]string, error)
	SubmissionPartnerships(ctx context.Context, partnershipID, campaignID, submissionID string) ([]string, error)
}

// The roles that check returns.
var qa = []authz.Role{authz.PartnershipAdmin, authz.QAOfficer}

// AccessTable declares who may call each of the submission service's RPCs.
// The owning partnership's admins run a campaign and its staff follow all
// of it; in a consortium campaign the staff of each partnership taking part
// see the campaign and their own organisations' returns. An
// organisation's lead and contributors answer its submission (a
// submission's id is its organisation's); who may sign off is the
// campaign's choice, checked when submitting.
func AccessTable(look Participation) authz.Table {
	staffRead := authz.Either(submissionStaff(look, authz.Staff, nil), authz.Organisation("submissions", authz.Respondents, nil))
	answer := authz.Either(authz.Organisation("submissions", authz.Respondents, nil), submissionStaff(look, nil, authz.Staff))
	admin := authz.Partnership(authz.Admins, authz.Staff)
	review := authz.Either(submissionStaff(look, qa, authz.Staff), authz.Organisation("submissions", nil, authz.Respondents))
	return authz.Table{
		submissionv1.SubmissionService_CreateCampaign_FullMethodName:           {Audit: true, Check: admin},
		submissionv1.SubmissionService_GetCampaign_FullMethodName:              {Check: authz.Either(campaignStaff(look, authz.Staff, nil), campaignRespondent(look))},
		submissionv1.SubmissionService_ListCampaigns_FullMethodName:            {Check: authz.Partnership(authz.Staff, nil)},
		submissionv1.SubmissionService_UpdateCampaign_FullMethodName:           {Audit: true, Check: admin},
		submissionv1.SubmissionService_LaunchCampaign_FullMethodName:           {Audit: true, Check: admin},
		submissionv1.SubmissionService_AddCampaignOrganisations_FullMethodName: {Audit: true, Check: admin},
		submissionv1.SubmissionService_CloseCampaign_FullMethodName:            {Audit: true, Check: admin},
		submissionv1.SubmissionService_ArchiveCampaign_FullMethodName:          {Audit: true, Check: admin},
		submissionv1.SubmissionService_ListCampaignCalendar_FullMethodName:     {Check: authz.HubStaff(authz.Staff...)},
		submissionv1.SubmissionService_GetSubmission_FullMethodName:            {Check: staffRead},
		submissionv1.SubmissionService_ListSubmissions_FullMethodName:          {Check: campaignStaff(look, authz.Staff, nil)},
		submissionv1.SubmissionService_ListMySubmissions_FullMethodName:        {Check: authz.Authenticated()},
		submissionv1.SubmissionService_SaveAnswers_FullMethodName:              {Check: answer},
		submissionv1.SubmissionService_ListAnswerHistory_FullMethodName:        {Check: staffRead},
		submissionv1.SubmissionService_SetSectionAssignments_FullMethodName: {Check: authz.Either(
			authz.Organisation("submissions", []authz.Role{authz.OrganisationLead}, []authz.Role{authz.Contributor}),
			submissionStaff(look, nil, authz.Staff))},
		submissionv1.SubmissionService_SubmitSubmission_FullMethodName:   {Check: answer},
		submissionv1.SubmissionService_ReturnSubmission_FullMethodName:   {Audit: true, Check: review},
		submissionv1.SubmissionService_AcceptSubmission_FullMethodName:   {Audit: true, Check: review},
		submissionv1.SubmissionService_UploadEvidence_FullMethodName:     {Check: answer},
		submissionv1.SubmissionService_GetEvidenceContent_FullMethodName: {Check: staffRead},
		submissionv1.SubmissionService_ListEvidence_FullMethodName:       {Check: staffRead},
		submissionv1.SubmissionService_CreateAction_FullMethodName:       {Check: answer},
		submissionv1.SubmissionService_UpdateAction_FullMethodName:       {Check: answer},
		submissionv1.SubmissionService_ListActions_FullMethodName:        {Check: staffRead},
		submissionv1.SubmissionService_GetAction_FullMethodName:          {Check: staffRead},
	}
}

func campaignStaff(look Participation, act, see []authz.Role) authz.Check {
	return authz.Participants(func(ctx context.Context, name string) ([]string, error) {
		pid, cid := authz.Segment(name, "partnerships"), authz.Segment(name, "campaigns")
		if cid == "" {
			return nil, nil
		}
		return look.Participants(ctx, pid, cid)
	}, act, see)
}

func submissionStaff(look Participation, act, see []authz.Role) authz.Check {
	return authz.Participants(func(ctx context.Context, name string) ([]string, error) {
		pid, cid, sid := authz.Segment(name, "partnerships"), authz.Segment(name, "campaigns"), authz.Segment(name, "submissions")
		if sid == "" {
			return nil, nil
		}
		return look.SubmissionPartnerships(ctx, pid, cid, sid)
	}, act, see)
}

// campaignRespondent allows respondents of an organisation in any of the
// campaign's partnerships to read it.
func campaignRespondent(look Participation) authz.Check {
	return func(ctx context.Context, p authz.Principal, req any) error {
		name := authz.NameOf(req)
		pid, cid := authz.Segment(name, "partnerships"), authz.Segment(name, "campaigns")
		if p.RespondentIn(pid, authz.Respondents...) {
			return nil
		}
		ps, err := look.Participants(ctx, pid, cid)
		if err == nil && slices.ContainsFunc(ps, func(q string) bool { return p.RespondentIn(q, authz.Respondents...) }) {
			return nil
		}
		return authz.Hidden(name)
	}
}
