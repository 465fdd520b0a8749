package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/directory/internal/domain"
)

// GetPartnership returns one partnership.
func (a *App) GetPartnership(ctx context.Context, id string) (domain.Partnership, error) {
	return a.repo.GetPartnership(ctx, id)
}

// ListPartnerships returns one page of partnerships and the next page token.
func (a *App) ListPartnerships(ctx context.Context, page resource.Page) ([]domain.Partnership, string, error) {
	ps, err := a.repo.ListPartnerships(ctx, page.Offset, page.Size)
	if err != nil {
		return nil, "", err
	}
	return ps, page.Next(len(ps)), nil
}

// GetOrganisation returns one organisation.
func (a *App) GetOrganisation(ctx context.Context, id string) (domain.Organisation, error) {
	return a.repo.GetOrganisation(ctx, id)
}

// ListOrganisations returns one page of organisations, of one partnership
// if partnershipID is set.
func (a *App) ListOrganisations(ctx context.Context, partnershipID string, page resource.Page) ([]domain.Organisation, string, error) {
	if partnershipID != "" {
		if _, err := a.repo.GetPartnership(ctx, partnershipID); err != nil {
			return nil, "", err
		}
	}
	os, err := a.repo.ListOrganisations(ctx, partnershipID, page.Offset, page.Size)
	if err != nil {
		return nil, "", err
	}
	return os, page.Next(len(os)), nil
}
