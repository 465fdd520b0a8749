// Package answerform converts answers between the API's message
// (submission.v1.Answer, which case-audit returns use too) and pkg/form's
// Answer, which the forms check. Versions and who saved an answer are the
// services' own business and are left out.
package answerform

import (
	"github.com/assure-audit/assure/pkg/form"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
)

// From converts an answer message, unchecked: a compiled form checks it.
func From(a *submissionv1.Answer) form.Answer {
	fa := form.Answer{Key: a.GetQuestionKey(), Choice: a.GetChoice(), Choices: a.GetChoices(), Grade: a.GetGrade(),
		ModeratedGrade: a.GetModeratedGrade(), YesNo: a.GetYesNo(), Number: a.GetNumber(), Text: a.GetText(),
		Date: a.GetDate(), Confirmed: a.GetConfirmed()}
	for _, e := range a.GetEvidence() {
		fa.Evidence = append(fa.Evidence, form.EvidenceRef{Name: e.GetName(), ID: e.GetId()})
	}
	for _, r := range a.GetRows() {
		row := make([]form.Cell, len(r.GetCells()))
		for j, c := range r.GetCells() {
			row[j] = form.Cell{Column: c.GetColumn(), Value: c.GetValue()}
		}
		fa.Rows = append(fa.Rows, row)
	}
	for _, x := range a.GetActions() {
		fa.Actions = append(fa.Actions, form.Action{What: x.GetWhat(), Who: x.GetWho(), Due: x.GetDue()})
	}
	return fa
}

// FromAll converts answer messages.
func FromAll(in []*submissionv1.Answer) []form.Answer {
	out := make([]form.Answer, len(in))
	for i, a := range in {
		out[i] = From(a)
	}
	return out
}

// To converts an answer to its message.
func To(a form.Answer) *submissionv1.Answer {
	pa := &submissionv1.Answer{QuestionKey: a.Key, Choice: a.Choice, Choices: a.Choices, Grade: a.Grade,
		ModeratedGrade: a.ModeratedGrade, YesNo: a.YesNo, Number: a.Number, Text: a.Text, Date: a.Date,
		Confirmed: a.Confirmed}
	for _, e := range a.Evidence {
		pa.Evidence = append(pa.Evidence, &submissionv1.EvidenceRef{Name: e.Name, Id: e.ID})
	}
	for _, r := range a.Rows {
		pr := &submissionv1.TableRow{}
		for _, c := range r {
			pr.Cells = append(pr.Cells, &submissionv1.TableCell{Column: c.Column, Value: c.Value})
		}
		pa.Rows = append(pa.Rows, pr)
	}
	for _, x := range a.Actions {
		pa.Actions = append(pa.Actions, &submissionv1.Action{What: x.What, Who: x.Who, Due: x.Due})
	}
	return pa
}
