package domain

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/assure-audit/assure/pkg/failure"
)

// pool is 20 candidates: 12 of the police (8 aged 0-4, 4 aged 5-10) and 8
// of health (2 aged 0-4, 6 aged 5-10).
func pool() []Candidate {
	var out []Candidate
	add := func(n int, agency, age string) {
		for range n {
			out = append(out, Candidate{Reference: fmt.Sprintf("C-%03d", len(out)), Agency: agency, AgeBand: age, PlanType: "cp"})
		}
	}
	add(8, "police", "0-4")
	add(4, "police", "5-10")
	add(2, "health", "0-4")
	add(6, "health", "5-10")
	return out
}

func strata(s Sample) string {
	var parts []string
	for _, st := range s.Strata {
		parts = append(parts, fmt.Sprintf("%s:%d/%d", st.Key, st.Drawn, st.Candidates))
	}
	return strings.Join(parts, " ")
}

func refs(s Sample) []string {
	var out []string
	for _, c := range s.Cases {
		out = append(out, c.Reference)
	}
	return out
}

// TestDrawSampleShares: the shares worked out by hand.
func TestDrawSampleShares(t *testing.T) {
	tests := []struct {
		name string
		size int
		by   []Attribute
		want string
	}{
		// 10 of 20: exactly half of each.
		{"by agency, half", 10, []Attribute{ByAgency}, "health:4/8 police:6/12"},
		// 5 of 20: health 8×5/20 = 2, police 12×5/20 = 3.
		{"by agency, a quarter", 5, []Attribute{ByAgency}, "health:2/8 police:3/12"},
		// 7 of 20: health 2.8, police 4.2: floors 2 and 4, the one left to
		// health's larger remainder.
		{"by agency, remainders", 7, []Attribute{ByAgency}, "health:3/8 police:4/12"},
		// 6 of 20 by agency and age: 0.6, 1.8, 2.4, 1.2 → floors 0, 1, 2, 1
		// (4), then the two largest remainders: health/0-4 (0.6) and
		// health/5-10 (0.8).
		{"by agency and age", 6, []Attribute{ByAgency, ByAgeBand},
			"health / 0-4:1/2 health / 5-10:2/6 police / 0-4:2/8 police / 5-10:1/4"},
		// Equal remainders go to the stratum first by key: 1 of 20 by age,
		// 0-4 has 10 (0.5) and 5-10 has 10 (0.5).
		{"a tie", 1, []Attribute{ByAgeBand}, "0-4:1/10 5-10:0/10"},
		{"not stratified", 4, nil, ":4/20"},
		{"everything", 20, []Attribute{ByPlanType}, "cp:20/20"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := DrawSample(pool(), tt.size, tt.by, 42)
			if err != nil {
				t.Fatal(err)
			}
			if got := strata(s); got != tt.want {
				t.Fatalf("strata %s, want %s", got, tt.want)
			}
			if len(s.Cases) != tt.size || !slices.IsSorted(refs(s)) || s.Seed != 42 {
				t.Fatalf("cases %v, seed %d", refs(s), s.Seed)
			}
			// Each stratum's cases come from that stratum.
			drawn := map[string]int{}
			for _, c := range s.Cases {
				var vals []string
				for _, a := range tt.by {
					vals = append(vals, a.of(c))
				}
				drawn[strings.Join(vals, " / ")]++
			}
			for _, st := range s.Strata {
				if drawn[st.Key] != st.Drawn {
					t.Fatalf("stratum %q: %d drawn from it, %d reported", st.Key, drawn[st.Key], st.Drawn)
				}
			}
		})
	}
}

// TestDrawSampleReproducible: the same seed gives the same sample whatever
// the candidates' order; other seeds give others.
func TestDrawSampleReproducible(t *testing.T) {
	first, err := DrawSample(pool(), 6, []Attribute{ByAgency}, 2026)
	if err != nil {
		t.Fatal(err)
	}
	shuffled := pool()
	rand.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	again, err := DrawSample(shuffled, 6, []Attribute{ByAgency}, 2026)
	if err != nil || !slices.Equal(refs(again), refs(first)) {
		t.Fatalf("same seed, shuffled candidates: %v, want %v (%v)", refs(again), refs(first), err)
	}
	differ := 0
	for seed := range uint64(20) {
		s, _ := DrawSample(pool(), 6, []Attribute{ByAgency}, seed)
		if !slices.Equal(refs(s), refs(first)) {
			differ++
		}
	}
	if differ < 15 {
		t.Fatalf("only %d of 20 other seeds drew another sample", differ)
	}
}

