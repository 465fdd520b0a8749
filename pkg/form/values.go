package form

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxShown bounds how much of a bad value is repeated back in a reason.
const maxShown = 60

// problem returns why val is not a valid value for vs, or "" if it is.
// It serves questions of the simple types and table cells alike.
func (vs *valueSpec) problem(val string) string {
	switch vs.typ {
	case TypeSingleChoice, TypeMultipleChoice:
		if !vs.hasOption(val) {
			return show(val) + " is not one of the options" + optionList(vs.options)
		}
	case TypeYesNo:
		if val != Yes && val != No && (!vs.partly || val != Partly) {
			if vs.partly {
				return "answer yes, no or partly, not " + show(val)
			}
			return "answer yes or no, not " + show(val)
		}
	case TypeNumber:
		return vs.numberProblem(val)
	case TypeShortText, TypeLongText:
		return textProblem(val, vs.maxLen)
	case TypeDate:
		switch {
		case !validDate(val):
			return "write the date as YYYY-MM-DD, not " + show(val)
		case vs.dateMin != "" && val < vs.dateMin:
			return "must be on or after " + vs.dateMin
		case vs.dateMax != "" && val > vs.dateMax:
			return "must be on or before " + vs.dateMax
		}
	}
	return ""
}

func (vs *valueSpec) hasOption(val string) bool {
	for _, o := range vs.options {
		if o == val {
			return true
		}
	}
	return false
}

func (vs *valueSpec) numberProblem(val string) string {
	if !decimalSyntax(val) {
		return fmt.Sprintf("write a number such as 12 or -3.5 (at most %d characters), not %s", MaxNumberLength, show(val))
	}
	n := number{text: val}
	n.fix, n.fast = parseFixed(val)
	if vs.integer {
		if n.fast {
			if !n.fix.isInt() {
				return "must be a whole number"
			}
		} else if r := n.exact(); !r.IsInt() {
			return "must be a whole number"
		} else if !r.Num().IsInt64() {
			return "is too large"
		}
	}
	switch {
	case vs.min.isSet && n.cmp(&vs.min) < 0:
		return "must be at least " + vs.min.text
	case vs.max.isSet && n.cmp(&vs.max) > 0:
		return "must be at most " + vs.max.text
	}
	return ""
}

// textProblem returns why s is not acceptable text of at most max
// characters, or "".
func textProblem(s string, max int) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8 text"
	}
	if n := utf8.RuneCountInString(s); n > max {
		return fmt.Sprintf("is %d characters long; shorten it to at most %d", n, max)
	}
	return ""
}

// answered reports whether a holds an answer to q.
func answered(q *question, a *Answer) bool {
	switch q.typ {
	case TypeSingleChoice:
		return a.Choice != ""
	case TypeMultipleChoice:
		return len(a.Choices) > 0
	case TypeRatingScale:
		return a.Grade != ""
	case TypeYesNo:
		return a.YesNo != ""
	case TypeNumber:
		return a.Number != ""
	case TypeShortText, TypeLongText:
		return strings.TrimSpace(a.Text) != ""
	case TypeDate:
		return a.Date != ""
	case TypeEvidence:
		return len(a.Evidence) > 0
	case TypeTable:
		return len(a.Rows) > 0
	case TypeDeclaration:
		return a.Confirmed
	}
	return false
}

// valueField names the Answer field that holds an answer of type t.
func valueField(t Type) string {
	switch t {
	case TypeSingleChoice:
		return "choice"
	case TypeMultipleChoice:
		return "choices"
	case TypeRatingScale:
		return "grade"
	case TypeYesNo:
		return "yes_no"
	case TypeNumber:
		return "number"
	case TypeShortText, TypeLongText:
		return "text"
	case TypeDate:
		return "date"
	case TypeEvidence:
		return "evidence"
	case TypeTable:
		return "rows"
	default:
		return "confirmed"
	}
}

// foreignFields lists the fields of a set that a question of type t does
// not take.
func foreignFields(t Type, a *Answer) []string {
	var out []string
	add := func(set bool, field string, owners ...Type) {
		if !set {
			return
		}
		for _, o := range owners {
			if o == t {
				return
			}
		}
		out = append(out, field)
	}
	add(a.Choice != "", "choice", TypeSingleChoice)
	add(len(a.Choices) > 0, "choices", TypeMultipleChoice)
	add(a.Grade != "", "grade", TypeRatingScale)
	add(a.ModeratedGrade != "", "moderated_grade", TypeRatingScale)
	add(a.YesNo != "", "yes_no", TypeYesNo)
	add(a.Number != "", "number", TypeNumber)
	add(a.Text != "", "text", TypeShortText, TypeLongText, TypeRatingScale)
	add(a.Date != "", "date", TypeDate)
	add(len(a.Evidence) > 0, "evidence", TypeEvidence, TypeRatingScale)
	add(len(a.Rows) > 0, "rows", TypeTable)
	add(a.Confirmed, "confirmed", TypeDeclaration)
	return out
}

// show quotes a value for a reason, shortening it if long.
func show(s string) string {
	if len(s) > maxShown {
		cut := maxShown
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return strconv.Quote(s)
}

// optionList names the options after ": " when there are few of them.
func optionList(options []string) string {
	if len(options) == 0 || len(options) > 10 {
		return ""
	}
	quoted := make([]string, len(options))
	for i, o := range options {
		quoted[i] = strconv.Quote(o)
	}
	return ": " + strings.Join(quoted, ", ")
}

// brief shortens a question's text to name it in a reason.
func brief(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) > 80 {
		r := []rune(text)
		text = string(r[:80]) + "…"
	}
	return strconv.Quote(text)
}
