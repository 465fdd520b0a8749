package grpcapi

import (
	"github.com/assure-audit/assure/pkg/authz"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
)

// AccessTable declares who may call each of the submission service's RPCs:
// partnership admins create and launch campaigns and staff follow them;
// an organisation's lead and contributors answer its submission (a
// submission's id is its organisation's) and only the lead submits.
func AccessTable() authz.Table {
	return authz.Table{
		submissionv1.SubmissionService_CreateCampaign_FullMethodName:   {Audit: true, Check: authz.Partnership(authz.Admins, authz.Staff)},
		submissionv1.SubmissionService_GetCampaign_FullMethodName:      {Check: authz.Either(authz.Partnership(authz.Staff, nil), authz.RespondentOfPartnership(authz.Respondents...))},
		submissionv1.SubmissionService_ListCampaigns_FullMethodName:    {Check: authz.Partnership(authz.Staff, nil)},
		submissionv1.SubmissionService_LaunchCampaign_FullMethodName:   {Audit: true, Check: authz.Partnership(authz.Admins, authz.Staff)},
		submissionv1.SubmissionService_GetSubmission_FullMethodName:    {Check: authz.Either(authz.Partnership(authz.Staff, nil), authz.Organisation("submissions", authz.Respondents, nil))},
		submissionv1.SubmissionService_ListSubmissions_FullMethodName:  {Check: authz.Partnership(authz.Staff, nil)},
		submissionv1.SubmissionService_SaveAnswers_FullMethodName:      {Check: authz.Either(authz.Organisation("submissions", authz.Respondents, nil), authz.Partnership(nil, authz.Staff))},
		submissionv1.SubmissionService_SubmitSubmission_FullMethodName: {Check: authz.Either(authz.Organisation("submissions", []authz.Role{authz.OrganisationLead}, authz.Respondents), authz.Partnership(nil, authz.Staff))},
	}
}
