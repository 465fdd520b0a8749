// Package authn answers "who is calling": it verifies bearer access tokens
// (signed JWTs) from the identity providers a deployment trusts and from the
// platform's own built-in issuer, and it provides the pieces the sign-in flows
// need (password hashing, one-time secrets for emailed links, and carrying
// the verified claims in a context).
//
// A Verifier holds one IssuerConfig per trusted issuer. Each names where that
// issuer's public keys come from (a KeySource): an OpenID Connect provider
// found by discovery (NewOIDC), a function such as a gRPC call to the service
// that holds the built-in issuer's keys (KeyFunc), or a fixed set
// (StaticKeys). Every refusal is an error that matches ErrUnauthenticated,
// so transports map it to one status without inspecting messages.
//
// What this package decides is only who the caller is. What the caller may
// do is decided elsewhere, from Claims.Issuer and Claims.Subject (the pair
// that identifies a person at a provider; an email address from an external
// provider is not proof of ownership).
package authn

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrUnauthenticated matches every refusal of a token or credential.
var ErrUnauthenticated = errors.New("unauthenticated")

// refuse returns an error matching ErrUnauthenticated with a short reason.
// Reasons never contain the token or values read from it.
func refuse(reason string) error {
	return fmt.Errorf("authn: %w: %s", ErrUnauthenticated, reason)
}

// Claims are the verified facts an access token states about its bearer.
type Claims struct {
	// Issuer (iss) is the provider that signed the token.
	Issuer string
	// Subject (sub) identifies the person or client at the issuer; together
	// with Issuer it is the stable identity of the caller.
	Subject string
	// Email is the address the issuer associates with the subject, if any.
	Email string
	// Audience (aud) lists the recipients the token is meant for.
	Audience []string
	// Expiry (exp), NotBefore (nbf) and IssuedAt (iat) bound the token's
	// validity; NotBefore and IssuedAt are zero when absent.
	Expiry, NotBefore, IssuedAt time.Time
	// ID (jti) is the token's unique identifier, if any.
	ID string
	// Name is the display name of the subject, if any.
	Name string
}

// Option adjusts a Verifier, a KeyCache or an Issuer. Each option says what
// it affects; the others ignore it.
type Option func(*settings)

type settings struct {
	now          func() time.Time
	leeway       time.Duration
	minRefresh   time.Duration
	refresh      time.Duration
	fetchTimeout time.Duration
}

func newSettings(opts []Option) settings {
	s := settings{
		now:          time.Now,
		leeway:       DefaultLeeway,
		minRefresh:   DefaultMinRefreshInterval,
		refresh:      DefaultRefreshInterval,
		fetchTimeout: DefaultFetchTimeout,
	}
	for _, o := range opts {
		if o != nil {
			o(&s)
		}
	}
	if s.minRefresh < MinRefreshFloor {
		s.minRefresh = MinRefreshFloor
	}
	if s.refresh < s.minRefresh {
		s.refresh = s.minRefresh
	}
	if s.leeway < 0 {
		s.leeway = 0
	}
	if s.fetchTimeout <= 0 {
		s.fetchTimeout = DefaultFetchTimeout
	}
	return s
}

// Defaults of the options.
const (
	// DefaultLeeway is the clock skew tolerated when checking exp, nbf and iat.
	DefaultLeeway = 30 * time.Second
	// DefaultMinRefreshInterval is the least time between two fetches of an
	// issuer's keys, however many tokens with unknown key ids arrive.
	DefaultMinRefreshInterval = 5 * time.Minute
	// MinRefreshFloor is the least minimum refresh interval that can be
	// configured: at most one fetch per 10 seconds, whatever the options.
	MinRefreshFloor = 10 * time.Second
	// DefaultRefreshInterval is the age after which cached keys are fetched
	// again even if every token's key is known.
	DefaultRefreshInterval = time.Hour
	// DefaultFetchTimeout bounds one fetch of an issuer's keys.
	DefaultFetchTimeout = 10 * time.Second
)

// WithClock makes a Verifier, KeyCache or Issuer read the time from now
// instead of the system clock.
func WithClock(now func() time.Time) Option {
	return func(s *settings) {
		if now != nil {
			s.now = now
		}
	}
}

// WithLeeway sets the clock skew a Verifier tolerates (default 30s).
func WithLeeway(d time.Duration) Option {
	return func(s *settings) { s.leeway = d }
}

// WithMinRefreshInterval sets the least time between two fetches of a
// KeyCache (default 5 minutes, never less than MinRefreshFloor).
func WithMinRefreshInterval(d time.Duration) Option {
	return func(s *settings) { s.minRefresh = d }
}

// WithRefreshInterval sets the age after which a KeyCache fetches its keys
// again (default 1 hour, never less than the minimum refresh interval).
func WithRefreshInterval(d time.Duration) Option {
	return func(s *settings) { s.refresh = d }
}

// WithFetchTimeout bounds one fetch of a KeyCache (default 10s).
func WithFetchTimeout(d time.Duration) Option {
	return func(s *settings) { s.fetchTimeout = d }
}

type claimsKey struct{}

// WithClaims returns a copy of ctx carrying the verified claims.
func WithClaims(ctx context.Context, c Claims) context.Context {
	return context.WithValue(ctx, claimsKey{}, c)
}

// ClaimsFrom returns the claims WithClaims put in ctx, if any.
func ClaimsFrom(ctx context.Context) (Claims, bool) {
	c, ok := ctx.Value(claimsKey{}).(Claims)
	return c, ok
}

// BearerToken extracts the token from the value of an Authorization header
// ("Bearer <token>", the scheme in any case). An empty value, another scheme
// or a missing or malformed token is refused with ErrUnauthenticated.
func BearerToken(authorization string) (string, error) {
	v := strings.TrimSpace(authorization)
	if v == "" {
		return "", refuse("no credentials")
	}
	scheme, token, ok := strings.Cut(v, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", refuse("not a bearer token")
	}
	token = strings.TrimSpace(token)
	if token == "" {
		return "", refuse("empty bearer token")
	}
	if strings.ContainsAny(token, " \t\r\n") {
		return "", refuse("malformed bearer token")
	}
	return token, nil
}
