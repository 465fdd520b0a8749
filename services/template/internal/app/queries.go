package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/template/internal/domain"
)

// GetTemplate returns one template of a partnership.
func (a *App) GetTemplate(ctx context.Context, partnershipID, id string) (domain.Template, error) {
	return a.repo.GetTemplate(ctx, partnershipID, id)
}

// ListTemplates returns one page of a partnership's templates and the next
// page token.
func (a *App) ListTemplates(ctx context.Context, partnershipID string, page resource.Page) ([]domain.Template, string, error) {
	ts, err := a.repo.ListTemplates(ctx, partnershipID, page.Offset, page.Size)
	if err != nil {
		return nil, "", err
	}
	return ts, page.Next(len(ts)), nil
}

// GetTemplateVersion returns one published version of a template.
func (a *App) GetTemplateVersion(ctx context.Context, partnershipID, templateID string, number int) (domain.TemplateVersion, error) {
	return a.repo.GetTemplateVersion(ctx, partnershipID, templateID, number)
}
