// Package app holds the case-audit service's use cases: one command or query
// per file, and the interfaces they need from storage.
package app

import (
	"context"
	"time"

	"github.com/assure-audit/assure/pkg/form"

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
	// GetAssignment loads a case's assignment for an agency; found is
	// false when none was made.
	GetAssignment(ctx context.Context, partnershipID, roundID, reference, agency string) (domain.Assignment, bool, error)
	// SaveAssignment stores a, at version prev before the change, with
	// events; another change in between is a conflict.
	SaveAssignment(ctx context.Context, a domain.Assignment, prev int64, events ...domain.Event) error
	// ListAssignments lists a round's assignments.
	ListAssignments(ctx context.Context, partnershipID, roundID string) ([]domain.Assignment, error)
	// IsAuditor reports whether person is named, and has not declined,
	// for a case of the round.
	IsAuditor(ctx context.Context, partnershipID, roundID, person string) (bool, error)
	// InsertRapidReview stores a new rapid review with its events.
	InsertRapidReview(ctx context.Context, r domain.RapidReview, events ...domain.Event) error
	// GetRapidReview loads one rapid review.
	GetRapidReview(ctx context.Context, partnershipID, id string) (domain.RapidReview, error)
	// ListRapidReviews lists a partnership's rapid reviews, newest first.
	ListRapidReviews(ctx context.Context, partnershipID string) ([]domain.RapidReview, error)
	// UpdateRapidReview loads a review locked for update, lets change
	// alter it and stores it with the events change returns.
	UpdateRapidReview(ctx context.Context, partnershipID, id string, change func(*domain.RapidReview) ([]domain.Event, error)) (domain.RapidReview, error)
	// PutCaseKey records an agency's identifier for a case.
	PutCaseKey(ctx context.Context, k domain.CaseKey) error
	// ReadCaseKeys records the read and returns the keys it reads.
	ReadCaseKeys(ctx context.Context, read domain.KeyRead) ([]domain.CaseKey, error)
	// ListKeyReads lists the reads of a round's key table, newest first.
	ListKeyReads(ctx context.Context, partnershipID, roundID string) ([]domain.KeyRead, error)
	// RoundsToPurge lists rounds whose case detail fell due to be purged
	// by now, at most limit of them.
	RoundsToPurge(ctx context.Context, now time.Time, limit int) ([][2]string, error)
	// PurgeRound purges a round's case detail if due says so of the round
	// read locked, records the purge and its event, and reports whether it
	// purged.
	PurgeRound(ctx context.Context, partnershipID, id string, now time.Time, due func(domain.Round) bool) (bool, error)
	// SaveRiskFlag stores f, at version prev before the change, with
	// events; another change in between is a conflict.
	SaveRiskFlag(ctx context.Context, f domain.RiskFlag, prev int64, events ...domain.Event) error
	// GetRiskFlag loads one flag.
	GetRiskFlag(ctx context.Context, partnershipID, roundID, id string) (domain.RiskFlag, error)
	// ListRiskFlags lists a round's flags, unacknowledged first.
	ListRiskFlags(ctx context.Context, partnershipID, roundID string) ([]domain.RiskFlag, error)
	// UnacknowledgedRiskFlags lists flags nobody acknowledged, last raised
	// at or before before.
	UnacknowledgedRiskFlags(ctx context.Context, before time.Time, limit int) ([]domain.RiskFlag, error)
	// SaveChronology stores c, at version prev before the save, with
	// events; another save in between is a conflict.
	SaveChronology(ctx context.Context, c domain.Chronology, prev int64, events ...domain.Event) error
	// Chronologies loads the agencies' chronologies of a case, or one
	// agency's.
	Chronologies(ctx context.Context, partnershipID, roundID, reference, agency string) ([]domain.Chronology, error)
	// GetFindings loads a round's findings (empty at version 0 before the
	// first save).
	GetFindings(ctx context.Context, partnershipID, roundID string) (domain.RoundFindings, error)
	// SaveFindings stores f, at version prev before the change, with
	// events; another change in between is a conflict.
	SaveFindings(ctx context.Context, f domain.RoundFindings, prev int64, events ...domain.Event) error
	// Form returns a kept template version's form, compiled; found is
	// false if its event has not arrived.
	Form(ctx context.Context, name string) (*form.Compiled, bool, error)
	// SaveCaseReturn stores c, at version prev before the change, with
	// events; another change in between is a conflict.
	SaveCaseReturn(ctx context.Context, c domain.CaseReturn, prev int64, events ...domain.Event) error
	// CaseReturns loads a round's returns, or one case's for one agency.
	CaseReturns(ctx context.Context, partnershipID, roundID, reference, agency string) ([]domain.CaseReturn, error)
	// GetModeration loads a case's moderation (empty at version 0 before
	// the first save).
	GetModeration(ctx context.Context, partnershipID, roundID, reference string) (domain.CaseModeration, error)
	// SaveModeration stores m, at version prev before the change, with
	// events; another save in between is a conflict.
	SaveModeration(ctx context.Context, m domain.CaseModeration, prev int64, events ...domain.Event) error
	// ListRounds lists one partnership's rounds, oldest first.
	ListRounds(ctx context.Context, partnershipID string, offset, limit int) ([]domain.Round, error)
}

// App is the case-audit service's application layer.
type App struct {
	repo  Repository
	now   func() time.Time
	forms forms
}

// New returns the application layer over repo; now is the clock.
func New(repo Repository, now func() time.Time) *App {
	return &App{repo: repo, now: now, forms: forms{compiled: map[string]*form.Compiled{}}}
}

// Now is the time on the service's clock.
func (a *App) Now() time.Time { return a.now() }

// clock returns the time to record: UTC, to the microsecond that both
// databases keep, so what a call returns equals what a later read returns.
func (a *App) clock() time.Time { return a.now().UTC().Truncate(time.Microsecond) }
