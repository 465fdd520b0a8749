package grpcapi

import (
	"context"
	"strings"

	"github.com/assure-audit/assure/pkg/authz"
	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
	"github.com/assure-audit/assure/services/reporting/internal/domain"
)

// Participation answers which partnerships take part in a campaign.
type Participation interface {
	Participants(ctx context.Context, campaign string) ([]string, error)
}

// campaignOf is the campaign of a resource name: a campaign, or one of its
// submissions.
func campaignOf(name string) string {
	if i := strings.Index(name, "/submissions/"); i >= 0 {
		return name[:i]
	}
	return name
}

// AccessTable declares who may call each of the reporting service's RPCs:
// the staff of the campaign's partnership, and in a consortium's shared
// campaign the staff of each partnership taking part (who see their own
// organisations); an organisation's respondents also read the feedback on
// their own return.
func AccessTable(look Participation) authz.Table {
	staff := authz.Participants(func(ctx context.Context, name string) ([]string, error) {
		return look.Participants(ctx, campaignOf(name))
	}, authz.Staff, nil)
	return authz.Table{
		reportingv1.ReportingService_GetCompletionReport_FullMethodName: {Check: staff},
		reportingv1.ReportingService_GetRatingsReport_FullMethodName:    {Check: staff},
		reportingv1.ReportingService_GetModerationReport_FullMethodName: {Check: staff},
		reportingv1.ReportingService_GetNumericReport_FullMethodName:    {Check: staff},
		reportingv1.ReportingService_GetFeedbackReport_FullMethodName: {Check: authz.Either(staff,
			authz.Organisation("submissions", authz.Respondents, nil))},
		reportingv1.ReportingService_ListAnswerRows_FullMethodName:     {Check: staff},
		reportingv1.ReportingService_ListSubmissionRows_FullMethodName: {Check: staff},
		reportingv1.ReportingService_GetTrendReport_FullMethodName:     {Check: staff},
		reportingv1.ReportingService_GetActionReport_FullMethodName:    {Check: staff},
		reportingv1.ReportingService_GetHubBenchmark_FullMethodName:    {Check: authz.HubStaff(authz.Staff...)},
	}
}

// view narrows a filter to the caller's part of a shared campaign: staff of
// the owner see it all; staff of another partnership taking part see their
// own organisations.
func view(ctx context.Context, look Participation, campaign string, f domain.Filter) domain.Filter {
	p, ok := authz.PrincipalFrom(ctx)
	if !ok {
		return f
	}
	owner := strings.Split(campaign, "/")[1]
	ps, err := look.Participants(ctx, campaign)
	if err != nil {
		return f
	}
	if part, whole := p.SharedView(owner, ps, authz.Staff...); !whole && part != "" {
		f.Partnership = part
	}
	return f
}
