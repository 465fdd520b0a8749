package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/directory/internal/domain"
)

// CreateOrganisation creates an organisation in existing partnerships and
// records OrganisationCreated.
func (a *App) CreateOrganisation(ctx context.Context, id, displayName string, typ domain.OrganisationType, partnerships []string, externalRef string) (domain.Organisation, error) {
	id, err := resource.ID("organisation_id", id)
	if err != nil {
		return domain.Organisation{}, err
	}
	o, err := domain.NewOrganisation(id, displayName, typ, partnerships, externalRef, a.clock())
	if err != nil {
		return domain.Organisation{}, err
	}
	if err := a.repo.InsertOrganisation(ctx, o, domain.OrganisationCreated{Organisation: o}); err != nil {
		return domain.Organisation{}, err
	}
	return o, nil
}
