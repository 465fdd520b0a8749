package app

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/assure-audit/assure/pkg/authn"
	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/services/directory/internal/domain"
)

// AccessToken is a signed access token and when it expires.
type AccessToken struct {
	Token  string
	Expiry time.Time
}

// issue signs a token for p.
func (a *App) issue(p domain.Person) (AccessToken, error) {
	tok, exp, err := a.issuer.Issue(p.ID, p.Email, p.DisplayName)
	if err != nil {
		return AccessToken{}, fmt.Errorf("issue token: %w", err)
	}
	return AccessToken{Token: tok, Expiry: exp}, nil
}

// link makes the address of a sign-in link carrying secret.
func (a *App) link(secret string) string {
	u, err := url.Parse(a.set.LinkBase)
	if err != nil {
		return a.set.LinkBase + "?token=" + url.QueryEscape(secret)
	}
	q := u.Query()
	q.Set("token", secret)
	u.RawQuery = q.Encode()
	return u.String()
}

// sendLink makes a link for p, unless too many were made for the address
// lately, and hands it to the mailer. Failures to send are logged, not
// returned: the caller's answer must not depend on them.
func (a *App) sendLink(ctx context.Context, p domain.Person) error {
	plain, digest := authn.NewSecret()
	now := a.clock()
	l := domain.NewSignInLink(digest, p, now)
	stored, err := a.repo.InsertSignInLink(ctx, l, now.Add(-domain.SignInLinkWindow), domain.SignInLinksPerWindow)
	if err != nil {
		return err
	}
	if !stored {
		a.log.WarnContext(ctx, "sign-in links limited", "person", p.ID,
			"limit", domain.SignInLinksPerWindow, "window", domain.SignInLinkWindow.String())
		return nil
	}
	if err := a.mailer.SendSignInLink(ctx, p.Email, a.link(plain), l.ExpireTime); err != nil {
		a.log.ErrorContext(ctx, "sign-in link not sent", "person", p.ID, "error", err.Error())
	}
	return nil
}

// RequestSignInLink sends a sign-in link to the active person with email,
// if there is one. It answers the same whether or not there is.
func (a *App) RequestSignInLink(ctx context.Context, email string) error {
	p, err := a.repo.FindPerson(ctx, domain.NormaliseEmail(email))
	switch {
	case failure.KindOf(err) == failure.KindNotFound:
		return nil
	case err != nil:
		return err
	case !p.Active:
		return nil
	}
	return a.sendLink(ctx, p)
}

// notSignedIn is the one answer to every failed sign-in.
func notSignedIn() error {
	return failure.Unauthenticated("sign-in failed: the link or the email and password are not valid")
}

// RedeemSignInLink marks an unused, unexpired link used and signs its
// active person in.
func (a *App) RedeemSignInLink(ctx context.Context, token string) (AccessToken, error) {
	personID, err := a.repo.RedeemSignInLink(ctx, authn.SecretDigest(token), a.clock())
	if err != nil {
		return AccessToken{}, err
	}
	p, err := a.repo.GetPerson(ctx, personID)
	if err != nil {
		return AccessToken{}, err
	}
	if !p.Active {
		return AccessToken{}, notSignedIn()
	}
	return a.issue(p)
}

// decoyHash is a hash no password matches, checked when there is no real
// one so that a refusal takes as long whatever its reason. It is made once,
// when first needed.
func (a *App) decoyHash() string {
	a.decoy.once.Do(func() {
		plain, _ := authn.NewSecret()
		a.decoy.hash, _ = authn.HashPassword(plain)
	})
	return a.decoy.hash
}

// SignInWithPassword signs in an active admin (hub or partnership admin)
// who has a password. Every failure gets the same answer.
func (a *App) SignInWithPassword(ctx context.Context, email, password string) (AccessToken, error) {
	var hash string
	var person domain.Person
	p, err := a.repo.FindPerson(ctx, domain.NormaliseEmail(email))
	switch {
	case failure.KindOf(err) == failure.KindNotFound:
	case err != nil:
		return AccessToken{}, err
	case p.Active:
		c, err := a.repo.Caller(ctx, p.ID)
		if err != nil {
			return AccessToken{}, err
		}
		if domain.IsAdmin(c.Memberships) {
			if hash, err = a.repo.PasswordHash(ctx, p.ID); err != nil {
				return AccessToken{}, err
			}
			person = p
		}
	}
	if hash == "" {
		_, _ = authn.CheckPassword(a.decoyHash(), password)
		return AccessToken{}, notSignedIn()
	}
	ok, err := authn.CheckPassword(hash, password)
	if err != nil {
		a.log.ErrorContext(ctx, "stored password hash unreadable", "person", person.ID, "error", err.Error())
		return AccessToken{}, notSignedIn()
	}
	if !ok {
		return AccessToken{}, notSignedIn()
	}
	return a.issue(person)
}

// SetPassword sets the password of a person, who must be an admin: only
// admins sign in with a password.
func (a *App) SetPassword(ctx context.Context, personID, password string) error {
	if err := domain.CheckNewPassword(password); err != nil {
		return err
	}
	c, err := a.repo.Caller(ctx, personID)
	if err != nil {
		return err
	}
	if !domain.IsAdmin(c.Memberships) {
		return failure.FailedPrecondition("passwords are for hub and partnership admins: sign in with an emailed link instead")
	}
	hash, err := authn.HashPassword(password)
	if err != nil {
		return fmt.Errorf("hash password: %w", err)
	}
	return a.repo.SetPasswordHash(ctx, personID, hash)
}

// ResolveCaller finds the active person behind verified claims with what
// they hold. The built-in issuer's subject is the person's id; another
// issuer's identity is looked up, and on first sight matched to an active
// person by email and recorded. Unknown or inactive people are
// Unauthenticated.
func (a *App) ResolveCaller(ctx context.Context, c authn.Claims) (domain.Caller, error) {
	personID := c.Subject
	if c.Issuer != a.set.IssuerURL {
		id, ok, err := a.repo.IdentityPerson(ctx, c.Issuer, c.Subject)
		if err != nil {
			return domain.Caller{}, err
		}
		if !ok {
			email := domain.NormaliseEmail(c.Email)
			if email == "" {
				return domain.Caller{}, failure.Unauthenticated("no active person is known by this sign-in")
			}
			if id, err = a.repo.LinkIdentity(ctx, c.Issuer, c.Subject, email, a.clock()); err != nil {
				return domain.Caller{}, err
			}
		}
		personID = id
	}
	caller, err := a.repo.Caller(ctx, personID)
	if failure.KindOf(err) == failure.KindNotFound || (err == nil && !caller.Person.Active) {
		return domain.Caller{}, failure.Unauthenticated("no active person is known by this sign-in")
	}
	return caller, err
}

// GetCaller returns a person with everything they hold.
func (a *App) GetCaller(ctx context.Context, personID string) (domain.Caller, error) {
	return a.repo.Caller(ctx, personID)
}
