// Package directory is the directory service: hubs, the partnerships they
// host, the organisations that belong to partnerships, people and the roles
// they hold, and consortia; and the platform's built-in sign-in (emailed
// single-use links, passwords for admins) with the issuer of its access
// tokens. It publishes an event for every change (hub.created,
// partnership.created, organisation.created, person.created,
// person.updated, membership.created, membership.deleted,
// consortium.created).
//
// New is its only door: the single binary and the tests build it the same
// way with different infrastructure. Besides its API, the service hands the
// process what the other services need to authenticate and authorise
// callers: its access table, a resolver of principals, the built-in
// issuer's public keys, and PrincipalFromCaller for the answers of GetCaller.
package directory

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/assure-audit/assure/pkg/authn"
	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/cache"
	"github.com/assure-audit/assure/pkg/eventing"
	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/outbox"
	"github.com/assure-audit/assure/pkg/store"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	"github.com/assure-audit/assure/services/directory/internal/app"
	"github.com/assure-audit/assure/services/directory/internal/domain"
	"github.com/assure-audit/assure/services/directory/internal/events"
	"github.com/assure-audit/assure/services/directory/internal/grpcapi"
	"github.com/assure-audit/assure/services/directory/internal/protoconv"
	dirstore "github.com/assure-audit/assure/services/directory/internal/store"
	"github.com/assure-audit/assure/services/directory/migrations"
	jose "github.com/go-jose/go-jose/v4"
	"google.golang.org/grpc"
)

// Name is the service's name: its module target, schema and event prefix.
const Name = events.Service

// Defaults of Config.
const (
	DefaultIssuerURL      = "http://localhost:8080"
	DefaultAudience       = "assure"
	DefaultTokenTTL       = time.Hour
	DefaultSignInLinkBase = "http://localhost:8080/sign-in"
	DefaultBootstrapEmail = "admin@localhost"
)

// Config is the directory's own configuration. Zero values take the
// defaults above.
type Config struct {
	// IssuerURL names the built-in issuer: the iss of the tokens it signs,
	// which every service's verifier must be given.
	IssuerURL string
	// Audience is the aud of the tokens the built-in issuer signs.
	Audience string
	// TokenTTL is how long those tokens are valid.
	TokenTTL time.Duration
	// SignInLinkBase is the address sign-in links point at; the secret is
	// added as the query parameter "token".
	SignInLinkBase string
	// BootstrapEmail is the first hub admin's address, used when the
	// directory starts with no people.
	BootstrapEmail string
	// BootstrapPassword, if set, is the first hub admin's password (at
	// least 12 characters).
	BootstrapPassword string
}

func (c Config) withDefaults() Config {
	if c.IssuerURL == "" {
		c.IssuerURL = DefaultIssuerURL
	}
	if c.Audience == "" {
		c.Audience = DefaultAudience
	}
	if c.TokenTTL <= 0 {
		c.TokenTTL = DefaultTokenTTL
	}
	if c.SignInLinkBase == "" {
		c.SignInLinkBase = DefaultSignInLinkBase
	}
	if c.BootstrapEmail == "" {
		c.BootstrapEmail = DefaultBootstrapEmail
	}
	return c
}

// Mailer sends sign-in links to people.
type Mailer interface {
	SendSignInLink(ctx context.Context, email, link string, expires time.Time) error
}

// logMailer is the default Mailer: it writes links to the log, which is
// where the embedded default shows them.
type logMailer struct{ log *slog.Logger }

func (m logMailer) SendSignInLink(ctx context.Context, email, link string, expires time.Time) error {
	m.log.InfoContext(ctx, "sign-in link", "email", email, "link", link, "expires", expires)
	return nil
}

// Deps are the infrastructure the directory runs on.
type Deps struct {
	DB     *store.DB
	Bus    *natsbus.Bus
	Logger *slog.Logger
	// Now is the clock (time.Now if nil); it also dates and checks the
	// built-in issuer's tokens.
	Now func() time.Time
	// Mailer sends sign-in links; by default they are logged at INFO
	// ("sign-in link", with attributes email and link).
	Mailer Mailer
	// Issuers are the outside OpenID Connect providers whose tokens the
	// directory accepts besides its own.
	Issuers []authn.IssuerConfig
	// Cache, if set, keeps resolved principals briefly.
	Cache cache.Cache
	// AccessLog records audited calls (slog at INFO by default).
	AccessLog authz.AccessLog
}

// Service is a running directory.
type Service struct {
	api   *grpcapi.Server
	relay *outbox.Relay
	app   *app.App
	table authz.Table
	guard *authz.Guard
}

