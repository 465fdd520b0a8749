package app

import (
	"context"

	"github.com/assure-audit/assure/services/reminder/internal/domain"
)

// ApplyCampaignOrganisationsAdded records the submissions created for
// organisations added to a launched campaign as owed by its due time, as a
// launch does. Organisations added to a draft create no submissions, and
// the draft is not recorded.
func (a *App) ApplyCampaignOrganisationsAdded(ctx context.Context, w Changes, e domain.CampaignLaunched) error {
	if err := e.Check(); err != nil {
		return err
	}
	return recordSubmissions(ctx, w, e)
}
