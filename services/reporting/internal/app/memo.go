package app

import (
	"context"
	"sync"

	"github.com/assure-audit/assure/services/reporting/internal/domain"
)

// memoSize bounds the reports a replica keeps.
const memoSize = 64

// memoKey names a built report: which report, the campaign and the filter
// it was built with.
type memoKey struct {
	report   string
	campaign string
	filter   domain.Filter
}

// memoEntry is a built report with the campaign version it was built at.
type memoEntry struct {
	version int64
	report  any
}

// memo keeps the answer reports this replica built, in process: they are
// built from every answer of a campaign, and large (the ratings matrix has
// a cell per organisation and question), so encoding them for a shared
// cache would cost much of what building them does. An entry is served
// only while the campaign's version is the one it was built at; every
// event that changes the campaign's data moves the version on.
type memo struct {
	mu      sync.Mutex
	entries map[memoKey]memoEntry
}

// memoized returns the report for key at version, building it with build
// when none is kept for that version. The version is read before the data
// build reads, so an entry is never labelled newer than its contents.
func memoized[R any](ctx context.Context, m *memo, key memoKey, version int64, build func(context.Context) (R, error)) (R, error) {
	m.mu.Lock()
	e, ok := m.entries[key]
	m.mu.Unlock()
	if r, isR := e.report.(R); ok && isR && e.version == version {
		return r, nil
	}
	r, err := build(ctx)
	if err != nil {
		return r, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.entries == nil {
		m.entries = map[memoKey]memoEntry{}
	}
	if _, kept := m.entries[key]; !kept && len(m.entries) >= memoSize {
		for k := range m.entries {
			delete(m.entries, k)
			break
		}
	}
	if cur, ok := m.entries[key]; !ok || cur.version <= version {
		m.entries[key] = memoEntry{version: version, report: r}
	}
	return r, nil
}

// header returns the campaign and its dataset without answers (the form,
// the returns in report order and their organisations), the latter kept
// per campaign version: an export reads it for every page, and reading and
// ordering a campaign of 10,000 returns each time made exports grow with
// the square of their size. Callers must not change what it returns.
func (a *App) header(ctx context.Context, campaign string) (domain.Campaign, domain.Dataset, error) {
	c, err := a.repo.GetCampaign(ctx, campaign)
	if err != nil {
		return c, domain.Dataset{}, err
	}
	d, err := memoized(ctx, &a.memo, memoKey{report: "header", campaign: campaign}, c.Version, func(ctx context.Context) (domain.Dataset, error) {
		d, err := a.repo.Header(ctx, campaign)
		d.Submissions = domain.OrderedSubmissions(d)
		return d, err
	})
	return c, d, err
}
