package grpcapi

import (
	"context"
	"strings"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/resource"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
)

// SetCaseKey implements the RPC.
func (s *Server) SetCaseKey(ctx context.Context, req *caseauditv1.SetCaseKeyRequest) (*caseauditv1.SetCaseKeyResponse, error) {
	ids, err := resource.Parse("name", req.GetName(), "partnerships", "rounds")
	if err != nil {
		return nil, err
	}
	p, _ := authz.PrincipalFrom(ctx)
	k, err := s.app.SetCaseKey(ctx, ids[0], ids[1], req.GetCaseReference(), strings.TrimPrefix(req.GetAgency(), "organisations/"),
		req.GetIdentifier(), p.PersonID)
	if err != nil {
		return nil, err
	}
	return &caseauditv1.SetCaseKeyResponse{SetTime: timestamppb.New(k.SetTime)}, nil
}

// ReadCaseKeys implements the RPC.
func (s *Server) ReadCaseKeys(ctx context.Context, req *caseauditv1.ReadCaseKeysRequest) (*caseauditv1.ReadCaseKeysResponse, error) {
	ids, err := resource.Parse("name", req.GetName(), "partnerships", "rounds")
	if err != nil {
		return nil, err
	}
	p, _ := authz.PrincipalFrom(ctx)
	keys, err := s.app.ReadCaseKeys(ctx, ids[0], ids[1], req.GetCaseReference(), p.PersonID)
	if err != nil {
		return nil, err
	}
	out := &caseauditv1.ReadCaseKeysResponse{}
	for _, k := range keys {
		out.Keys = append(out.Keys, &caseauditv1.CaseKey{CaseReference: k.Reference, Agency: "organisations/" + k.Agency,
			Identifier: k.Identifier, SetBy: "people/" + k.SetBy, SetTime: timestamppb.New(k.SetTime)})
	}
	return out, nil
}

// ListCaseKeyReads implements the RPC.
func (s *Server) ListCaseKeyReads(ctx context.Context, req *caseauditv1.ListCaseKeyReadsRequest) (*caseauditv1.ListCaseKeyReadsResponse, error) {
	ids, err := resource.Parse("parent", req.GetParent(), "partnerships", "rounds")
	if err != nil {
		return nil, err
	}
	reads, err := s.app.ListKeyReads(ctx, ids[0], ids[1])
	if err != nil {
		return nil, err
	}
	out := &caseauditv1.ListCaseKeyReadsResponse{}
	for _, r := range reads {
		out.Reads = append(out.Reads, &caseauditv1.CaseKeyRead{CaseReference: r.Reference, Person: "people/" + r.Person,
			ReadTime: timestamppb.New(r.ReadTime)})
	}
	return out, nil
}
