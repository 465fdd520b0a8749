package domain

import (
	"slices"

	"github.com/assure-audit/assure/pkg/failure"
)

// LineageKind says how a question continues the previous version. The
// values match the API's enum.
type LineageKind int

// The lineage kinds.
const (
	LineageUnspecified LineageKind = iota
	// LineageSame is the same question under the same key.
	LineageSame
	// LineageRenamed continues one previous question under a new key.
	LineageRenamed
	// LineageSplit is one of several questions continuing the same
	// previous question.
	LineageSplit
	// LineageMerged continues several previous questions.
	LineageMerged
	// LineageNew continues none.
	LineageNew
)

// Lineage links one question of a version to the questions of the
// previous version it continues.
type Lineage struct {
	Key          string
	Kind         LineageKind
	PreviousKeys []string
}

// deriveLineage works out the lineage of c's questions from previous (nil
// for a first version). A question continues the keys it declares, or, if
// it declares none, the previous question with its own key if there is
// one. It is merged when it continues several questions, split when
// another question continues the same one, the same when it continues its
// own key and renamed otherwise. Declared keys must be questions of
// previous.
func deriveLineage(v *failure.Violations, c Content, previous *TemplateVersion) []Lineage {
	prev := map[string]bool{}
	if previous != nil {
		for _, s := range previous.Content.Content.Form.Sections {
			for _, q := range s.Questions {
				prev[q.Key] = true
			}
		}
	}
	var out []Lineage
	claims := map[string]int{}
	for i, s := range c.Form.Sections {
		for j, q := range s.Questions {
			l := Lineage{Key: q.Key}
			if declared := c.Continues[q.Key]; len(declared) > 0 {
				for n, k := range declared {
					if !prev[k] {
						p := indexed(indexed(indexed("template.sections", i)+".questions", j)+".continues", n)
						if previous == nil {
							v.Add(p, "the template has no published version to continue; remove it")
						} else {
							v.Addf(p, "%q is not a question of version %d", k, previous.Number)
						}
					}
				}
				l.PreviousKeys = slices.Clone(declared)
			} else if prev[q.Key] {
				l.PreviousKeys = []string{q.Key}
			}
			for _, k := range l.PreviousKeys {
				claims[k]++
			}
			out = append(out, l)
		}
	}
	for i := range out {
		l := &out[i]
		switch {
		case len(l.PreviousKeys) == 0:
			l.Kind = LineageNew
		case len(l.PreviousKeys) > 1:
			l.Kind = LineageMerged
		case claims[l.PreviousKeys[0]] > 1:
			l.Kind = LineageSplit
		case l.PreviousKeys[0] == l.Key:
			l.Kind = LineageSame
		default:
			l.Kind = LineageRenamed
		}
	}
	return out
}
