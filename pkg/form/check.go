package form

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/assure-audit/assure/pkg/failure"
)

// Limits on the parts of an evidence reference.
const (
	maxFileNameLength = 255
	maxFileIDLength   = 200
)

// CheckDraft checks each answer of a draft against its question: the key
// must name a question of the form, answered once; the value must fit the
// question's type and settings (options, grades, bounds, whole numbers,
// lengths, dates, numbers of selections, files and rows, and actions).
// Unanswered questions, too few selections, files or rows and empty
// required cells are fine in a draft. Every problem is reported, with
// paths such as "answers[3].grade".
func (c *Compiled) CheckDraft(answers []Answer) error {
	var v failure.Violations
	var seen map[string]int
	for i := range answers {
		a := &answers[i]
		p := at{index: i}
		if a.Key == "" {
			v.Add(p.field("key"), "give the key of the question this answers")
			continue
		}
		q := c.byKey[a.Key]
		if q == nil {
			v.Addf(p.field("key"), "no question has key %s", show(a.Key))
			continue
		}
		if seen == nil {
			seen = make(map[string]int, len(answers))
		}
		if j, dup := seen[a.Key]; dup {
			v.Addf(p.field("key"), "%s is answered twice; keep one of answers[%d] and answers[%d]", a.Key, j, i)
			continue
		}
		seen[a.Key] = i
		checkAnswer(&v, p, q, a, false)
	}
	return v.Err()
}

// CheckSubmit checks a whole return before it is submitted, for an
// organisation of type orgType. It does everything CheckDraft does, and
// also requires an answer to every required question that is shown (it
// applies to orgType and its condition holds), a confirmation of every
// shown declaration, the minimum selections, files and rows of every
// answered question, every required cell, the evidence that high
// ratings call for, and the actions that low ratings call for. Answers
// to questions that are not shown are checked for their type but not
// required. Every problem is reported, with paths such as
// "answers.s1_rating.grade", in form order.
func (c *Compiled) CheckSubmit(answers map[string]Answer, orgType string) error {
	var v failure.Violations
	var stray []string
	for k, a := range answers {
		if c.byKey[k] == nil || (a.Key != "" && a.Key != k) {
			stray = append(stray, k)
		}
	}
	slices.Sort(stray)
	for _, k := range stray {
		p := at{index: -1, key: k}
		if c.byKey[k] == nil {
			v.Addf(p.String(), "no question has key %s", show(k))
		} else {
			v.Addf(p.field("key"), "is %s but the answer is filed under %s", show(answers[k].Key), show(k))
		}
	}
	shown := c.shown(answers, orgType)
	for _, q := range c.questions {
		a, ok := answers[q.key]
		p := at{index: -1, key: q.key}
		if ok {
			checkAnswer(&v, p, q, &a, true)
		}
		if !shown[q.idx] {
			continue
		}
		if !ok || !answered(q, &a) {
			switch {
			case q.typ == TypeDeclaration:
				v.Add(p.field("confirmed"), "confirm the declaration "+brief(q.text))
			case q.required:
				v.Add(p.String(), "answer this required question: "+brief(q.text))
			}
			continue
		}
		if q.evidenceOn {
			c.checkEvidenceRule(&v, p, q, &a, answers)
		}
		if q.actionOn && len(a.Actions) == 0 {
			if g, ok := gradeOf(q.grades, a.Grade); ok && !g.NotApplicable && g.Score < q.actionThreshold {
				v.Addf(p.field("actions"), "grade %s needs an action: say what will be done, who will do it and by when", show(g.Value))
			}
		}
	}
	return v.Err()
}

// checkEvidenceRule requires evidence behind a grade at or above the
// scale's threshold.
func (c *Compiled) checkEvidenceRule(v *failure.Violations, p at, q *question, a *Answer, answers map[string]Answer) {
	g, ok := gradeOf(q.grades, a.Grade)
	if !ok || g.NotApplicable || g.Score < q.evidenceThreshold {
		return
	}
	if q.evidenceKey != nil {
		if e := answers[q.evidenceKey.key]; len(e.Evidence) == 0 {
			v.Addf(p.field("grade"), "grade %s needs evidence: attach at least one file to %s", show(g.Value), q.evidenceKey.key)
		}
		return
	}
	if len(a.Evidence) == 0 && strings.TrimSpace(a.Text) == "" {
		v.Addf(p.field("evidence"), "grade %s needs evidence: attach a file or write a note in text", show(g.Value))
	}
}

