package grpcapi

import (
	"github.com/assure-audit/assure/pkg/authz"
	reminderv1 "github.com/assure-audit/assure/proto/gen/assure/reminder/v1"
)

// AccessTable declares who may call each of the reminder service's RPCs:
// the staff of the campaign's partnership see what is outstanding, the
// schedule and what was sent; its admins change the policy and chase.
func AccessTable() authz.Table {
	see := authz.Partnership(authz.Staff, nil)
	admin := authz.Partnership(authz.Admins, authz.Staff)
	return authz.Table{
		reminderv1.ReminderService_ListOutstandingSubmissions_FullMethodName: {Check: see},
		reminderv1.ReminderService_GetReminderPolicy_FullMethodName:          {Check: see},
		reminderv1.ReminderService_UpdateReminderPolicy_FullMethodName:       {Audit: true, Check: admin},
		reminderv1.ReminderService_PreviewReminders_FullMethodName:           {Check: see},
		reminderv1.ReminderService_ChaseNow_FullMethodName:                   {Audit: true, Check: admin},
		reminderv1.ReminderService_ListDeliveries_FullMethodName:             {Check: see},
	}
}
