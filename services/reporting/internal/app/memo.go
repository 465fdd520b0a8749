package app

import (
	"context"
	"sync"

	"github.com/assure-audit/assure/services/reporting/internal/domain"
)

// memoSize bounds the ratings reports a replica keeps.
const memoSize = 64

// memoKey names a ratings report: the campaign and the filter it was
// built with.
type memoKey struct {
	campaign string
	filter   domain.Filter
}

// memoEntry is a built report with the campaign version it was built at.
type memoEntry struct {
	version int64
	report  domain.RatingsReport
}

// memo keeps the ratings reports this replica built, in process: they are
// large (a cell per organisation and question), so encoding them for a
// shared cache would cost much of what building them does. An entry is
// served only while the campaign's version is the one it was built at;
// every event that changes the campaign's data moves the version on.
type memo struct {
	mu      sync.Mutex
	entries map[memoKey]memoEntry
}

// ratings returns the report for key at version, building it with build
// when none is kept for that version. The version is read before the data
// build reads, so an entry is never labelled newer than its contents.
func (m *memo) ratings(ctx context.Context, key memoKey, version int64, build func(context.Context) (domain.RatingsReport, error)) (domain.RatingsReport, error) {
	m.mu.Lock()
	e, ok := m.entries[key]
	m.mu.Unlock()
	if ok && e.version == version {
		return e.report, nil
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
	if len(m.entries) >= memoSize {
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
