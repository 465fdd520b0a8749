// Package grpcapi is the submission service's gRPC transport: thin handlers
// that turn requests into application calls and results into API messages.
// Requests arrive already validated against the rules in the protos.
package grpcapi

import (
	"context"
	"strings"

	"github.com/assure-audit/assure/pkg/resource"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	"github.com/assure-audit/assure/services/submission/internal/app"
	"github.com/assure-audit/assure/services/submission/internal/protoconv"
)

// Server implements submissionv1.SubmissionServiceServer.
type Server struct {
	submissionv1.UnimplementedSubmissionServiceServer
	app *app.App
}

// New returns the gRPC handlers over a.
func New(a *app.App) *Server { return &Server{app: a} }

// ids returns the ids in a resource name the proto rules already checked:
// "partnerships/p/campaigns/c" gives ["p", "c"].
func ids(name string) []string {
	parts := strings.Split(name, "/")
	out := make([]string, 0, len(parts)/2)
	for i := 1; i < len(parts); i += 2 {
		out = append(out, parts[i])
	}
	return out
}

// CreateCampaign implements the RPC.
func (s *Server) CreateCampaign(ctx context.Context, req *submissionv1.CreateCampaignRequest) (*submissionv1.Campaign, error) {
	c := req.GetCampaign()
	orgs := make([]string, len(c.GetOrganisations()))
	for i, o := range c.GetOrganisations() {
		orgs[i] = strings.TrimPrefix(o, "organisations/")
	}
	created, err := s.app.CreateCampaign(ctx, ids(req.GetParent())[0], req.GetCampaignId(), c.GetDisplayName(),
		c.GetTemplateVersion(), orgs, c.GetDueTime().AsTime())
	if err != nil {
		return nil, err
	}
	return protoconv.Campaign(created), nil
}

// GetCampaign implements the RPC.
func (s *Server) GetCampaign(ctx context.Context, req *submissionv1.GetCampaignRequest) (*submissionv1.Campaign, error) {
	id := ids(req.GetName())
	c, err := s.app.GetCampaign(ctx, id[0], id[1])
	if err != nil {
		return nil, err
	}
	return protoconv.Campaign(c), nil
}

// ListCampaigns implements the RPC.
func (s *Server) ListCampaigns(ctx context.Context, req *submissionv1.ListCampaignsRequest) (*submissionv1.ListCampaignsResponse, error) {
	page, err := resource.ParsePage(req.GetPageSize(), req.GetPageToken(), resource.DefaultPageSize)
	if err != nil {
		return nil, err
	}
	cs, next, err := s.app.ListCampaigns(ctx, ids(req.GetParent())[0], page)
	if err != nil {
		return nil, err
	}
	resp := &submissionv1.ListCampaignsResponse{NextPageToken: next}
	for _, c := range cs {
		resp.Campaigns = append(resp.Campaigns, protoconv.Campaign(c))
	}
	return resp, nil
}

// LaunchCampaign implements the RPC.
func (s *Server) LaunchCampaign(ctx context.Context, req *submissionv1.LaunchCampaignRequest) (*submissionv1.Campaign, error) {
	id := ids(req.GetName())
	c, err := s.app.LaunchCampaign(ctx, id[0], id[1])
	if err != nil {
		return nil, err
	}
	return protoconv.Campaign(c), nil
}

// GetSubmission implements the RPC.
func (s *Server) GetSubmission(ctx context.Context, req *submissionv1.GetSubmissionRequest) (*submissionv1.Submission, error) {
	id := ids(req.GetName())
	sub, err := s.app.GetSubmission(ctx, id[0], id[1], id[2])
	if err != nil {
		return nil, err
	}
	return protoconv.Submission(sub), nil
}

// ListSubmissions implements the RPC.
func (s *Server) ListSubmissions(ctx context.Context, req *submissionv1.ListSubmissionsRequest) (*submissionv1.ListSubmissionsResponse, error) {
	page, err := resource.ParsePage(req.GetPageSize(), req.GetPageToken(), resource.DefaultPageSize)
	if err != nil {
		return nil, err
	}
	id := ids(req.GetParent())
	subs, next, err := s.app.ListSubmissions(ctx, id[0], id[1], page)
	if err != nil {
		return nil, err
	}
	resp := &submissionv1.ListSubmissionsResponse{NextPageToken: next}
	for _, sub := range subs {
		resp.Submissions = append(resp.Submissions, protoconv.Submission(sub))
	}
	return resp, nil
}

// SaveAnswers implements the RPC.
func (s *Server) SaveAnswers(ctx context.Context, req *submissionv1.SaveAnswersRequest) (*submissionv1.Submission, error) {
	id := ids(req.GetName())
	sub, err := s.app.SaveAnswers(ctx, id[0], id[1], id[2], req.GetEtag(), protoconv.Answers(req.GetAnswers()))
	if err != nil {
		return nil, err
	}
	return protoconv.Submission(sub), nil
}

// SubmitSubmission implements the RPC.
func (s *Server) SubmitSubmission(ctx context.Context, req *submissionv1.SubmitSubmissionRequest) (*submissionv1.Submission, error) {
	id := ids(req.GetName())
	sub, err := s.app.SubmitSubmission(ctx, id[0], id[1], id[2], req.GetEtag())
	if err != nil {
		return nil, err
	}
	return protoconv.Submission(sub), nil
}
