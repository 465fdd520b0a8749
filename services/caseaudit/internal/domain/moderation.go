package domain

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
)

// Dissent is an agency's recorded disagreement with an agreed grade.
type Dissent struct {
	// Agency is the organisation id.
	Agency, Note string
}

// ModeratedDomain is what the moderation meeting agreed on one graded
// question (a domain) of a case.
type ModeratedDomain struct {
	// Agreed is the grade value agreed.
	Agreed  string
	Dissent []Dissent
	Notes   string
}

// CaseModeration is the moderation of one case: per graded question, the
// agreed grade, dissent and notes.
type CaseModeration struct {
	PartnershipID, RoundID, Reference string
	// Domains are by question key.
	Domains  map[string]ModeratedDomain
	SavedBy  string
	SaveTime time.Time
	Version  int64
}

// ratingQuestions lists the form's rating questions in order.
func ratingQuestions(f form.Form) []form.Question {
	var out []form.Question
	for _, s := range f.Sections {
		for _, q := range s.Questions {
			if q.Type == form.TypeRatingScale && q.Scale != nil {
				out = append(out, q)
			}
		}
	}
	return out
}

// SaveModeration records the moderation of the case with reference at the
// round's moderation stage: each domain a rating question of the template
// with an agreed grade on its scale, dissent from agencies involved in the
// case, and notes, for person at now.
func (r Round) SaveModeration(prev CaseModeration, f form.Form, reference string, domains map[string]ModeratedDomain, person string, now time.Time) (CaseModeration, error) {
	var v failure.Violations
	i := slices.IndexFunc(r.Cases, func(c Case) bool { return c.Reference == reference })
	if i < 0 {
		v.Add("case_reference", "is not a case of the round")
	}
	questions := map[string]form.Question{}
	for _, q := range ratingQuestions(f) {
		questions[q.Key] = q
	}
	keys := make([]string, 0, len(domains))
	for k := range domains {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := map[string]ModeratedDomain{}
	for _, k := range keys {
		d, path := domains[k], "domains["+k+"]"
		q, ok := questions[k]
		if !ok {
			v.Add(path, "is not a graded question of the round's template")
			continue
		}
		if !slices.ContainsFunc(q.Scale.Grades, func(g form.Grade) bool { return g.Value == d.Agreed }) {
			v.Addf(path+".agreed", "must be a grade of %s's scale", k)
		}
		for j, ds := range d.Dissent {
			if i < 0 || !slices.Contains(r.Cases[i].Agencies, ds.Agency) {
				v.Addf(fmt.Sprintf("%s.dissent[%d].agency", path, j), "must be an agency involved in case %s", reference)
			}
			d.Dissent[j].Note = checkText(&v, fmt.Sprintf("%s.dissent[%d].note", path, j), ds.Note, true, MaxFindingText)
		}
		d.Notes = checkText(&v, path+".notes", d.Notes, false, MaxFindingText)
		out[k] = d
	}
	if err := v.Err(); err != nil {
		return CaseModeration{}, err
	}
	if r.State != Moderation {
		return CaseModeration{}, failure.FailedPrecondition("the round is %s: cases are moderated at its moderation stage", r.State)
	}
	return CaseModeration{PartnershipID: r.PartnershipID, RoundID: r.ID, Reference: reference, Domains: out, SavedBy: person,
		SaveTime: now, Version: prev.Version + 1}, nil
}

// DomainView is one graded question of a case as the moderation meeting
// sees it: each agency's grade beside the agreed one.
type DomainView struct {
	Key, Text string
	// Grades are each agency's self-assessed grade, by agency id; missing
	// where the agency has not graded it.
	Grades map[string]string
	ModeratedDomain
}

// ModerationView sets the agencies' grades from their returns beside what
// was agreed, per rating question of the template, in form order.
func ModerationView(f form.Form, returns []CaseReturn, m CaseModeration) []DomainView {
	var out []DomainView
	for _, q := range ratingQuestions(f) {
		dv := DomainView{Key: q.Key, Text: q.Text, Grades: map[string]string{}, ModeratedDomain: m.Domains[q.Key]}
		for _, c := range returns {
			if a, ok := c.Answers[q.Key]; ok && a.Grade != "" {
				dv.Grades[c.Agency] = a.Grade
			}
		}
		out = append(out, dv)
	}
	return out
}

// ModerationSaved records a case's moderation saved.
type ModerationSaved struct{ Moderation CaseModeration }

func (ModerationSaved) isEvent() {}
