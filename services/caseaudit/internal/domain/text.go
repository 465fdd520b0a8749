package domain

import (
	"strings"
	"unicode/utf8"

	"github.com/assure-audit/assure/pkg/failure"
)

// checkText trims s and records on v, against field, when it is blank
// though required, longer than max characters, or holds a control
// character other than a newline. It returns s trimmed.
func checkText(v *failure.Violations, field, s string, required bool, max int) string {
	s = strings.TrimSpace(s)
	if required && s == "" || utf8.RuneCountInString(s) > max || strings.ContainsFunc(s, isControlInText) {
		if required {
			v.Addf(field, "must be 1-%d characters, without control characters", max)
		} else {
			v.Addf(field, "must be at most %d characters, without control characters", max)
		}
	}
	return s
}

// isControlInText is a control character other than the newline that
// separates the lines of a free-text answer.
func isControlInText(r rune) bool { return isControl(r) && r != '\n' }
