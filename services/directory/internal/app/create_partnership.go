package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/directory/internal/domain"
)

// CreatePartnership creates a partnership of an existing hub with the
// requested id (or a new one) and records PartnershipCreated.
func (a *App) CreatePartnership(ctx context.Context, id, hubID, displayName string) (domain.Partnership, error) {
	id, err := resource.ID("partnership_id", id)
	if err != nil {
		return domain.Partnership{}, err
	}
	p, err := domain.NewPartnership(id, hubID, displayName, a.clock())
	if err != nil {
		return domain.Partnership{}, err
	}
	if err := a.repo.InsertPartnership(ctx, p, domain.PartnershipCreated{Partnership: p}); err != nil {
		return domain.Partnership{}, err
	}
	return p, nil
}
