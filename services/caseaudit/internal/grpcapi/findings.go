package grpcapi

import (
	"context"
	"strings"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/resource"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	"github.com/assure-audit/assure/services/caseaudit/internal/app"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
	"github.com/assure-audit/assure/services/caseaudit/internal/protoconv"
)

// parseFindings reads partnerships/{p}/rounds/{r}/findings, a round's
// singleton findings.
func parseFindings(field, name string) ([]string, error) {
	round, ok := strings.CutSuffix(name, "/findings")
	if !ok {
		return nil, failure.Invalid(field, "must look like partnerships/{partnership}/rounds/{round}/findings")
	}
	return resource.Parse(field, round, "partnerships", "rounds")
}

func (s *Server) findingsMessage(v app.RoundFindingsView) *caseauditv1.Findings {
	return protoconv.Findings(v.RoundFindings, v.Round, s.app.Now())
}

// SaveFindings implements the RPC.
func (s *Server) SaveFindings(ctx context.Context, req *caseauditv1.SaveFindingsRequest) (*caseauditv1.Findings, error) {
	m := req.GetFindings()
	ids, err := parseFindings("findings.name", m.GetName())
	if err != nil {
		return nil, err
	}
	v, err := s.app.SaveFindings(ctx, ids[0], ids[1], m.GetEtag(), protoconv.FindingsFrom(m))
	if err != nil {
		return nil, err
	}
	return s.findingsMessage(v), nil
}

// GetFindings implements the RPC.
func (s *Server) GetFindings(ctx context.Context, req *caseauditv1.GetFindingsRequest) (*caseauditv1.Findings, error) {
	ids, err := parseFindings("name", req.GetName())
	if err != nil {
		return nil, err
	}
	v, err := s.app.GetFindings(ctx, ids[0], ids[1])
	if err != nil {
		return nil, err
	}
	return s.findingsMessage(v), nil
}

// UpdateFindingAction implements the RPC.
func (s *Server) UpdateFindingAction(ctx context.Context, req *caseauditv1.UpdateFindingActionRequest) (*caseauditv1.Findings, error) {
	ids, err := parseFindings("name", req.GetName())
	if err != nil {
		return nil, err
	}
	p, _ := authz.PrincipalFrom(ctx)
	v, err := s.app.UpdateFindingAction(ctx, ids[0], ids[1], req.GetEtag(), req.GetActionId(), domain.ActionStatus(req.GetStatus()),
		req.GetNote(), p.PersonID)
	if err != nil {
		return nil, err
	}
	return s.findingsMessage(v), nil
}
