package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/template/internal/domain"
)

// PublishTemplate freezes a template's current draft as its next version,
// with its lineage from the latest version, and records VersionPublished.
// An invalid draft is refused with every problem. If etag is set it must
// be the template's current etag: publishing content the caller has not
// seen is a conflict. Afterwards the draft continues from the new version.
func (a *App) PublishTemplate(ctx context.Context, owner, id, etag string) (domain.TemplateVersion, error) {
	want := int64(-1)
	if etag != "" {
		v, err := resource.ParseEtag("etag", etag)
		if err != nil {
			return domain.TemplateVersion{}, err
		}
		want = v
	}
	now := a.clock()
	return a.repo.PublishTemplate(ctx, owner, id, func(t domain.Template, latest *domain.TemplateVersion) (domain.Template, domain.TemplateVersion, []domain.Event, error) {
		if want >= 0 && t.Version != want {
			return t, domain.TemplateVersion{}, nil, stale(owner, id, etag, t.Version, "publishing")
		}
		next, v, err := t.Publish(latest, now)
		if err != nil {
			return t, domain.TemplateVersion{}, nil, err
		}
		return next, v, []domain.Event{domain.VersionPublished{Version: v}}, nil
	})
}

func stale(owner, id, etag string, now int64, doing string) error {
	return failure.Conflict(
		"%s/templates/%s has changed since it was read (etag %s, now %s); read it again before %s",
		owner, id, etag, resource.Etag(now), doing)
}