func TestDrawSampleRefusals(t *testing.T) {
	many := make([]Candidate, MaxCandidates+1)
	for i := range many {
		many[i].Reference = fmt.Sprintf("C-%05d", i)
	}
	tests := []struct {
		name  string
		cands []Candidate
		size  int
		by    []Attribute
		field string
	}{
		{"no candidates", nil, 1, nil, "candidates"},
		{"too many candidates", many, 1, nil, "candidates"},
		{"size 0", pool(), 0, nil, "size"},
		{"size over a round's cases", many[:200], 101, nil, "size"},
		{"more than the candidates", pool(), 21, nil, "size"},
		{"unknown attribute", pool(), 2, []Attribute{"postcode"}, "stratify_by[0]"},
		{"attribute twice", pool(), 2, []Attribute{ByAgency, ByAgency}, "stratify_by[1]"},
		{"a name as reference", []Candidate{{Reference: "Jane Smith"}}, 1, nil, "candidates[0].reference"},
		{"repeated reference", []Candidate{{Reference: "C-001"}, {Reference: "C-001"}}, 1, nil, "candidates[1].reference"},
		{"bad agency", []Candidate{{Reference: "C-001", Agency: "Police HQ"}}, 1, nil, "candidates[0].agency"},
		{"control character", []Candidate{{Reference: "C-001", AgeBand: "0-4\x00"}}, 1, nil, "candidates[0].age_band"},
		{"long label", []Candidate{{Reference: "C-001", PlanType: strings.Repeat("x", 61)}}, 1, nil, "candidates[0].plan_type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DrawSample(tt.cands, tt.size, tt.by, 1)
			if failure.KindOf(err) != failure.KindInvalid || !strings.Contains(err.Error(), tt.field) {
				t.Fatalf("got %v, want a violation of %s", err, tt.field)
			}
		})
	}
}

// FuzzDrawSample: any input is refused with a reason or drawn whole: the
// size asked, no case twice, every case a candidate, the strata adding up.
func FuzzDrawSample(f *testing.F) {
	f.Add("C-001 police 0-4;C-002 health 5-10;C-003 police 5-10", 2, "agency", uint64(7))
	f.Add("C-001 a x;C-002 a y", 1, "age_band,plan_type", uint64(0))
	f.Fuzz(func(t *testing.T, spec string, size int, attrs string, seed uint64) {
		var cands []Candidate
		for _, line := range strings.Split(spec, ";") {
			fields := strings.Fields(line)
			c := Candidate{}
			for i, v := range fields {
				switch i {
				case 0:
					c.Reference = v
				case 1:
					c.Agency = v
				case 2:
					c.AgeBand = v
				case 3:
					c.PlanType = v
				}
			}
			cands = append(cands, c)
		}
		var by []Attribute
		if attrs != "" {
			for _, a := range strings.Split(attrs, ",") {
				by = append(by, Attribute(a))
			}
		}
		s, err := DrawSample(cands, size, by, seed)
		if err != nil {
			if failure.KindOf(err) != failure.KindInvalid {
				t.Fatalf("not a violation: %v", err)
			}
			return
		}
		known := map[string]bool{}
		for _, c := range cands {
			known[c.Reference] = true
		}
		seen := map[string]bool{}
		for _, c := range s.Cases {
			if !known[c.Reference] || seen[c.Reference] {
				t.Fatalf("drew %s, unknown or twice", c.Reference)
			}
			seen[c.Reference] = true
		}
		total, drawn := 0, 0
		for _, st := range s.Strata {
			total += st.Candidates
			drawn += st.Drawn
			if st.Drawn > st.Candidates {
				t.Fatalf("stratum %+v", st)
			}
		}
		if len(s.Cases) != size || drawn != size || total != len(cands) {
			t.Fatalf("size %d: %d cases, %d drawn, %d of %d candidates", size, len(s.Cases), drawn, total, len(cands))
		}
	})
}
