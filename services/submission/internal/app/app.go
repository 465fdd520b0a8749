// Package app holds the submission service's use cases: one command or
// query per file, and the interfaces they need from storage and from other
// services.
package app

import (
	"context"
	"sync"
	"time"

	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// CampaignChange is what a campaign update writes besides the campaign.
type CampaignChange struct {
	// NewSubmissions are created unless they exist already.
	NewSubmissions []domain.Submission
	Events         []domain.Event
}

// Repository stores campaigns and submissions. Update methods load the
// resource inside a transaction, let fn change it, and save it with the
// events fn returns, all or nothing.
type Repository interface {
	InsertCampaign(ctx context.Context, c domain.Campaign, events ...domain.Event) error
	GetCampaign(ctx context.Context, partnershipID, campaignID string) (domain.Campaign, error)
	ListCampaigns(ctx context.Context, partnershipID string, offset, limit int) ([]domain.Campaign, error)
	UpdateCampaign(ctx context.Context, partnershipID, campaignID string, fn func(*domain.Campaign) (CampaignChange, error)) (domain.Campaign, error)
	GetSubmission(ctx context.Context, partnershipID, campaignID, submissionID string) (domain.Submission, error)
	ListSubmissions(ctx context.Context, partnershipID, campaignID string, offset, limit int) ([]domain.Submission, error)
	UpdateSubmission(ctx context.Context, partnershipID, campaignID, submissionID string, fn func(*domain.Submission) ([]domain.Event, error)) (domain.Submission, error)
}

// Copies holds the submission service's own copies of other services'
// data, kept from their events.
type Copies interface {
	// Form returns the copy of a published template version; found is
	// false if there is none yet.
	Form(ctx context.Context, name string) (f domain.Form, found bool, err error)
	PutForm(ctx context.Context, f domain.Form) error
	Organisation(ctx context.Context, id string) (o domain.Organisation, found bool, err error)
	PutOrganisation(ctx context.Context, o domain.Organisation) error
}

// Templates asks the template service for a published version, for when
// its event has not arrived yet.
type Templates interface {
	FetchForm(ctx context.Context, name string) (domain.Form, error)
}

// Directory asks the directory service for an organisation, for when its
// event has not arrived yet.
type Directory interface {
	FetchOrganisation(ctx context.Context, id string) (domain.Organisation, error)
}

// App is the submission service's application layer.
type App struct {
	repo      Repository
	copies    Copies
	templates Templates
	directory Directory
	now       func() time.Time

	// compiled caches the compiled form of each published version by
	// name; published versions never change.
	mu       sync.Mutex
	compiled map[string]*form.Compiled
}

// New returns the application layer. templates and directory may be nil,
// in which case only the copies kept from events are used.
func New(repo Repository, copies Copies, templates Templates, directory Directory, now func() time.Time) *App {
	return &App{repo: repo, copies: copies, templates: templates, directory: directory, now: now,
		compiled: map[string]*form.Compiled{}}
}

// clock reads the time in UTC, cut to the microsecond that both databases
// keep, so what a write returns equals what a later read gives.
func (a *App) clock() time.Time { return a.now().UTC().Truncate(time.Microsecond) }
