// Package domain is the directory's model: hubs, the partnerships they
// host, the organisations that belong to partnerships, people and the roles
// they hold, consortia, sign-in links, and the parsing of imported CSV files,
// with their rules. It does no I/O.
package domain

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/assure-audit/assure/pkg/failure"
)

// Partnership is a safeguarding children partnership, hosted by a hub.
type Partnership struct {
	ID          string
	Hub         string // hub id
	DisplayName string
	CreateTime  time.Time
	Version     int64
}

// NewPartnership checks and builds a new partnership of hub.
func NewPartnership(id, hub, displayName string, now time.Time) (Partnership, error) {
	var v failure.Violations
	displayName = checkName(&v, "partnership.display_name", displayName)
	if hub == "" {
		v.Add("partnership.hub", "name the hub that hosts the partnership")
	}
	if err := v.Err(); err != nil {
		return Partnership{}, err
	}
	return Partnership{ID: id, Hub: hub, DisplayName: displayName, CreateTime: now, Version: 1}, nil
}

// OrganisationType is the kind of agency, school or setting. The values
// match the API's enum.
type OrganisationType int

// The organisation types.
const (
	TypeUnspecified OrganisationType = iota
	TypeLocalAuthority
	TypePolice
	TypeHealthTrust
	TypeICB
	TypeProbation
	TypeSchool
	TypeAcademy
	TypeCollege
	TypeEarlyYears
	TypeVoluntary
	TypeOther
)

// Valid reports whether t is a known, specified type.
func (t OrganisationType) Valid() bool { return t > TypeUnspecified && t <= TypeOther }

// Organisation is an agency, school or setting that answers audits.
type Organisation struct {
	ID           string
	DisplayName  string
	Type         OrganisationType
	Partnerships []string // partnership ids
	ExternalRef  string
	CreateTime   time.Time
	Version      int64
}

// NewOrganisation checks and builds a new organisation.
func NewOrganisation(id, displayName string, typ OrganisationType, partnerships []string, externalRef string, now time.Time) (Organisation, error) {
	var v failure.Violations
	displayName = checkName(&v, "organisation.display_name", displayName)
	if !typ.Valid() {
		v.Add("organisation.type", "must be one of the organisation types")
	}
	if len(partnerships) == 0 {
		v.Add("organisation.partnerships", "must name at least one partnership")
	}
	seen := map[string]bool{}
	for _, p := range partnerships {
		if seen[p] {
			v.Addf("organisation.partnerships", "names partnerships/%s twice", p)
		}
		seen[p] = true
	}
	externalRef = strings.TrimSpace(externalRef)
	if utf8.RuneCountInString(externalRef) > 64 {
		v.Add("organisation.external_ref", "must be at most 64 characters")
	}
	if err := v.Err(); err != nil {
		return Organisation{}, err
	}
	return Organisation{ID: id, DisplayName: displayName, Type: typ, Partnerships: partnerships,
		ExternalRef: externalRef, CreateTime: now, Version: 1}, nil
}

func checkName(v *failure.Violations, field, s string) string {
	s = strings.TrimSpace(s)
	switch n := utf8.RuneCountInString(s); {
	case n == 0:
		v.Add(field, "must not be empty")
	case n > 200:
		v.Add(field, "must be at most 200 characters")
	}
	return s
}
