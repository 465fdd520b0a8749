package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
)

// CreateRound creates a case-audit round in a partnership with the
// requested id (or a new one) and records RoundCreated.
func (a *App) CreateRound(ctx context.Context, partnershipID, id, theme string, d domain.Details, cases []domain.Case) (domain.Round, error) {
	id, err := resource.ID("round_id", id)
	if err != nil {
		return domain.Round{}, err
	}
	r, err := domain.NewRound(id, partnershipID, theme, d, cases, a.clock())
	if err != nil {
		return domain.Round{}, err
	}
	if err := a.repo.InsertRound(ctx, r, domain.RoundCreated{Round: r}); err != nil {
		return domain.Round{}, err
	}
	return r, nil
}
