package grpcapi

import (
	"github.com/assure-audit/assure/pkg/authz"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
)

// caseReaders may read case audits: case data about children is
// restricted to the partnership's admins and its case auditors.
var caseReaders = []authz.Role{authz.PartnershipAdmin, authz.CaseAuditor}

// AccessTable declares who may call each of the case-audit service's RPCs.
// Every call is written to the access log.
func AccessTable() authz.Table {
	return authz.Table{
		caseauditv1.CaseAuditService_CreateRound_FullMethodName:  {Audit: true, Check: authz.Partnership(authz.Admins, authz.Staff)},
		caseauditv1.CaseAuditService_GetRound_FullMethodName:     {Audit: true, Check: authz.Partnership(caseReaders, authz.Staff)},
		caseauditv1.CaseAuditService_ListRounds_FullMethodName:   {Audit: true, Check: authz.Partnership(caseReaders, authz.Staff)},
		caseauditv1.CaseAuditService_SampleCases_FullMethodName:  {Audit: true, Check: authz.Partnership(caseReaders, authz.Staff)},
		caseauditv1.CaseAuditService_UpdateRound_FullMethodName:  {Audit: true, Check: authz.Partnership(authz.Admins, authz.Staff)},
		caseauditv1.CaseAuditService_AdvanceRound_FullMethodName: {Audit: true, Check: authz.Partnership(authz.Admins, authz.Staff)},
	}
}
