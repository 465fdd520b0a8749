package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/reminder/internal/domain"
)

// ListOutstanding returns one page of a campaign's outstanding submissions,
// ordered by organisation, the next page token and how many are outstanding
// in all. A campaign no event has named is not found.
func (a *App) ListOutstanding(ctx context.Context, campaign string, page resource.Page) ([]domain.Submission, string, int, error) {
	known, err := a.repo.CampaignKnown(ctx, campaign)
	if err != nil {
		return nil, "", 0, err
	}
	if !known {
		return nil, "", 0, failure.NotFound("%s not found: the reminder service has heard of no such campaign", campaign)
	}
	subs, total, err := a.repo.ListOutstanding(ctx, campaign, page.Offset, page.Size)
	if err != nil {
		return nil, "", 0, err
	}
	next := ""
	if page.Offset+len(subs) < total {
		next = page.Next(len(subs))
	}
	return subs, next, total, nil
}
