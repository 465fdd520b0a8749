package app

import (
	"context"

	"github.com/assure-audit/assure/services/reminder/internal/domain"
)

// ApplyPerson keeps who a person is and whether they are active.
func (a *App) ApplyPerson(ctx context.Context, w Changes, p domain.Person) error {
	if p.ID == "" || p.Email == "" {
		return nil
	}
	return w.PutPerson(ctx, p)
}

// ApplyMembership keeps or forgets that a person holds a role in a
// partnership or organisation.
func (a *App) ApplyMembership(ctx context.Context, w Changes, personID, role, scope string, held bool) error {
	if personID == "" || role == "" || scope == "" {
		return nil
	}
	if held {
		return w.PutMembership(ctx, personID, role, scope)
	}
	return w.DeleteMembership(ctx, personID, role, scope)
}

// ApplyName keeps the display name of an organisation or partnership.
func (a *App) ApplyName(ctx context.Context, w Changes, name, displayName string) error {
	if name == "" {
		return nil
	}
	return w.PutName(ctx, name, displayName)
}

// ApplyAnswered notes the questions a save answered, for progress.
func (a *App) ApplyAnswered(ctx context.Context, w Changes, submission string, keys []string) error {
	if submission == "" {
		return nil
	}
	return w.RecordAnswered(ctx, submission, keys)
}