// New migrates the database, makes sure the event stream and a signing key
// exist, bootstraps a directory with no people, and builds the service.
func New(ctx context.Context, cfg Config, d Deps) (*Service, error) {
	cfg = cfg.withDefaults()
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Mailer == nil {
		d.Mailer = logMailer{log: d.Logger}
	}
	if d.AccessLog == nil {
		d.AccessLog = authz.SlogAccessLog{Logger: d.Logger}
	}
	relay, err := eventing.Prepare(ctx, eventing.Setup{Service: Name, DB: d.DB, Bus: d.Bus, Logger: d.Logger,
		Migrations: migrations.FS, Publishes: true})
	if err != nil {
		return nil, err
	}
	// After every change the relay sends its events at once, and principals
	// cached before it are resolved again (see authz.Bump).
	wake := relay.Notify
	if d.Cache != nil {
		wake = func() {
			relay.Notify()
			if err := authz.Bump(context.WithoutCancel(ctx), d.Cache); err != nil {
				d.Logger.Warn("could not start a new directory generation; cached callers expire on their own", "error", err)
			}
		}
	}
	repo := dirstore.New(&outbox.Writer[domain.Event]{DB: d.DB, Service: Name, Subject: d.Bus.Subject,
		Encode: events.Encode, Wake: wake})
	keys, err := app.SigningKeys(ctx, repo)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	issuer := authn.NewIssuer(cfg.IssuerURL, cfg.Audience, keys[len(keys)-1], cfg.TokenTTL, authn.WithClock(d.Now))
	a := app.New(repo, d.Now, d.Mailer, issuer, app.Settings{IssuerURL: cfg.IssuerURL, LinkBase: cfg.SignInLinkBase}, d.Logger)
	if err := a.Bootstrap(ctx, cfg.BootstrapEmail, cfg.BootstrapPassword); err != nil {
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	verifier, err := authn.NewVerifier(append([]authn.IssuerConfig{BuiltInIssuer(cfg, authn.KeyFunc(a.KeySet, authn.WithClock(d.Now)))},
		d.Issuers...), authn.WithClock(d.Now))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	s := &Service{api: grpcapi.New(a), relay: relay, app: a, table: grpcapi.AccessTable(a)}
	s.guard = &authz.Guard{
		Table: authz.Merge(authz.Infrastructure, s.table),
		Auth:  &authz.Tokens{Verifier: verifier, Resolver: s.Resolver(), Cache: d.Cache},
		Log:   d.AccessLog,
	}
	return s, nil
}

// BuiltInIssuer is the built-in issuer as a verifier must know it: its
// name and audience from cfg (or their defaults) and its public keys from
// keys, for instance authn.KeyFunc over Service.KeySet in the same process
// or over the GetSigningKeys RPC in another.
func BuiltInIssuer(cfg Config, keys authn.KeySource) authn.IssuerConfig {
	cfg = cfg.withDefaults()
	return authn.IssuerConfig{Issuer: cfg.IssuerURL, Audience: cfg.Audience, Algorithms: []string{"EdDSA"}, Keys: keys}
}

// RegisterGRPC registers the directory's API on s.
func (s *Service) RegisterGRPC(r grpc.ServiceRegistrar) {
	directoryv1.RegisterDirectoryServiceServer(r, s.api)
}

// ServiceNames are the gRPC services registered, for health checking.
func (s *Service) ServiceNames() []string {
	return []string{directoryv1.DirectoryService_ServiceDesc.ServiceName}
}

// AccessTable is the rule of every directory RPC, to merge into the guard
// of the server the directory is registered on.
func (s *Service) AccessTable() authz.Table { return s.table }

// Guard is a guard for a server that carries the directory alone: the
// infrastructure's and the directory's rules, tokens of the built-in
// issuer and of Deps.Issuers, and the directory's own resolver.
func (s *Service) Guard() *authz.Guard { return s.guard }

// Resolver resolves the people behind verified tokens straight from the
// directory's database, for guards in the directory's own process.
func (s *Service) Resolver() authz.Resolver { return localResolver{app: s.app} }

// KeySet returns the built-in issuer's public keys.
func (s *Service) KeySet(ctx context.Context) (jose.JSONWebKeySet, error) { return s.app.KeySet(ctx) }

// Run relays events until ctx is done.
func (s *Service) Run(ctx context.Context) error { return eventing.Run(ctx, s.relay, nil) }

type localResolver struct{ app *app.App }

func (r localResolver) Resolve(ctx context.Context, claims authn.Claims, _ string) (authz.Principal, error) {
	c, err := r.app.ResolveCaller(ctx, claims)
	if err != nil {
		return authz.Principal{}, err
	}
	return PrincipalFromCaller(protoconv.Caller(c)), nil
}

// PrincipalFromCaller turns the answer of GetCaller into the principal the
// access rules work with (ids rather than resource names).
func PrincipalFromCaller(c *directoryv1.Caller) authz.Principal {
	p := authz.Principal{
		PersonID:                 idOf(c.GetPerson().GetName()),
		Email:                    c.GetPerson().GetEmail(),
		PartnershipHubs:          map[string]string{},
		OrganisationPartnerships: map[string][]string{},
	}
	for _, m := range c.GetMemberships() {
		role := authz.Role(protoconv.DomainRole(m.GetRole()))
		if !role.Valid() {
			continue
		}
		p.Memberships = append(p.Memberships, authz.Membership{Role: role,
			Hub: idOf(m.GetHub()), Partnership: idOf(m.GetPartnership()), Organisation: idOf(m.GetOrganisation())})
	}
	for pname, hname := range c.GetPartnershipHubs() {
		p.PartnershipHubs[idOf(pname)] = idOf(hname)
	}
	for oname, ps := range c.GetOrganisationPartnerships() {
		ids := make([]string, 0, len(ps.GetNames()))
		for _, n := range ps.GetNames() {
			ids = append(ids, idOf(n))
		}
		slices.Sort(ids)
		p.OrganisationPartnerships[idOf(oname)] = ids
	}
	return p
}

// idOf returns the id at the end of a resource name ("" for "").
func idOf(name string) string { return name[strings.LastIndexByte(name, '/')+1:] }
