package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/template/internal/domain"
)

// PublishTemplate freezes a template's current content as its next version
// and records VersionPublished. If etag is set it must be the template's
// current etag: publishing content the caller has not seen is a conflict.
func (a *App) PublishTemplate(ctx context.Context, partnershipID, id, etag string) (domain.TemplateVersion, error) {
	want := int64(-1)
	if etag != "" {
		v, err := resource.ParseEtag("etag", etag)
		if err != nil {
			return domain.TemplateVersion{}, err
		}
		want = v
	}
	now := a.clock()
	return a.repo.PublishTemplate(ctx, partnershipID, id, func(t domain.Template) (domain.Template, domain.TemplateVersion, []domain.Event, error) {
		if want >= 0 && t.Version != want {
			return t, domain.TemplateVersion{}, nil, failure.Conflict(
				"partnerships/%s/templates/%s has changed since it was read (etag %s, now %s); read it again before publishing",
				partnershipID, id, etag, resource.Etag(t.Version))
		}
		next, v := t.Publish(now)
		return next, v, []domain.Event{domain.VersionPublished{Version: v}}, nil
	})
}
