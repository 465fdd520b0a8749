package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/template/internal/domain"
)

// CreateTemplate creates a draft template in owner (a partnership or a
// hub, by resource name) with the requested id (or a new one) and records
// TemplateCreated.
func (a *App) CreateTemplate(ctx context.Context, owner, id, displayName string, kind domain.Kind, content domain.Content) (domain.Template, error) {
	id, err := resource.ID("template_id", id)
	if err != nil {
		return domain.Template{}, err
	}
	t, err := domain.NewTemplate(id, owner, displayName, kind, content, a.clock())
	if err != nil {
		return domain.Template{}, err
	}
	if err := a.repo.InsertTemplate(ctx, t, domain.TemplateCreated{Template: t}); err != nil {
		return domain.Template{}, err
	}
	return t, nil
}
