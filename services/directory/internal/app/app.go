// Package app holds the directory's use cases: one command or query per
// file, and the interfaces they need from storage, mail and token signing.
package app

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/assure-audit/assure/services/directory/internal/domain"
)

// Repository stores the directory. Writes record the given events in the
// same transaction; updates take a function so that transactions stay in
// the store. Lists take a viewer and return only what it may see.
type Repository interface {
	InsertHub(ctx context.Context, h domain.Hub, admin *domain.Membership, events ...domain.Event) error
	GetHub(ctx context.Context, id string) (domain.Hub, error)
	ListHubs(ctx context.Context, v domain.Viewer, offset, limit int) ([]domain.Hub, error)

	InsertPartnership(ctx context.Context, p domain.Partnership, events ...domain.Event) error
	GetPartnership(ctx context.Context, id string) (domain.Partnership, error)
	// ListPartnerships lists partnerships, of one hub when hubID is set.
	ListPartnerships(ctx context.Context, v domain.Viewer, hubID string, offset, limit int) ([]domain.Partnership, error)
	// PartnershipHubs maps the partnerships among ids that exist to their hubs.
	PartnershipHubs(ctx context.Context, ids []string) (map[string]string, error)

	InsertOrganisation(ctx context.Context, o domain.Organisation, events ...domain.Event) error
	GetOrganisation(ctx context.Context, id string) (domain.Organisation, error)
	// ListOrganisations lists organisations, of one partnership when
	// partnershipID is set.
	ListOrganisations(ctx context.Context, v domain.Viewer, partnershipID string, offset, limit int) ([]domain.Organisation, error)
	// ImportOrganisations calls plan with the partnership's organisations
	// and, unless it fails, stores what it returns with an
	// OrganisationCreated event each, in one transaction.
	ImportOrganisations(ctx context.Context, partnershipID string, plan func(existing []domain.Organisation) ([]domain.Organisation, error)) error

	InsertPerson(ctx context.Context, p domain.Person, events ...domain.Event) error
	GetPerson(ctx context.Context, id string) (domain.Person, error)
	// FindPerson finds a person by normalised email.
	FindPerson(ctx context.Context, email string) (domain.Person, error)
	UpdatePerson(ctx context.Context, id string, change func(domain.Person) (domain.Person, []domain.Event, error)) (domain.Person, error)
	ListPeople(ctx context.Context, v domain.Viewer, f PeopleFilter, offset, limit int) ([]domain.Person, error)
	// SeesPerson reports whether v may see person id (adminOnly: as one of
	// the person's admins, not as themselves or their organisation lead).
	SeesPerson(ctx context.Context, v domain.Viewer, id string, adminOnly bool) (bool, error)
	// ImportPeople calls plan with the partnership's organisations, the
	// people known by emails and their memberships and, unless it fails,
	// stores what it returns with PersonCreated and MembershipCreated
	// events, in one transaction.
	ImportPeople(ctx context.Context, partnershipID string, emails []string,
		plan func(orgs []domain.Organisation, known []domain.Person, held []domain.Membership) (domain.PeopleImport, error)) error
	PasswordHash(ctx context.Context, personID string) (string, error)
	SetPasswordHash(ctx context.Context, personID, hash string) error

	InsertMembership(ctx context.Context, m domain.Membership, events ...domain.Event) error
	GetMembership(ctx context.Context, personID, id string) (domain.Membership, error)
	// DeleteMembership deletes a membership and records the events made
	// from it.
	DeleteMembership(ctx context.Context, personID, id string, events func(domain.Membership) []domain.Event) error
	ListMemberships(ctx context.Context, v domain.Viewer, personID string, offset, limit int) ([]domain.Membership, error)

	InsertConsortium(ctx context.Context, c domain.Consortium, events ...domain.Event) error
	GetConsortium(ctx context.Context, hubID, id string) (domain.Consortium, error)
	ListConsortia(ctx context.Context, v domain.Viewer, hubID string, offset, limit int) ([]domain.Consortium, error)

	// Caller loads a person with everything they hold.
	Caller(ctx context.Context, personID string) (domain.Caller, error)

	// InsertSignInLink stores l unless at least max links were made for its
	// email since since; it reports whether it stored it.
	InsertSignInLink(ctx context.Context, l domain.SignInLink, since time.Time, max int) (bool, error)
	// RedeemSignInLink marks the unused, unexpired link with digest used
	// and returns its person; any other link is Unauthenticated.
	RedeemSignInLink(ctx context.Context, digest string, now time.Time) (string, error)
	// IdentityPerson returns the person recorded for an outside identity.
	IdentityPerson(ctx context.Context, issuer, subject string) (string, bool, error)
	// LinkIdentity records an outside identity for the active person with
	// email, returning that person (or the one recorded first by a
	// concurrent call).
	LinkIdentity(ctx context.Context, issuer, subject, email string, now time.Time) (string, error)

	// EnsureSigningKey stores the key make returns if there is none yet, and
	// returns every stored key, oldest first.
	EnsureSigningKey(ctx context.Context, make func() (StoredKey, error)) ([]StoredKey, error)
	SigningKeys(ctx context.Context) ([]StoredKey, error)

	// Bootstrap calls plan and stores what it returns if there are no people
	// at all, in one transaction that concurrent starts take in turn; it
	// reports whether it did.
	Bootstrap(ctx context.Context, plan func(hubExists bool) (BootstrapPlan, error)) (bool, error)
}

// PeopleFilter narrows a list of people to those with a membership in a
// partnership (or one of its organisations) or in an organisation.
type PeopleFilter struct {
	PartnershipID  string
	OrganisationID string
}

// StoredKey is a signing key in its stored form.
type StoredKey struct {
	ID         string
	Data       []byte
	CreateTime time.Time
}

// BootstrapPlan is what the first start adds: the default hub (unless it
// exists), its first admin with a membership, optionally a password hash,
// and a sign-in link.
type BootstrapPlan struct {
	Hub          *domain.Hub
	Person       domain.Person
	Membership   domain.Membership
	PasswordHash string
	Link         domain.SignInLink
	Events       []domain.Event
}

// Mailer sends sign-in links.
type Mailer interface {
	SendSignInLink(ctx context.Context, email, link string, expires time.Time) error
}

// TokenIssuer signs access tokens for people.
type TokenIssuer interface {
	Issue(subject, email, name string) (token string, expiry time.Time, err error)
}

// Settings are the parts of the directory's configuration the use cases
// read.
type Settings struct {
	// IssuerURL names the built-in issuer (the iss of its tokens).
	IssuerURL string
	// LinkBase is the address sign-in links point at; the token is added
	// as the query parameter "token".
	LinkBase string
}

// App is the directory's application layer.
type App struct {
	repo   Repository
	now    func() time.Time
	mailer Mailer
	issuer TokenIssuer
	set    Settings
	log    *slog.Logger
	decoy  struct {
		once sync.Once
		hash string
	}
}

// New returns the application layer over repo; now is the clock.
func New(repo Repository, now func() time.Time, mailer Mailer, issuer TokenIssuer, set Settings, log *slog.Logger) *App {
	return &App{repo: repo, now: now, mailer: mailer, issuer: issuer, set: set, log: log}
}

// clock reads the time in UTC, cut to the microsecond that both databases
// keep, so what a write returns equals what a later read gives.
func (a *App) clock() time.Time { return a.now().UTC().Truncate(time.Microsecond) }
