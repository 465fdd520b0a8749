package caseaudit_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/testinfra"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	"github.com/assure-audit/assure/services/caseaudit"
)

// TestRoundLifecycle plans a round (details, a case added to the sample),
// opens its returns once everything they need is set, and takes it through
// QA, moderation and findings to closed; stale etags, skipped states and
// changes to a closed round are refused, and every change is an event.
func TestRoundLifecycle(t *testing.T) {
	due := time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Second)
	meeting := due.Add(14 * 24 * time.Hour)
	for _, in := range testinfra.Infras(t, "caseaudit") {
		t.Run(in.Name, func(t *testing.T) {
			ctx := context.Background()
			conn := testinfra.StartService(t, func(ctx context.Context) (*caseaudit.Service, error) {
				return caseaudit.New(ctx, caseaudit.Config{}, caseaudit.Deps{DB: in.DB, Bus: in.Bus, Logger: logging.Discard()})
			})
			c := caseauditv1.NewCaseAuditServiceClient(conn)
			events := testinfra.CollectEvents(t, in.Bus, caseaudit.Name)
			r, err := c.CreateRound(ctx, &caseauditv1.CreateRoundRequest{Parent: "partnerships/north", RoundId: "neglect", Round: &caseauditv1.Round{
				Theme: "Neglect", Methodology: "Ten cases, two auditors an agency", PracticePeriodStart: "2026-01-01", PracticePeriodEnd: "2026-06-30",
				SampleSeed: 18446744073709551557,
				Cases:      []*caseauditv1.Case{{Reference: "CASE-1", Agencies: []string{"organisations/police"}, SamplingNotes: "stratified sample, seed 2026"}}}})
			if err != nil || r.GetState() != caseauditv1.RoundState_ROUND_STATE_PLANNING || r.GetMethodology() != "Ten cases, two auditors an agency" ||
				r.GetCases()[0].GetSamplingNotes() != "stratified sample, seed 2026" || r.GetEtag() != "1" || r.GetSampleSeed() != 18446744073709551557 {
				t.Fatalf("create: %v %v", r, err)
			}
			advance := func(state caseauditv1.RoundState, etag string) (*caseauditv1.Round, error) {
				return c.AdvanceRound(ctx, &caseauditv1.AdvanceRoundRequest{Name: r.GetName(), State: state, Etag: etag})
			}
			// Not ready: every missing thing is named.
			_, err = advance(caseauditv1.RoundState_ROUND_STATE_RETURNS_OPEN, r.GetEtag())
			if status.Code(err) != codes.FailedPrecondition || !strings.Contains(err.Error(), "round.template_version: must be set") ||
				!strings.Contains(err.Error(), "round.returns_due_time: must be set") || !strings.Contains(err.Error(), "round.chair: must be set") {
				t.Fatalf("open unplanned: %v", err)
			}
			// Plan it: the details, and a second case.
			update := &caseauditv1.UpdateRoundRequest{Round: &caseauditv1.Round{Name: r.GetName(), Etag: r.GetEtag(),
				TemplateVersion: "partnerships/north/templates/mcfa/versions/1", ReturnsDueTime: timestamppb.New(due), Chair: "people/chair-1",
				Cases: []*caseauditv1.Case{r.GetCases()[0], {Reference: "CASE-2", Agencies: []string{"organisations/health"}}}},
				UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"templateVersion", "returns_due_time", "chair", "cases"}}}
			planned, err := c.UpdateRound(ctx, update)
			if err != nil || planned.GetEtag() != "2" || planned.GetChair() != "people/chair-1" || len(planned.GetCases()) != 2 ||
				!planned.GetReturnsDueTime().AsTime().Equal(due) || planned.GetTheme() != "Neglect" {
				t.Fatalf("plan: %v %v", planned, err)
			}
			if _, err := c.UpdateRound(ctx, update); status.Code(err) != codes.Aborted {
				t.Fatalf("stale etag: %v", err)
			}
			if _, err := advance(caseauditv1.RoundState_ROUND_STATE_QA, planned.GetEtag()); status.Code(err) != codes.FailedPrecondition {
				t.Fatalf("skipping a state: %v", err)
			}
			open, err := advance(caseauditv1.RoundState_ROUND_STATE_RETURNS_OPEN, planned.GetEtag())
			if err != nil || open.GetState() != caseauditv1.RoundState_ROUND_STATE_RETURNS_OPEN {
				t.Fatalf("open: %v %v", open, err)
			}
			// The sample is fixed now.
			update.Round.Etag = open.GetEtag()
			update.UpdateMask.Paths = []string{"cases"}
			if _, err := c.UpdateRound(ctx, update); status.Code(err) != codes.InvalidArgument || !strings.Contains(err.Error(), "fixed") {
				t.Fatalf("cases after opening: %v", err)
			}
			qa, err := advance(caseauditv1.RoundState_ROUND_STATE_QA, open.GetEtag())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := advance(caseauditv1.RoundState_ROUND_STATE_MODERATION, qa.GetEtag()); status.Code(err) != codes.FailedPrecondition {
				t.Fatalf("moderation without a meeting: %v", err)
			}
			met, err := c.UpdateRound(ctx, &caseauditv1.UpdateRoundRequest{Round: &caseauditv1.Round{Name: r.GetName(), Etag: qa.GetEtag(),
				ModerationTime: timestamppb.New(meeting)}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"moderation_time"}}})
			if err != nil {
				t.Fatal(err)
			}
			last := met
			for _, s := range []caseauditv1.RoundState{caseauditv1.RoundState_ROUND_STATE_MODERATION, caseauditv1.RoundState_ROUND_STATE_FINDINGS,
				caseauditv1.RoundState_ROUND_STATE_CLOSED} {
				if last, err = advance(s, last.GetEtag()); err != nil || last.GetState() != s {
					t.Fatalf("to %s: %v %v", s, last, err)
				}
			}
			if got, err := c.GetRound(ctx, &caseauditv1.GetRoundRequest{Name: r.GetName()}); err != nil || !proto.Equal(got, last) {
				t.Fatalf("read back %v %v, want %v", got, err, last)
			}
			_, err = c.UpdateRound(ctx, &caseauditv1.UpdateRoundRequest{Round: &caseauditv1.Round{Name: r.GetName(), Etag: last.GetEtag(), Theme: "x"},
				UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"theme"}}})
			if status.Code(err) != codes.InvalidArgument {
				t.Fatalf("a closed round changed: %v", err)
			}
			// Created, planned, opened, QA, the meeting, moderation,
			// findings, closed: eight events, the last the closed round.
			evs := events.Wait(t, 8)
			if len(evs) != 8 {
				t.Fatalf("events %v", testinfra.Types(evs))
			}
			// The events name the cases but not why they were sampled.
			want := proto.Clone(last).(*caseauditv1.Round)
			for _, c := range want.GetCases() {
				c.SamplingNotes = ""
			}
			var final caseauditv1.RoundUpdated
			if ev := evs[7]; ev.Subject != in.Bus.Subject(caseaudit.Name, "round.updated") || proto.Unmarshal(ev.Data, &final) != nil ||
				!proto.Equal(final.GetRound(), want) || final.GetChanged()[0] != "state" {
				t.Fatalf("last event %s %v", ev.Subject, &final)
			}
		})
	}
}
