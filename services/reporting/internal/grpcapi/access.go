package grpcapi

import (
	"github.com/assure-audit/assure/pkg/authz"
	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
)

// AccessTable declares who may call each of the reporting service's RPCs:
// the staff of the campaign's partnership.
func AccessTable() authz.Table {
	return authz.Table{
		reportingv1.ReportingService_GetCompletionReport_FullMethodName: {Check: authz.Partnership(authz.Staff, nil)},
	}
}
