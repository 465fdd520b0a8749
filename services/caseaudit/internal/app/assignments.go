package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
)

// AssignAuditor names auditor as agency's auditor for the case with
// reference in a round, and records AssignmentChanged.
func (a *App) AssignAuditor(ctx context.Context, partnershipID, roundID, reference, agency, auditor string) (domain.Assignment, error) {
	r, err := a.repo.GetRound(ctx, partnershipID, roundID)
	if err != nil {
		return domain.Assignment{}, err
	}
	prev, _, err := a.repo.GetAssignment(ctx, partnershipID, roundID, reference, agency)
	if err != nil {
		return domain.Assignment{}, err
	}
	next, err := r.Assign(prev, reference, agency, auditor, a.clock())
	if err != nil {
		return domain.Assignment{}, err
	}
	if err := a.repo.SaveAssignment(ctx, next, prev.Version, domain.AssignmentChanged{Assignment: next}); err != nil {
		return domain.Assignment{}, err
	}
	return next, nil
}

// AcceptAssignment records caller's declaration on their assignment to a
// case for an agency, and records AssignmentChanged. An assignment that
// is not the caller's is not found.
func (a *App) AcceptAssignment(ctx context.Context, partnershipID, roundID, reference, agency, caller string, d domain.Declaration) (domain.Assignment, error) {
	prev, found, err := a.repo.GetAssignment(ctx, partnershipID, roundID, reference, agency)
	if err != nil {
		return domain.Assignment{}, err
	}
	if !found || prev.Auditor != caller {
		// The same answer whether the round, the case or the assignment is
		// missing or someone else's: nothing here is the caller's.
		return domain.Assignment{}, failure.NotFound("no assignment of yours in partnerships/%s/rounds/%s", partnershipID, roundID)
	}
	next := prev
	if err := next.Decide(caller, d, a.clock()); err != nil {
		return domain.Assignment{}, err
	}
	if err := a.repo.SaveAssignment(ctx, next, prev.Version, domain.AssignmentChanged{Assignment: next}); err != nil {
		return domain.Assignment{}, err
	}
	return next, nil
}

// ListAssignments lists a round's assignments; the round must exist.
func (a *App) ListAssignments(ctx context.Context, partnershipID, roundID string) ([]domain.Assignment, error) {
	if _, err := a.repo.GetRound(ctx, partnershipID, roundID); err != nil {
		return nil, err
	}
	return a.repo.ListAssignments(ctx, partnershipID, roundID)
}

// IsAuditor reports whether person takes part in the round: audits a case
// of it (named, and not declined) or chairs it.
func (a *App) IsAuditor(ctx context.Context, partnershipID, roundID, person string) (bool, error) {
	if person == "" {
		return false, nil
	}
	ok, err := a.repo.IsAuditor(ctx, partnershipID, roundID, person)
	if err != nil || ok {
		return ok, err
	}
	r, err := a.repo.GetRound(ctx, partnershipID, roundID)
	if failure.KindOf(err) == failure.KindNotFound {
		return false, nil
	}
	return err == nil && r.Chair == person, err
}
