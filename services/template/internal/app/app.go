// Package app holds the template service's use cases: one command or query
// per file, and the interfaces they need from storage.
package app

import (
	"context"
	"time"

	"github.com/assure-audit/assure/services/template/internal/domain"
)

// Repository stores templates and their published versions. Writes record
// the given events in the same transaction.
type Repository interface {
	InsertTemplate(ctx context.Context, t domain.Template, events ...domain.Event) error
	GetTemplate(ctx context.Context, owner, id string) (domain.Template, error)
	// ListTemplates lists one owner's templates (a partnership's or a hub's,
	// by resource name), oldest first.
	ListTemplates(ctx context.Context, owner string, offset, limit int) ([]domain.Template, error)
	// UpdateTemplate loads a template, lets update turn it into its next
	// state, and stores that state and the events update returns in one
	// transaction. The template is updated only if it is still at the
	// version loaded; otherwise the call fails with a conflict.
	UpdateTemplate(ctx context.Context, owner, id string, update UpdateFunc) (domain.Template, error)
	// PublishTemplate loads a template and its latest published version
	// (nil if none), lets publish turn it into its next state, and stores
	// that state, the new version and the events publish returns in one
	// transaction. The template is updated only if it is still at the
	// version loaded; otherwise the call fails with a conflict. A stored
	// version is never changed or deleted.
	PublishTemplate(ctx context.Context, owner, id string, publish PublishFunc) (domain.TemplateVersion, error)
	GetTemplateVersion(ctx context.Context, owner, templateID string, number int) (domain.TemplateVersion, error)
	// ListTemplateVersions lists a template's versions, oldest first; it
	// fails with not found if the template does not exist.
	ListTemplateVersions(ctx context.Context, owner, templateID string, offset, limit int) ([]domain.TemplateVersion, error)
}

// UpdateFunc turns the stored template into its next state and the events
// to record. An error leaves everything unchanged.
type UpdateFunc func(current domain.Template) (domain.Template, []domain.Event, error)

// PublishFunc turns the stored template and its latest version (nil if
// none) into the template's next state, the version to store and the
// events to record. An error leaves everything unchanged.
type PublishFunc func(current domain.Template, latest *domain.TemplateVersion) (domain.Template, domain.TemplateVersion, []domain.Event, error)

// App is the template service's application layer.
type App struct {
	repo Repository
	now  func() time.Time
}

// New returns the application layer over repo; now is the clock.
func New(repo Repository, now func() time.Time) *App {
	return &App{repo: repo, now: now}
}

// clock returns the time to record: UTC, to the microsecond that both
// databases keep, so what a call returns equals what a later read returns.
func (a *App) clock() time.Time { return a.now().UTC().Truncate(time.Microsecond) }
