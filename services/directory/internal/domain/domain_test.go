package domain

import (
	"strings"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/testinfra"
)

func TestNewOrganisation(t *testing.T) {
	now := time.Now()
	tests := []struct {
		name       string
		display    string
		typ        OrganisationType
		parts      []string
		wantFields []string
	}{
		{"ok", " Northshire Police ", TypePolice, []string{"p1"}, nil},
		{"empty name", "  ", TypePolice, []string{"p1"}, []string{"organisation.display_name"}},
		{"long name", strings.Repeat("x", 201), TypePolice, []string{"p1"}, []string{"organisation.display_name"}},
		{"no type", "A", TypeUnspecified, []string{"p1"}, []string{"organisation.type"}},
		{"bad type", "A", OrganisationType(99), []string{"p1"}, []string{"organisation.type"}},
		{"no partnership", "A", TypeSchool, nil, []string{"organisation.partnerships"}},
		{"twice", "A", TypeSchool, []string{"p1", "p1"}, []string{"organisation.partnerships"}},
		{"everything", "", TypeUnspecified, nil, []string{"organisation.display_name", "organisation.type", "organisation.partnerships"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := NewOrganisation("o1", tt.display, tt.typ, tt.parts, "", now)
			if tt.wantFields == nil {
				if err != nil {
					t.Fatal(err)
				}
				if o.DisplayName != "Northshire Police" || o.Version != 1 {
					t.Fatalf("got %+v", o)
				}
				return
			}
			testinfra.WantViolations(t, err, tt.wantFields)
		})
	}
}

func TestNewPartnership(t *testing.T) {
	if _, err := NewPartnership("p", "h", "", time.Now()); failure.KindOf(err) != failure.KindInvalid {
		t.Fatalf("err = %v", err)
	}
	testinfra.WantViolations(t, func() error { _, err := NewPartnership("p", "", "", time.Now()); return err }(),
		[]string{"partnership.display_name", "partnership.hub"})
	p, err := NewPartnership("p", "h", "Northshire", time.Now())
	if err != nil || p.DisplayName != "Northshire" || p.Hub != "h" {
		t.Fatal(p, err)
	}
}
