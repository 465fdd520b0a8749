package domain

import (
	"strings"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/testinfra"
)

func TestNewPerson(t *testing.T) {
	now := time.Now()
	p, err := NewPerson("ann", "  Ann.Smith@Example.ORG ", " Ann Smith ", now)
	if err != nil || p.Email != "ann.smith@example.org" || p.DisplayName != "Ann Smith" || !p.Active || p.Version != 1 {
		t.Fatalf("got %+v, %v", p, err)
	}
	if _, err := NewPerson("a", "admin@localhost", "Admin", now); err != nil {
		t.Fatalf("a single-label domain is an address: %v", err)
	}
	tests := []struct {
		email, name string
		want        []string
	}{
		{"", "A", []string{"person.email"}},
		{"not-an-address", "A", []string{"person.email"}},
		{"a@b@c", "A", []string{"person.email"}},
		{strings.Repeat("a", 250) + "@b.org", "A", []string{"person.email"}},
		{"a@b.org", " ", []string{"person.display_name"}},
		{"", "", []string{"person.email", "person.display_name"}},
	}
	for _, tt := range tests {
		_, err := NewPerson("x", tt.email, tt.name, now)
		testinfra.WantViolations(t, err, tt.want)
	}
}

func TestPersonApply(t *testing.T) {
	now := time.Now()
	p, _ := NewPerson("ann", "ann@example.org", "Ann", now)
	later := now.Add(time.Minute)
	got, err := p.Apply(PersonChange{Etag: "1", Fields: []string{FieldDisplayName}, DisplayName: "Ann Smith", Active: false}, later)
	if err != nil || got.DisplayName != "Ann Smith" || !got.Active || got.Version != 2 || !got.UpdateTime.Equal(later) {
		t.Fatalf("rename: %+v %v", got, err)
	}
	got, err = p.Apply(PersonChange{Etag: "1", Fields: []string{FieldActive}, Active: false}, later)
	if err != nil || got.Active || got.DisplayName != "Ann" {
		t.Fatalf("deactivate: %+v %v", got, err)
	}
	if _, err := p.Apply(PersonChange{Etag: "7", Fields: []string{FieldActive}}, later); failure.KindOf(err) != failure.KindConflict {
		t.Fatalf("stale etag: %v", err)
	}
	testinfra.WantViolations(t, func() error { _, err := p.Apply(PersonChange{Fields: []string{FieldActive}}, later); return err }(),
		[]string{"person.etag"})
	testinfra.WantViolations(t, func() error { _, err := p.Apply(PersonChange{Etag: "1"}, later); return err }(),
		[]string{"update_mask"})
	testinfra.WantViolations(t, func() error { _, err := p.Apply(PersonChange{Etag: "1", Fields: []string{"email"}}, later); return err }(),
		[]string{"update_mask"})
	testinfra.WantViolations(t, func() error {
		_, err := p.Apply(PersonChange{Etag: "1", Fields: []string{"etag", "name"}}, later)
		return err
	}(),
		[]string{"update_mask"})
	if got, err := p.Apply(PersonChange{Etag: "1", Fields: []string{"name", FieldActive, "etag"}}, later); err != nil || got.Active {
		t.Fatalf("a mask naming the name and etag too: %+v %v", got, err)
	}
	testinfra.WantViolations(t, func() error {
		_, err := p.Apply(PersonChange{Etag: "1", Fields: []string{FieldDisplayName}, DisplayName: ""}, later)
		return err
	}(), []string{"person.display_name"})
}

func TestCheckNewPassword(t *testing.T) {
	for pw, ok := range map[string]bool{
		"short":                   false,
		"elevenchars":             false,
		"twelve chars":            true,
		"ünïcödé-twelve":          true,
		strings.Repeat("x", 1025): false,
		string([]byte{0xff, 0xfe}) + "0123456789ab": false,
	} {
		if err := CheckNewPassword(pw); (err == nil) != ok {
			t.Errorf("%q: %v", pw, err)
		}
	}
}

func TestNewConsortium(t *testing.T) {
	now := time.Now()
	c, err := NewConsortium("h", "c", "Tri-borough", []string{"a", "b"}, now)
	if err != nil || c.Name() != "hubs/h/consortia/c" {
		t.Fatalf("%+v %v", c, err)
	}
	testinfra.WantViolations(t, func() error { _, err := NewConsortium("h", "c", "", []string{"a"}, now); return err }(),
		[]string{"consortium.display_name", "consortium.partnerships"})
	testinfra.WantViolations(t, func() error { _, err := NewConsortium("h", "c", "X", []string{"a", "a"}, now); return err }(),
		[]string{"consortium.partnerships"})
}
