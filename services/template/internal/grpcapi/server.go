// Package grpcapi is the template service's gRPC transport: thin handlers
// that turn requests into application calls and results into API messages.
// Requests arrive already validated against the rules in the protos.
package grpcapi

import (
	"context"
	"strconv"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/resource"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"github.com/assure-audit/assure/services/template/internal/app"
	"github.com/assure-audit/assure/services/template/internal/domain"
	"github.com/assure-audit/assure/services/template/internal/protoconv"
)

// Server implements templatev1.TemplateServiceServer.
type Server struct {
	templatev1.UnimplementedTemplateServiceServer
	app *app.App
}

// New returns the gRPC handlers over a.
func New(a *app.App) *Server { return &Server{app: a} }

// parseParent reads a parent of the form partnerships/{p}.
func parseParent(parent string) (string, error) {
	ids, err := resource.Parse("parent", parent, "partnerships")
	if err != nil {
		return "", err
	}
	return ids[0], nil
}

// parseTemplate reads a name of the form partnerships/{p}/templates/{t}.
func parseTemplate(name string) (partnershipID, id string, err error) {
	ids, err := resource.Parse("name", name, "partnerships", "templates")
	if err != nil {
		return "", "", err
	}
	return ids[0], ids[1], nil
}

// CreateTemplate implements the RPC.
func (s *Server) CreateTemplate(ctx context.Context, req *templatev1.CreateTemplateRequest) (*templatev1.Template, error) {
	pid, err := parseParent(req.GetParent())
	if err != nil {
		return nil, err
	}
	t := req.GetTemplate()
	created, err := s.app.CreateTemplate(ctx, pid, req.GetTemplateId(), t.GetDisplayName(),
		domain.Kind(t.GetKind()), protoconv.Sections(t.GetSections()))
	if err != nil {
		return nil, err
	}
	return protoconv.Template(created), nil
}

// GetTemplate implements the RPC.
func (s *Server) GetTemplate(ctx context.Context, req *templatev1.GetTemplateRequest) (*templatev1.Template, error) {
	pid, id, err := parseTemplate(req.GetName())
	if err != nil {
		return nil, err
	}
	t, err := s.app.GetTemplate(ctx, pid, id)
	if err != nil {
		return nil, err
	}
	return protoconv.Template(t), nil
}

// ListTemplates implements the RPC.
func (s *Server) ListTemplates(ctx context.Context, req *templatev1.ListTemplatesRequest) (*templatev1.ListTemplatesResponse, error) {
	pid, err := parseParent(req.GetParent())
	if err != nil {
		return nil, err
	}
	page, err := resource.ParsePage(req.GetPageSize(), req.GetPageToken(), resource.DefaultPageSize)
	if err != nil {
		return nil, err
	}
	ts, next, err := s.app.ListTemplates(ctx, pid, page)
	if err != nil {
		return nil, err
	}
	resp := &templatev1.ListTemplatesResponse{NextPageToken: next}
	for _, t := range ts {
		resp.Templates = append(resp.Templates, protoconv.Template(t))
	}
	return resp, nil
}

// PublishTemplate implements the RPC.
func (s *Server) PublishTemplate(ctx context.Context, req *templatev1.PublishTemplateRequest) (*templatev1.TemplateVersion, error) {
	pid, id, err := parseTemplate(req.GetName())
	if err != nil {
		return nil, err
	}
	v, err := s.app.PublishTemplate(ctx, pid, id, req.GetEtag())
	if err != nil {
		return nil, err
	}
	return protoconv.TemplateVersion(v), nil
}

// GetTemplateVersion implements the RPC.
func (s *Server) GetTemplateVersion(ctx context.Context, req *templatev1.GetTemplateVersionRequest) (*templatev1.TemplateVersion, error) {
	ids, err := resource.Parse("name", req.GetName(), "partnerships", "templates", "versions")
	if err != nil {
		return nil, err
	}
	n, err := strconv.Atoi(ids[2])
	if err != nil {
		return nil, failure.Invalid("name", "must end in the version number, e.g. versions/1")
	}
	v, err := s.app.GetTemplateVersion(ctx, ids[0], ids[1], n)
	if err != nil {
		return nil, err
	}
	return protoconv.TemplateVersion(v), nil
}
