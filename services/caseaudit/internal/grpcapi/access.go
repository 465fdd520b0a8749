package grpcapi

import (
	"context"
	"slices"
	"strings"

	"github.com/assure-audit/assure/pkg/authz"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
)

// caseReaders may read case audits: case data about children is
// restricted to the partnership's admins and its case auditors.
var caseReaders = []authz.Role{authz.PartnershipAdmin, authz.CaseAuditor}

// Auditors answers whether a person takes part in a round: audits one of
// its cases or chairs it.
type Auditors interface {
	IsAuditor(ctx context.Context, partnershipID, roundID, person string) (bool, error)
}

// AccessTable declares who may call each of the case-audit service's RPCs.
// Every call is written to the access log.
func AccessTable(auditors Auditors) authz.Table {
	readers := authz.Partnership(caseReaders, authz.Staff)
	admins := authz.Partnership(authz.Admins, authz.Staff)
	return authz.Table{
		caseauditv1.CaseAuditService_CreateRound_FullMethodName: {Audit: true, Check: admins},
		// An auditor named to a case of the round, and its chair, read it
		// too.
		caseauditv1.CaseAuditService_GetRound_FullMethodName:     {Audit: true, Check: authz.Either(readers, auditorOfRound(auditors))},
		caseauditv1.CaseAuditService_ListRounds_FullMethodName:   {Audit: true, Check: readers},
		caseauditv1.CaseAuditService_SampleCases_FullMethodName:  {Audit: true, Check: readers},
		caseauditv1.CaseAuditService_UpdateRound_FullMethodName:  {Audit: true, Check: admins},
		caseauditv1.CaseAuditService_AdvanceRound_FullMethodName: {Audit: true, Check: admins},
		// The agency's lead names its auditors, as the partnership's
		// admins may.
		caseauditv1.CaseAuditService_AssignAuditor_FullMethodName: {Audit: true, Check: authz.Either(admins, agencyLead)},
		// Any person may answer an assignment; one not theirs is not
		// found.
		caseauditv1.CaseAuditService_AcceptAssignment_FullMethodName: {Audit: true, Check: authz.Authenticated()},
		caseauditv1.CaseAuditService_ListAssignments_FullMethodName:  {Audit: true, Check: readers},
		// The key table: an involved agency's lead (or an admin) records
		// its identifier; only the round's named key readers read it
		// (the service refuses anyone else); the admins see who read it.
		caseauditv1.CaseAuditService_SetCaseKey_FullMethodName:       {Audit: true, Check: authz.Either(admins, agencyLead)},
		caseauditv1.CaseAuditService_ReadCaseKeys_FullMethodName:     {Audit: true, Check: authz.Authenticated()},
		caseauditv1.CaseAuditService_ListCaseKeyReads_FullMethodName: {Audit: true, Check: admins},
		// Immediate risks: any auditor of the round (or its readers)
		// raises one; the agency's lead or safeguarding contact, or the
		// partnership's admins, acknowledge.
		caseauditv1.CaseAuditService_FlagRisk_FullMethodName:        {Audit: true, Check: authz.Either(readers, auditorOfRound(auditors))},
		caseauditv1.CaseAuditService_AcknowledgeRisk_FullMethodName: {Audit: true, Check: authz.Either(admins, agencyContact)},
		caseauditv1.CaseAuditService_ListRiskFlags_FullMethodName:   {Audit: true, Check: authz.Either(readers, auditorOfRound(auditors))},
		// Chronologies: a named auditor saves (the service checks it is
		// the agency's accepted one for the case); readers and the
		// round's auditors read the merged chronology.
		caseauditv1.CaseAuditService_SaveChronology_FullMethodName:      {Audit: true, Check: auditorOfRound(auditors)},
		caseauditv1.CaseAuditService_GetMergedChronology_FullMethodName: {Audit: true, Check: authz.Either(readers, auditorOfRound(auditors))},
		// Findings: the admins write them and record the actions'
		// progress; every member of the partnership's staff reads them,
		// executives among them, as they hold no case detail.
		caseauditv1.CaseAuditService_SaveFindings_FullMethodName:        {Audit: true, Check: admins},
		caseauditv1.CaseAuditService_GetFindings_FullMethodName:         {Audit: true, Check: authz.Partnership(append(slices.Clone(authz.Staff), authz.CaseAuditor), nil)},
		caseauditv1.CaseAuditService_UpdateFindingAction_FullMethodName: {Audit: true, Check: admins},
		// Returns: a named auditor writes and hands in (the service
		// checks it is the agency's accepted one for the case); the
		// admins review; readers list them.
		caseauditv1.CaseAuditService_SaveCaseReturn_FullMethodName:   {Audit: true, Check: auditorOfRound(auditors)},
		caseauditv1.CaseAuditService_SubmitCaseReturn_FullMethodName: {Audit: true, Check: auditorOfRound(auditors)},
		caseauditv1.CaseAuditService_ReviewCaseReturn_FullMethodName: {Audit: true, Check: admins},
		caseauditv1.CaseAuditService_ListCaseReturns_FullMethodName:  {Audit: true, Check: readers},
		// Moderation: the admins record what the meeting agreed; readers
		// and the round's auditors see it beside the agencies' grades.
		caseauditv1.CaseAuditService_SaveCaseModeration_FullMethodName: {Audit: true, Check: admins},
		caseauditv1.CaseAuditService_GetCaseModeration_FullMethodName:  {Audit: true, Check: authz.Either(readers, auditorOfRound(auditors))},
		// Rapid reviews: the partnership's admins run them and its case
		// auditors read them; an agency's lead records its summary.
		caseauditv1.CaseAuditService_CreateRapidReview_FullMethodName:   {Audit: true, Check: admins},
		caseauditv1.CaseAuditService_GetRapidReview_FullMethodName:      {Audit: true, Check: readers},
		caseauditv1.CaseAuditService_ListRapidReviews_FullMethodName:    {Audit: true, Check: readers},
		caseauditv1.CaseAuditService_RecordAgencySummary_FullMethodName: {Audit: true, Check: authz.Either(admins, agencyLead)},
		caseauditv1.CaseAuditService_CompleteMilestone_FullMethodName:   {Audit: true, Check: admins},
		caseauditv1.CaseAuditService_DecideRapidReview_FullMethodName:   {Audit: true, Check: admins},
	}
}

