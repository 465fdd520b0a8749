package grpcapi

import (
	"context"
	"strings"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/resource"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
	"github.com/assure-audit/assure/services/caseaudit/internal/protoconv"
)

// FlagRisk implements the RPC.
func (s *Server) FlagRisk(ctx context.Context, req *caseauditv1.FlagRiskRequest) (*caseauditv1.RiskFlag, error) {
	ids, err := resource.Parse("parent", req.GetParent(), "partnerships", "rounds")
	if err != nil {
		return nil, err
	}
	p, _ := authz.PrincipalFrom(ctx)
	f, err := s.app.FlagRisk(ctx, ids[0], ids[1], req.GetCaseReference(), strings.TrimPrefix(req.GetAgency(), "organisations/"),
		domain.RiskKind(req.GetKind()), req.GetDescription(), p.PersonID)
	if err != nil {
		return nil, err
	}
	return protoconv.RiskFlag(f), nil
}

// AcknowledgeRisk implements the RPC.
func (s *Server) AcknowledgeRisk(ctx context.Context, req *caseauditv1.AcknowledgeRiskRequest) (*caseauditv1.RiskFlag, error) {
	ids, err := resource.Parse("name", req.GetName(), "partnerships", "rounds", "riskFlags")
	if err != nil {
		return nil, err
	}
	p, _ := authz.PrincipalFrom(ctx)
	f, err := s.app.AcknowledgeRisk(ctx, ids[0], ids[1], ids[2], strings.TrimPrefix(req.GetAgency(), "organisations/"), req.GetEtag(),
		req.GetNote(), p.PersonID)
	if err != nil {
		return nil, err
	}
	return protoconv.RiskFlag(f), nil
}

// ListRiskFlags implements the RPC.
func (s *Server) ListRiskFlags(ctx context.Context, req *caseauditv1.ListRiskFlagsRequest) (*caseauditv1.ListRiskFlagsResponse, error) {
	ids, err := resource.Parse("parent", req.GetParent(), "partnerships", "rounds")
	if err != nil {
		return nil, err
	}
	fs, err := s.app.ListRiskFlags(ctx, ids[0], ids[1])
	if err != nil {
		return nil, err
	}
	out := &caseauditv1.ListRiskFlagsResponse{}
	for _, f := range fs {
		out.Flags = append(out.Flags, protoconv.RiskFlag(f))
	}
	return out, nil
}
