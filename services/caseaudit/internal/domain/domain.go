// Package domain is the case-audit service's model: rounds of multi-agency
// case file audits and the pseudonymised cases they sample, with their
// rules. It does no I/O.
package domain

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/assure-audit/assure/pkg/failure"
)

// Round is one multi-agency case file audit on a theme.
type Round struct {
	ID            string
	PartnershipID string
	Theme         string
	Details
	State      State
	Cases      []Case
	CreateTime time.Time
	// UpdateTime is when the round last changed; its creation until then.
	UpdateTime time.Time
	// CloseTime is when it closed; PurgeTime when its case detail was
	// purged. Zero until then.
	CloseTime, PurgeTime time.Time
	Version              int64
}

// Case is a sampled case. It is identified only by a pseudonymous
// reference, never by a child's name.
type Case struct {
	// Reference is unique within the round, e.g. "CASE-2026-014".
	Reference string
	// Agencies are the ids of the organisations asked to return on the case.
	Agencies []string
	// SamplingNotes say why the case was chosen (never who the child is).
	SamplingNotes string
}

// Limits on a round. They match the rules in the API so that they hold
// whatever the transport.
const (
	MaxTheme         = 300
	MaxCases         = 100
	MaxAgencies      = 50
	MaxSamplingNotes = 2000
)

var (
	// reference admits capitals, digits and hyphens only, so a name cannot
	// be written as a reference.
	reference      = regexp.MustCompile(`^[A-Z0-9][A-Z0-9-]{2,31}$`)
	organisationID = regexp.MustCompile(`^[a-z0-9-]{1,63}$`)
)

// NewRound checks and builds a new round. Every problem is reported with the
// path of the field at fault, e.g. "round.cases[2].reference".
func NewRound(id, partnershipID, theme string, d Details, cases []Case, now time.Time) (Round, error) {
	var v failure.Violations
	d.Methodology = strings.TrimSpace(d.Methodology)
	checkDetails(&v, "round.", d)
	theme = strings.TrimSpace(theme)
	switch n := utf8.RuneCountInString(theme); {
	case n == 0:
		v.Add("round.theme", "must not be empty")
	case n > MaxTheme:
		v.Addf("round.theme", "must be at most %d characters", MaxTheme)
	}
	out := checkCases(&v, cases)
	if err := v.Err(); err != nil {
		return Round{}, err
	}
	return Round{ID: id, PartnershipID: partnershipID, Theme: theme, Details: d, State: Planning, Cases: out,
		CreateTime: now, UpdateTime: now, Version: 1}, nil
}

// Event is something that happened in case audits that other services may
// care about.
type Event interface{ isEvent() }

// RoundCreated records a new round.
type RoundCreated struct{ Round Round }

func (RoundCreated) isEvent() {}

// RoundUpdated records a change of a round's details or state.
type RoundUpdated struct {
	Round Round
	// Changed names what changed: fields of the details, or "state".
	Changed []string
}

func (RoundUpdated) isEvent() {}

// checkCases reports every problem of a round's cases and returns them
// tidied.
func checkCases(v *failure.Violations, cases []Case) []Case {
	switch {
	case len(cases) == 0:
		v.Add("round.cases", "must have at least one case")
	case len(cases) > MaxCases:
		v.Addf("round.cases", "must have at most %d cases", MaxCases)
	}
	out := make([]Case, len(cases))
	refs := map[string]string{} // reference → path of its first use
	for i, c := range cases {
		path := "round.cases[" + strconv.Itoa(i) + "]"
		switch {
		case !reference.MatchString(c.Reference):
			v.Add(path+".reference", "must be a pseudonymous reference of 3-32 capital letters, digits or hyphens such as CASE-2026-014, never a name")
		case refs[c.Reference] != "":
			v.Addf(path+".reference", "repeats the reference of %s; references must be unique in the round", refs[c.Reference])
		default:
			refs[c.Reference] = path
		}
		if len(c.Agencies) > MaxAgencies {
			v.Addf(path+".agencies", "must name at most %d agencies", MaxAgencies)
		}
		seen := map[string]bool{}
		for k, a := range c.Agencies {
			field := path + ".agencies[" + strconv.Itoa(k) + "]"
			switch {
			case !organisationID.MatchString(a):
				v.Add(field, "must be an organisation id of 1-63 lower-case letters, digits or hyphens")
			case seen[a]:
				v.Addf(field, "names organisations/%s twice", a)
			}
			seen[a] = true
		}
		if utf8.RuneCountInString(c.SamplingNotes) > MaxSamplingNotes {
			v.Addf(path+".sampling_notes", "must be at most %d characters", MaxSamplingNotes)
		}
		out[i] = Case{Reference: c.Reference, Agencies: append([]string(nil), c.Agencies...), SamplingNotes: strings.TrimSpace(c.SamplingNotes)}
	}
	return out
}

// AssignmentChanged records an auditor named, accepting or refused.
type AssignmentChanged struct{ Assignment Assignment }

func (AssignmentChanged) isEvent() {}

// RapidReviewChanged records a rapid review opened or changed.
type RapidReviewChanged struct{ RapidReview RapidReview }

func (RapidReviewChanged) isEvent() {}

// Purge is the record of a round's case detail purged after its
// retention: what went, and when.
type Purge struct {
	PartnershipID, RoundID string
	Cases, Assignments     int
	Keys                   int
	Time                   time.Time
}

// RoundPurged records a purge.
type RoundPurged struct{ Purge Purge }

func (RoundPurged) isEvent() {}

// ChronologySaved records an agency's chronology of a case saved (its
// events carry no entries).
type ChronologySaved struct{ Chronology Chronology }

func (ChronologySaved) isEvent() {}
