package form

// Answer is the value given to one question. Only the fields of the
// question's type may be set:
//
//	single choice     Choice (an option value)
//	multiple choice   Choices (option values)
//	rating scale      Grade, ModeratedGrade (if the scale is moderated),
//	                  and evidence for the rating: Evidence files, Text note
//	yes/no            YesNo ("yes", "no", or "partly" if allowed)
//	number            Number (a decimal written as text, e.g. "-12.50")
//	short, long text  Text
//	date              Date (YYYY-MM-DD)
//	evidence          Evidence
//	repeating table   Rows
//	declaration       Confirmed
//
// Any answer to a question with an action row may also carry Actions.
type Answer struct {
	Key            string        `json:"key"`
	Choice         string        `json:"choice,omitempty"`
	Choices        []string      `json:"choices,omitempty"`
	Grade          string        `json:"grade,omitempty"`
	ModeratedGrade string        `json:"moderated_grade,omitempty"`
	YesNo          string        `json:"yes_no,omitempty"`
	Number         string        `json:"number,omitempty"`
	Text           string        `json:"text,omitempty"`
	Date           string        `json:"date,omitempty"`
	Evidence       []EvidenceRef `json:"evidence,omitempty"`
	Rows           [][]Cell      `json:"rows,omitempty"`
	Confirmed      bool          `json:"confirmed,omitempty"`
	Actions        []Action      `json:"actions,omitempty"`
}

// Action is one line of a question's action row, feeding the action plan:
// what will be done, who will do it and by when.
type Action struct {
	// What describes the action, in at most MaxActionWhatLength characters.
	What string `json:"what"`
	// Who names the person or team responsible, in at most
	// MaxActionWhoLength characters.
	Who string `json:"who"`
	// Due is the date the action is due, as YYYY-MM-DD.
	Due string `json:"due"`
}

// EvidenceRef points at an uploaded file held elsewhere.
type EvidenceRef struct {
	Name string `json:"name"`
	ID   string `json:"id"`
}

// Cell is one value in a table row, for the column with key Column. The
// value is written as text whatever the column type: an option value, yes,
// no or partly, a decimal, or a date as YYYY-MM-DD.
type Cell struct {
	Column string `json:"column"`
	Value  string `json:"value"`
}

// The yes/no values.
const (
	Yes    = "yes"
	No     = "no"
	Partly = "partly"
)
