// Package grpcapi is the reporting service's gRPC transport: thin handlers
// that turn requests into application calls and results into API messages.
// Requests arrive already validated against the rules in the protos.
package grpcapi

import (
	"context"
	"time"

	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
	"github.com/assure-audit/assure/services/reporting/internal/app"
	"github.com/assure-audit/assure/services/reporting/internal/protoconv"
)

// Server implements reportingv1.ReportingServiceServer.
type Server struct {
	reportingv1.UnimplementedReportingServiceServer
	app *app.App
	now func() time.Time
}

// New returns the gRPC handlers over a, judging what is overdue by now.
func New(a *app.App, now func() time.Time) *Server { return &Server{app: a, now: now} }

// GetCompletionReport implements the RPC.
func (s *Server) GetCompletionReport(ctx context.Context, req *reportingv1.GetCompletionReportRequest) (*reportingv1.CompletionReport, error) {
	r, err := s.app.CompletionReportOf(ctx, req.GetCampaign(), view(ctx, s.app, req.GetCampaign(), filter(req.GetOrganisationType(), req.GetPartnership())))
	if err != nil {
		return nil, err
	}
	return protoconv.CompletionReport(r, s.now()), nil
}
