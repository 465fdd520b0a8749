package app

import (
	"context"
	"errors"

	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/directory/internal/domain"
)

// PeopleImportResult reports on an import of people.
type PeopleImportResult struct {
	Rows     int
	Problems []domain.Problem
	Imported bool
	// PeopleCreated and MembershipsCreated count what was created, or what
	// a clean dry run would create.
	PeopleCreated      int
	MembershipsCreated int
}

// ImportPeople reads a people file for a partnership and, if every row is
// good and this is not a dry run, creates the new people and memberships in
// one transaction with their events.
func (a *App) ImportPeople(ctx context.Context, partnershipID string, data []byte, dryRun bool) (PeopleImportResult, error) {
	if _, err := a.repo.GetPartnership(ctx, partnershipID); err != nil {
		return PeopleImportResult{}, err
	}
	rows, problems := domain.ParsePeopleCSV(data)
	out := PeopleImportResult{Rows: len(rows) + rowsWithProblems(problems)}
	if len(rows) > 0 {
		var emails []string
		seen := map[string]bool{}
		for _, r := range rows {
			if !seen[r.Email] {
				seen[r.Email] = true
				emails = append(emails, r.Email)
			}
		}
		err := a.repo.ImportPeople(ctx, partnershipID, emails,
			func(orgs []domain.Organisation, known []domain.Person, held []domain.Membership) (domain.PeopleImport, error) {
				plan, more := domain.PlanPeopleImport(partnershipID, rows, orgs, known, held, resource.NewID, a.clock())
				problems = append(problems, more...)
				out.PeopleCreated, out.MembershipsCreated = len(plan.People), len(plan.Memberships)
				if len(problems) > 0 || dryRun {
					return domain.PeopleImport{}, errRollback
				}
				return plan, nil
			})
		if err != nil && !errors.Is(err, errRollback) {
			return PeopleImportResult{}, err
		}
		out.Imported = err == nil
	}
	out.Problems = domain.SortProblems(problems)
	if len(out.Problems) > 0 {
		out.PeopleCreated, out.MembershipsCreated = 0, 0
	}
	return out, nil
}