// checkAnswer checks one answer against q. In a submit it also checks the
// minimum counts of an answered question and required cells.
func checkAnswer(v *failure.Violations, p at, q *question, a *Answer, submit bool) {
	for _, f := range foreignFields(q.typ, a) {
		v.Addf(p.field(f), "a %s question takes its answer in %s; clear %s", q.typ, valueField(q.typ), f)
	}
	if len(a.Actions) > 0 {
		if q.actionRow {
			checkActions(v, p, a.Actions)
		} else {
			v.Add(p.field("actions"), "this question takes no actions; clear them")
		}
	}
	switch q.typ {
	case TypeSingleChoice:
		if a.Choice != "" {
			if r := q.problem(a.Choice); r != "" {
				v.Add(p.field("choice"), r)
			}
		}
	case TypeMultipleChoice:
		checkChoices(v, p, q, a.Choices, submit)
	case TypeRatingScale:
		checkGrade(v, p, "grade", q, a.Grade)
		if a.ModeratedGrade != "" {
			if !q.moderated {
				v.Add(p.field("moderated_grade"), "this question takes no moderated rating; clear it")
			} else {
				checkGrade(v, p, "moderated_grade", q, a.ModeratedGrade)
			}
		}
		if a.Text != "" {
			if r := textProblem(a.Text, MaxNoteLength); r != "" {
				v.Add(p.field("text"), r)
			}
		}
		checkFiles(v, p, a.Evidence, DefaultMaxFiles)
	case TypeYesNo, TypeNumber, TypeDate:
		field, val := "yes_no", a.YesNo
		switch q.typ {
		case TypeNumber:
			field, val = "number", a.Number
		case TypeDate:
			field, val = "date", a.Date
		}
		if val != "" {
			if r := q.problem(val); r != "" {
				v.Add(p.field(field), r)
			}
		}
	case TypeShortText, TypeLongText:
		if r := textProblem(a.Text, q.maxLen); r != "" {
			v.Add(p.field("text"), r)
		}
	case TypeEvidence:
		checkFiles(v, p, a.Evidence, q.maxFiles)
		if submit && len(a.Evidence) > 0 && len(a.Evidence) < q.minFiles {
			v.Addf(p.field("evidence"), "attach at least %d files; there are %d", q.minFiles, len(a.Evidence))
		}
	case TypeTable:
		checkRows(v, p, q, a.Rows, submit)
	}
}

// checkActions checks the actions of an answer's action row: each needs
// what, who and a due date.
func checkActions(v *failure.Violations, p at, actions []Action) {
	if len(actions) > MaxActions {
		v.Addf(p.field("actions"), "add at most %d actions; there are %d", MaxActions, len(actions))
		actions = actions[:MaxActions]
	}
	for i, a := range actions {
		ap := func(f string) string { return p.field("actions[" + strconv.Itoa(i) + "]." + f) }
		if strings.TrimSpace(a.What) == "" {
			v.Add(ap("what"), "say what will be done")
		} else if r := textProblem(a.What, MaxActionWhatLength); r != "" {
			v.Add(ap("what"), r)
		}
		if strings.TrimSpace(a.Who) == "" {
			v.Add(ap("who"), "say who will do it")
		} else if r := textProblem(a.Who, MaxActionWhoLength); r != "" {
			v.Add(ap("who"), r)
		}
		switch {
		case a.Due == "":
			v.Add(ap("due"), "give the date it is due, as YYYY-MM-DD")
		case !validDate(a.Due):
			v.Add(ap("due"), "write the date as YYYY-MM-DD, not "+show(a.Due))
		}
	}
}

func checkGrade(v *failure.Violations, p at, field string, q *question, grade string) {
	if grade == "" {
		return
	}
	if _, ok := gradeOf(q.grades, grade); !ok {
		values := make([]string, len(q.grades))
		for i, g := range q.grades {
			values[i] = g.Value
		}
		v.Add(p.field(field), show(grade)+" is not a grade of this scale"+optionList(values))
	}
}

