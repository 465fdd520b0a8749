package domain

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/assure-audit/assure/pkg/failure"
)

// Candidate is a case that may be sampled into a round: its pseudonymous
// reference and the attributes a sample can be stratified by.
type Candidate struct {
	Reference string
	// Agency is the id of the organisation holding the case.
	Agency string
	// AgeBand and PlanType are free labels, e.g. "0-4" and "child
	// protection".
	AgeBand, PlanType string
}

// Attribute names a candidate's attribute a sample can be stratified by.
type Attribute string

// The attributes.
const (
	ByAgency   Attribute = "agency"
	ByAgeBand  Attribute = "age_band"
	ByPlanType Attribute = "plan_type"
)

func (a Attribute) of(c Candidate) string {
	switch a {
	case ByAgency:
		return c.Agency
	case ByAgeBand:
		return c.AgeBand
	case ByPlanType:
		return c.PlanType
	}
	return ""
}

// Limits on sampling.
const (
	MaxCandidates = 5000
	MaxLabel      = 60
)

// Stratum is one group of candidates sharing the stratifying attributes'
// values, and how many of them were drawn.
type Stratum struct {
	// Key is the values, in the order of the attributes, joined by " / ".
	Key               string
	Candidates, Drawn int
}

// Sample is a drawn sample and how to draw it again.
type Sample struct {
	Cases  []Candidate // by reference
	Seed   uint64
	Strata []Stratum // by key
}

// DrawSample draws size of the candidates at random, reproducibly: the
// same candidates (in any order), size, attributes and seed always give the
// same sample. Stratified by attributes, each stratum gets its share of the
// sample in proportion to its size (largest remainders first, ties to the
// stratum first by key), then its cases are drawn at random within it.
// Every problem is reported with the path of the field at fault.
func DrawSample(cands []Candidate, size int, by []Attribute, seed uint64) (Sample, error) {
	var v failure.Violations
	switch {
	case len(cands) == 0:
		v.Add("candidates", "must list at least one case")
	case len(cands) > MaxCandidates:
		v.Addf("candidates", "must list at most %d cases", MaxCandidates)
	}
	switch {
	case size < 1 || size > MaxCases:
		v.Addf("size", "must be from 1 to %d", MaxCases)
	case size > len(cands) && len(cands) > 0:
		v.Addf("size", "is %d but only %d cases are candidates", size, len(cands))
	}
	seenAttr := map[Attribute]bool{}
	for i, a := range by {
		field := "stratify_by[" + strconv.Itoa(i) + "]"
		switch {
		case a != ByAgency && a != ByAgeBand && a != ByPlanType:
			v.Addf(field, "must be %s, %s or %s, not %q", ByAgency, ByAgeBand, ByPlanType, a)
		case seenAttr[a]:
			v.Addf(field, "names %s twice", a)
		}
		seenAttr[a] = true
	}
	refs := map[string]int{}
	for i, c := range cands {
		path := "candidates[" + strconv.Itoa(i) + "]"
		switch j, dup := refs[c.Reference]; {
		case !reference.MatchString(c.Reference):
			v.Add(path+".reference", "must be a pseudonymous reference of 3-32 capital letters, digits or hyphens such as CASE-2026-014, never a name")
		case dup:
			v.Addf(path+".reference", "repeats the reference of candidates[%d]", j)
		default:
			refs[c.Reference] = i
		}
		if c.Agency != "" && !organisationID.MatchString(c.Agency) {
			v.Add(path+".agency", "must be an organisation id of 1-63 lower-case letters, digits or hyphens")
		}
		for _, f := range []struct{ name, value string }{{"age_band", c.AgeBand}, {"plan_type", c.PlanType}} {
			if len([]rune(f.value)) > MaxLabel || strings.ContainsFunc(f.value, isControl) {
				v.Addf(path+"."+f.name, "must be at most %d characters, without control characters", MaxLabel)
			}
		}
	}
	if err := v.Err(); err != nil {
		return Sample{}, err
	}

	// Strata by key, each with its candidates by reference, so the order
	// the candidates came in does not matter.
	groups := map[string][]Candidate{}
	for _, c := range cands {
		vals := make([]string, len(by))
		for i, a := range by {
			vals[i] = a.of(c)
		}
		key := strings.Join(vals, " / ")
		groups[key] = append(groups[key], c)
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
		slices.SortFunc(groups[k], func(a, b Candidate) int { return cmp.Compare(a.Reference, b.Reference) })
	}
	slices.Sort(keys)

	// Proportional shares, the remainder to the largest fractions.
	shares := make([]int, len(keys))
	type rem struct {
		i    int
		frac int // remainder of size × stratum, out of len(cands)
	}
	rems := make([]rem, len(keys))
	given := 0
	for i, k := range keys {
		n := size * len(groups[k])
		shares[i] = n / len(cands)
		rems[i] = rem{i, n % len(cands)}
		given += shares[i]
	}
	slices.SortStableFunc(rems, func(a, b rem) int { return cmp.Compare(b.frac, a.frac) })
	for _, r := range rems[:size-given] {
		shares[r.i]++
	}

	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := Sample{Seed: seed}
	for i, k := range keys {
		g := slices.Clone(groups[k])
		// A partial Fisher-Yates shuffle draws shares[i] of them.
		for j := 0; j < shares[i]; j++ {
			r := j + rng.IntN(len(g)-j)
			g[j], g[r] = g[r], g[j]
		}
		out.Cases = append(out.Cases, g[:shares[i]]...)
		out.Strata = append(out.Strata, Stratum{Key: k, Candidates: len(g), Drawn: shares[i]})
	}
	slices.SortFunc(out.Cases, func(a, b Candidate) int { return cmp.Compare(a.Reference, b.Reference) })
	return out, nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }
