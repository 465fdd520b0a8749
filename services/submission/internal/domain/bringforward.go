package domain

import "github.com/assure-audit/assure/pkg/form"

// Carry maps the question keys of a target version back to the keys of a
// source version through the lineage of the versions between them, so
// answers given in an earlier campaign can start a new one.
type Carry struct {
	// from maps a target key to the source key it continues.
	from map[string]string
}

// NewCarry builds the mapping from the chain of versions from the target
// (first) back to the source (last), each with its lineage to the one
// after it in the chain. Only questions that continue exactly one earlier
// question (the same, renamed, or one part of a split) carry; new and
// merged questions do not, nor any whose type differs from the source
// question's. A chain of one version (the same version) carries every
// question.
func NewCarry(chain []Form) Carry {
	versions := make([]form.Version, len(chain))
	for i, f := range chain {
		versions[i] = form.Version{Form: f.Form, Lineage: f.Lineage}
	}
	return Carry{from: form.Trace(versions)}
}

// Answers returns the answers of source that carry into the target
// version, keyed by target key, marked as brought forward. Actions do not
// carry: they belong to the earlier plan.
func (c Carry) Answers(source map[string]form.Answer) map[string]form.Answer {
	out := map[string]form.Answer{}
	for to, from := range c.from {
		a, ok := source[from]
		if !ok {
			continue
		}
		a.Key = to
		a.Actions = nil
		a.ModeratedGrade = ""
		out[to] = a
	}
	return out
}

// Len is the number of questions that carry.
func (c Carry) Len() int { return len(c.from) }
