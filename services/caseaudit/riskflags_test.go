package caseaudit_test

import (
	"bytes"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/testinfra"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	"github.com/assure-audit/assure/services/caseaudit"
)

// TestRiskFlags: an auditor flags a child at risk on a case: escalated at
// once, raised again an hour later while nobody acknowledges it, and no
// more once the police's safeguarding contact does; health's lead may not
// acknowledge the police's flag. The events name the case and agency but
// never carry what the auditor wrote.
func TestRiskFlags(t *testing.T) {
	start := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	people := principals{
		"admin":       {PersonID: "admin", Memberships: []authz.Membership{{Role: authz.PartnershipAdmin, Partnership: "north"}}},
		"police-lead": {PersonID: "police-lead", Memberships: []authz.Membership{{Role: authz.OrganisationLead, Organisation: "police"}}},
		"police-dsl":  {PersonID: "police-dsl", Memberships: []authz.Membership{{Role: authz.SeniorContact, Organisation: "police"}}},
		"health-lead": {PersonID: "health-lead", Memberships: []authz.Membership{{Role: authz.OrganisationLead, Organisation: "health"}}},
		"aud":         {PersonID: "aud"},
		"stranger":    {PersonID: "stranger"},
	}
	for _, in := range testinfra.Infras(t, "caseaudit") {
		t.Run(in.Name, func(t *testing.T) {
			var now atomic.Int64
			now.Store(start.UnixNano())
			c := guarded(t, in, people, caseaudit.Config{RiskResendEvery: 30 * time.Millisecond}, caseaudit.Deps{Logger: logging.Discard(), Now: func() time.Time { return time.Unix(0, now.Load()).UTC() }})
			events := testinfra.CollectEvents(t, in.Bus, caseaudit.Name)
			r, err := c.CreateRound(as("admin"), &caseauditv1.CreateRoundRequest{Parent: "partnerships/north", RoundId: "neglect",
				Round: &caseauditv1.Round{Theme: "Neglect", Cases: []*caseauditv1.Case{
					{Reference: "CASE-1", Agencies: []string{"organisations/police", "organisations/health"}}}}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.AssignAuditor(as("admin"), &caseauditv1.AssignAuditorRequest{Name: r.GetName(), CaseReference: "CASE-1",
				Agency: "organisations/health", Auditor: "people/aud"}); err != nil {
				t.Fatal(err)
			}
			flag := &caseauditv1.FlagRiskRequest{Parent: r.GetName(), CaseReference: "CASE-1", Agency: "organisations/police",
				Kind: caseauditv1.RiskKind_RISK_KIND_CHILD_AT_RISK, Description: marker + " bruising, no strategy discussion"}
			if _, err := c.FlagRisk(as("stranger"), flag); status.Code(err) != codes.NotFound {
				t.Fatalf("a stranger flagging: %v", err)
			}
			f, err := c.FlagRisk(as("aud"), flag)
			if err != nil || f.GetSends() != 1 || f.GetFlaggedBy() != "people/aud" || f.GetAcknowledgeTime() != nil {
				t.Fatalf("flag: %v %v", f, err)
			}
			flagged := func(n int) []*caseauditv1.RiskFlag {
				t.Helper()
				var got []*caseauditv1.RiskFlag
				testinfra.Eventually(t, 10*time.Second, "risk events", func() bool {
					got = nil
					for _, ev := range events.Wait(t, 1) {
						if bytes.Contains(ev.Data, []byte(marker)) {
							t.Fatalf("event %s carries what the auditor wrote", ev.Subject)
						}
						if ev.Subject == in.Bus.Subject(caseaudit.Name, "risk.flagged") {
							got = append(got, decodeFlag(t, ev))
						}
					}
					return len(got) >= n
				})
				return got
			}
			if first := flagged(1); first[0].GetName() != f.GetName() || first[0].GetCaseReference() != "CASE-1" || first[0].GetAgency() != "organisations/police" {
				t.Fatalf("escalation %v", first[0])
			}
			// Unacknowledged an hour on: raised again.
			now.Store(start.Add(time.Hour).UnixNano())
			again := flagged(2)
			if again[1].GetSends() != 2 {
				t.Fatalf("raised again %v", again[1])
			}
			ack := &caseauditv1.AcknowledgeRiskRequest{Name: f.GetName(), Agency: "organisations/police", Note: "Strategy discussion today"}
			latest, err := c.ListRiskFlags(as("admin"), &caseauditv1.ListRiskFlagsRequest{Parent: r.GetName()})
			if err != nil || len(latest.GetFlags()) != 1 {
				t.Fatalf("list: %v %v", latest, err)
			}
			ack.Etag = latest.GetFlags()[0].GetEtag()
			health := proto.Clone(ack).(*caseauditv1.AcknowledgeRiskRequest)
			health.Agency = "organisations/health"
			if _, err := c.AcknowledgeRisk(as("health-lead"), health); status.Code(err) != codes.NotFound {
				t.Fatalf("health acknowledging the police's flag: %v", err)
			}
			done, err := c.AcknowledgeRisk(as("police-dsl"), ack)
			if err != nil || done.GetAcknowledgedBy() != "people/police-dsl" || !done.GetAcknowledgeTime().AsTime().Equal(start.Add(time.Hour)) {
				t.Fatalf("acknowledge: %v %v", done, err)
			}
			// Acknowledged: never raised again.
			now.Store(start.Add(5 * time.Hour).UnixNano())
			time.Sleep(150 * time.Millisecond)
			if n := len(flagged(2)); n != 2 {
				t.Fatalf("raised %d times, want 2", n)
			}
		})
	}
}

func decodeFlag(t *testing.T, ev natsbus.Event) *caseauditv1.RiskFlag {
	t.Helper()
	var m caseauditv1.RiskFlagged
	if err := proto.Unmarshal(ev.Data, &m); err != nil {
		t.Fatal(err)
	}
	return m.GetFlag()
}
