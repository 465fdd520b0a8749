package domain

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/assure-audit/assure/pkg/failure"
)

// CaseKey maps a case's pseudonymous reference to one agency's own
// identifier for it. Only the round's key readers read it, and every read
// is recorded.
type CaseKey struct {
	PartnershipID, RoundID string
	Reference, Agency      string
	// Identifier is the agency's own: a case number in its system.
	Identifier string
	// SetBy is the person who recorded it.
	SetBy   string
	SetTime time.Time
}

// KeyRead records one read of a round's key table.
type KeyRead struct {
	PartnershipID, RoundID string
	// Reference is the case read, or empty for the whole table.
	Reference string
	Person    string
	ReadTime  time.Time
}

// MaxIdentifier bounds an agency's identifier.
const MaxIdentifier = 100

// NewCaseKey checks a key for the case with reference, whose agency is
// involved in it, recorded by person.
func (r Round) NewCaseKey(reference, agency, identifier, person string, now time.Time) (CaseKey, error) {
	var v failure.Violations
	i := slices.IndexFunc(r.Cases, func(c Case) bool { return c.Reference == reference })
	switch {
	case i < 0:
		v.Add("case_reference", "is not a case of the round")
	case !slices.Contains(r.Cases[i].Agencies, agency):
		v.Addf("agency", "is not an agency involved in case %s", reference)
	}
	identifier = strings.TrimSpace(identifier)
	if identifier == "" || utf8.RuneCountInString(identifier) > MaxIdentifier || strings.ContainsFunc(identifier, isControl) {
		v.Addf("identifier", "must be 1-%d characters, without control characters", MaxIdentifier)
	}
	if err := v.Err(); err != nil {
		return CaseKey{}, err
	}
	return CaseKey{PartnershipID: r.PartnershipID, RoundID: r.ID, Reference: reference, Agency: agency, Identifier: identifier,
		SetBy: person, SetTime: now}, nil
}

// MayReadKeys reports whether person is one of the round's key readers.
func (r Round) MayReadKeys(person string) bool {
	return person != "" && slices.Contains(r.KeyReaders, person)
}