func checkChoices(v *failure.Violations, p at, q *question, choices []string, submit bool) {
	if q.maxSel > 0 && len(choices) > q.maxSel {
		v.Addf(p.field("choices"), "choose at most %d; there are %d", q.maxSel, len(choices))
	}
	if submit && len(choices) > 0 && len(choices) < q.minSel {
		v.Addf(p.field("choices"), "choose at least %d; there are %d", q.minSel, len(choices))
	}
	limit := min(len(choices), len(q.options)+1)
	for i, ch := range choices[:limit] {
		if r := q.problem(ch); r != "" {
			v.Add(p.field("choices["+strconv.Itoa(i)+"]"), r)
		} else if slices.Contains(choices[:i], ch) {
			v.Addf(p.field("choices["+strconv.Itoa(i)+"]"), "%s is chosen twice", show(ch))
		}
	}
	if len(choices) > limit {
		v.Addf(p.field("choices"), "there are only %d options; remove the extra choices", len(q.options))
	}
}

func checkFiles(v *failure.Violations, p at, files []EvidenceRef, max int) {
	if len(files) > max {
		v.Addf(p.field("evidence"), "attach at most %d files; there are %d", max, len(files))
		files = files[:max]
	}
	for i, f := range files {
		switch {
		case f.ID == "":
			v.Add(p.field("evidence["+strconv.Itoa(i)+"].id"), "give the id of the uploaded file")
		case len(f.ID) > maxFileIDLength || !utf8.ValidString(f.ID):
			v.Addf(p.field("evidence["+strconv.Itoa(i)+"].id"), "must be valid text of at most %d bytes", maxFileIDLength)
		}
		switch {
		case strings.TrimSpace(f.Name) == "":
			v.Add(p.field("evidence["+strconv.Itoa(i)+"].name"), "give the file a name")
		case len(f.Name) > maxFileNameLength || !utf8.ValidString(f.Name):
			v.Addf(p.field("evidence["+strconv.Itoa(i)+"].name"), "must be valid text of at most %d bytes", maxFileNameLength)
		}
	}
}

func checkRows(v *failure.Violations, p at, q *question, rows [][]Cell, submit bool) {
	if len(rows) > q.maxRows {
		v.Addf(p.field("rows"), "add at most %d rows; there are %d", q.maxRows, len(rows))
		rows = rows[:q.maxRows]
	}
	if submit && len(rows) > 0 && len(rows) < q.minRows {
		v.Addf(p.field("rows"), "add at least %d rows; there are %d", q.minRows, len(rows))
	}
	present := make([]bool, len(q.columns))
	filled := make([]bool, len(q.columns))
	for r, row := range rows {
		clear(present)
		clear(filled)
		rp := func() string { return p.field("rows[" + strconv.Itoa(r) + "]") }
		if len(row) > len(q.columns) {
			v.Addf(rp(), "a row has at most %d cells, one per column; there are %d", len(q.columns), len(row))
			row = row[:len(q.columns)]
		}
		for ci, cell := range row {
			cp := func() string { return rp() + "[" + strconv.Itoa(ci) + "]" }
			k := slices.IndexFunc(q.columns, func(col column) bool { return col.key == cell.Column })
			switch {
			case k < 0:
				v.Addf(cp()+".column", "no column has key %s", show(cell.Column))
				continue
			case present[k]:
				v.Addf(cp()+".column", "column %s appears twice in this row", cell.Column)
				continue
			}
			present[k], filled[k] = true, cell.Value != ""
			if cell.Value != "" {
				if reason := q.columns[k].problem(cell.Value); reason != "" {
					v.Add(cp()+".value", reason)
				}
			}
		}
		if submit {
			for k, col := range q.columns {
				if col.required && !filled[k] {
					v.Addf(rp(), "fill in column %s", col.key)
				}
			}
		}
	}
}

// at locates an answer in a request: answers[3] in a list, answers.q1 in
// a map. Paths are built only when a problem is reported.
type at struct {
	index int    // position in a list, or -1
	key   string // map key when index < 0
}

func (a at) String() string {
	if a.index >= 0 {
		return "answers[" + strconv.Itoa(a.index) + "]"
	}
	if keyPattern.MatchString(a.key) {
		return "answers." + a.key
	}
	return "answers[" + strconv.Quote(a.key) + "]"
}

func (a at) field(f string) string { return a.String() + "." + f }
