package caseaudit_test

import (
	"bytes"
	"fmt"
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

// TestChronologies: each agency's accepted auditor saves its chronology of
// the case as they go (etags guard each save); nobody else may; the
// merged chronology puts both in date order with their sources; the
// events say who saved, never what.
func TestChronologies(t *testing.T) {
	people := principals{
		"admin":    {PersonID: "admin", Memberships: []authz.Membership{{Role: authz.PartnershipAdmin, Partnership: "north"}}},
		"aud-p":    {PersonID: "aud-p"},
		"aud-h":    {PersonID: "aud-h"},
		"stranger": {PersonID: "stranger"},
	}
	for _, in := range testinfra.Infras(t, "caseaudit") {
		t.Run(in.Name, func(t *testing.T) {
			c := guarded(t, in, people, caseaudit.Config{}, caseaudit.Deps{Logger: logging.Discard()})
			events := testinfra.CollectEvents(t, in.Bus, caseaudit.Name)
			r, err := c.CreateRound(as("admin"), &caseauditv1.CreateRoundRequest{Parent: "partnerships/north", RoundId: "neglect",
				Round: &caseauditv1.Round{Theme: "Neglect", TemplateVersion: "partnerships/north/templates/mcfa/versions/1", Chair: "people/admin",
					ReturnsDueTime: timestamppb.New(time.Now().Add(30 * 24 * time.Hour)),
					Cases:          []*caseauditv1.Case{{Reference: "CASE-1", Agencies: []string{"organisations/police", "organisations/health"}}}}})
			if err != nil {
				t.Fatal(err)
			}
			for agency, aud := range map[string]string{"police": "aud-p", "health": "aud-h"} {
				if _, err := c.AssignAuditor(as("admin"), &caseauditv1.AssignAuditorRequest{Name: r.GetName(), CaseReference: "CASE-1",
					Agency: "organisations/" + agency, Auditor: "people/" + aud}); err != nil {
					t.Fatal(err)
				}
				if _, err := c.AcceptAssignment(as(aud), &caseauditv1.AcceptAssignmentRequest{Name: r.GetName(), CaseReference: "CASE-1",
					Agency: "organisations/" + agency, Declaration: &caseauditv1.Declaration{}}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := c.AdvanceRound(as("admin"), &caseauditv1.AdvanceRoundRequest{Name: r.GetName(), Etag: r.GetEtag(),
				State: caseauditv1.RoundState_ROUND_STATE_RETURNS_OPEN}); err != nil {
				t.Fatal(err)
			}
			save := func(who, agency, etag string, entries ...*caseauditv1.ChronologyEntry) (*caseauditv1.Chronology, error) {
				return c.SaveChronology(as(who), &caseauditv1.SaveChronologyRequest{Name: r.GetName(), CaseReference: "CASE-1",
					Agency: "organisations/" + agency, Etag: etag, Entries: entries})
			}
			police, err := save("aud-p", "police", "0", &caseauditv1.ChronologyEntry{Date: "2026-03-02", Event: marker + " domestic incident"})
			if err != nil || police.GetEtag() != "1" {
				t.Fatalf("first save: %v %v", police, err)
			}
			police, err = save("aud-p", "police", "1", &caseauditv1.ChronologyEntry{Date: "2026-03-02", Event: "Domestic incident attended"},
				&caseauditv1.ChronologyEntry{Date: "2026-02-10", Event: "Referral from school", Significance: "First contact"})
			if err != nil || police.GetEtag() != "2" || len(police.GetEntries()) != 2 {
				t.Fatalf("second save: %v %v", police, err)
			}
			if _, err := save("aud-p", "police", "1"); status.Code(err) != codes.Aborted {
				t.Fatalf("stale etag: %v", err)
			}
			if _, err := save("aud-h", "police", "2"); status.Code(err) != codes.NotFound {
				t.Fatalf("health's auditor saving the police's chronology: %v", err)
			}
			if _, err := save("stranger", "police", "2"); status.Code(err) != codes.NotFound {
				t.Fatalf("a stranger saving: %v", err)
			}
			if _, err := save("aud-h", "health", "0", &caseauditv1.ChronologyEntry{Date: "2026-01-15", Event: "Missed appointment"}); err != nil {
				t.Fatal(err)
			}
			merged, err := c.GetMergedChronology(as("admin"), &caseauditv1.GetMergedChronologyRequest{Name: r.GetName(), CaseReference: "CASE-1"})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range merged.GetEntries() {
				got = append(got, e.GetDate()+" "+e.GetAgency()+" "+e.GetEvent())
			}
			if want := "[2026-01-15 organisations/health Missed appointment 2026-02-10 organisations/police Referral from school " +
				"2026-03-02 organisations/police Domestic incident attended]"; fmt.Sprint(got) != want {
				t.Fatalf("merged %v", got)
			}
			if _, err := c.GetMergedChronology(as("stranger"), &caseauditv1.GetMergedChronologyRequest{Name: r.GetName(),
				CaseReference: "CASE-1"}); status.Code(err) != codes.NotFound {
				t.Fatalf("a stranger reading: %v", err)
			}
			for _, ev := range events.Wait(t, 9) {
				if bytes.Contains(ev.Data, []byte(marker)) {
					t.Fatalf("event %s carries a chronology's entries", ev.Subject)
				}
			}
		})
	}
}
