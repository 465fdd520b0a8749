// Package domain is the directory's model: partnerships and the
// organisations that belong to them, with their rules. It does no I/O.
package domain

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/assure-audit/assure/pkg/failure"
)

// Partnership is a safeguarding children partnership.
type Partnership struct {
	ID          string
	DisplayName string
	CreateTime  time.Time
	Version     int64
}

// NewPartnership checks and builds a new partnership.
func NewPartnership(id, displayName string, now time.Time) (Partnership, error) {
	var v failure.Violations
	displayName = checkName(&v, "partnership.display_name", displayName)
	if err := v.Err(); err != nil {
		return Partnership{}, err
	}
	return Partnership{ID: id, DisplayName: displayName, CreateTime: now, Version: 1}, nil
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

// Event is something that happened in the directory that other services
// may care about.
type Event interface{ isEvent() }

// PartnershipCreated records a new partnership.
type PartnershipCreated struct{ Partnership Partnership }

// OrganisationCreated records a new organisation.
type OrganisationCreated struct{ Organisation Organisation }

func (PartnershipCreated) isEvent()  {}
func (OrganisationCreated) isEvent() {}
