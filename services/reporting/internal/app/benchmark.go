package app

import (
	"context"
	"fmt"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/services/reporting/internal/domain"
)

// HubBenchmark compares the partnerships of a hub on the standards of the
// campaigns named, counting only organisations of orgType when it is set:
// own reports whether the caller belongs to a partnership, whose row is
// shown by name.
func (a *App) HubBenchmark(ctx context.Context, hub string, campaigns []string, orgType string, own func(string) bool) ([]string, []domain.BenchmarkRow, error) {
	by := map[string][]domain.Dataset{}
	var v failure.Violations
	for i, c := range campaigns {
		pid := owner(c)
		h, err := a.repo.PartnershipHub(ctx, pid)
		if err != nil {
			return nil, nil, err
		}
		if h != hub {
			v.Add(fmt.Sprintf("campaigns[%d]", i), c+" is not a campaign of a partnership of "+hub)
			continue
		}
		d, err := a.repo.Dataset(ctx, c)
		if failure.KindOf(err) == failure.KindNotFound {
			v.Add(fmt.Sprintf("campaigns[%d]", i), c+" does not exist")
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		by[pid] = append(by[pid], d.Filtered(domain.Filter{OrganisationType: orgType}))
	}
	if err := v.Err(); err != nil {
		return nil, nil, err
	}
	sections, rows := domain.Benchmark(hub, by, own)
	return sections, rows, nil
}
