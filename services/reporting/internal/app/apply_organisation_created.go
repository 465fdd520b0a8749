package app

import (
	"context"
	"fmt"

	"github.com/assure-audit/assure/services/reporting/internal/domain"
)

// ApplyOrganisationCreated records an organisation's display name for the
// report rows. It returns the campaigns whose reports list the
// organisation, which have changed.
func (a *App) ApplyOrganisationCreated(ctx context.Context, w Changes, e domain.OrganisationCreated) ([]string, error) {
	if err := e.Check(); err != nil {
		return nil, err
	}
	campaigns, err := w.PutOrganisation(ctx, e.Organisation, e.DisplayName)
	if err != nil {
		return nil, fmt.Errorf("record organisation %s: %w", e.Organisation, err)
	}
	return campaigns, nil
}
