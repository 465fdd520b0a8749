package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/directory/internal/domain"
)

// CreatePerson adds an active person and records PersonCreated. An email
// already in use is AlreadyExists, naming the person who has it, so an
// admin can give that person a role instead.
func (a *App) CreatePerson(ctx context.Context, id, email, displayName string) (domain.Person, error) {
	id, err := resource.ID("person_id", id)
	if err != nil {
		return domain.Person{}, err
	}
	p, err := domain.NewPerson(id, email, displayName, a.clock())
	if err != nil {
		return domain.Person{}, err
	}
	if err := a.repo.InsertPerson(ctx, p, domain.PersonCreated{Person: p}); err != nil {
		return domain.Person{}, err
	}
	return p, nil
}
