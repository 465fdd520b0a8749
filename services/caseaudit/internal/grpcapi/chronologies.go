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

// SaveChronology implements the RPC.
func (s *Server) SaveChronology(ctx context.Context, req *caseauditv1.SaveChronologyRequest) (*caseauditv1.Chronology, error) {
	ids, err := resource.Parse("name", req.GetName(), "partnerships", "rounds")
	if err != nil {
		return nil, err
	}
	entries := make([]domain.ChronologyEntry, len(req.GetEntries()))
	for i, e := range req.GetEntries() {
		entries[i] = domain.ChronologyEntry{Date: e.GetDate(), Event: e.GetEvent(), Significance: e.GetSignificance()}
	}
	p, _ := authz.PrincipalFrom(ctx)
	c, err := s.app.SaveChronology(ctx, ids[0], ids[1], req.GetCaseReference(), strings.TrimPrefix(req.GetAgency(), "organisations/"),
		req.GetEtag(), entries, p.PersonID)
	if err != nil {
		return nil, err
	}
	return protoconv.Chronology(c), nil
}

// GetMergedChronology implements the RPC.
func (s *Server) GetMergedChronology(ctx context.Context, req *caseauditv1.GetMergedChronologyRequest) (*caseauditv1.MergedChronology, error) {
	ids, err := resource.Parse("name", req.GetName(), "partnerships", "rounds")
	if err != nil {
		return nil, err
	}
	merged, err := s.app.MergedChronology(ctx, ids[0], ids[1], req.GetCaseReference())
	if err != nil {
		return nil, err
	}
	out := &caseauditv1.MergedChronology{CaseReference: req.GetCaseReference()}
	for _, e := range merged {
		out.Entries = append(out.Entries, &caseauditv1.ChronologyEntry{Date: e.Date, Event: e.Event, Significance: e.Significance,
			Agency: "organisations/" + e.Agency})
	}
	return out, nil
}
