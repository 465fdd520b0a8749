package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
)

// GetRound returns one round of a partnership.
func (a *App) GetRound(ctx context.Context, partnershipID, id string) (domain.Round, error) {
	return a.repo.GetRound(ctx, partnershipID, id)
}

// ListRounds returns one page of a partnership's rounds and the next page
// token.
func (a *App) ListRounds(ctx context.Context, partnershipID string, page resource.Page) ([]domain.Round, string, error) {
	rs, err := a.repo.ListRounds(ctx, partnershipID, page.Offset, page.Size)
	if err != nil {
		return nil, "", err
	}
	return rs, page.Next(len(rs)), nil
}
