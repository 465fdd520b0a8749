package domain

import (
	"cmp"
	"maps"
	"math/big"
	"slices"

	"github.com/assure-audit/assure/pkg/form"
)

// NumericReport sums up the answers to a campaign's number questions.
type NumericReport struct {
	Questions []NumericQuestion // number questions in form order
}

// NumericQuestion sums up the answers to one number question. Decimals are
// written as text and computed exactly. Answers that are not decimals are
// skipped (the submission service refuses them, so none should be seen).
type NumericQuestion struct {
	Key, Text, Section, Unit string
	// Count counts the answers.
	Count int
	// Total is their exact sum without trailing zeros ("0" with none);
	// Mean is Total / Count rounded half-up (halves away from zero) to
	// two places, trailing zeros kept ("2.50"); "" with none.
	Total, Mean string
	// Min and Max are the least and greatest answers, written as Total
	// is; "" with none.
	Min, Max string
	// ByType sums up the answers per organisation type, in alphabetical
	// order of type, an unknown type ("") taken as "unknown"; types with
	// no answer are left out.
	ByType []TypeTotal
	// Values are the answers, one per submission that answered, ordered
	// as RatingsReport.Rows.
	Values []OrgValue
}

// TypeTotal sums up the answers of one organisation type; Total and Mean
// are written as in NumericQuestion.
type TypeTotal struct {
	Type        string
	Count       int
	Total, Mean string
}

// OrgValue is one submission's answer to a number question, as given.
type OrgValue struct {
	Organisation, DisplayName, Type, Submission, Value string
}

// UnknownType is the type shown for organisations whose type is not known.
const UnknownType = "unknown"

// Numeric reports the number answers of d's submissions.
func Numeric(d Dataset) NumericReport {
	var r NumericReport
	subs := OrderedSubmissions(d)
	for _, q := range questionsOfType(d.Form, form.TypeNumber) {
		r.Questions = append(r.Questions, numericQuestion(d, subs, q))
	}
	return r
}

// numericQuestion sums up the answers to q of subs.
func numericQuestion(d Dataset, subs []SubmissionInfo, q sectionQuestion) NumericQuestion {
	nq := NumericQuestion{Key: q.Key, Text: q.Text, Section: q.sectionCode}
	if q.Number != nil {
		nq.Unit = q.Number.Unit
	}
	var all sum
	byType := map[string]*sum{}
	for _, s := range subs {
		text := d.Answers[s.Name][q.Key].Number
		v, ok := parseDecimal(text)
		if !ok {
			continue
		}
		org := d.Organisations[s.Organisation]
		nq.Values = append(nq.Values, OrgValue{Organisation: s.Organisation, DisplayName: org.DisplayName, Type: org.Type, Submission: s.Name, Value: text})
		all.add(v)
		t := cmp.Or(org.Type, UnknownType)
		if byType[t] == nil {
			byType[t] = &sum{}
		}
		byType[t].add(v)
	}
	nq.Count, nq.Total, nq.Mean = all.n, exactDecimal(&all.total), all.mean()
	if all.n > 0 {
		nq.Min, nq.Max = exactDecimal(all.min), exactDecimal(all.max)
	}
	for _, t := range slices.Sorted(maps.Keys(byType)) {
		s := byType[t]
		nq.ByType = append(nq.ByType, TypeTotal{Type: t, Count: s.n, Total: exactDecimal(&s.total), Mean: s.mean()})
	}
	return nq
}

// sum accumulates decimals exactly.
type sum struct {
	n        int
	total    big.Rat
	min, max *big.Rat
}

func (s *sum) add(v *big.Rat) {
	s.n++
	s.total.Add(&s.total, v)
	if s.min == nil || v.Cmp(s.min) < 0 {
		s.min = v
	}
	if s.max == nil || v.Cmp(s.max) > 0 {
		s.max = v
	}
}

// mean is written rounded to two places; "" with nothing added.
func (s *sum) mean() string {
	if s.n == 0 {
		return ""
	}
	return roundedDecimal(new(big.Rat).Quo(&s.total, big.NewRat(int64(s.n), 1)), 2)
}
