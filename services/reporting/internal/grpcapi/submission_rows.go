package grpcapi

import (
	"context"

	"github.com/assure-audit/assure/pkg/resource"
	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
	"github.com/assure-audit/assure/services/reporting/internal/protoconv"
)

// defaultReturns is the page size of the returns' rows.
const defaultReturns = 200

// ListSubmissionRows implements the RPC.
func (s *Server) ListSubmissionRows(ctx context.Context, req *reportingv1.ListSubmissionRowsRequest) (*reportingv1.ListSubmissionRowsResponse, error) {
	page, err := resource.ParsePage(req.GetPageSize(), req.GetPageToken(), defaultReturns)
	if err != nil {
		return nil, err
	}
	f := view(ctx, s.app, req.GetCampaign(), filter(req.GetOrganisationType(), req.GetPartnership()))
	p, err := s.app.ReturnRows(ctx, req.GetCampaign(), f, page.Offset, page.Size)
	if err != nil {
		return nil, err
	}
	out := protoconv.SubmissionRows(p.Columns, p.Rows, p.Due, s.now())
	if p.Next >= 0 {
		out.NextPageToken = resource.PageToken(p.Next)
	}
	return out, nil
}
