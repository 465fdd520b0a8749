package app

import (
	"context"

	"github.com/assure-audit/assure/services/directory/internal/domain"
)

// DeleteMembership takes a role away from a person and records
// MembershipDeleted. The last hub admin of a hub keeps the role.
func (a *App) DeleteMembership(ctx context.Context, personID, id string) error {
	return a.repo.DeleteMembership(ctx, personID, id, func(m domain.Membership) []domain.Event {
		return []domain.Event{domain.MembershipDeleted{Membership: m}}
	})
}
