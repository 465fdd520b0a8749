package caseaudit_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/testinfra"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	"github.com/assure-audit/assure/services/caseaudit"
)

// TestSampleCases draws 7 of 20 candidates by agency: health has 8 (7 × 8
// / 20 = 2.8) and the police 12 (4.2), so health gets 3 (the larger
// remainder) and the police 4. The seed the server chose draws the same
// sample again.
func TestSampleCases(t *testing.T) {
	for _, in := range testinfra.Infras(t, "caseaudit") {
		t.Run(in.Name, func(t *testing.T) {
			ctx := context.Background()
			conn := testinfra.StartService(t, func(ctx context.Context) (*caseaudit.Service, error) {
				return caseaudit.New(ctx, caseaudit.Config{}, caseaudit.Deps{DB: in.DB, Bus: in.Bus, Logger: logging.Discard()})
			})
			c := caseauditv1.NewCaseAuditServiceClient(conn)
			var cands []*caseauditv1.CandidateCase
			for i := range 20 {
				agency := "organisations/police"
				if i%5 >= 3 {
					agency = "organisations/health"
				}
				cands = append(cands, &caseauditv1.CandidateCase{Reference: fmt.Sprintf("CASE-%03d", i), Agency: agency, AgeBand: "0-4"})
			}
			req := &caseauditv1.SampleCasesRequest{Parent: "partnerships/north", Candidates: cands, Size: 7, StratifyBy: []string{"agency"}}
			first, err := c.SampleCases(ctx, req)
			if err != nil || first.GetSeed() == 0 || len(first.GetCases()) != 7 {
				t.Fatalf("sample: %v %v", first, err)
			}
			var strata []string
			for _, s := range first.GetStrata() {
				strata = append(strata, fmt.Sprintf("%s %d/%d", s.GetKey(), s.GetDrawn(), s.GetCandidates()))
			}
			if got := strings.Join(strata, ", "); got != "health 3/8, police 4/12" {
				t.Fatalf("strata %s", got)
			}
			refs := func(r *caseauditv1.SampleCasesResponse) []string {
				var out []string
				for _, c := range r.GetCases() {
					out = append(out, c.GetReference()+" "+c.GetAgency())
				}
				return out
			}
			req.Seed = first.GetSeed()
			slices.Reverse(req.Candidates)
			again, err := c.SampleCases(ctx, req)
			if err != nil || !slices.Equal(refs(again), refs(first)) || again.GetSeed() != first.GetSeed() {
				t.Fatalf("the same seed drew %v, want %v (%v)", refs(again), refs(first), err)
			}
			req.Size = 21
			_, err = c.SampleCases(ctx, req)
			if status.Code(err) != codes.InvalidArgument || !strings.Contains(err.Error(), "size") {
				t.Fatalf("21 of 20: %v", err)
			}
		})
	}
}
