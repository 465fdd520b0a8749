package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/template/internal/domain"
)

// CheckTemplate checks a template as CreateTemplate would before creating
// it, and creates nothing: it reports every problem with the content, the
// display name, the kind and the requested id. It does not look for an
// existing template with that id.
func (a *App) CheckTemplate(owner, id, displayName string, kind domain.Kind, content domain.Content) error {
	id, err := resource.ID("template_id", id)
	if err != nil {
		return err
	}
	_, err = domain.NewTemplate(id, owner, displayName, kind, content, a.clock())
	return err
}

// InstallTemplate creates a draft template as CreateTemplate does and, if
// publish is set, publishes it as version 1 as PublishTemplate does. It
// returns the template as it stands afterwards. Should publishing fail,
// the draft created stays.
func (a *App) InstallTemplate(ctx context.Context, owner, id, displayName string, kind domain.Kind, content domain.Content, publish bool) (domain.Template, error) {
	t, err := a.CreateTemplate(ctx, owner, id, displayName, kind, content)
	if err != nil || !publish {
		return t, err
	}
	if _, err := a.PublishTemplate(ctx, owner, t.ID, resource.Etag(t.Version)); err != nil {
		return domain.Template{}, err
	}
	return a.repo.GetTemplate(ctx, owner, t.ID)
}
