// Package grpcapi is the reminder's gRPC transport: thin handlers that turn
// requests into application calls and results into API messages. Requests
// arrive already validated against the rules in the protos.
package grpcapi

import (
	"context"

	"github.com/assure-audit/assure/pkg/resource"
	reminderv1 "github.com/assure-audit/assure/proto/gen/assure/reminder/v1"
	"github.com/assure-audit/assure/services/reminder/internal/app"
	"github.com/assure-audit/assure/services/reminder/internal/protoconv"
)

// DefaultPageSize is the page size of a list request that gives none.
const DefaultPageSize = 100

// Server implements reminderv1.ReminderServiceServer.
type Server struct {
	reminderv1.UnimplementedReminderServiceServer
	app *app.App
}

// New returns the gRPC handlers over a.
func New(a *app.App) *Server { return &Server{app: a} }

// ListOutstandingSubmissions implements the RPC.
func (s *Server) ListOutstandingSubmissions(ctx context.Context, req *reminderv1.ListOutstandingSubmissionsRequest) (*reminderv1.ListOutstandingSubmissionsResponse, error) {
	page, err := resource.ParsePage(req.GetPageSize(), req.GetPageToken(), DefaultPageSize)
	if err != nil {
		return nil, err
	}
	subs, next, total, err := s.app.ListOutstanding(ctx, req.GetCampaign(), page)
	if err != nil {
		return nil, err
	}
	resp := &reminderv1.ListOutstandingSubmissionsResponse{NextPageToken: next, TotalSize: int32(total)}
	for _, sub := range subs {
		resp.Submissions = append(resp.Submissions, protoconv.OutstandingSubmission(sub))
	}
	return resp, nil
}
