package caseaudit_test

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/testinfra"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	"github.com/assure-audit/assure/services/caseaudit"
)

// syncBuffer is a log every goroutine may write.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// marker is an agency's identifier planted to be looked for where it must
// not be.
const marker = "LCS-MARKER-7F3A"

// TestCaseKeys: the police's lead records its identifier for a case; only
// the round's named key reader reads it, every read is recorded for the
// admins, and the identifier appears in no event and no log line.
func TestCaseKeys(t *testing.T) {
	people := principals{
		"admin":       {PersonID: "admin", Memberships: []authz.Membership{{Role: authz.PartnershipAdmin, Partnership: "north"}}},
		"police-lead": {PersonID: "police-lead", Memberships: []authz.Membership{{Role: authz.OrganisationLead, Organisation: "police"}}},
		"health-lead": {PersonID: "health-lead", Memberships: []authz.Membership{{Role: authz.OrganisationLead, Organisation: "health"}}},
		"dsl":         {PersonID: "dsl"},
		"south":       {PersonID: "south", Memberships: []authz.Membership{{Role: authz.PartnershipAdmin, Partnership: "south"}}},
	}
	for _, in := range testinfra.Infras(t, "caseaudit") {
		t.Run(in.Name, func(t *testing.T) {
			logs := &syncBuffer{}
			logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			c := guarded(t, in, people, caseaudit.Config{}, caseaudit.Deps{Logger: logger})
			events := testinfra.CollectEvents(t, in.Bus, caseaudit.Name)
			round, err := c.CreateRound(as("admin"), &caseauditv1.CreateRoundRequest{Parent: "partnerships/north", RoundId: "neglect",
				Round: &caseauditv1.Round{Theme: "Neglect", KeyReaders: []string{"people/dsl"}, Cases: []*caseauditv1.Case{
					{Reference: "CASE-1", Agencies: []string{"organisations/police", "organisations/health"}}}}})
			if err != nil || len(round.GetKeyReaders()) != 1 {
				t.Fatalf("create: %v %v", round, err)
			}
			set := func(who, agency string) error {
				_, err := c.SetCaseKey(as(who), &caseauditv1.SetCaseKeyRequest{Name: round.GetName(), CaseReference: "CASE-1",
					Agency: "organisations/" + agency, Identifier: marker})
				return err
			}
			if err := set("health-lead", "police"); status.Code(err) != codes.NotFound {
				t.Fatalf("health's lead recording the police's key: %v", err)
			}
			if err := set("police-lead", "police"); err != nil {
				t.Fatal(err)
			}
			read := func(who string) (*caseauditv1.ReadCaseKeysResponse, error) {
				return c.ReadCaseKeys(as(who), &caseauditv1.ReadCaseKeysRequest{Name: round.GetName(), CaseReference: "CASE-1"})
			}
			for _, who := range []string{"police-lead", "admin", "south"} {
				if _, err := read(who); status.Code(err) != codes.NotFound {
					t.Fatalf("%s reading the key table: %v", who, err)
				}
			}
			keys, err := read("dsl")
			if err != nil || len(keys.GetKeys()) != 1 || keys.GetKeys()[0].GetIdentifier() != marker || keys.GetKeys()[0].GetSetBy() != "people/police-lead" {
				t.Fatalf("the key reader: %v %v", keys, err)
			}
			reads, err := c.ListCaseKeyReads(as("admin"), &caseauditv1.ListCaseKeyReadsRequest{Parent: round.GetName()})
			if err != nil || len(reads.GetReads()) != 1 || reads.GetReads()[0].GetPerson() != "people/dsl" || reads.GetReads()[0].GetCaseReference() != "CASE-1" {
				t.Fatalf("reads: %v %v", reads, err)
			}
			if _, err := c.ListCaseKeyReads(as("police-lead"), &caseauditv1.ListCaseKeyReadsRequest{Parent: round.GetName()}); status.Code(err) != codes.NotFound {
				t.Fatalf("the police's lead listing the reads: %v", err)
			}
			for _, ev := range events.Wait(t, 1) {
				if bytes.Contains(ev.Data, []byte(marker)) {
					t.Fatalf("event %s carries the agency's identifier", ev.Subject)
				}
			}
			if strings.Contains(logs.String(), marker) {
				t.Fatal("the agency's identifier is in the logs")
			}
			if !strings.Contains(logs.String(), "ReadCaseKeys") {
				t.Fatal("the reads are not in the access log")
			}
		})
	}
}
