package grpcapi

import (
	"github.com/assure-audit/assure/pkg/authz"
	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
)

// AccessTable declares who may call each of the reporting service's RPCs:
// the staff of the campaign's partnership; an organisation's respondents
// also read the feedback on their own return.
func AccessTable() authz.Table {
	staff := authz.Partnership(authz.Staff, nil)
	return authz.Table{
		reportingv1.ReportingService_GetCompletionReport_FullMethodName: {Check: staff},
		reportingv1.ReportingService_GetRatingsReport_FullMethodName:    {Check: staff},
		reportingv1.ReportingService_GetModerationReport_FullMethodName: {Check: staff},
		reportingv1.ReportingService_GetNumericReport_FullMethodName:    {Check: staff},
		reportingv1.ReportingService_GetFeedbackReport_FullMethodName: {Check: authz.Either(staff,
			authz.Organisation("submissions", authz.Respondents, nil))},
		reportingv1.ReportingService_ListAnswerRows_FullMethodName: {Check: staff},
	}
}
