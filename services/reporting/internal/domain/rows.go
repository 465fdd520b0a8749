package domain

import (
	"strconv"
	"strings"
	"time"

	"github.com/assure-audit/assure/pkg/form"
)

// AnswerRow is one answer flattened for export.
type AnswerRow struct {
	Organisation, OrganisationName, OrganisationType string
	Submission, State                                string
	Section, QuestionKey, QuestionText, QuestionType string
	Value, Score, Moderated                          string
}

// AnswerRows flattens the dataset's answers: for each submission, ordered
// by organisation name then submission, each answered question in form
// order.
func AnswerRows(d Dataset) []AnswerRow {
	var out []AnswerRow
	for _, s := range OrderedSubmissions(d) {
		out = append(out, SubmissionRows(d, s, d.Answers[s.Name])...)
	}
	return out
}

// SubmissionRows flattens one submission's answers, each answered question
// in form order.
func SubmissionRows(d Dataset, s SubmissionInfo, answers map[string]form.Answer) []AnswerRow {
	var out []AnswerRow
	o := d.Organisations[s.Organisation]
	for _, sec := range d.Form.Sections {
		for _, q := range sec.Questions {
			a, ok := answers[q.Key]
			if !ok {
				continue
			}
			value, score, moderated := describe(q, a)
			out = append(out, AnswerRow{Organisation: s.Organisation, OrganisationName: o.DisplayName, OrganisationType: o.Type,
				Submission: s.Name, State: s.State.String(), Section: sec.Code, QuestionKey: q.Key, QuestionText: q.Text,
				QuestionType: string(q.Type), Value: value, Score: score, Moderated: moderated})
		}
	}
	return out
}

// describe writes an answer as text: a grade's label, a number, a date,
// choices joined by "; ", table rows as "column=value" pairs.
func describe(q form.Question, a form.Answer) (value, score, moderated string) {
	switch q.Type {
	case form.TypeRatingScale:
		if q.Scale != nil {
			for _, g := range q.Scale.Grades {
				if g.Value == a.Grade {
					value = g.Label
					if !g.NotApplicable {
						score = strconv.FormatFloat(g.Score, 'f', -1, 64)
					}
				}
				if g.Value == a.ModeratedGrade {
					moderated = g.Label
				}
			}
		}
		if value == "" {
			value = a.Grade
		}
	case form.TypeSingleChoice:
		value = a.Choice
	case form.TypeMultipleChoice:
		value = strings.Join(a.Choices, "; ")
	case form.TypeYesNo:
		value = a.YesNo
	case form.TypeNumber:
		value = a.Number
	case form.TypeDate:
		value = a.Date
	case form.TypeDeclaration:
		if a.Confirmed {
			value = "confirmed"
		}
	case form.TypeTable:
		var rows []string
		for _, r := range a.Rows {
			var cells []string
			for _, c := range r {
				cells = append(cells, c.Column+"="+c.Value)
			}
			rows = append(rows, strings.Join(cells, ", "))
		}
		value = strings.Join(rows, " | ")
	case form.TypeEvidence:
		var names []string
		for _, e := range a.Evidence {
			names = append(names, e.Name)
		}
		value = strings.Join(names, "; ")
	default:
		value = a.Text
	}
	if q.Type == form.TypeRatingScale && a.Text != "" {
		value += " — " + a.Text // the note behind the rating
	}
	return value, score, moderated
}

// Column is one question of a form: a column of the returns' rows.
type Column struct {
	Section, Key, Text, Type string
}

// Columns lists the form's questions in order.
func Columns(f form.Form) []Column {
	var out []Column
	for _, sec := range f.Sections {
		for _, q := range sec.Questions {
			out = append(out, Column{Section: sec.Code, Key: q.Key, Text: q.Text, Type: string(q.Type)})
		}
	}
	return out
}

// ReturnRow is one return flattened for export: who, how far it has got,
// and a value per question of the form.
type ReturnRow struct {
	Organisation, OrganisationName, OrganisationType string
	Submission                                       string
	State                                            State
	LastActivity, FirstHandIn                        time.Time
	// Values has one value per Columns of the form, written as AnswerRow
	// writes them; empty where unanswered.
	Values []string
}

// ReturnRowOf flattens one return with its answers, which may be none.
func ReturnRowOf(d Dataset, s SubmissionInfo, answers map[string]form.Answer) ReturnRow {
	o := d.Organisations[s.Organisation]
	r := ReturnRow{Organisation: s.Organisation, OrganisationName: o.DisplayName, OrganisationType: o.Type,
		Submission: s.Name, State: s.State, LastActivity: s.LastActivity, FirstHandIn: s.FirstHandIn}
	for _, sec := range d.Form.Sections {
		for _, q := range sec.Questions {
			var value string
			if a, ok := answers[q.Key]; ok {
				value, _, _ = describe(q, a)
			}
			r.Values = append(r.Values, value)
		}
	}
	return r
}
