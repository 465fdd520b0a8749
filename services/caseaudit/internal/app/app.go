// Package app holds the case-audit service's use cases: one command or query
// per file, and the interfaces they need from storage.
package app

import (
	"context"
	"time"

	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
)

// Repository stores rounds and their cases. Writes record the given events
// in the same transaction.
type Repository interface {
	InsertRound(ctx context.Context, r domain.Round, events ...domain.Event) error
	GetRound(ctx context.Context, partnershipID, id string) (domain.Round, error)
	// UpdateRound loads a round locked for update, lets change alter it
	// and stores it with the events change returns; none stores nothing.
	UpdateRound(ctx context.Context, partnershipID, id string, change func(*domain.Round) ([]domain.Event, error)) (domain.Round, error)
	// ListRounds lists one partnership's rounds, oldest first.
	ListRounds(ctx context.Context, partnershipID string, offset, limit int) ([]domain.Round, error)
}

// App is the case-audit service's application layer.
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
