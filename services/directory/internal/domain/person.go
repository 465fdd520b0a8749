package domain

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/assure-audit/assure/pkg/failure"
)

// Person is someone who works in a hub, partnership or organisation. People
// are never deleted, so history keeps their names: they are deactivated.
type Person struct {
	ID string
	// Email is unique across the directory and always lower-case.
	Email       string
	DisplayName string
	Active      bool
	CreateTime  time.Time
	UpdateTime  time.Time
	Version     int64
}

// Name is the person's resource name.
func (p Person) Name() string { return "people/" + p.ID }

// MaxEmailLength is the longest email address accepted.
const MaxEmailLength = 254

// emailPattern is the HTML form definition of an email address, the one
// the API's validation rules apply.
var emailPattern = regexp.MustCompile("^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$")

// NormaliseEmail trims an email address and puts it in lower case, the form
// in which addresses are stored and compared.
func NormaliseEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidEmail reports whether s (normalised) is an email address.
func ValidEmail(s string) bool { return len(s) <= MaxEmailLength && emailPattern.MatchString(s) }

// NewPerson checks and builds a new, active person.
func NewPerson(id, email, displayName string, now time.Time) (Person, error) {
	var v failure.Violations
	email = NormaliseEmail(email)
	switch {
	case email == "":
		v.Add("person.email", "must not be empty")
	case !ValidEmail(email):
		v.Add("person.email", "must be an email address")
	}
	displayName = checkName(&v, "person.display_name", displayName)
	if err := v.Err(); err != nil {
		return Person{}, err
	}
	return Person{ID: id, Email: email, DisplayName: displayName, Active: true, CreateTime: now, UpdateTime: now, Version: 1}, nil
}

// The fields of a person that an update may change.
const (
	FieldDisplayName = "display_name"
	FieldActive      = "active"
)

// PersonChange is an update of some of a person's fields.
type PersonChange struct {
	// Etag is the etag the caller last read.
	Etag string
	// Fields lists the fields to change (FieldDisplayName, FieldActive).
	Fields      []string
	DisplayName string
	Active      bool
}

// CheckFields checks the field mask of a change: it must name at least one
// field that can change, and no field that cannot. The name and etag, which
// identify what is changed, may be named (a mask made from a request body
// names them) and change nothing.
func (c PersonChange) CheckFields() error {
	var v failure.Violations
	changes := 0
	for _, f := range c.Fields {
		switch f {
		case FieldDisplayName, FieldActive:
			changes++
		case "name", "etag":
		default:
			v.Addf("update_mask", "%q cannot be changed; only display_name and active can", f)
		}
	}
	if changes == 0 && len(v) == 0 {
		v.Add("update_mask", "name the fields to change: display_name, active")
	}
	return v.Err()
}

// Apply returns p with the change made, its version moved on and its update
// time set. A stale etag is a conflict.
func (p Person) Apply(c PersonChange, now time.Time) (Person, error) {
	if err := c.CheckFields(); err != nil {
		return Person{}, err
	}
	if c.Etag == "" {
		return Person{}, failure.Invalid("person.etag", "give the etag last read, so that no one else's change is lost")
	}
	if c.Etag != strconv.FormatInt(p.Version, 10) {
		return Person{}, failure.Conflict("%s changed since it was read (etag %s, now %d): read it again", p.Name(), c.Etag, p.Version)
	}
	var v failure.Violations
	if slices.Contains(c.Fields, FieldDisplayName) {
		p.DisplayName = checkName(&v, "person.display_name", c.DisplayName)
	}
	if slices.Contains(c.Fields, FieldActive) {
		p.Active = c.Active
	}
	if err := v.Err(); err != nil {
		return Person{}, err
	}
	p.Version++
	p.UpdateTime = now
	return p, nil
}

// MinPasswordLength is the fewest characters a password may have.
const MinPasswordLength = 12

// MaxPasswordBytes bounds a password, so hashing it stays cheap.
const MaxPasswordBytes = 1024

// CheckNewPassword checks a password someone chooses.
func CheckNewPassword(pw string) error {
	switch {
	case !utf8.ValidString(pw):
		return failure.Invalid("password", "must be text (UTF-8)")
	case utf8.RuneCountInString(pw) < MinPasswordLength:
		return failure.Invalid("password", "must be at least 12 characters")
	case len(pw) > MaxPasswordBytes:
		return failure.Invalid("password", "must be at most 1024 bytes")
	}
	return nil
}
