package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/template/internal/domain"
)

// CopyTemplate creates a draft template in owner (a partnership) holding
// the content of the published version source, with the requested id (or
// a new one), and records TemplateCreated. The copy remembers source but is
// otherwise independent: it has never been published.
func (a *App) CopyTemplate(ctx context.Context, owner, id string, source VersionRef) (domain.Template, error) {
	id, err := resource.ID("template_id", id)
	if err != nil {
		return domain.Template{}, err
	}
	v, err := a.repo.GetTemplateVersion(ctx, source.Owner, source.TemplateID, source.Number)
	if err != nil {
		return domain.Template{}, err
	}
	c := v.Content
	t, err := domain.NewTemplate(id, owner, c.DisplayName, c.Kind, c.Content, a.clock())
	if err != nil {
		return domain.Template{}, err
	}
	t.SourceVersion = v.Name()
	if err := a.repo.InsertTemplate(ctx, t, domain.TemplateCreated{Template: t}); err != nil {
		return domain.Template{}, err
	}
	return t, nil
}
