// Package domain is the submission service's model: campaigns (audit
// rounds), the submissions organisations make to them, their answers, and
// the copy of the published form the answers are checked against. It does
// no I/O.
package domain

import (
	"fmt"
	"unicode/utf8"

	"github.com/assure-audit/assure/pkg/failure"
)

// QuestionKind is the answer type of a question.
type QuestionKind int

// The question kinds.
const (
	KindRating QuestionKind = iota + 1
	KindText
)

// Question is what the submission service needs to know of a question.
type Question struct {
	Key       string
	Section   string
	Required  bool
	Kind      QuestionKind
	Grades    []string // allowed grade values, for ratings
	MaxLength int      // for text
}

// Form is a published template version as answers see it.
type Form struct {
	// Name is the template version's resource name.
	Name          string
	PartnershipID string
	Questions     []Question
}

// Question returns the question with key, if any.
func (f Form) Question(key string) (Question, bool) {
	for _, q := range f.Questions {
		if q.Key == key {
			return q, true
		}
	}
	return Question{}, false
}

// Answer is a value given to one question: a grade or a text.
type Answer struct {
	Key   string
	Kind  QuestionKind
	Grade string
	Text  string
}

// Check reports whether a fits its question, naming field on failure.
func (q Question) Check(v *failure.Violations, field string, a Answer) {
	switch q.Kind {
	case KindRating:
		if a.Kind != KindRating {
			v.Addf(field, "question %s is a rating: give a grade", q.Key)
			return
		}
		for _, g := range q.Grades {
			if g == a.Grade {
				return
			}
		}
		v.Addf(field, "%q is not a grade of question %s (allowed: %v)", a.Grade, q.Key, q.Grades)
	case KindText:
		if a.Kind != KindText {
			v.Addf(field, "question %s takes text", q.Key)
			return
		}
		if n := utf8.RuneCountInString(a.Text); q.MaxLength > 0 && n > q.MaxLength {
			v.Addf(field, "is %d characters; question %s takes at most %d", n, q.Key, q.MaxLength)
		}
	default:
		v.Add(field, fmt.Sprintf("question %s has an unknown type", q.Key))
	}
}
