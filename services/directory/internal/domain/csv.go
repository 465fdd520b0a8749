package domain

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"
)

// Problem is one thing wrong with an imported file.
type Problem struct {
	// Line of the file, counting the header as line 1; 0 for the file as
	// a whole.
	Line int
	// Column is the column's header name; empty for the row or file as a
	// whole.
	Column string
	// Reason says what is wrong, in words a person can act on.
	Reason string
}

// MaxImportRows bounds the data rows of one imported file.
const MaxImportRows = 10000

// record is one data row of a file with its first line.
type record struct {
	line   int
	values map[string]string // by column
}

// readTable reads UTF-8 CSV with a header row. Columns are matched by name,
// in any order and case (spaces and hyphens count as underscores); every
// required column must be present, optional ones may be, and no other
// column is allowed. Rows whose values are all blank are skipped. It stops
// at the first malformed line, since what follows cannot be trusted.
func readTable(data []byte, required, optional []string) ([]record, []Problem) {
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // spreadsheets often start with a byte order mark
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, []Problem{{Line: 0, Reason: "the file is empty: it needs a header row naming the columns " + strings.Join(required, ", ")}}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	var problems []Problem
	header, err := r.Read()
	if err != nil {
		return nil, []Problem{syntaxProblem(err, 1)}
	}
	cols := make([]string, len(header))
	seen := map[string]int{}
	known := map[string]bool{}
	for _, c := range append(append([]string(nil), required...), optional...) {
		known[c] = true
	}
	for i, h := range header {
		name := columnName(h)
		cols[i] = name
		switch {
		case !utf8.ValidString(h):
			problems = append(problems, Problem{Line: 1, Reason: fmt.Sprintf("column %d of the header is not UTF-8 text", i+1)})
		case name == "":
			problems = append(problems, Problem{Line: 1, Reason: fmt.Sprintf("column %d of the header has no name", i+1)})
		case !known[name]:
			problems = append(problems, Problem{Line: 1, Column: name, Reason: "is not a column of this file; the columns are " + strings.Join(append(append([]string(nil), required...), optional...), ", ")})
		case seen[name] > 0:
			problems = append(problems, Problem{Line: 1, Column: name, Reason: fmt.Sprintf("is named twice in the header (columns %d and %d)", seen[name], i+1)})
		}
		if name != "" && seen[name] == 0 {
			seen[name] = i + 1
		}
	}
	for _, c := range required {
		if seen[c] == 0 {
			problems = append(problems, Problem{Line: 1, Column: c, Reason: "is missing from the header"})
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	var out []record
	rows := 0
	for {
		fields, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			problems = append(problems, syntaxProblem(err, 0))
			break
		}
		line, _ := r.FieldPos(0)
		if blank(fields) {
			continue
		}
		rows++
		if rows > MaxImportRows {
			problems = append(problems, Problem{Line: line, Reason: fmt.Sprintf("the file has more than %d rows: split it into smaller files", MaxImportRows)})
			break
		}
		if len(fields) != len(cols) {
			problems = append(problems, Problem{Line: line, Reason: fmt.Sprintf("has %d values but the header names %d columns", len(fields), len(cols))})
			continue
		}
		rec := record{line: line, values: make(map[string]string, len(cols))}
		bad := false
		for i, f := range fields {
			if !utf8.ValidString(f) {
				problems = append(problems, Problem{Line: line, Column: cols[i], Reason: "is not UTF-8 text: save the file as CSV UTF-8"})
				bad = true
				continue
			}
			rec.values[cols[i]] = strings.TrimSpace(f)
		}
		if !bad {
			out = append(out, rec)
		}
	}
	if len(out) == 0 && len(problems) == 0 {
		problems = append(problems, Problem{Line: 0, Reason: "the file has a header but no rows"})
	}
	return out, problems
}

// SortProblems orders problems by line, keeping the order within a line.
func SortProblems(ps []Problem) []Problem {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
	return ps
}

// syntaxProblem reports malformed CSV.
func syntaxProblem(err error, line int) Problem {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return Problem{Line: pe.StartLine, Reason: "is not valid CSV (" + pe.Err.Error() + "): check the quotes from this line on"}
	}
	return Problem{Line: line, Reason: "could not be read: " + err.Error()}
}

func blank(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// columnName normalises a header: "Display Name" and "display-name" are
// display_name.
func columnName(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	h = strings.NewReplacer(" ", "_", "-", "_").Replace(h)
	return h
}

// words normalises a friendly name for matching: lower case, with
// underscores, hyphens, slashes and runs of spaces as one space.
func words(s string) string {
	s = strings.ToLower(s)
	s = strings.NewReplacer("_", " ", "-", " ", "/", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// checkCell checks a required, bounded text value of a row.
func checkCell(problems *[]Problem, line int, column, value string, maxRunes int, required bool) bool {
	n := utf8.RuneCountInString(value)
	switch {
	case required && n == 0:
		*problems = append(*problems, Problem{Line: line, Column: column, Reason: "is empty"})
		return false
	case n > maxRunes:
		*problems = append(*problems, Problem{Line: line, Column: column, Reason: fmt.Sprintf("is longer than %d characters", maxRunes)})
		return false
	}
	return true
}
