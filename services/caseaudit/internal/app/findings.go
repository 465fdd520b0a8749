package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
)

// RoundFindingsView is a round's findings with the round they belong to.
type RoundFindingsView struct {
	domain.RoundFindings
	Round domain.Round
}

// GetFindings returns a round's findings with the round.
func (a *App) GetFindings(ctx context.Context, partnershipID, roundID string) (RoundFindingsView, error) {
	r, err := a.repo.GetRound(ctx, partnershipID, roundID)
	if err != nil {
		return RoundFindingsView{}, err
	}
	f, err := a.repo.GetFindings(ctx, partnershipID, roundID)
	if err != nil {
		return RoundFindingsView{}, err
	}
	return RoundFindingsView{f, r}, nil
}

// SaveFindings replaces a round's findings if etag is still theirs ("0"
// before the first save), and records FindingsSaved.
func (a *App) SaveFindings(ctx context.Context, partnershipID, roundID, etag string, f domain.RoundFindings) (RoundFindingsView, error) {
	cur, err := a.findingsAt(ctx, partnershipID, roundID, "findings.etag", etag)
	if err != nil {
		return RoundFindingsView{}, err
	}
	saved, err := cur.Round.SaveFindings(cur.RoundFindings, f, resource.NewID, a.clock())
	if err != nil {
		return RoundFindingsView{}, err
	}
	if err := a.repo.SaveFindings(ctx, saved, cur.Version, domain.FindingsSaved{Findings: saved}); err != nil {
		return RoundFindingsView{}, err
	}
	return RoundFindingsView{saved, cur.Round}, nil
}

// UpdateFindingAction records person's progress on an action of a round's
// findings if etag is still theirs, and records FindingsSaved.
func (a *App) UpdateFindingAction(ctx context.Context, partnershipID, roundID, etag, actionID string, status domain.ActionStatus, note, person string) (RoundFindingsView, error) {
	cur, err := a.findingsAt(ctx, partnershipID, roundID, "etag", etag)
	if err != nil {
		return RoundFindingsView{}, err
	}
	f := cur.RoundFindings
	prev := f.Version
	if err := f.UpdateAction(actionID, status, note, person, a.clock()); err != nil {
		return RoundFindingsView{}, err
	}
	if err := a.repo.SaveFindings(ctx, f, prev, domain.FindingsSaved{Findings: f}); err != nil {
		return RoundFindingsView{}, err
	}
	return RoundFindingsView{f, cur.Round}, nil
}

// findingsAt reads a round's findings if etag (of the request's field) is
// still theirs.
func (a *App) findingsAt(ctx context.Context, partnershipID, roundID, field, etag string) (RoundFindingsView, error) {
	want, err := resource.ParseEtag(field, etag)
	if err != nil {
		return RoundFindingsView{}, err
	}
	cur, err := a.GetFindings(ctx, partnershipID, roundID)
	if err != nil {
		return RoundFindingsView{}, err
	}
	if cur.Version != want {
		return RoundFindingsView{}, failure.Conflict("the findings changed since they were read (etag %s, now %s): read them again",
			etag, resource.Etag(cur.Version))
	}
	return cur, nil
}
