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

// AssignAuditor implements the RPC.
func (s *Server) AssignAuditor(ctx context.Context, req *caseauditv1.AssignAuditorRequest) (*caseauditv1.Assignment, error) {
	ids, err := resource.Parse("name", req.GetName(), "partnerships", "rounds")
	if err != nil {
		return nil, err
	}
	a, err := s.app.AssignAuditor(ctx, ids[0], ids[1], req.GetCaseReference(), strings.TrimPrefix(req.GetAgency(), "organisations/"),
		strings.TrimPrefix(req.GetAuditor(), "people/"))
	if err != nil {
		return nil, err
	}
	return protoconv.Assignment(a), nil
}

// AcceptAssignment implements the RPC.
func (s *Server) AcceptAssignment(ctx context.Context, req *caseauditv1.AcceptAssignmentRequest) (*caseauditv1.Assignment, error) {
	ids, err := resource.Parse("name", req.GetName(), "partnerships", "rounds")
	if err != nil {
		return nil, err
	}
	p, _ := authz.PrincipalFrom(ctx)
	d := req.GetDeclaration()
	a, err := s.app.AcceptAssignment(ctx, ids[0], ids[1], req.GetCaseReference(), strings.TrimPrefix(req.GetAgency(), "organisations/"),
		p.PersonID, domain.Declaration{Involved: d.GetInvolved(), WorkedOnCase: d.GetWorkedOnCase(), Statement: d.GetStatement()})
	if err != nil {
		return nil, err
	}
	return protoconv.Assignment(a), nil
}

// ListAssignments implements the RPC.
func (s *Server) ListAssignments(ctx context.Context, req *caseauditv1.ListAssignmentsRequest) (*caseauditv1.ListAssignmentsResponse, error) {
	ids, err := resource.Parse("parent", req.GetParent(), "partnerships", "rounds")
	if err != nil {
		return nil, err
	}
	as, err := s.app.ListAssignments(ctx, ids[0], ids[1])
	if err != nil {
		return nil, err
	}
	out := &caseauditv1.ListAssignmentsResponse{}
	for _, a := range as {
		out.Assignments = append(out.Assignments, protoconv.Assignment(a))
	}
	return out, nil
}
