package domain

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
)

// ReturnState is where an agency's return on a case stands. Values match
// the API's.
type ReturnState int

// The states.
const (
	ReturnUnknown ReturnState = iota
	// ReturnDraft: being written.
	ReturnDraft
	// ReturnSubmitted: handed in, waiting for QA.
	ReturnSubmitted
	// ReturnSentBack: QA sent it back for revision, with a comment.
	ReturnSentBack
	// ReturnAccepted: QA accepted it.
	ReturnAccepted
)

// CaseReturn is an agency's return on one case of a round: its answers to
// the round's case-audit template (graded judgements, whether each was
// evidenced, good practice, areas for development, recommendations…).
type CaseReturn struct {
	PartnershipID, RoundID string
	Reference, Agency      string
	// Answers are by question key.
	Answers map[string]form.Answer
	State   ReturnState
	// QAComment is QA's, when it sent the return back.
	QAComment            string
	SavedBy              string
	SaveTime, SubmitTime time.Time
	ReviewedBy           string
	ReviewTime           time.Time
	Version              int64
}

// editable reports whether the return takes answers: written, or sent back.
func (c CaseReturn) editable() bool {
	return c.State == ReturnUnknown || c.State == ReturnDraft || c.State == ReturnSentBack
}

// SaveReturn saves answers into the agency's return on the case (prev, the
// zero return before its first save), each checked as a draft against the
// round's compiled template, for person at now. Returns are written while
// the round's returns are open, or in QA when sent back.
func (r Round) SaveReturn(prev CaseReturn, f *form.Compiled, reference, agency string, answers []form.Answer, person string, now time.Time) (CaseReturn, error) {
	var v failure.Violations
	i := slices.IndexFunc(r.Cases, func(c Case) bool { return c.Reference == reference })
	switch {
	case i < 0:
		v.Add("case_reference", "is not a case of the round")
	case !slices.Contains(r.Cases[i].Agencies, agency):
		v.Addf("agency", "is not an agency involved in case %s", reference)
	}
	if err := v.Err(); err != nil {
		return CaseReturn{}, err
	}
	if err := f.CheckDraft(answers); err != nil {
		return CaseReturn{}, err
	}
	switch {
	case r.State != ReturnsOpen && r.State != QA:
		return CaseReturn{}, failure.FailedPrecondition("the round is %s: returns are written while they are open", r.State)
	case !prev.editable():
		return CaseReturn{}, failure.FailedPrecondition("the return is %s: it is written again only when QA sends it back", prev.State)
	case r.State == QA && prev.State != ReturnSentBack:
		return CaseReturn{}, failure.FailedPrecondition("the round is in QA: only returns sent back are written")
	}
	next := prev
	next.PartnershipID, next.RoundID, next.Reference, next.Agency = r.PartnershipID, r.ID, reference, agency
	next.Answers = make(map[string]form.Answer, len(prev.Answers)+len(answers))
	for k, a := range prev.Answers {
		next.Answers[k] = a
	}
	for _, a := range answers {
		next.Answers[a.Key] = a
	}
	if next.State == ReturnUnknown {
		next.State = ReturnDraft
	}
	next.SavedBy, next.SaveTime = person, now
	next.Version++
	return next, nil
}

// Submit hands the return in once every answer the template requires is
// there and right (every problem reported), for person at now.
func (c *CaseReturn) Submit(f *form.Compiled, person string, now time.Time) error {
	if c.State != ReturnDraft && c.State != ReturnSentBack {
		return failure.FailedPrecondition("the return is %s: only a draft or one sent back is handed in", c.State)
	}
	if err := f.CheckSubmit(c.Answers, ""); err != nil {
		return err
	}
	c.State, c.SubmitTime, c.SavedBy = ReturnSubmitted, now, person
	c.Version++
	return nil
}

// Review records QA's decision on a submitted return: accepted, or sent
// back for revision with a comment saying why.
func (c *CaseReturn) Review(accept bool, comment, person string, now time.Time) error {
	comment = strings.TrimSpace(comment)
	if !accept && (comment == "" || utf8.RuneCountInString(comment) > MaxFindingText) {
		return failure.Invalid("comment", "must say, in 1-5000 characters, what to revise")
	}
	if c.State != ReturnSubmitted {
		return failure.FailedPrecondition("the return is %s: QA reviews submitted returns", c.State)
	}
	c.State, c.QAComment = ReturnAccepted, ""
	if !accept {
		c.State, c.QAComment = ReturnSentBack, comment
	}
	c.ReviewedBy, c.ReviewTime = person, now
	c.Version++
	return nil
}

var returnStateNames = map[ReturnState]string{ReturnDraft: "DRAFT", ReturnSubmitted: "SUBMITTED", ReturnSentBack: "RETURNED", ReturnAccepted: "ACCEPTED"}

// String is the state's name.
func (s ReturnState) String() string {
	if n, ok := returnStateNames[s]; ok {
		return n
	}
	return "NONE"
}

// ReturnChanged records a return saved, handed in or reviewed (its events
// carry no answers).
type ReturnChanged struct{ Return CaseReturn }

func (ReturnChanged) isEvent() {}
