// Package grpcapi is the case-audit service's gRPC transport: thin handlers
// that turn requests into application calls and results into API messages.
// Requests arrive already validated against the rules in the protos.
package grpcapi

import (
	"context"

	"github.com/assure-audit/assure/pkg/resource"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	"github.com/assure-audit/assure/services/caseaudit/internal/app"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
	"github.com/assure-audit/assure/services/caseaudit/internal/protoconv"
)

// Server implements caseauditv1.CaseAuditServiceServer.
type Server struct {
	caseauditv1.UnimplementedCaseAuditServiceServer
	app *app.App
}

// New returns the gRPC handlers over a.
func New(a *app.App) *Server { return &Server{app: a} }

// parseParent reads a parent of the form partnerships/{p}.
func parseParent(parent string) (string, error) {
	ids, err := resource.Parse("parent", parent, "partnerships")
	if err != nil {
		return "", err
	}
	return ids[0], nil
}

// CreateRound implements the RPC.
func (s *Server) CreateRound(ctx context.Context, req *caseauditv1.CreateRoundRequest) (*caseauditv1.Round, error) {
	pid, err := parseParent(req.GetParent())
	if err != nil {
		return nil, err
	}
	r := req.GetRound()
	created, err := s.app.CreateRound(ctx, pid, req.GetRoundId(), r.GetTheme(), protoconv.Details(r), protoconv.Cases(r.GetCases()))
	if err != nil {
		return nil, err
	}
	return protoconv.Round(created), nil
}

// GetRound implements the RPC.
func (s *Server) GetRound(ctx context.Context, req *caseauditv1.GetRoundRequest) (*caseauditv1.Round, error) {
	ids, err := resource.Parse("name", req.GetName(), "partnerships", "rounds")
	if err != nil {
		return nil, err
	}
	r, err := s.app.GetRound(ctx, ids[0], ids[1])
	if err != nil {
		return nil, err
	}
	return protoconv.Round(r), nil
}

// ListRounds implements the RPC.
func (s *Server) ListRounds(ctx context.Context, req *caseauditv1.ListRoundsRequest) (*caseauditv1.ListRoundsResponse, error) {
	pid, err := parseParent(req.GetParent())
	if err != nil {
		return nil, err
	}
	page, err := resource.ParsePage(req.GetPageSize(), req.GetPageToken(), resource.DefaultPageSize)
	if err != nil {
		return nil, err
	}
	rs, next, err := s.app.ListRounds(ctx, pid, page)
	if err != nil {
		return nil, err
	}
	resp := &caseauditv1.ListRoundsResponse{NextPageToken: next}
	for _, r := range rs {
		resp.Rounds = append(resp.Rounds, protoconv.Round(r))
	}
	return resp, nil
}

// SampleCases implements the RPC.
func (s *Server) SampleCases(ctx context.Context, req *caseauditv1.SampleCasesRequest) (*caseauditv1.SampleCasesResponse, error) {
	if _, err := parseParent(req.GetParent()); err != nil {
		return nil, err
	}
	sample, err := s.app.SampleCases(protoconv.Candidates(req.GetCandidates()), int(req.GetSize()),
		protoconv.Attributes(req.GetStratifyBy()), req.GetSeed())
	if err != nil {
		return nil, err
	}
	return protoconv.Sample(sample), nil
}

// UpdateRound implements the RPC.
func (s *Server) UpdateRound(ctx context.Context, req *caseauditv1.UpdateRoundRequest) (*caseauditv1.Round, error) {
	m := req.GetRound()
	ids, err := resource.Parse("round.name", m.GetName(), "partnerships", "rounds")
	if err != nil {
		return nil, err
	}
	r, err := s.app.UpdateRound(ctx, ids[0], ids[1], m.GetEtag(), m.GetTheme(), protoconv.Details(m), protoconv.Cases(m.GetCases()),
		resource.MaskPaths(req.GetUpdateMask().GetPaths()))
	if err != nil {
		return nil, err
	}
	return protoconv.Round(r), nil
}

// AdvanceRound implements the RPC.
func (s *Server) AdvanceRound(ctx context.Context, req *caseauditv1.AdvanceRoundRequest) (*caseauditv1.Round, error) {
	ids, err := resource.Parse("name", req.GetName(), "partnerships", "rounds")
	if err != nil {
		return nil, err
	}
	r, err := s.app.AdvanceRound(ctx, ids[0], ids[1], req.GetEtag(), domain.State(req.GetState()))
	if err != nil {
		return nil, err
	}
	return protoconv.Round(r), nil
}
