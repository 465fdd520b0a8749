package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/directory/internal/domain"
)

// CreateHub creates a hub with the requested id (or a new one) and makes
// its creator its first hub admin, recording HubCreated and
// MembershipCreated.
func (a *App) CreateHub(ctx context.Context, creatorID, id, displayName string) (domain.Hub, error) {
	id, err := resource.ID("hub_id", id)
	if err != nil {
		return domain.Hub{}, err
	}
	now := a.clock()
	h, err := domain.NewHub(id, displayName, now)
	if err != nil {
		return domain.Hub{}, err
	}
	m, err := domain.NewMembership(creatorID, resource.NewID(), domain.RoleHubAdmin, domain.HubScope(id), now)
	if err != nil {
		return domain.Hub{}, err
	}
	if err := a.repo.InsertHub(ctx, h, &m, domain.HubCreated{Hub: h}, domain.MembershipCreated{Membership: m}); err != nil {
		return domain.Hub{}, err
	}
	return h, nil
}
