package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/directory/internal/domain"
)

// GetHub returns one hub.
func (a *App) GetHub(ctx context.Context, id string) (domain.Hub, error) {
	return a.repo.GetHub(ctx, id)
}

// ListHubs returns one page of the hubs v may see and the next page token.
func (a *App) ListHubs(ctx context.Context, v domain.Viewer, page resource.Page) ([]domain.Hub, string, error) {
	hs, err := a.repo.ListHubs(ctx, v, page.Offset, page.Size)
	if err != nil {
		return nil, "", err
	}
	return hs, page.Next(len(hs)), nil
}

// GetPartnership returns one partnership.
func (a *App) GetPartnership(ctx context.Context, id string) (domain.Partnership, error) {
	return a.repo.GetPartnership(ctx, id)
}

// ListPartnerships returns one page of the partnerships v may see, of one
// hub if hubID is set, and the next page token.
func (a *App) ListPartnerships(ctx context.Context, v domain.Viewer, hubID string, page resource.Page) ([]domain.Partnership, string, error) {
	if hubID != "" {
		if _, err := a.repo.GetHub(ctx, hubID); err != nil {
			return nil, "", err
		}
	}
	ps, err := a.repo.ListPartnerships(ctx, v, hubID, page.Offset, page.Size)
	if err != nil {
		return nil, "", err
	}
	return ps, page.Next(len(ps)), nil
}

// PartnershipHubs maps the partnerships among ids that exist to their hubs.
func (a *App) PartnershipHubs(ctx context.Context, ids ...string) (map[string]string, error) {
	return a.repo.PartnershipHubs(ctx, ids)
}

// GetOrganisation returns one organisation.
func (a *App) GetOrganisation(ctx context.Context, id string) (domain.Organisation, error) {
	return a.repo.GetOrganisation(ctx, id)
}

// ListOrganisations returns one page of the organisations v may see, of one
// partnership if partnershipID is set.
func (a *App) ListOrganisations(ctx context.Context, v domain.Viewer, partnershipID string, page resource.Page) ([]domain.Organisation, string, error) {
	if partnershipID != "" {
		if _, err := a.repo.GetPartnership(ctx, partnershipID); err != nil {
			return nil, "", err
		}
	}
	os, err := a.repo.ListOrganisations(ctx, v, partnershipID, page.Offset, page.Size)
	if err != nil {
		return nil, "", err
	}
	return os, page.Next(len(os)), nil
}

// GetPerson returns one person.
func (a *App) GetPerson(ctx context.Context, id string) (domain.Person, error) {
	return a.repo.GetPerson(ctx, id)
}

// SeesPerson reports whether v may see a person (adminOnly: as one of
// their admins).
func (a *App) SeesPerson(ctx context.Context, v domain.Viewer, id string, adminOnly bool) (bool, error) {
	return a.repo.SeesPerson(ctx, v, id, adminOnly)
}

// ListPeople returns one page of the people v may see, narrowed by f.
func (a *App) ListPeople(ctx context.Context, v domain.Viewer, f PeopleFilter, page resource.Page) ([]domain.Person, string, error) {
	ps, err := a.repo.ListPeople(ctx, v, f, page.Offset, page.Size)
	if err != nil {
		return nil, "", err
	}
	return ps, page.Next(len(ps)), nil
}

// GetMembership returns one membership.
func (a *App) GetMembership(ctx context.Context, personID, id string) (domain.Membership, error) {
	return a.repo.GetMembership(ctx, personID, id)
}

// ListMemberships returns one page of the memberships of a person that v
// may see.
func (a *App) ListMemberships(ctx context.Context, v domain.Viewer, personID string, page resource.Page) ([]domain.Membership, string, error) {
	if _, err := a.repo.GetPerson(ctx, personID); err != nil {
		return nil, "", err
	}
	ms, err := a.repo.ListMemberships(ctx, v, personID, page.Offset, page.Size)
	if err != nil {
		return nil, "", err
	}
	return ms, page.Next(len(ms)), nil
}

// GetConsortium returns one consortium.
func (a *App) GetConsortium(ctx context.Context, hubID, id string) (domain.Consortium, error) {
	return a.repo.GetConsortium(ctx, hubID, id)
}

// ListConsortia returns one page of the consortia of a hub that v may see.
func (a *App) ListConsortia(ctx context.Context, v domain.Viewer, hubID string, page resource.Page) ([]domain.Consortium, string, error) {
	if _, err := a.repo.GetHub(ctx, hubID); err != nil {
		return nil, "", err
	}
	cs, err := a.repo.ListConsortia(ctx, v, hubID, page.Offset, page.Size)
	if err != nil {
		return nil, "", err
	}
	return cs, page.Next(len(cs)), nil
}
