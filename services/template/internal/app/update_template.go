package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/template/internal/domain"
)

// The fields of a template's draft that UpdateTemplate changes.
const (
	FieldDisplayName  = "display_name"
	FieldIntroduction = "introduction"
	FieldSections     = "sections"
)

// UpdateTemplate applies ch to a template's draft. etag must be the
// template's current etag: changing content the caller has not seen is a
// conflict. The draft is checked as on create.
func (a *App) UpdateTemplate(ctx context.Context, owner, id, etag string, ch domain.Change) (domain.Template, error) {
	want, err := resource.ParseEtag("template.etag", etag)
	if err != nil {
		return domain.Template{}, err
	}
	if ch.DisplayName == nil && ch.Introduction == nil && ch.Content == nil {
		return domain.Template{}, failure.Invalid("update_mask", "name at least one of display_name, introduction, sections")
	}
	now := a.clock()
	return a.repo.UpdateTemplate(ctx, owner, id, func(t domain.Template) (domain.Template, []domain.Event, error) {
		if t.Version != want {
			return t, nil, stale(owner, id, etag, t.Version, "changing it")
		}
		next, err := t.Update(ch, now)
		return next, nil, err
	})
}
