package app

import (
	"context"

	"github.com/assure-audit/assure/services/directory/internal/domain"
)

// UpdatePerson changes a person's display name or active state if the
// etag is current, and records PersonUpdated.
func (a *App) UpdatePerson(ctx context.Context, id string, c domain.PersonChange) (domain.Person, error) {
	if err := c.CheckFields(); err != nil {
		return domain.Person{}, err
	}
	return a.repo.UpdatePerson(ctx, id, func(p domain.Person) (domain.Person, []domain.Event, error) {
		p, err := p.Apply(c, a.clock())
		if err != nil {
			return domain.Person{}, nil, err
		}
		return p, []domain.Event{domain.PersonUpdated{Person: p}}, nil
	})
}
