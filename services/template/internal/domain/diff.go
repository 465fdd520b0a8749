package domain

import (
	"encoding/json"
	"slices"

	"github.com/assure-audit/assure/pkg/form"
)

// ChangeKind says how a question differs between two versions. The values
// match the API's enum.
type ChangeKind int

// The change kinds.
const (
	ChangeUnspecified ChangeKind = iota
	ChangeAdded
	ChangeRemoved
	ChangeChanged
	ChangeMoved
)

// QuestionChange is one difference between two forms.
type QuestionChange struct {
	Key  string
	Kind ChangeKind
	// Path is where the question is in the first form, e.g.
	// "sections[0].questions[2]"; empty when added.
	Path string
	// OtherPath is where it is in the other form; empty when removed.
	OtherPath string
	// Fields are the API names of the fields that differ, for a changed
	// question.
	Fields []string
}

type placed struct {
	q       form.Question
	path    string
	section string
	// rank is the question's place among the questions of its section
	// that both forms hold.
	rank int
}

// Diff lists how b differs from a, question by question (by key): removed
// questions in a's order, then added, changed and moved questions in b's
// order. A question has moved when it is in a section with another code,
// or in another place among the questions its section keeps from a to b.
// A question both changed and moved is listed twice.
func Diff(a, b form.Form) []QuestionChange {
	pa, pb := place(a), place(b)
	rank(a, pa, pb)
	rank(b, pb, pa)
	var out []QuestionChange
	for _, s := range a.Sections {
		for _, q := range s.Questions {
			if _, ok := pb[q.Key]; !ok {
				out = append(out, QuestionChange{Key: q.Key, Kind: ChangeRemoved, Path: pa[q.Key].path})
			}
		}
	}
	for _, s := range b.Sections {
		for _, q := range s.Questions {
			nb := pb[q.Key]
			na, ok := pa[q.Key]
			if !ok {
				out = append(out, QuestionChange{Key: q.Key, Kind: ChangeAdded, OtherPath: nb.path})
				continue
			}
			if fields := changedFields(na.q, nb.q); len(fields) > 0 {
				out = append(out, QuestionChange{Key: q.Key, Kind: ChangeChanged, Path: na.path, OtherPath: nb.path, Fields: fields})
			}
			if na.section != nb.section || na.rank != nb.rank {
				out = append(out, QuestionChange{Key: q.Key, Kind: ChangeMoved, Path: na.path, OtherPath: nb.path})
			}
		}
	}
	return out
}

func place(f form.Form) map[string]*placed {
	out := map[string]*placed{}
	for i, s := range f.Sections {
		for j, q := range s.Questions {
			out[q.Key] = &placed{q: q, section: s.Code, path: indexed(indexed("sections", i)+".questions", j)}
		}
	}
	return out
}

// rank numbers the questions of each section of f that the other form
// holds in the same section.
func rank(f form.Form, mine, other map[string]*placed) {
	for _, s := range f.Sections {
		n := 0
		for _, q := range s.Questions {
			if o, ok := other[q.Key]; ok && o.section == s.Code {
				mine[q.Key].rank = n
				n++
			}
		}
	}
}

// changedFields names the fields of b that differ from a, as the API
// names them.
func changedFields(a, b form.Question) []string {
	ma, mb := fieldsOf(a), fieldsOf(b)
	var out []string
	for k := range mb {
		if string(ma[k]) != string(mb[k]) {
			out = append(out, SettingsField(k, b.Type))
		}
	}
	for k := range ma {
		if _, ok := mb[k]; !ok {
			out = append(out, SettingsField(k, a.Type))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func fieldsOf(q form.Question) map[string]json.RawMessage {
	b, _ := json.Marshal(q)
	var m map[string]json.RawMessage
	_ = json.Unmarshal(b, &m)
	return m
}
