package caseaudit_test

import (
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/testinfra"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	"github.com/assure-audit/assure/services/caseaudit"
)

// TestRetentionPurge: a round kept 30 days after closing loses its cases,
// assignments and key table to the purge job on the 30th day, not before;
// the round, its key reads and a record of the purge stay.
func TestRetentionPurge(t *testing.T) {
	start := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	people := principals{
		"admin":       {PersonID: "admin", Memberships: []authz.Membership{{Role: authz.PartnershipAdmin, Partnership: "north"}}},
		"police-lead": {PersonID: "police-lead", Memberships: []authz.Membership{{Role: authz.OrganisationLead, Organisation: "police"}}},
		"aud":         {PersonID: "aud"},
		"dsl":         {PersonID: "dsl"},
	}
	for _, in := range testinfra.Infras(t, "caseaudit") {
		t.Run(in.Name, func(t *testing.T) {
			var now atomic.Int64
			now.Store(start.UnixNano())
			c := guarded(t, in, people, caseaudit.Config{PurgeEvery: 20 * time.Millisecond}, caseaudit.Deps{Logger: logging.Discard(), Now: func() time.Time { return time.Unix(0, now.Load()).UTC() }})
			events := testinfra.CollectEvents(t, in.Bus, caseaudit.Name)
			r, err := c.CreateRound(as("admin"), &caseauditv1.CreateRoundRequest{Parent: "partnerships/north", RoundId: "neglect",
				Round: &caseauditv1.Round{Theme: "Neglect", RetentionDays: 30, KeyReaders: []string{"people/dsl"},
					TemplateVersion: "partnerships/north/templates/mcfa/versions/1", Chair: "people/admin",
					ReturnsDueTime: timestamppb.New(start.AddDate(0, 1, 0)), ModerationTime: timestamppb.New(start.AddDate(0, 2, 0)),
					Cases: []*caseauditv1.Case{{Reference: "CASE-1", Agencies: []string{"organisations/police"}, SamplingNotes: "plan type"}}}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.AssignAuditor(as("police-lead"), &caseauditv1.AssignAuditorRequest{Name: r.GetName(), CaseReference: "CASE-1",
				Agency: "organisations/police", Auditor: "people/aud"}); err != nil {
				t.Fatal(err)
			}
			if _, err := c.SetCaseKey(as("police-lead"), &caseauditv1.SetCaseKeyRequest{Name: r.GetName(), CaseReference: "CASE-1",
				Agency: "organisations/police", Identifier: "P-1"}); err != nil {
				t.Fatal(err)
			}
			if _, err := c.ReadCaseKeys(as("dsl"), &caseauditv1.ReadCaseKeysRequest{Name: r.GetName()}); err != nil {
				t.Fatal(err)
			}
			last := r
			for _, s := range []caseauditv1.RoundState{caseauditv1.RoundState_ROUND_STATE_RETURNS_OPEN, caseauditv1.RoundState_ROUND_STATE_QA,
				caseauditv1.RoundState_ROUND_STATE_MODERATION, caseauditv1.RoundState_ROUND_STATE_FINDINGS, caseauditv1.RoundState_ROUND_STATE_CLOSED} {
				if last, err = c.AdvanceRound(as("admin"), &caseauditv1.AdvanceRoundRequest{Name: r.GetName(), State: s, Etag: last.GetEtag()}); err != nil {
					t.Fatalf("to %s: %v", s, err)
				}
			}
			if !last.GetCloseTime().AsTime().Equal(start) {
				t.Fatalf("closed at %v", last.GetCloseTime().AsTime())
			}
			// Retention is fixed once closed, as everything else is.
			if _, err := c.UpdateRound(as("admin"), &caseauditv1.UpdateRoundRequest{Round: &caseauditv1.Round{Name: r.GetName(), Etag: last.GetEtag(),
				RetentionDays: 1}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"retention_days"}}}); err == nil {
				t.Fatal("a closed round's retention changed")
			}
			get := func() *caseauditv1.Round {
				got, err := c.GetRound(as("admin"), &caseauditv1.GetRoundRequest{Name: r.GetName()})
				if err != nil {
					t.Fatal(err)
				}
				return got
			}
			// A day short of the retention: kept.
			now.Store(start.AddDate(0, 0, 29).UnixNano())
			time.Sleep(100 * time.Millisecond)
			if got := get(); got.GetPurgeTime() != nil || len(got.GetCases()) != 1 {
				t.Fatalf("purged early: %v", got)
			}
			now.Store(start.AddDate(0, 0, 30).UnixNano())
			testinfra.Eventually(t, 10*time.Second, "the purge", func() bool { return get().GetPurgeTime() != nil })
			got := get()
			if len(got.GetCases()) != 0 || got.GetTheme() != "Neglect" || got.GetState() != caseauditv1.RoundState_ROUND_STATE_CLOSED ||
				!got.GetPurgeTime().AsTime().Equal(start.AddDate(0, 0, 30)) {
				t.Fatalf("after the purge: %v", got)
			}
			list, err := c.ListAssignments(as("admin"), &caseauditv1.ListAssignmentsRequest{Parent: r.GetName()})
			if err != nil || len(list.GetAssignments()) != 0 {
				t.Fatalf("assignments after the purge: %v %v", list, err)
			}
			keys, err := c.ReadCaseKeys(as("dsl"), &caseauditv1.ReadCaseKeysRequest{Name: r.GetName()})
			if err != nil || len(keys.GetKeys()) != 0 {
				t.Fatalf("keys after the purge: %v %v", keys, err)
			}
			reads, err := c.ListCaseKeyReads(as("admin"), &caseauditv1.ListCaseKeyReadsRequest{Parent: r.GetName()})
			if err != nil || len(reads.GetReads()) != 2 {
				t.Fatalf("the reads' record after the purge: %v %v", reads, err)
			}
			var purged *caseauditv1.RoundPurged
			testinfra.Eventually(t, 10*time.Second, "the purge event", func() bool {
				for _, ev := range events.Wait(t, 1) {
					if ev.Subject == in.Bus.Subject(caseaudit.Name, "round.purged") {
						purged = &caseauditv1.RoundPurged{}
						return proto.Unmarshal(ev.Data, purged) == nil
					}
				}
				return false
			})
			if purged.GetRound() != r.GetName() || purged.GetCases() != 1 || purged.GetAssignments() != 1 || purged.GetCaseKeys() != 1 {
				t.Fatalf("purge event %v", purged)
			}
		})
	}
}
