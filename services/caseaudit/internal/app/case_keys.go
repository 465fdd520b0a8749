package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
)

// SetCaseKey records, for person, an involved agency's own identifier for
// a case of a round. No event carries it.
func (a *App) SetCaseKey(ctx context.Context, partnershipID, roundID, reference, agency, identifier, person string) (domain.CaseKey, error) {
	r, err := a.repo.GetRound(ctx, partnershipID, roundID)
	if err != nil {
		return domain.CaseKey{}, err
	}
	k, err := r.NewCaseKey(reference, agency, identifier, person, a.clock())
	if err != nil {
		return domain.CaseKey{}, err
	}
	return k, a.repo.PutCaseKey(ctx, k)
}

// ReadCaseKeys reads a round's key table (one case's keys, or all when
// reference is empty) for person, who must be one of the round's key
// readers: to anyone else the round is not found. The read is recorded
// before anything is returned.
func (a *App) ReadCaseKeys(ctx context.Context, partnershipID, roundID, reference, person string) ([]domain.CaseKey, error) {
	r, err := a.repo.GetRound(ctx, partnershipID, roundID)
	if err != nil {
		return nil, err
	}
	if !r.MayReadKeys(person) {
		return nil, failure.NotFound("partnerships/%s/rounds/%s not found", partnershipID, roundID)
	}
	return a.repo.ReadCaseKeys(ctx, domain.KeyRead{PartnershipID: partnershipID, RoundID: roundID, Reference: reference,
		Person: person, ReadTime: a.clock()})
}

// ListKeyReads lists who read a round's key table; the round must exist.
func (a *App) ListKeyReads(ctx context.Context, partnershipID, roundID string) ([]domain.KeyRead, error) {
	if _, err := a.repo.GetRound(ctx, partnershipID, roundID); err != nil {
		return nil, err
	}
	return a.repo.ListKeyReads(ctx, partnershipID, roundID)
}
