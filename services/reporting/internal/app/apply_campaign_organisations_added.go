package app

import (
	"context"

	"github.com/assure-audit/assure/services/reporting/internal/domain"
)

// ApplyCampaignOrganisationsAdded records one not-started row per
// submission created for organisations added to a launched campaign, as a
// launch does. Organisations added to a draft create no submissions, and
// the draft is not recorded. It returns the campaign when its report has
// changed.
func (a *App) ApplyCampaignOrganisationsAdded(ctx context.Context, w Changes, e domain.CampaignLaunched) ([]string, error) {
	if err := e.Check(); err != nil {
		return nil, err
	}
	return recordSubmissions(ctx, w, e)
}
