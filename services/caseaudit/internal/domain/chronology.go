package domain

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
)

// ChronologyEntry is one dated event in an agency's chronology of a case.
type ChronologyEntry struct {
	// Date is YYYY-MM-DD.
	Date string
	// Event is what happened; Significance why it matters.
	Event, Significance string
}

// Chronology is one agency's chronology of one case of a round, saved as
// the auditor goes.
type Chronology struct {
	PartnershipID, RoundID string
	Reference, Agency      string
	Entries                []ChronologyEntry
	// SavedBy and SaveTime are the latest save's.
	SavedBy  string
	SaveTime time.Time
	Version  int64
}

// Limits on a chronology.
const (
	MaxChronology   = 500
	MaxEntryText    = 2000
	MaxSignificance = 500
)

// SaveChronology replaces the agency's chronology of the case with
// entries, each checked, for person at now. Chronologies are written while
// the round's returns are open, by the agency's accepted auditor for the
// case (the caller checks who).
func (r Round) SaveChronology(prev Chronology, reference, agency string, entries []ChronologyEntry, person string, now time.Time) (Chronology, error) {
	var v failure.Violations
	i := slices.IndexFunc(r.Cases, func(c Case) bool { return c.Reference == reference })
	switch {
	case i < 0:
		v.Add("case_reference", "is not a case of the round")
	case !slices.Contains(r.Cases[i].Agencies, agency):
		v.Addf("agency", "is not an agency involved in case %s", reference)
	}
	if len(entries) > MaxChronology {
		v.Addf("entries", "must be at most %d", MaxChronology)
	}
	out := make([]ChronologyEntry, len(entries))
	for k, e := range entries {
		path := fmt.Sprintf("entries[%d]", k)
		d, err := time.Parse(time.DateOnly, e.Date)
		switch {
		case err != nil:
			v.Add(path+".date", "must be a date written YYYY-MM-DD")
		case d.After(now):
			v.Add(path+".date", "must not be in the future")
		}
		ev := checkText(&v, path+".event", e.Event, true, MaxEntryText)
		sig := checkText(&v, path+".significance", e.Significance, false, MaxSignificance)
		out[k] = ChronologyEntry{Date: e.Date, Event: ev, Significance: sig}
	}
	if err := v.Err(); err != nil {
		return Chronology{}, err
	}
	if r.State != ReturnsOpen {
		return Chronology{}, failure.FailedPrecondition("the round is %s: chronologies are written while its returns are open", r.State)
	}
	return Chronology{PartnershipID: r.PartnershipID, RoundID: r.ID, Reference: reference, Agency: agency, Entries: out,
		SavedBy: person, SaveTime: now, Version: prev.Version + 1}, nil
}

// MergedEntry is an entry of a case's merged chronology with its source.
type MergedEntry struct {
	ChronologyEntry
	Agency string
}

// MergeChronologies merges the agencies' chronologies of one case into one
// in date order; entries of the same day keep each agency's own order,
// agencies by id.
func MergeChronologies(cs []Chronology) []MergedEntry {
	cs = slices.Clone(cs)
	slices.SortFunc(cs, func(a, b Chronology) int { return cmp.Compare(a.Agency, b.Agency) })
	var out []MergedEntry
	for _, c := range cs {
		for _, e := range c.Entries {
			out = append(out, MergedEntry{ChronologyEntry: e, Agency: c.Agency})
		}
	}
	slices.SortStableFunc(out, func(a, b MergedEntry) int { return cmp.Compare(a.Date, b.Date) })
	return out
}