// agencyLead allows the lead of the organisation a request names as its
// agency.
func agencyLead(_ context.Context, p authz.Principal, req any) error {
	r, ok := req.(interface{ GetAgency() string })
	if ok && p.InOrganisation(strings.TrimPrefix(r.GetAgency(), "organisations/"), authz.OrganisationLead) {
		return nil
	}
	return authz.Hidden(authz.NameOf(req))
}

// agencyContact allows the lead or the safeguarding (senior) contact of
// the organisation a request names as its agency.
func agencyContact(_ context.Context, p authz.Principal, req any) error {
	r, ok := req.(interface{ GetAgency() string })
	if ok && p.InOrganisation(strings.TrimPrefix(r.GetAgency(), "organisations/"), authz.OrganisationLead, authz.SeniorContact) {
		return nil
	}
	return authz.Hidden(authz.NameOf(req))
}

// auditorOfRound allows a person named to audit a case of the round, or
// its chair.
func auditorOfRound(auditors Auditors) authz.Check {
	return func(ctx context.Context, p authz.Principal, req any) error {
		name := authz.NameOf(req)
		pid, rid := authz.Segment(name, "partnerships"), authz.Segment(name, "rounds")
		if pid == "" || rid == "" {
			return authz.Hidden(name)
		}
		ok, err := auditors.IsAuditor(ctx, pid, rid, p.PersonID)
		if err != nil {
			return err
		}
		if !ok {
			return authz.Hidden(name)
		}
		return nil
	}
}
