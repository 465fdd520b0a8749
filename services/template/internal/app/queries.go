package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/template/internal/domain"
)

// GetTemplate returns one template of a partnership or hub.
func (a *App) GetTemplate(ctx context.Context, owner, id string) (domain.Template, error) {
	return a.repo.GetTemplate(ctx, owner, id)
}

// ListTemplates returns one page of a partnership's or hub's templates and
// the next
// page token.
func (a *App) ListTemplates(ctx context.Context, owner string, page resource.Page) ([]domain.Template, string, error) {
	ts, err := a.repo.ListTemplates(ctx, owner, page.Offset, page.Size)
	if err != nil {
		return nil, "", err
	}
	return ts, page.Next(len(ts)), nil
}

// GetTemplateVersion returns one published version of a template.
func (a *App) GetTemplateVersion(ctx context.Context, owner, templateID string, number int) (domain.TemplateVersion, error) {
	return a.repo.GetTemplateVersion(ctx, owner, templateID, number)
}

// ListTemplateVersions returns one page of a template's versions, oldest
// first, and the next page token.
func (a *App) ListTemplateVersions(ctx context.Context, owner, templateID string, page resource.Page) ([]domain.TemplateVersion, string, error) {
	vs, err := a.repo.ListTemplateVersions(ctx, owner, templateID, page.Offset, page.Size)
	if err != nil {
		return nil, "", err
	}
	return vs, page.Next(len(vs)), nil
}

// VersionRef names a published version. Owner is the resource name of the
// template's partnership or hub.
type VersionRef struct {
	Owner, TemplateID string
	Number            int
}

// DiffVersions lists how version b differs from version a. Both must be in
// the same partnership or hub.
func (a *App) DiffVersions(ctx context.Context, va, vb VersionRef) ([]domain.QuestionChange, error) {
	if va.Owner != vb.Owner {
		return nil, failure.Invalid("other", "must be a version of a template in the same partnership or hub as name")
	}
	x, err := a.repo.GetTemplateVersion(ctx, va.Owner, va.TemplateID, va.Number)
	if err != nil {
		return nil, err
	}
	y, err := a.repo.GetTemplateVersion(ctx, vb.Owner, vb.TemplateID, vb.Number)
	if err != nil {
		return nil, err
	}
	return domain.Diff(x.Content.Content.Form, y.Content.Content.Form), nil
}
