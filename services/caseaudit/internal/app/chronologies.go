package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
)

// SaveChronology saves agency's chronology of a case for person, who must
// be the agency's accepted auditor for it (to anyone else there is no such
// chronology), if etag is still the chronology's ("0" before its first
// save), and records ChronologySaved.
func (a *App) SaveChronology(ctx context.Context, partnershipID, roundID, reference, agency, etag string, entries []domain.ChronologyEntry, person string) (domain.Chronology, error) {
	_, err := resource.ParseEtag("etag", etag)
	if err != nil {
		return domain.Chronology{}, err
	}
	asg, found, err := a.repo.GetAssignment(ctx, partnershipID, roundID, reference, agency)
	if err != nil {
		return domain.Chronology{}, err
	}
	if !found || asg.State != domain.Accepted || asg.Auditor != person {
		return domain.Chronology{}, failure.NotFound("no case of yours to audit in partnerships/%s/rounds/%s", partnershipID, roundID)
	}
	r, err := a.repo.GetRound(ctx, partnershipID, roundID)
	if err != nil {
		return domain.Chronology{}, err
	}
	var prev domain.Chronology
	if cs, err := a.repo.Chronologies(ctx, partnershipID, roundID, reference, agency); err != nil {
		return domain.Chronology{}, err
	} else if len(cs) == 1 {
		prev = cs[0]
	}
	if err := resource.CheckEtag("chronology", etag, prev.Version); err != nil {
		return domain.Chronology{}, err
	}
	c, err := r.SaveChronology(prev, reference, agency, entries, person, a.clock())
	if err != nil {
		return domain.Chronology{}, err
	}
	if err := a.repo.SaveChronology(ctx, c, prev.Version, domain.ChronologySaved{Chronology: c}); err != nil {
		return domain.Chronology{}, err
	}
	return c, nil
}

// MergedChronology merges the agencies' chronologies of a case of a round.
func (a *App) MergedChronology(ctx context.Context, partnershipID, roundID, reference string) ([]domain.MergedEntry, error) {
	if _, err := a.repo.GetRound(ctx, partnershipID, roundID); err != nil {
		return nil, err
	}
	cs, err := a.repo.Chronologies(ctx, partnershipID, roundID, reference, "")
	if err != nil {
		return nil, err
	}
	return domain.MergeChronologies(cs), nil
}
