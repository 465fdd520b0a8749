package caseaudit_test

import (
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/testinfra"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	"github.com/assure-audit/assure/services/caseaudit"
)

// TestAssignments: the police's lead names an auditor for its case; one
// who declares work on the case is refused and not named again; the next
// accepts and may then read the round, which a declined auditor, the
// health lead and another partnership's admin may not; the police's lead
// may not name health's auditor.
func TestAssignments(t *testing.T) {
	people := principals{
		"admin":       {PersonID: "admin", Memberships: []authz.Membership{{Role: authz.PartnershipAdmin, Partnership: "north"}}},
		"police-lead": {PersonID: "police-lead", Memberships: []authz.Membership{{Role: authz.OrganisationLead, Organisation: "police"}}},
		"health-lead": {PersonID: "health-lead", Memberships: []authz.Membership{{Role: authz.OrganisationLead, Organisation: "health"}}},
		"aud-1":       {PersonID: "aud-1"},
		"aud-2":       {PersonID: "aud-2"},
		"south":       {PersonID: "south", Memberships: []authz.Membership{{Role: authz.PartnershipAdmin, Partnership: "south"}}},
		"chair":       {PersonID: "chair"},
	}
	for _, in := range testinfra.Infras(t, "caseaudit") {
		t.Run(in.Name, func(t *testing.T) {
			c := guarded(t, in, people, caseaudit.Config{}, caseaudit.Deps{Logger: logging.Discard()})
			events := testinfra.CollectEvents(t, in.Bus, caseaudit.Name)
			round, err := c.CreateRound(as("admin"), &caseauditv1.CreateRoundRequest{Parent: "partnerships/north", RoundId: "neglect",
				Round: &caseauditv1.Round{Theme: "Neglect", Chair: "people/chair", Cases: []*caseauditv1.Case{
					{Reference: "CASE-1", Agencies: []string{"organisations/police", "organisations/health"}}}}})
			if err != nil {
				t.Fatal(err)
			}
			assign := func(who, agency, auditor string) (*caseauditv1.Assignment, error) {
				return c.AssignAuditor(as(who), &caseauditv1.AssignAuditorRequest{Name: round.GetName(), CaseReference: "CASE-1",
					Agency: "organisations/" + agency, Auditor: "people/" + auditor})
			}
			accept := func(who string, d *caseauditv1.Declaration) (*caseauditv1.Assignment, error) {
				return c.AcceptAssignment(as(who), &caseauditv1.AcceptAssignmentRequest{Name: round.GetName(), CaseReference: "CASE-1",
					Agency: "organisations/police", Declaration: d})
			}
			read := func(who string) codes.Code {
				_, err := c.GetRound(as(who), &caseauditv1.GetRoundRequest{Name: round.GetName()})
				return status.Code(err)
			}

			if a, err := assign("police-lead", "police", "aud-1"); err != nil || a.GetState() != caseauditv1.AssignmentState_ASSIGNMENT_STATE_PROPOSED {
				t.Fatalf("the police's lead names aud-1: %v %v", a, err)
			}
			if _, err := assign("police-lead", "health", "aud-2"); status.Code(err) != codes.NotFound {
				t.Fatalf("the police's lead naming health's auditor: %v", err)
			}
			if _, err := assign("south", "police", "aud-2"); status.Code(err) != codes.NotFound {
				t.Fatalf("south's admin naming north's auditor: %v", err)
			}
			// Named but undecided, aud-1 reads the round.
			if code := read("aud-1"); code != codes.OK {
				t.Fatalf("aud-1 reading the round: %v", code)
			}
			if _, err := accept("aud-2", &caseauditv1.Declaration{}); status.Code(err) != codes.NotFound {
				t.Fatalf("accepting someone else's assignment: %v", err)
			}
			declined, err := accept("aud-1", &caseauditv1.Declaration{WorkedOnCase: true, Statement: "I supervised the case"})
			if err != nil || declined.GetState() != caseauditv1.AssignmentState_ASSIGNMENT_STATE_DECLINED ||
				declined.GetDeclaration().GetStatement() != "I supervised the case" {
				t.Fatalf("declaring work on the case: %v %v", declined, err)
			}
			if code := read("aud-1"); code != codes.NotFound {
				t.Fatalf("a declined auditor reading the round: %v", code)
			}
			if _, err := assign("admin", "police", "aud-1"); status.Code(err) != codes.FailedPrecondition {
				t.Fatalf("naming a conflicted auditor again: %v", err)
			}
			if _, err := assign("police-lead", "police", "aud-2"); err != nil {
				t.Fatal(err)
			}
			accepted, err := accept("aud-2", &caseauditv1.Declaration{Statement: "No link to the family"})
			if err != nil || accepted.GetState() != caseauditv1.AssignmentState_ASSIGNMENT_STATE_ACCEPTED ||
				len(accepted.GetDeclinedAuditors()) != 1 || accepted.GetDeclinedAuditors()[0] != "people/aud-1" {
				t.Fatalf("accepting: %v %v", accepted, err)
			}
			for who, want := range map[string]codes.Code{"aud-2": codes.OK, "admin": codes.OK, "chair": codes.OK, "health-lead": codes.NotFound,
				"south": codes.NotFound} {
				if code := read(who); code != want {
					t.Errorf("%s reading the round: %v, want %v", who, code, want)
				}
			}
			list, err := c.ListAssignments(as("admin"), &caseauditv1.ListAssignmentsRequest{Parent: round.GetName()})
			if err != nil || len(list.GetAssignments()) != 1 || list.GetAssignments()[0].GetAuditor() != "people/aud-2" {
				t.Fatalf("list: %v %v", list, err)
			}
			// Created, then named, declined, named and accepted.
			if evs := events.Wait(t, 5); len(evs) != 5 || evs[4].Subject != in.Bus.Subject(caseaudit.Name, "assignment.changed") {
				t.Fatalf("events %v", testinfra.Types(evs))
			}
		})
	}
}
