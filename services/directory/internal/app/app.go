// Package app holds the directory's use cases: one command or query per
// file, and the interfaces they need from storage.
package app

import (
	"context"
	"time"

	"github.com/assure-audit/assure/services/directory/internal/domain"
)

// Repository stores partnerships and organisations. Writes record the
// given events in the same transaction.
type Repository interface {
	InsertPartnership(ctx context.Context, p domain.Partnership, events ...domain.Event) error
	GetPartnership(ctx context.Context, id string) (domain.Partnership, error)
	ListPartnerships(ctx context.Context, offset, limit int) ([]domain.Partnership, error)
	InsertOrganisation(ctx context.Context, o domain.Organisation, events ...domain.Event) error
	GetOrganisation(ctx context.Context, id string) (domain.Organisation, error)
	// ListOrganisations lists all organisations, or those of one partnership
	// when partnershipID is set.
	ListOrganisations(ctx context.Context, partnershipID string, offset, limit int) ([]domain.Organisation, error)
}

// App is the directory's application layer.
type App struct {
	repo Repository
	now  func() time.Time
}

// New returns the application layer over repo; now is the clock.
func New(repo Repository, now func() time.Time) *App {
	return &App{repo: repo, now: now}
}

// clock reads the time in UTC, cut to the microsecond that both databases
// keep, so what a write returns equals what a later read gives.
func (a *App) clock() time.Time { return a.now().UTC().Truncate(time.Microsecond) }
