package grpcapi

import (
	"context"
	"strings"

	"github.com/assure-audit/assure/pkg/resource"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	"github.com/assure-audit/assure/services/caseaudit/internal/app"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
	"github.com/assure-audit/assure/services/caseaudit/internal/protoconv"
)

func reviewMessage(r app.ReviewWithClock) *caseauditv1.RapidReview {
	return protoconv.RapidReview(r.RapidReview, &r.Clock)
}

func parseReview(name string) ([]string, error) {
	return resource.Parse("name", name, "partnerships", "rapidReviews")
}

// CreateRapidReview implements the RPC.
func (s *Server) CreateRapidReview(ctx context.Context, req *caseauditv1.CreateRapidReviewRequest) (*caseauditv1.RapidReview, error) {
	pid, err := parseParent(req.GetParent())
	if err != nil {
		return nil, err
	}
	m := req.GetRapidReview()
	var agencies []string
	for _, a := range m.GetAgencies() {
		agencies = append(agencies, strings.TrimPrefix(a.GetAgency(), "organisations/"))
	}
	r, err := s.app.CreateRapidReview(ctx, pid, req.GetRapidReviewId(), m.GetReference(), m.GetNotificationDate(),
		protoconv.Milestones(m.GetMilestones()), agencies)
	if err != nil {
		return nil, err
	}
	return reviewMessage(r), nil
}

// GetRapidReview implements the RPC.
func (s *Server) GetRapidReview(ctx context.Context, req *caseauditv1.GetRapidReviewRequest) (*caseauditv1.RapidReview, error) {
	ids, err := parseReview(req.GetName())
	if err != nil {
		return nil, err
	}
	r, err := s.app.GetRapidReview(ctx, ids[0], ids[1])
	if err != nil {
		return nil, err
	}
	return reviewMessage(r), nil
}

// ListRapidReviews implements the RPC.
func (s *Server) ListRapidReviews(ctx context.Context, req *caseauditv1.ListRapidReviewsRequest) (*caseauditv1.ListRapidReviewsResponse, error) {
	pid, err := parseParent(req.GetParent())
	if err != nil {
		return nil, err
	}
	rs, err := s.app.RapidReviewDashboard(ctx, pid)
	if err != nil {
		return nil, err
	}
	out := &caseauditv1.ListRapidReviewsResponse{}
	for _, r := range rs {
		out.RapidReviews = append(out.RapidReviews, reviewMessage(r))
	}
	return out, nil
}

// RecordAgencySummary implements the RPC.
func (s *Server) RecordAgencySummary(ctx context.Context, req *caseauditv1.RecordAgencySummaryRequest) (*caseauditv1.RapidReview, error) {
	ids, err := parseReview(req.GetName())
	if err != nil {
		return nil, err
	}
	r, err := s.app.RecordAgencySummary(ctx, ids[0], ids[1], req.GetEtag(), strings.TrimPrefix(req.GetAgency(), "organisations/"), req.GetSummary())
	if err != nil {
		return nil, err
	}
	return reviewMessage(r), nil
}

// CompleteMilestone implements the RPC.
func (s *Server) CompleteMilestone(ctx context.Context, req *caseauditv1.CompleteMilestoneRequest) (*caseauditv1.RapidReview, error) {
	ids, err := parseReview(req.GetName())
	if err != nil {
		return nil, err
	}
	r, err := s.app.CompleteMilestone(ctx, ids[0], ids[1], req.GetEtag(), req.GetKey(), req.GetDate())
	if err != nil {
		return nil, err
	}
	return reviewMessage(r), nil
}

// DecideRapidReview implements the RPC.
func (s *Server) DecideRapidReview(ctx context.Context, req *caseauditv1.DecideRapidReviewRequest) (*caseauditv1.RapidReview, error) {
	ids, err := parseReview(req.GetName())
	if err != nil {
		return nil, err
	}
	r, err := s.app.DecideRapidReview(ctx, ids[0], ids[1], req.GetEtag(), domain.Decision(req.GetDecision()), req.GetRationale())
	if err != nil {
		return nil, err
	}
	return reviewMessage(r), nil
}
