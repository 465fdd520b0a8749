// Package app holds the reporting service's use cases: one command or query
// per file, and the interfaces they need from storage.
package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/assure-audit/assure/pkg/cache"
	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/services/reporting/internal/domain"
)

// Repository reads the completion read model.
type Repository interface {
	// GetCampaign loads a campaign; not found if no event has named it.
	GetCampaign(ctx context.Context, name string) (domain.Campaign, error)
	// ListRows lists a campaign's submissions with their organisations'
	// display names.
	ListRows(ctx context.Context, campaign string) ([]domain.Row, error)
	// Dataset reads what a campaign's answer reports are computed from.
	Dataset(ctx context.Context, campaign string) (domain.Dataset, error)
	// CampaignPartnerships returns the partnerships taking part in a
	// campaign.
	CampaignPartnerships(ctx context.Context, campaign string) ([]string, bool, error)
	// Actions lists the actions of a campaign's submissions.
	Actions(ctx context.Context, campaign string) ([]domain.Action, error)
	// PartnershipHub returns the hub of a partnership.
	PartnershipHub(ctx context.Context, id string) (string, error)
	// Version returns a published template version with its lineage.
	Version(ctx context.Context, name string) (form.Version, bool, error)
	// Header reads a campaign's dataset without its answers.
	Header(ctx context.Context, campaign string) (domain.Dataset, error)
	// AnswersOf reads the answers of the named submissions, and when each
	// was last saved.
	AnswersOf(ctx context.Context, submissions []string) (map[string]map[string]form.Answer, map[string]map[string]time.Time, error)
}

// Changes writes the read model inside the transaction that applies one
// event. Each change follows the domain's rules, so the result does not
// depend on the order the events arrive in.
type Changes interface {
	// TouchCampaign records that an event about the campaign was applied:
	// its display name when given, unless an event that happened later has
	// given one, the later of its as-of time and eventTime (when set), and
	// a new version.
	TouchCampaign(ctx context.Context, name, displayName string, eventTime time.Time) error
	// SetCampaignDue records the campaign's due date unless an event that
	// happened later gave one already.
	SetCampaignDue(ctx context.Context, name string, due, eventTime time.Time) error
	// SetCampaignLaunched records that the campaign was launched at, unless
	// an earlier launch is recorded.
	SetCampaignLaunched(ctx context.Context, name string, at time.Time) error
	// MergeProgress merges p into the submission's progress (see
	// domain.Progress.Merge) and names its organisation when given.
	MergeProgress(ctx context.Context, submission, campaign, organisation string, p domain.Progress) error
	// PutOrganisation records an organisation's display name, moves on the
	// version of every campaign whose report lists the organisation, and
	// returns those campaigns.
	PutOrganisation(ctx context.Context, name, displayName string) ([]string, error)
	// PutAnswers keeps the answers a save reported, newest version wins.
	PutAnswers(ctx context.Context, submission string, answers []domain.SavedAnswer) error
	// PutForm keeps a published template version.
	PutForm(ctx context.Context, name string, v form.Version) error
	// SetCampaignTemplate records the template version a campaign answers.
	SetCampaignTemplate(ctx context.Context, campaign, version string, partnerships []string) error
	// SetOrganisationDetails records an organisation's type and
	// partnerships.
	SetOrganisationDetails(ctx context.Context, name, typ string, partnerships []string) error
	// SetSubmissionPartnerships records the campaign's partnerships a
	// submission's organisation belongs to.
	SetSubmissionPartnerships(ctx context.Context, submission string, partnerships []string) error
	// PutPartnership keeps the hub of a partnership.
	PutPartnership(ctx context.Context, id, hub string) error
	// PutAction keeps an action as its newest event reported it.
	PutAction(ctx context.Context, a domain.Action) error
}

// ReportTTL is how long a built report stays in the cache.
const ReportTTL = 30 * time.Second

// App is the reporting service's application layer.
type App struct {
	repo  Repository
	cache cache.Cache
	log   *slog.Logger
	memo  memo
}

// New returns the application layer over repo, keeping built reports in c;
// log receives cache failures, which never fail a request.
func New(repo Repository, c cache.Cache, log *slog.Logger) *App {
	return &App{repo: repo, cache: c, log: log}
}
