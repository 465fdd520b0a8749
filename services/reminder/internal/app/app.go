// Package app holds the reminder's use cases: one command or query per
// file, and the interfaces they need from storage.
package app

import (
	"context"
	"time"

	"github.com/assure-audit/assure/pkg/mail"
	"github.com/assure-audit/assure/services/reminder/internal/domain"
)

// Repository reads the reminder's read model.
type Repository interface {
	// CampaignKnown reports whether any event has named the campaign.
	CampaignKnown(ctx context.Context, campaign string) (bool, error)
	// ListOutstanding lists one page of the campaign's outstanding
	// submissions (see domain.Outstanding), ordered by organisation, each
	// with its campaign's due time, and how many there are in all.
	ListOutstanding(ctx context.Context, campaign string, offset, limit int) ([]domain.Submission, int, error)
}

// Changes writes the read model inside the transaction that applies one
// event. Each change follows the domain's rules, so the result does not
// depend on the order the events arrive in.
type Changes interface {
	// ObserveCampaign merges what an event reports of a campaign into what
	// is known of it (see domain.Campaign.Merge).
	ObserveCampaign(ctx context.Context, c domain.Campaign) error
	// LaunchSubmission records a submission as its campaign's launch, or
	// the organisations added to it, report it (see
	// domain.Submission.Launch).
	LaunchSubmission(ctx context.Context, name, campaign, organisation string) error
	// ReportSubmission records a status reported of a submission (see
	// domain.Submission.Report).
	ReportSubmission(ctx context.Context, name, campaign, organisation string, status domain.Status, at time.Time) error
	// ObserveDetails keeps a campaign's name, dates and partnerships as
	// the newest event reported them.
	ObserveDetails(ctx context.Context, d domain.CampaignDetails) error
	// RecordAnswered notes questions answered in a submission.
	RecordAnswered(ctx context.Context, submission string, keys []string) error
	// PutPerson, PutMembership, DeleteMembership and PutName keep the
	// copies of the directory that say who to write to.
	PutPerson(ctx context.Context, p domain.Person) error
	PutMembership(ctx context.Context, personID, role, scope string) error
	DeleteMembership(ctx context.Context, personID, role, scope string) error
	PutName(ctx context.Context, name, displayName string) error
}

// Reminders reads what the scheduler needs.
type Reminders interface {
	ChasedCampaigns(ctx context.Context) ([]domain.Chased, error)
	ChasedCampaign(ctx context.Context, name string) (domain.Chased, bool, error)
	AllOutstanding(ctx context.Context, campaign string) ([]domain.Submission, error)
	SentReminders(ctx context.Context, campaign string) (map[string]map[string]bool, error)
	People(ctx context.Context, scope string, roles ...string) ([]domain.Person, error)
	Answered(ctx context.Context, campaign string) (map[string]int, error)
	DisplayName(ctx context.Context, name string) (string, error)
	Policy(ctx context.Context, campaign string) (domain.Policy, bool, error)
	SavePolicy(ctx context.Context, campaign string, p domain.Policy, before int64) (bool, error)
	ListDeliveries(ctx context.Context, campaign, submission string, offset, limit int) ([]domain.Delivery, error)
	// Owed reports whether a submission is still owed.
	Owed(ctx context.Context, submission string) (bool, error)
}

// Deliveries keeps deliveries and their outcomes.
type Deliveries interface {
	Insert(ctx context.Context, ds []domain.Delivery) (int, error)
	MessagesDue(ctx context.Context, now time.Time, limit int) ([]string, error)
	Claim(ctx context.Context, messageID string, now time.Time, hold time.Duration) ([]domain.Delivery, error)
	Finish(ctx context.Context, ds []domain.Delivery) error
	RecordChase(ctx context.Context, requestID, campaign string, now time.Time) (bool, error)
}

// Mail is what the reminder writes with: who messages come from, where
// people sign in, and the sender.
type Mail struct {
	From      mail.Address
	SignInURL string
	Sender    mail.Sender
}

// App is the reminder's application layer.
type App struct {
	repo       Repository
	reminders  Reminders
	deliveries Deliveries
	mail       Mail
	now        func() time.Time
	// hold is how long a claimed message is left to its sender before
	// another may send it again (a sender that died mid-send).
	hold time.Duration
}

// New returns the application layer.
func New(repo Repository, reminders Reminders, deliveries Deliveries, m Mail, now func() time.Time) *App {
	return &App{repo: repo, reminders: reminders, deliveries: deliveries, mail: m, now: now, hold: 5 * time.Minute}
}

// SetSendHold changes how long a claimed message is left to its sender.
func (a *App) SetSendHold(d time.Duration) {
	if d > 0 {
		a.hold = d
	}
}

// clock reads the time in UTC, cut to the microsecond both databases keep.
func (a *App) clock() time.Time { return a.now().UTC().Truncate(time.Microsecond) }
