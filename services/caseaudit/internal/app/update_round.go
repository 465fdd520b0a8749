package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
)

// UpdateRound changes the fields of mask of a round whose etag is still
// etag, and records RoundUpdated when anything changed.
func (a *App) UpdateRound(ctx context.Context, partnershipID, id, etag, theme string, d domain.Details, cases []domain.Case, mask []string) (domain.Round, error) {
	_, err := resource.ParseEtag("round.etag", etag)
	if err != nil {
		return domain.Round{}, err
	}
	now := a.clock()
	return a.repo.UpdateRound(ctx, partnershipID, id, func(r *domain.Round) ([]domain.Event, error) {
		if err := resource.CheckEtag("round", etag, r.Version); err != nil {
			return nil, err
		}
		changed, err := r.Update(theme, d, cases, mask, now)
		if err != nil || len(changed) == 0 {
			return nil, err
		}
		return []domain.Event{domain.RoundUpdated{Round: *r, Changed: changed}}, nil
	})
}

// AdvanceRound moves a round whose etag is still etag on to state to, and
// records RoundUpdated.
func (a *App) AdvanceRound(ctx context.Context, partnershipID, id, etag string, to domain.State) (domain.Round, error) {
	_, err := resource.ParseEtag("etag", etag)
	if err != nil {
		return domain.Round{}, err
	}
	now := a.clock()
	return a.repo.UpdateRound(ctx, partnershipID, id, func(r *domain.Round) ([]domain.Event, error) {
		if err := resource.CheckEtag("round", etag, r.Version); err != nil {
			return nil, err
		}
		if err := r.Advance(to, now); err != nil {
			return nil, err
		}
		return []domain.Event{domain.RoundUpdated{Round: *r, Changed: []string{"state"}}}, nil
	})
}
