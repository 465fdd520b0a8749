package domain

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/testinfra"
)

func manyCases(n int) []Case {
	cases := make([]Case, n)
	for i := range cases {
		cases[i].Reference = fmt.Sprintf("CASE-%03d", i)
	}
	return cases
}

func manyAgencies(n int) []string {
	agencies := make([]string, n)
	for i := range agencies {
		agencies[i] = fmt.Sprintf("org-%d", i)
	}
	return agencies
}

func TestNewRound(t *testing.T) {
	now := time.Now()
	ok := []Case{{Reference: "CASE-2026-014", Agencies: []string{"police", "health"}}, {Reference: "CASE-2026-015"}}
	tests := []struct {
		name       string
		theme      string
		cases      []Case
		wantFields []string
		details    Details
	}{
		{"ok", " Neglect in under-fives ", ok, nil, Details{}},
		{"empty theme", "  ", ok, []string{"round.theme"}, Details{}},
		{"long theme", strings.Repeat("x", 301), ok, []string{"round.theme"}, Details{}},
		{"no cases", "T", nil, []string{"round.cases"}, Details{}},
		{"too many cases", "T", manyCases(101), []string{"round.cases"}, Details{}},
		{"a name", "T", []Case{{Reference: "Jane Smith"}}, []string{"round.cases[0].reference"}, Details{}},
		{"lower case", "T", []Case{{Reference: "case-1"}}, []string{"round.cases[0].reference"}, Details{}},
		{"too short", "T", []Case{{Reference: "C1"}}, []string{"round.cases[0].reference"}, Details{}},
		{"leading hyphen", "T", []Case{{Reference: "-C1"}}, []string{"round.cases[0].reference"}, Details{}},
		{"repeated reference", "T", []Case{{Reference: "C-1"}, {Reference: "C-2"}, {Reference: "C-1"}}, []string{"round.cases[2].reference"}, Details{}},
		{"bad agency", "T", []Case{{Reference: "C-1", Agencies: []string{"organisations/police"}}}, []string{"round.cases[0].agencies[0]"}, Details{}},
		{"agency twice", "T", []Case{{Reference: "C-1", Agencies: []string{"police", "health", "police"}}}, []string{"round.cases[0].agencies[2]"}, Details{}},
		{"too many agencies", "T", []Case{{Reference: "C-1", Agencies: manyAgencies(51)}}, []string{"round.cases[0].agencies"}, Details{}},
		{"everything", "", []Case{{Reference: "C-1"}, {Reference: "C-1"}}, []string{"round.theme", "round.cases[1].reference"}, Details{}},
		{"long sampling notes", "T", []Case{{Reference: "C-1", SamplingNotes: strings.Repeat("x", 2001)}}, []string{"round.cases[0].sampling_notes"}, Details{}},
		{"bad details", "T", ok, []string{"round.methodology", "round.practice_period_start", "round.practice_period_end",
			"round.template_version", "round.chair"}, Details{Methodology: strings.Repeat("x", 5001), PracticeFrom: "2026-02-30",
			PracticeTo: "1 March", TemplateVersion: "templates/s11", Chair: "Jane Smith"}},
		{"period backwards", "T", ok, []string{"round.practice_period_end"}, Details{PracticeFrom: "2026-03-01", PracticeTo: "2026-02-28"}},
		{"moderation before the returns", "T", ok, []string{"round.moderation_time"},
			Details{ReturnsDue: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), ModerationTime: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewRound("r1", "p1", tt.theme, tt.details, tt.cases, now)
			if tt.wantFields == nil {
				if err != nil {
					t.Fatal(err)
				}
				if r.Theme != "Neglect in under-fives" || r.Version != 1 || len(r.Cases) != 2 || r.Cases[0].Agencies[1] != "health" || r.Cases[1].Agencies != nil {
					t.Fatalf("got %+v", r)
				}
				return
			}
			testinfra.WantViolations(t, err, tt.wantFields)
		})
	}
}

func TestNewRoundCopiesAgencies(t *testing.T) {
	agencies := []string{"police"}
	r, err := NewRound("r1", "p1", "T", Details{}, []Case{{Reference: "C-1", Agencies: agencies}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	agencies[0] = "changed"
	if r.Cases[0].Agencies[0] != "police" {
		t.Fatal("the round shares the caller's slice")
	}
}

// FuzzNewRound checks that no input makes the validator panic, that it only
// ever fails with invalid-argument errors naming a field and a reason, and
// that every reference it accepts is pseudonymous and unique.
func FuzzNewRound(f *testing.F) {
	f.Add("Neglect in under-fives", "CASE-2026-014", "CASE-2026-015", "police", "health")
	f.Add("", "", "", "", "")
	f.Add(" ", "Jane Smith", "Jane Smith", "Police", "police")
	f.Add("\xff", "C-1", "C-1", "a", "a")
	f.Fuzz(func(t *testing.T, theme, ref1, ref2, agency1, agency2 string) {
		r, err := NewRound("r", "p", theme, Details{}, []Case{{Reference: ref1, Agencies: []string{agency1, agency2}}, {Reference: ref2}}, time.Unix(0, 0))
		if err != nil {
			f, ok := failure.As(err)
			if !ok || f.Kind != failure.KindInvalid || len(f.Violations) == 0 {
				t.Fatalf("err = %v", err)
			}
			for _, v := range f.Violations {
				if !strings.HasPrefix(v.Field, "round.") || v.Reason == "" {
					t.Fatalf("violation %+v", v)
				}
			}
			return
		}
		if r.Cases[0].Reference == r.Cases[1].Reference || strings.ContainsAny(r.Cases[0].Reference+r.Cases[1].Reference, " abcdefghijklmnopqrstuvwxyz") {
			t.Fatalf("accepted %+v", r.Cases)
		}
	})
}
