package grpcapi

import (
	"bytes"
	"context"
	"strings"

	"github.com/assure-audit/assure/pkg/failure"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"github.com/assure-audit/assure/services/template/internal/domain"
	"github.com/assure-audit/assure/services/template/internal/protoconv"
	"github.com/assure-audit/assure/services/template/internal/templatefile"
)

// fileKinds maps the kinds a template file names to the domain's kinds.
var fileKinds = map[string]domain.Kind{
	templatefile.KindSection11:  domain.KindSection11,
	templatefile.KindSection175: domain.KindSection175,
	templatefile.KindCaseAudit:  domain.KindCaseAudit,
	templatefile.KindOther:      domain.KindOther,
}

// fileKind names k as a template file does.
func fileKind(k domain.Kind) string {
	for name, kind := range fileKinds {
		if kind == k {
			return name
		}
	}
	return templatefile.KindOther
}

// documentContent is the content of a template created from d.
func documentContent(d templatefile.Document) domain.Content {
	return domain.Content{Introduction: d.Introduction, Form: d.Form, Guidance: d.Guidance}
}

// ImportTemplate implements the RPC.
func (s *Server) ImportTemplate(ctx context.Context, req *templatev1.ImportTemplateRequest) (*templatev1.ImportTemplateResponse, error) {
	pid, err := parseParent(req.GetParent())
	if err != nil {
		return nil, err
	}
	var d templatefile.Document
	switch req.GetFormat() {
	case templatev1.TemplateFileFormat_TEMPLATE_FILE_FORMAT_YAML:
		d, err = templatefile.ParseYAML(req.GetContent())
	case templatev1.TemplateFileFormat_TEMPLATE_FILE_FORMAT_XLSX:
		d, err = templatefile.ParseXLSX(bytes.NewReader(req.GetContent()))
	default:
		return nil, failure.Invalid("format", "must be TEMPLATE_FILE_FORMAT_YAML or TEMPLATE_FILE_FORMAT_XLSX")
	}
	if err == nil {
		err = s.app.CheckTemplate(pid, req.GetTemplateId(), d.DisplayName, fileKinds[d.Kind], documentContent(d))
	}
	if req.GetDryRun() {
		return dryRun(err)
	}
	if err != nil {
		return nil, asInvalid(err)
	}
	t, err := s.app.CreateTemplate(ctx, pid, req.GetTemplateId(), d.DisplayName, fileKinds[d.Kind], documentContent(d))
	if err != nil {
		return nil, err
	}
	return &templatev1.ImportTemplateResponse{Template: protoconv.Template(t)}, nil
}

// dryRun answers a dry-run import whose check ended in err: the problems
// of an invalid file are listed, other errors fail the call.
func dryRun(err error) (*templatev1.ImportTemplateResponse, error) {
	resp := &templatev1.ImportTemplateResponse{}
	if err == nil {
		return resp, nil
	}
	fe, ok := failure.As(asInvalid(err))
	if !ok || fe.Kind != failure.KindInvalid {
		return nil, err
	}
	for _, v := range fe.Violations {
		resp.Problems = append(resp.Problems, &templatev1.ImportProblem{Field: v.Field, Reason: v.Reason})
	}
	return resp, nil
}

// asInvalid makes an error from reading a file that is not already typed
// into a problem with the file, so that a file that cannot be read is the
// caller's to fix rather than a fault of the service.
func asInvalid(err error) error {
	if _, ok := failure.As(err); ok {
		return err
	}
	return failure.Invalid("content", "cannot be read: "+err.Error())
}

// ExportTemplate implements the RPC.
func (s *Server) ExportTemplate(ctx context.Context, req *templatev1.ExportTemplateRequest) (*templatev1.ExportTemplateResponse, error) {
	var t domain.Template
	if strings.Contains(req.GetName(), "/versions/") {
		ref, err := parseVersion("name", req.GetName())
		if err != nil {
			return nil, err
		}
		v, err := s.app.GetTemplateVersion(ctx, ref.Owner, ref.TemplateID, ref.Number)
		if err != nil {
			return nil, err
		}
		t = v.Content
	} else {
		pid, id, err := parseTemplate(req.GetName())
		if err != nil {
			return nil, err
		}
		if t, err = s.app.GetTemplate(ctx, pid, id); err != nil {
			return nil, err
		}
	}
	b, err := templatefile.MarshalYAML(templatefile.Document{DisplayName: t.DisplayName, Kind: fileKind(t.Kind),
		Introduction: t.Content.Introduction, Form: t.Content.Form, Guidance: t.Content.Guidance})
	if err != nil {
		return nil, err
	}
	return &templatev1.ExportTemplateResponse{Yaml: string(b)}, nil
}

// ListStarterTemplates implements the RPC.
func (s *Server) ListStarterTemplates(context.Context, *templatev1.ListStarterTemplatesRequest) (*templatev1.ListStarterTemplatesResponse, error) {
	resp := &templatev1.ListStarterTemplatesResponse{}
	for _, name := range templatefile.StarterNames() {
		d, err := templatefile.StarterByName(name)
		if err != nil {
			return nil, err
		}
		resp.StarterTemplates = append(resp.StarterTemplates, &templatev1.StarterTemplate{
			Name: name, DisplayName: d.DisplayName, Kind: templatev1.TemplateKind(fileKinds[d.Kind])})
	}
	return resp, nil
}

// InstallStarterTemplate implements the RPC.
func (s *Server) InstallStarterTemplate(ctx context.Context, req *templatev1.InstallStarterTemplateRequest) (*templatev1.Template, error) {
	pid, err := parseParent(req.GetParent())
	if err != nil {
		return nil, err
	}
	name := req.GetStarter()
	known := false
	for _, n := range templatefile.StarterNames() {
		known = known || n == name
	}
	if !known {
		return nil, failure.Invalid("starter", "must name a starter template: "+strings.Join(templatefile.StarterNames(), ", "))
	}
	d, err := templatefile.StarterByName(name)
	if err != nil {
		return nil, err
	}
	t, err := s.app.InstallTemplate(ctx, pid, req.GetTemplateId(), d.DisplayName, fileKinds[d.Kind], documentContent(d), req.GetPublish())
	if err != nil {
		return nil, err
	}
	return protoconv.Template(t), nil
}
