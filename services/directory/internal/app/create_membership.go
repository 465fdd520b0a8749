package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/directory/internal/domain"
)

// CreateMembership gives a person a role in a scope and records
// MembershipCreated.
func (a *App) CreateMembership(ctx context.Context, personID, id string, role domain.Role, scope domain.Scope) (domain.Membership, error) {
	id, err := resource.ID("membership_id", id)
	if err != nil {
		return domain.Membership{}, err
	}
	m, err := domain.NewMembership(personID, id, role, scope, a.clock())
	if err != nil {
		return domain.Membership{}, err
	}
	if err := a.repo.InsertMembership(ctx, m, domain.MembershipCreated{Membership: m}); err != nil {
		return domain.Membership{}, err
	}
	return m, nil
}
