// Package grpcapi is the template service's gRPC transport: thin handlers
// that turn requests into application calls and results into API messages.
// Requests arrive already validated against the rules in the protos.
package grpcapi

import (
	"context"
	"strconv"
	"strings"

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

// ownerCollection returns the collection that name starts with:
// "hubs" for hubs/…, otherwise "partnerships" (whose parse then reports
// what is wrong with the name).
func ownerCollection(name string) string {
	if strings.HasPrefix(name, "hubs/") {
		return "hubs"
	}
	return "partnerships"
}

// parseParent reads a parent of the form partnerships/{p} or hubs/{h} and
// returns it as the owner's resource name.
func parseParent(parent string) (string, error) {
	c := ownerCollection(parent)
	ids, err := resource.Parse("parent", parent, c)
	if err != nil {
		return "", err
	}
	return c + "/" + ids[0], nil
}

// parseTemplateField reads a name of the form
// {partnerships/{p}|hubs/{h}}/templates/{t} given in field.
func parseTemplateField(field, name string) (owner, id string, err error) {
	c := ownerCollection(name)
	ids, err := resource.Parse(field, name, c, "templates")
	if err != nil {
		return "", "", err
	}
	return c + "/" + ids[0], ids[1], nil
}

// parseTemplate reads a template name given in the name field.
func parseTemplate(name string) (owner, id string, err error) {
	return parseTemplateField("name", name)
}

// CreateTemplate implements the RPC.
func (s *Server) CreateTemplate(ctx context.Context, req *templatev1.CreateTemplateRequest) (*templatev1.Template, error) {
	pid, err := parseParent(req.GetParent())
	if err != nil {
		return nil, err
	}
	t := req.GetTemplate()
	created, err := s.app.CreateTemplate(ctx, pid, req.GetTemplateId(), t.GetDisplayName(),
		domain.Kind(t.GetKind()), protoconv.Content(t))
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
	ref, err := parseVersion("name", req.GetName())
	if err != nil {
		return nil, err
	}
	v, err := s.app.GetTemplateVersion(ctx, ref.Owner, ref.TemplateID, ref.Number)
	if err != nil {
		return nil, err
	}
	return protoconv.TemplateVersion(v), nil
}

// parseVersion reads a name of the form
// {partnerships/{p}|hubs/{h}}/templates/{t}/versions/{n}.
func parseVersion(field, name string) (app.VersionRef, error) {
	c := ownerCollection(name)
	ids, err := resource.Parse(field, name, c, "templates", "versions")
	if err != nil {
		return app.VersionRef{}, err
	}
	n, err := strconv.Atoi(ids[2])
	if err != nil {
		return app.VersionRef{}, failure.Invalid(field, "must end in the version number, e.g. versions/1")
	}
	return app.VersionRef{Owner: c + "/" + ids[0], TemplateID: ids[1], Number: n}, nil
}

// UpdateTemplate implements the RPC.
func (s *Server) UpdateTemplate(ctx context.Context, req *templatev1.UpdateTemplateRequest) (*templatev1.Template, error) {
	in := req.GetTemplate()
	pid, id, err := parseTemplate(in.GetName())
	if err != nil {
		return nil, failure.Invalid("template.name", "must name a template, as partnerships/{partnership}/templates/{template} or hubs/{hub}/templates/{template}")
	}
	var ch domain.Change
	var v failure.Violations
	for i, path := range req.GetUpdateMask().GetPaths() {
		switch resource.MaskPath(path) {
		case app.FieldDisplayName:
			name := in.GetDisplayName()
			ch.DisplayName = &name
		case app.FieldIntroduction:
			intro := in.GetIntroduction()
			ch.Introduction = &intro
		case app.FieldSections:
			c := protoconv.Content(in)
			ch.Content = &c
		default:
			v.Addf("update_mask.paths["+strconv.Itoa(i)+"]", "%q cannot be changed; name display_name, introduction or sections", path)
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	t, err := s.app.UpdateTemplate(ctx, pid, id, in.GetEtag(), ch)
	if err != nil {
		return nil, err
	}
	return protoconv.Template(t), nil
}

// ListTemplateVersions implements the RPC.
func (s *Server) ListTemplateVersions(ctx context.Context, req *templatev1.ListTemplateVersionsRequest) (*templatev1.ListTemplateVersionsResponse, error) {
	owner, id, err := parseTemplateField("parent", req.GetParent())
	if err != nil {
		return nil, err
	}
	page, err := resource.ParsePage(req.GetPageSize(), req.GetPageToken(), resource.DefaultPageSize)
	if err != nil {
		return nil, err
	}
	vs, next, err := s.app.ListTemplateVersions(ctx, owner, id, page)
	if err != nil {
		return nil, err
	}
	resp := &templatev1.ListTemplateVersionsResponse{NextPageToken: next}
	for _, v := range vs {
		resp.Versions = append(resp.Versions, protoconv.TemplateVersion(v))
	}
	return resp, nil
}

// DiffVersions implements the RPC.
func (s *Server) DiffVersions(ctx context.Context, req *templatev1.DiffVersionsRequest) (*templatev1.DiffVersionsResponse, error) {
	a, err := parseVersion("name", req.GetName())
	if err != nil {
		return nil, err
	}
	b, err := parseVersion("other", req.GetOther())
	if err != nil {
		return nil, err
	}
	changes, err := s.app.DiffVersions(ctx, a, b)
	if err != nil {
		return nil, err
	}
	return &templatev1.DiffVersionsResponse{Changes: protoconv.Changes(changes)}, nil
}

// CopyTemplate implements the RPC.
func (s *Server) CopyTemplate(ctx context.Context, req *templatev1.CopyTemplateRequest) (*templatev1.Template, error) {
	ids, err := resource.Parse("parent", req.GetParent(), "partnerships")
	if err != nil {
		return nil, err
	}
	src, err := parseVersion("source", req.GetSource())
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(src.Owner, "hubs/") {
		return nil, failure.Invalid("source", "must name a published version of a hub's template, as hubs/{hub}/templates/{template}/versions/{n}")
	}
	t, err := s.app.CopyTemplate(ctx, "partnerships/"+ids[0], req.GetTemplateId(), src)
	if err != nil {
		return nil, err
	}
	return protoconv.Template(t), nil
}
