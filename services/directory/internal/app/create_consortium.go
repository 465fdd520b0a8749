package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/directory/internal/domain"
)

// CreateConsortium groups partnerships of a hub and records
// ConsortiumCreated.
func (a *App) CreateConsortium(ctx context.Context, hubID, id, displayName string, partnerships []string) (domain.Consortium, error) {
	id, err := resource.ID("consortium_id", id)
	if err != nil {
		return domain.Consortium{}, err
	}
	c, err := domain.NewConsortium(hubID, id, displayName, partnerships, a.clock())
	if err != nil {
		return domain.Consortium{}, err
	}
	if err := a.repo.InsertConsortium(ctx, c, domain.ConsortiumCreated{Consortium: c}); err != nil {
		return domain.Consortium{}, err
	}
	return c, nil
}
