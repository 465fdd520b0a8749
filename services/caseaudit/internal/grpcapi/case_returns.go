package grpcapi

import (
	"context"
	"strings"

	"github.com/assure-audit/assure/pkg/answerform"
	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/resource"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	"github.com/assure-audit/assure/services/caseaudit/internal/protoconv"
)

// returnCall is what the return RPCs share: the round, case and agency.
type returnCall interface {
	GetName() string
	GetCaseReference() string
	GetAgency() string
}

func parseReturn(req returnCall) (pid, rid, ref, agency string, err error) {
	ids, err := resource.Parse("name", req.GetName(), "partnerships", "rounds")
	if err != nil {
		return "", "", "", "", err
	}
	return ids[0], ids[1], req.GetCaseReference(), strings.TrimPrefix(req.GetAgency(), "organisations/"), nil
}

func caller(ctx context.Context) string {
	p, _ := authz.PrincipalFrom(ctx)
	return p.PersonID
}

// SaveCaseReturn implements the RPC.
func (s *Server) SaveCaseReturn(ctx context.Context, req *caseauditv1.SaveCaseReturnRequest) (*caseauditv1.CaseReturn, error) {
	pid, rid, ref, agency, err := parseReturn(req)
	if err != nil {
		return nil, err
	}
	c, err := s.app.SaveCaseReturn(ctx, pid, rid, ref, agency, req.GetEtag(), answerform.FromAll(req.GetAnswers()), caller(ctx))
	if err != nil {
		return nil, err
	}
	return protoconv.CaseReturn(c), nil
}

// SubmitCaseReturn implements the RPC.
func (s *Server) SubmitCaseReturn(ctx context.Context, req *caseauditv1.SubmitCaseReturnRequest) (*caseauditv1.CaseReturn, error) {
	pid, rid, ref, agency, err := parseReturn(req)
	if err != nil {
		return nil, err
	}
	c, err := s.app.SubmitCaseReturn(ctx, pid, rid, ref, agency, req.GetEtag(), caller(ctx))
	if err != nil {
		return nil, err
	}
	return protoconv.CaseReturn(c), nil
}

// ReviewCaseReturn implements the RPC.
func (s *Server) ReviewCaseReturn(ctx context.Context, req *caseauditv1.ReviewCaseReturnRequest) (*caseauditv1.CaseReturn, error) {
	pid, rid, ref, agency, err := parseReturn(req)
	if err != nil {
		return nil, err
	}
	c, err := s.app.ReviewCaseReturn(ctx, pid, rid, ref, agency, req.GetEtag(), req.GetAccept(), req.GetComment(), caller(ctx))
	if err != nil {
		return nil, err
	}
	return protoconv.CaseReturn(c), nil
}

// ListCaseReturns implements the RPC.
func (s *Server) ListCaseReturns(ctx context.Context, req *caseauditv1.ListCaseReturnsRequest) (*caseauditv1.ListCaseReturnsResponse, error) {
	ids, err := resource.Parse("parent", req.GetParent(), "partnerships", "rounds")
	if err != nil {
		return nil, err
	}
	cs, err := s.app.ListCaseReturns(ctx, ids[0], ids[1])
	if err != nil {
		return nil, err
	}
	out := &caseauditv1.ListCaseReturnsResponse{}
	for _, c := range cs {
		out.Returns = append(out.Returns, protoconv.CaseReturn(c))
	}
	return out, nil
}
