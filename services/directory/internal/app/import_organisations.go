package app

import (
	"context"
	"errors"

	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/directory/internal/domain"
)

// errRollback ends an import's transaction without storing anything, after
// a dry run or when the file has problems.
var errRollback = errors.New("import not stored")

// OrganisationImport reports on an import of organisations.
type OrganisationImport struct {
	Rows     int
	Problems []domain.Problem
	Imported bool
	// Organisations are those created, or that a clean dry run would create.
	Organisations []domain.Organisation
}

// ImportOrganisations reads an organisations file for a partnership and,
// if every row is good and this is not a dry run, creates them all in one
// transaction with their OrganisationCreated events.
func (a *App) ImportOrganisations(ctx context.Context, partnershipID string, data []byte, dryRun bool) (OrganisationImport, error) {
	if _, err := a.repo.GetPartnership(ctx, partnershipID); err != nil {
		return OrganisationImport{}, err
	}
	rows, problems := domain.ParseOrganisationsCSV(data)
	out := OrganisationImport{Rows: len(rows) + rowsWithProblems(problems)}
	if len(rows) > 0 {
		err := a.repo.ImportOrganisations(ctx, partnershipID, func(existing []domain.Organisation) ([]domain.Organisation, error) {
			orgs, more := domain.PlanOrganisationImport(partnershipID, rows, existing, resource.NewID, a.clock())
			problems = append(problems, more...)
			out.Organisations = orgs
			if len(problems) > 0 || dryRun {
				return nil, errRollback
			}
			return orgs, nil
		})
		if err != nil && !errors.Is(err, errRollback) {
			return OrganisationImport{}, err
		}
		out.Imported = err == nil
	}
	out.Problems = domain.SortProblems(problems)
	if len(out.Problems) > 0 {
		out.Organisations = nil
	}
	return out, nil
}

// rowsWithProblems counts the data rows named by problems.
func rowsWithProblems(ps []domain.Problem) int {
	lines := map[int]bool{}
	for _, p := range ps {
		if p.Line > 1 {
			lines[p.Line] = true
		}
	}
	return len(lines)
}
