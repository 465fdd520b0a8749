package grpcapi

import (
	"github.com/assure-audit/assure/pkg/authz"
	reminderv1 "github.com/assure-audit/assure/proto/gen/assure/reminder/v1"
)

// AccessTable declares who may call each of the reminder service's RPCs:
// the staff of the campaign's partnership.
func AccessTable() authz.Table {
	return authz.Table{
		reminderv1.ReminderService_ListOutstandingSubmissions_FullMethodName: {Check: authz.Partnership(authz.Staff, nil)},
	}
}
