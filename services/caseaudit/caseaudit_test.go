package caseaudit_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/testinfra"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	"github.com/assure-audit/assure/services/caseaudit"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// neglect is a round of three cases on neglect.
func neglect() *caseauditv1.Round {
	return &caseauditv1.Round{
		Theme: " Neglect in under-fives ",
		Cases: []*caseauditv1.Case{
			{Reference: "CASE-2026-014", Agencies: []string{"organisations/police", "organisations/health"}},
			{Reference: "CASE-2026-015"},
			{Reference: "CASE-2026-016", Agencies: []string{"organisations/school"}},
		},
	}
}

func TestCaseAudit(t *testing.T) {
	for _, in := range testinfra.Infras(t, "caseaudit") {
		t.Run(in.Name, func(t *testing.T) {
			ctx := context.Background()
			conn := testinfra.StartService(t, func(ctx context.Context) (*caseaudit.Service, error) {
				return caseaudit.New(ctx, caseaudit.Config{}, caseaudit.Deps{DB: in.DB, Bus: in.Bus, Logger: logging.Discard()})
			})
			c := caseauditv1.NewCaseAuditServiceClient(conn)
			events := testinfra.CollectEvents(t, in.Bus, caseaudit.Name)

			// Create, read back and list.
			created, err := c.CreateRound(ctx, &caseauditv1.CreateRoundRequest{
				Parent: "partnerships/north", RoundId: "neglect-2026", Round: neglect()})
			if err != nil || created.GetName() != "partnerships/north/rounds/neglect-2026" || created.GetEtag() == "" ||
				created.GetTheme() != "Neglect in under-fives" || len(created.GetCases()) != 3 ||
				created.GetCases()[0].GetAgencies()[1] != "organisations/health" {
				t.Fatalf("create: %v %v", created, err)
			}
			other, err := c.CreateRound(ctx, &caseauditv1.CreateRoundRequest{Parent: "partnerships/north", Round: &caseauditv1.Round{
				Theme: "Child exploitation", Cases: []*caseauditv1.Case{{Reference: "CE-001"}}}})
			if err != nil || !regexp.MustCompile(`^partnerships/north/rounds/[a-z0-9]{16}$`).MatchString(other.GetName()) {
				t.Fatalf("create with a new id: %v %v", other, err)
			}
			got, err := c.GetRound(ctx, &caseauditv1.GetRoundRequest{Name: created.GetName()})
			if err != nil || !proto.Equal(got, created) {
				t.Fatalf("get:\n got %v %v\nwant %v", got, err, created)
			}
			page1, err := c.ListRounds(ctx, &caseauditv1.ListRoundsRequest{Parent: "partnerships/north", PageSize: 1})
			if err != nil || len(page1.GetRounds()) != 1 || !proto.Equal(page1.GetRounds()[0], created) || page1.GetNextPageToken() == "" {
				t.Fatalf("list page 1: %v %v", page1, err)
			}
			page2, err := c.ListRounds(ctx, &caseauditv1.ListRoundsRequest{Parent: "partnerships/north", PageSize: 5, PageToken: page1.GetNextPageToken()})
			if err != nil || len(page2.GetRounds()) != 1 || !proto.Equal(page2.GetRounds()[0], other) || page2.GetNextPageToken() != "" {
				t.Fatalf("list page 2: %v %v", page2, err)
			}
			if _, err := c.ListRounds(ctx, &caseauditv1.ListRoundsRequest{Parent: "partnerships/north", PageToken: "forged"}); status.Code(err) != codes.InvalidArgument {
				t.Fatalf("forged page token: %v", err)
			}

			// Lookups are scoped by partnership; ids are not reused.
			if _, err := c.GetRound(ctx, &caseauditv1.GetRoundRequest{Name: "partnerships/south/rounds/neglect-2026"}); status.Code(err) != codes.NotFound {
				t.Fatalf("round of another partnership: %v", err)
			}
			if _, err := c.CreateRound(ctx, &caseauditv1.CreateRoundRequest{
				Parent: "partnerships/north", RoundId: "neglect-2026", Round: neglect()}); status.Code(err) != codes.AlreadyExists {
				t.Fatalf("duplicate: %v", err)
			}

			// Bad input: every bad field the API's rules catch is named;
			// then every one the domain's catch (the theme among them, as
			// the same Round message carries updates without one).
			fields := testinfra.FieldViolations(t, func() error {
				_, err := c.CreateRound(ctx, &caseauditv1.CreateRoundRequest{Parent: "partnerships/north", Round: &caseauditv1.Round{
					Cases: []*caseauditv1.Case{{Reference: "Jane Smith", Agencies: []string{"police"}}}}})
				return err
			}())
			for _, f := range []string{"round.cases[0].reference", "round.cases[0].agencies[0]"} {
				if !fields[f] {
					t.Errorf("no violation for %s in %v", f, fields)
				}
			}
			bad := neglect()
			bad.Theme = "   "
			bad.Cases[2].Reference = bad.Cases[0].GetReference()
			fields = testinfra.FieldViolations(t, func() error {
				_, err := c.CreateRound(ctx, &caseauditv1.CreateRoundRequest{Parent: "partnerships/north", Round: bad})
				return err
			}())
			for _, f := range []string{"round.theme", "round.cases[2].reference"} {
				if !fields[f] {
					t.Errorf("no violation for %s in %v", f, fields)
				}
			}

			// The events: two rounds created, with their cases.
			evs := events.Wait(t, 2)
			if len(evs) != 2 {
				t.Fatalf("events %v", testinfra.Types(evs))
			}
			for i, want := range []*caseauditv1.Round{created, other} {
				ev := evs[i]
				var rc caseauditv1.RoundCreated
				if ev.Type != "assure.caseaudit.v1.RoundCreated" || ev.Subject != in.Bus.Subject(caseaudit.Name, "round.created") {
					t.Fatalf("event %d: %s on %s", i, ev.Type, ev.Subject)
				}
				if err := proto.Unmarshal(ev.Data, &rc); err != nil || !proto.Equal(rc.GetRound(), want) {
					t.Fatalf("event %d payload: %v %v", i, &rc, err)
				}
			}
		})
	}
}
