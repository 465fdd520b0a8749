package caseaudit_test

import (
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/testinfra"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	"github.com/assure-audit/assure/services/caseaudit"
)

// TestFindings: at the findings stage the admins write what works well,
// the concerns and recommendations with their actions; an executive reads
// them (never the round's cases); the actions' progress is recorded after
// the round closes, when the findings themselves are fixed.
func TestFindings(t *testing.T) {
	people := principals{
		"admin":    {PersonID: "admin", Memberships: []authz.Membership{{Role: authz.PartnershipAdmin, Partnership: "north"}}},
		"exec":     {PersonID: "exec", Memberships: []authz.Membership{{Role: authz.ExecutiveViewer, Partnership: "north"}}},
		"stranger": {PersonID: "stranger", Memberships: []authz.Membership{{Role: authz.ExecutiveViewer, Partnership: "south"}}},
	}
	for _, in := range testinfra.Infras(t, "caseaudit") {
		t.Run(in.Name, func(t *testing.T) {
			c := guarded(t, in, people, caseaudit.Config{}, caseaudit.Deps{Logger: logging.Discard()})
			due := time.Now().Add(30 * 24 * time.Hour)
			r, err := c.CreateRound(as("admin"), &caseauditv1.CreateRoundRequest{Parent: "partnerships/north", RoundId: "neglect",
				Round: &caseauditv1.Round{Theme: "Neglect", TemplateVersion: "partnerships/north/templates/mcfa/versions/1", Chair: "people/admin",
					ReturnsDueTime: timestamppb.New(due), ModerationTime: timestamppb.New(due.Add(7 * 24 * time.Hour)),
					Cases: []*caseauditv1.Case{{Reference: "CASE-1", Agencies: []string{"organisations/police"}}}}})
			if err != nil {
				t.Fatal(err)
			}
			name := r.GetName() + "/findings"
			last := r
			advance := func(states ...caseauditv1.RoundState) {
				t.Helper()
				for _, s := range states {
					if last, err = c.AdvanceRound(as("admin"), &caseauditv1.AdvanceRoundRequest{Name: r.GetName(), State: s, Etag: last.GetEtag()}); err != nil {
						t.Fatalf("to %s: %v", s, err)
					}
				}
			}
			draft := &caseauditv1.Findings{Name: name, Etag: "0", WorkingWell: []string{"Timely strategy discussions"},
				Concerns: []string{"Fathers not seen"}, Recommendations: []*caseauditv1.Recommendation{{Text: "Think family",
					Actions: []*caseauditv1.FindingAction{{Title: "Briefing for front-line staff", Owner: "Police", DueDate: "2027-03-31"}}}},
				Review: &caseauditv1.RoundReview{StaffHours: 64, NextTime: "Sample fewer cases"}}
			if _, err := c.SaveFindings(as("admin"), &caseauditv1.SaveFindingsRequest{Findings: draft}); status.Code(err) != codes.FailedPrecondition {
				t.Fatalf("findings while planning: %v", err)
			}
			advance(caseauditv1.RoundState_ROUND_STATE_RETURNS_OPEN, caseauditv1.RoundState_ROUND_STATE_QA,
				caseauditv1.RoundState_ROUND_STATE_MODERATION, caseauditv1.RoundState_ROUND_STATE_FINDINGS)
			empty, err := c.GetFindings(as("exec"), &caseauditv1.GetFindingsRequest{Name: name})
			if err != nil || empty.GetEtag() != "0" || empty.GetRoundTheme() != "Neglect" || len(empty.GetConcerns()) != 0 {
				t.Fatalf("empty findings: %v %v", empty, err)
			}
			saved, err := c.SaveFindings(as("admin"), &caseauditv1.SaveFindingsRequest{Findings: draft})
			if err != nil || saved.GetEtag() != "1" || saved.GetRecommendations()[0].GetActions()[0].GetId() == "" ||
				saved.GetRecommendations()[0].GetActions()[0].GetStatus() != caseauditv1.FindingActionStatus_FINDING_ACTION_STATUS_NOT_STARTED {
				t.Fatalf("save: %v %v", saved, err)
			}
			if _, err := c.SaveFindings(as("exec"), &caseauditv1.SaveFindingsRequest{Findings: draft}); status.Code(err) != codes.PermissionDenied {
				t.Fatalf("an executive writing findings: %v", err)
			}
			read, err := c.GetFindings(as("exec"), &caseauditv1.GetFindingsRequest{Name: name})
			if err != nil || read.GetConcerns()[0] != "Fathers not seen" || read.GetReview().GetStaffHours() != 64 {
				t.Fatalf("the executive reads: %v %v", read, err)
			}
			if _, err := c.GetRound(as("exec"), &caseauditv1.GetRoundRequest{Name: r.GetName()}); status.Code(err) != codes.PermissionDenied {
				t.Fatalf("an executive reading the cases: %v", err)
			}
			if _, err := c.GetFindings(as("stranger"), &caseauditv1.GetFindingsRequest{Name: name}); status.Code(err) != codes.NotFound {
				t.Fatalf("another partnership's executive: %v", err)
			}
			advance(caseauditv1.RoundState_ROUND_STATE_CLOSED)
			action := saved.GetRecommendations()[0].GetActions()[0].GetId()
			updated, err := c.UpdateFindingAction(as("admin"), &caseauditv1.UpdateFindingActionRequest{Name: name, ActionId: action,
				Status: caseauditv1.FindingActionStatus_FINDING_ACTION_STATUS_ON_TRACK, Note: "Booked for March", Etag: saved.GetEtag()})
			if err != nil || updated.GetRecommendations()[0].GetActions()[0].GetStatus() != caseauditv1.FindingActionStatus_FINDING_ACTION_STATUS_ON_TRACK ||
				len(updated.GetRecommendations()[0].GetActions()[0].GetUpdates()) != 1 || updated.GetRoundState() != caseauditv1.RoundState_ROUND_STATE_CLOSED {
				t.Fatalf("progress after closing: %v %v", updated, err)
			}
			draft.Etag = updated.GetEtag()
			if _, err := c.SaveFindings(as("admin"), &caseauditv1.SaveFindingsRequest{Findings: draft}); status.Code(err) != codes.FailedPrecondition {
				t.Fatalf("findings rewritten after closing: %v", err)
			}
		})
	}
}
