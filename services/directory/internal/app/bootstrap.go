package app

import (
	"context"
	"fmt"

	"github.com/assure-audit/assure/pkg/authn"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/directory/internal/domain"
)

// BootstrapDisplayName is the name the first admin starts with.
const BootstrapDisplayName = "Hub admin"

// Bootstrap makes a directory with no people usable: the default hub (if
// missing), a hub admin with email, the password if one is given, and a
// sign-in link, which is logged and mailed. It does nothing if anyone is in
// the directory, and is safe when several replicas start at once.
func (a *App) Bootstrap(ctx context.Context, email, password string) error {
	email = domain.NormaliseEmail(email)
	if !domain.ValidEmail(email) {
		return fmt.Errorf("bootstrap: %q is not an email address", email)
	}
	var hash string
	if password != "" {
		if err := domain.CheckNewPassword(password); err != nil {
			return fmt.Errorf("bootstrap password: %w", err)
		}
		var err error
		if hash, err = authn.HashPassword(password); err != nil {
			return fmt.Errorf("bootstrap password: %w", err)
		}
	}
	plain, digest := authn.NewSecret()
	var link domain.SignInLink
	done, err := a.repo.Bootstrap(ctx, func(hubExists bool) (BootstrapPlan, error) {
		now := a.clock()
		p, err := domain.NewPerson(resource.NewID(), email, BootstrapDisplayName, now)
		if err != nil {
			return BootstrapPlan{}, err
		}
		m, err := domain.NewMembership(p.ID, resource.NewID(), domain.RoleHubAdmin, domain.HubScope(domain.DefaultHubID), now)
		if err != nil {
			return BootstrapPlan{}, err
		}
		plan := BootstrapPlan{Person: p, Membership: m, PasswordHash: hash, Link: domain.NewSignInLink(digest, p, now)}
		if !hubExists {
			h, err := domain.NewHub(domain.DefaultHubID, "Default hub", now)
			if err != nil {
				return BootstrapPlan{}, err
			}
			plan.Hub = &h
			plan.Events = append(plan.Events, domain.HubCreated{Hub: h})
		}
		plan.Events = append(plan.Events, domain.PersonCreated{Person: p}, domain.MembershipCreated{Membership: m})
		link = plan.Link
		return plan, nil
	})
	if err != nil {
		return fmt.Errorf("bootstrap: %w", err)
	}
	if !done {
		return nil
	}
	addr := a.link(plain)
	a.log.InfoContext(ctx, "bootstrap sign-in link", "email", email, "link", addr, "expires", link.ExpireTime)
	if err := a.mailer.SendSignInLink(ctx, email, addr, link.ExpireTime); err != nil {
		a.log.ErrorContext(ctx, "bootstrap sign-in link not sent", "error", err.Error())
	}
	return nil
}
