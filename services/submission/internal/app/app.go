// Package app holds the submission service's use cases: one command or
// query per file, and the interfaces they need from storage and from other
// services.
package app

import (
	"context"
	"sync"
	"time"

	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/pkg/objectstore"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// CampaignChange is what a campaign update writes besides the campaign.
type CampaignChange struct {
	// NewSubmissions are created unless they exist already.
	NewSubmissions []domain.Submission
	// Carried are answers brought forward into new submissions, by
	// submission id; written only with a submission that was created.
	Carried map[string][]domain.StoredAnswer
	Events  []domain.Event
}

// SaveFunc applies a save to a submission loaded without its answers,
// given the current values of the answers saved; it returns the answers
// to write and the events.
type SaveFunc func(s *domain.Submission, current map[string]domain.StoredAnswer) ([]domain.StoredAnswer, []domain.Event, error)

// AnswerChange is one saved value of an answer and the value before it.
type AnswerChange struct {
	Answer   domain.StoredAnswer
	Previous *domain.StoredAnswer
}

// Repository stores campaigns, submissions, answers, actions and evidence.
// Update methods load the resource inside a transaction, let fn change it,
// and save it with the events fn returns, all or nothing.
type Repository interface {
	InsertCampaign(ctx context.Context, c domain.Campaign, events ...domain.Event) error
	GetCampaign(ctx context.Context, partnershipID, campaignID string) (domain.Campaign, error)
	// CampaignHeader loads a campaign without its organisation list, for
	// the calls that do not need it (every save reads its campaign).
	CampaignHeader(ctx context.Context, partnershipID, campaignID string) (domain.Campaign, error)
	// ListCampaigns lists the campaigns partnershipID owns or takes part in.
	ListCampaigns(ctx context.Context, partnershipID string, offset, limit int) ([]domain.Campaign, error)
	// LaunchedCampaigns lists the launched, unarchived campaigns that any
	// of partnershipIDs takes part in.
	LaunchedCampaigns(ctx context.Context, partnershipIDs []string) ([]domain.Campaign, error)
	// CampaignsToTick lists the campaigns whose open or close time has
	// passed at now without being recorded.
	CampaignsToTick(ctx context.Context, now time.Time) ([]domain.Campaign, error)
	UpdateCampaign(ctx context.Context, partnershipID, campaignID string, fn func(*domain.Campaign) (CampaignChange, error)) (domain.Campaign, error)

	GetSubmission(ctx context.Context, partnershipID, campaignID, submissionID string, withAnswers bool) (domain.Submission, error)
	// ListSubmissions lists a campaign's submissions; with seenBy set,
	// only those of organisations in that partnership.
	ListSubmissions(ctx context.Context, partnershipID, campaignID, seenBy string, offset, limit int) ([]domain.Submission, error)
	// OrganisationSubmissions lists the submissions the organisations owe
	// or made, across campaigns.
	OrganisationSubmissions(ctx context.Context, organisationIDs []string, offset, limit int) ([]domain.Submission, error)
	// CampaignAnswers returns the answers of a campaign's submissions by
	// organisation, for bringing them forward.
	CampaignAnswers(ctx context.Context, partnershipID, campaignID string) (map[string]map[string]form.Answer, error)
	SaveAnswers(ctx context.Context, partnershipID, campaignID, submissionID string, keys []string, fn SaveFunc) (domain.Submission, []domain.StoredAnswer, error)
	UpdateSubmission(ctx context.Context, partnershipID, campaignID, submissionID string, withAnswers bool, fn func(*domain.Submission) ([]domain.Event, error)) (domain.Submission, error)
	AnswerHistory(ctx context.Context, partnershipID, campaignID, submissionID, key string, offset, limit int) ([]AnswerChange, error)

	InsertAction(ctx context.Context, a domain.PlanAction, events ...domain.Event) error
	GetAction(ctx context.Context, ref domain.SubmissionRef, id string) (domain.PlanAction, error)
	ListActions(ctx context.Context, ref domain.SubmissionRef) ([]domain.PlanAction, error)
	UpdateAction(ctx context.Context, ref domain.SubmissionRef, id string, fn func(*domain.PlanAction) ([]domain.Event, error)) (domain.PlanAction, error)

	InsertEvidence(ctx context.Context, e domain.Evidence, events ...domain.Event) error
	GetEvidence(ctx context.Context, ref domain.SubmissionRef, id string) (domain.Evidence, error)
	ListEvidence(ctx context.Context, ref domain.SubmissionRef) ([]domain.Evidence, error)
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
	// PartnershipOrganisations lists the organisations copied here that
	// belong to any of the partnerships.
	PartnershipOrganisations(ctx context.Context, partnershipIDs []string) ([]domain.Organisation, error)
	Consortium(ctx context.Context, name string) (c domain.Consortium, found bool, err error)
	PutConsortium(ctx context.Context, c domain.Consortium) error
	// HubPartnerships lists the partnerships of a hub copied here.
	HubPartnerships(ctx context.Context, hub string) ([]string, error)
	PutPartnership(ctx context.Context, p domain.Partnership) error
}

// Templates asks the template service for a published version, for when
// its event has not arrived yet.
type Templates interface {
	FetchForm(ctx context.Context, name string) (domain.Form, error)
}

// Directory asks the directory service for what its events have not
// brought yet.
type Directory interface {
	FetchOrganisation(ctx context.Context, id string) (domain.Organisation, error)
	FetchConsortium(ctx context.Context, name string) (domain.Consortium, error)
	// PartnershipOrganisations lists every organisation of a partnership
	// the caller may see; a partnership they may not see is NotFound.
	PartnershipOrganisations(ctx context.Context, partnershipID string) ([]domain.Organisation, error)
}

// App is the submission service's application layer.
type App struct {
	repo      Repository
	copies    Copies
	templates Templates
	directory Directory
	files     objectstore.Store
	now       func() time.Time

	// compiled caches the compiled form and index of each published
	// version by name; published versions never change.
	mu       sync.Mutex
	compiled map[string]compiledForm
}

type compiledForm struct {
	form  *form.Compiled
	index *domain.FormIndex
}

// Deps are what the application layer works with. Templates and Directory
// may be nil, in which case only the copies kept from events are used.
type Deps struct {
	Repo      Repository
	Copies    Copies
	Templates Templates
	Directory Directory
	Files     objectstore.Store
	Now       func() time.Time
}

// New returns the application layer.
func New(d Deps) *App {
	return &App{repo: d.Repo, copies: d.Copies, templates: d.Templates, directory: d.Directory, files: d.Files,
		now: d.Now, compiled: map[string]compiledForm{}}
}

// clock reads the time in UTC, cut to the microsecond that both databases
// keep, so what a write returns equals what a later read gives.
func (a *App) clock() time.Time { return a.now().UTC().Truncate(time.Microsecond) }
