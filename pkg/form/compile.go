package form

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/assure-audit/assure/pkg/failure"
)

var (
	keyPattern    = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)
	codePattern   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$`)
	colourPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
)

// maxValueLength bounds option and grade values and organisation types.
const maxValueLength = 100

// Compiled is a checked form, ready to check answers. It is immutable and
// safe for concurrent use. Its JSON form is the Form it was compiled from;
// decoding JSON into a Compiled compiles it again.
type Compiled struct {
	form      Form
	sections  []section
	questions []*question          // in form order
	byKey     map[string]*question // every question by key
	order     []*question          // conditions before the questions that read them
}

// section is the compiled form of a Section.
type section struct {
	code      string
	weight    float64
	appliesTo []string
	questions []*question
}

// question is the compiled form of a Question.
type question struct {
	valueSpec
	idx       int
	sec       int
	key       string
	text      string
	path      string // in the form, e.g. sections[0].questions[2]
	required  bool
	weight    float64
	appliesTo []string
	cond      *condition

	// rating scale
	grades            []Grade
	minScore          float64
	maxScore          float64
	moderated         bool
	evidenceOn        bool
	evidenceThreshold float64
	evidenceKey       *question

	// action row
	actionRow       bool
	actionOn        bool
	actionThreshold float64

	// multiple choice
	minSel, maxSel int
	// evidence
	minFiles, maxFiles int
	// table
	columns          []column
	minRows, maxRows int
}

// column is the compiled form of a Column.
type column struct {
	valueSpec
	key      string
	required bool
}

// Compile checks f and prepares it for checking answers. It reports every
// problem it finds, each with its path (e.g. "sections[1].questions[0].key"),
// as one failure.KindInvalid error. The Compiled keeps its own copy of f.
func Compile(f Form) (*Compiled, error) {
	f = cloneForm(f)
	c := &Compiled{form: f, byKey: make(map[string]*question)}
	var v failure.Violations
	if len(f.Sections) == 0 {
		v.Add("sections", "add at least one section")
	}
	codes := make(map[string]int)
	keyAt := make(map[string]string)
	for i := range f.Sections {
		s := &f.Sections[i]
		sp := fmt.Sprintf("sections[%d]", i)
		switch {
		case s.Code == "":
			v.Add(sp+".code", "give the section a code, such as S1")
		case !codePattern.MatchString(s.Code):
			v.Add(sp+".code", "use up to 32 letters, digits, dots, dashes or underscores, starting with a letter or digit")
		default:
			if j, dup := codes[s.Code]; dup {
				v.Addf(sp+".code", "code %q is already used by sections[%d]", s.Code, j)
			}
			codes[s.Code] = i
		}
		if strings.TrimSpace(s.Title) == "" {
			v.Add(sp+".title", "give the section a title")
		}
		checkWeight(&v, sp+".weight", s.Weight)
		checkAppliesTo(&v, sp+".applies_to", s.AppliesTo)
		if len(s.Questions) == 0 {
			v.Add(sp+".questions", "add at least one question")
		}
		cs := section{code: s.Code, weight: weightOf(s.Weight), appliesTo: s.AppliesTo}
		for j := range s.Questions {
			qp := fmt.Sprintf("%s.questions[%d]", sp, j)
			q := compileQuestion(&v, qp, &s.Questions[j])
			q.idx, q.sec, q.path = len(c.questions), i, qp
			if q.key != "" {
				if at, dup := keyAt[q.key]; dup {
					v.Addf(qp+".key", "key %q is already used by %s", q.key, at)
				} else {
					keyAt[q.key] = qp
					c.byKey[q.key] = q
				}
			}
			c.questions = append(c.questions, q)
			cs.questions = append(cs.questions, q)
		}
		c.sections = append(c.sections, cs)
	}
	c.linkEvidence(&v)
	if err := c.compileConditions(&v); err != nil {
		return nil, err
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// Form returns a copy of the form c was compiled from.
func (c *Compiled) Form() Form { return cloneForm(c.form) }

// MarshalJSON encodes the form c was compiled from.
func (c *Compiled) MarshalJSON() ([]byte, error) { return json.Marshal(c.form) }

// UnmarshalJSON decodes a Form and compiles it into c.
func (c *Compiled) UnmarshalJSON(b []byte) error {
	var f Form
	if err := json.Unmarshal(b, &f); err != nil {
		return failure.Invalid("form", "not a valid form: "+err.Error())
	}
	cc, err := Compile(f)
	if err != nil {
		return err
	}
	*c = *cc
	return nil
}

func compileQuestion(v *failure.Violations, qp string, src *Question) *question {
	q := &question{key: src.Key, text: src.Text, required: src.Required, weight: weightOf(src.Weight), appliesTo: src.AppliesTo}
	switch {
	case src.Key == "":
		v.Add(qp+".key", "give the question a key, such as s1_leadership")
	case !keyPattern.MatchString(src.Key):
		v.Add(qp+".key", "use a lower-case letter followed by up to 62 lower-case letters, digits or underscores")
		q.key = ""
	}
	if strings.TrimSpace(src.Text) == "" {
		v.Add(qp+".text", "give the question its text")
	}
	switch src.Priority {
	case "", PriorityEssential, PriorityDesirable:
	default:
		v.Addf(qp+".priority", "use essential, desirable or leave it empty, not %q", src.Priority)
	}
	checkWeight(v, qp+".weight", src.Weight)
	checkAppliesTo(v, qp+".applies_to", src.AppliesTo)
	q.cond = &condition{src: strings.TrimSpace(src.VisibleIf)}
	if q.cond.src == "" {
		q.cond = nil
	}
	if !knownType(src.Type) {
		v.Addf(qp+".type", "use one of single_choice, multiple_choice, rating_scale, yes_no, number, short_text, long_text, date, evidence, table, declaration, not %q", src.Type)
	}
	st := settings{src.Choice, src.Scale, src.YesNo, src.Number, src.Length, src.DateRange, src.Evidence, src.Table}
	checkForeignSettings(v, qp, src.Type, st, "question")
	q.valueSpec = compileValueSpec(v, qp, src.Type, st)
	switch src.Type {
	case TypeMultipleChoice:
		compileSelections(v, qp+".choice", q, src.Choice)
	case TypeSingleChoice:
		if src.Choice != nil && (src.Choice.MinSelections != 0 || src.Choice.MaxSelections != 0) {
			v.Add(qp+".choice", "min_selections and max_selections apply to multiple choice only; remove them")
		}
	case TypeRatingScale:
		compileScale(v, qp+".scale", q, src.Scale)
	case TypeEvidence:
		compileEvidence(v, qp+".evidence", q, src.Evidence)
	case TypeTable:
		compileTable(v, qp+".table", q, src.Table)
	}
	compileActions(v, qp, q, src)
	return q
}

// compileActions checks a question's action row settings.
func compileActions(v *failure.Violations, qp string, q *question, src *Question) {
	q.actionRow = src.ActionRow
	if src.ActionRequiredBelow == "" {
		return
	}
	p := qp + ".action_required_below"
	switch {
	case src.Type != TypeRatingScale:
		v.Add(p, "only a rating question can require actions below a grade; remove it")
		return
	case !src.ActionRow:
		v.Add(p, "set action_row so that the question offers actions, or remove action_required_below")
		return
	case src.Scale == nil:
		return // reported with the scale
	}
	g, ok := gradeOf(src.Scale.Grades, src.ActionRequiredBelow)
	switch {
	case !ok:
		v.Addf(p, "no grade has value %q", src.ActionRequiredBelow)
	case g.NotApplicable:
		v.Add(p, "name a grade with a score, not the not-applicable grade")
	default:
		q.actionOn, q.actionThreshold = true, g.Score
	}
}

func compileSelections(v *failure.Violations, p string, q *question, s *ChoiceSettings) {
	if s == nil {
		return
	}
	q.minSel, q.maxSel = s.MinSelections, s.MaxSelections
	switch {
	case s.MinSelections < 0:
		v.Add(p+".min_selections", "must not be negative")
	case s.MinSelections > len(s.Options):
		v.Addf(p+".min_selections", "asks for %d selections but there are only %d options", s.MinSelections, len(s.Options))
	}
	switch {
	case s.MaxSelections < 0:
		v.Add(p+".max_selections", "must not be negative (0 means no limit)")
	case s.MaxSelections > 0 && s.MaxSelections < s.MinSelections:
		v.Addf(p+".max_selections", "is below min_selections (%d); raise it or lower min_selections", s.MinSelections)
	}
}

func compileScale(v *failure.Violations, p string, q *question, s *ScaleSettings) {
	if s == nil {
		return
	}
	q.grades = s.Grades
	q.moderated = s.Moderated
	seen := make(map[string]int)
	scored, na := 0, 0
	for i, g := range s.Grades {
		gp := fmt.Sprintf("%s.grades[%d]", p, i)
		checkValue(v, gp+".value", g.Value, "grade")
		if j, dup := seen[g.Value]; dup && g.Value != "" {
			v.Addf(gp+".value", "grade %q is already used by grades[%d]", g.Value, j)
		}
		seen[g.Value] = i
		if strings.TrimSpace(g.Label) == "" {
			v.Add(gp+".label", "give the grade a label")
		}
		if g.Colour != "" && !colourPattern.MatchString(g.Colour) {
			v.Addf(gp+".colour", "write the colour as #rrggbb, not %q", g.Colour)
		}
		if math.IsNaN(g.Score) || math.IsInf(g.Score, 0) {
			v.Add(gp+".score", "must be a finite number")
			continue
		}
		if g.NotApplicable {
			na++
			if na > 1 {
				v.Add(gp+".not_applicable", "a scale has at most one not-applicable grade")
			}
			if g.Score != 0 {
				v.Add(gp+".score", "a not-applicable grade carries no score; remove it")
			}
			continue
		}
		if scored == 0 || g.Score < q.minScore {
			q.minScore = g.Score
		}
		if scored == 0 || g.Score > q.maxScore {
			q.maxScore = g.Score
		}
		scored++
	}
	if scored < 2 {
		v.Addf(p+".grades", "a rating scale needs at least 2 grades that carry a score; it has %d", scored)
	}
	if s.EvidenceAtOrAbove != "" {
		g, ok := gradeOf(s.Grades, s.EvidenceAtOrAbove)
		switch {
		case !ok:
			v.Addf(p+".evidence_at_or_above", "no grade has value %q", s.EvidenceAtOrAbove)
		case g.NotApplicable:
			v.Add(p+".evidence_at_or_above", "name a grade with a score, not the not-applicable grade")
		default:
			q.evidenceOn, q.evidenceThreshold = true, g.Score
		}
	} else if s.EvidenceKey != "" {
		v.Add(p+".evidence_key", "set evidence_at_or_above to say which grades need evidence, or remove evidence_key")
	}
}

func compileEvidence(v *failure.Violations, p string, q *question, s *EvidenceSettings) {
	q.maxFiles = DefaultMaxFiles
	if s == nil {
		return
	}
	q.minFiles = s.MinFiles
	if s.MaxFiles != 0 {
		q.maxFiles = s.MaxFiles
	}
	if s.MinFiles < 0 {
		v.Add(p+".min_files", "must not be negative")
	}
	switch {
	case s.MaxFiles < 0:
		v.Add(p+".max_files", "must not be negative (0 means the default)")
	case s.MinFiles > q.maxFiles:
		v.Addf(p+".max_files", "is below min_files (%d); raise it or lower min_files", s.MinFiles)
	}
}

func compileTable(v *failure.Violations, p string, q *question, s *TableSettings) {
	q.maxRows = DefaultMaxRows
	if s == nil {
		return
	}
	q.minRows = s.MinRows
	if s.MaxRows != 0 {
		q.maxRows = s.MaxRows
	}
	if s.MinRows < 0 {
		v.Add(p+".min_rows", "must not be negative")
	}
	switch {
	case s.MaxRows < 0:
		v.Add(p+".max_rows", "must not be negative (0 means the default)")
	case s.MinRows > q.maxRows:
		v.Addf(p+".max_rows", "is below min_rows (%d); raise it or lower min_rows", s.MinRows)
	}
	if len(s.Columns) == 0 {
		v.Add(p+".columns", "add at least one column")
	}
	seen := make(map[string]int)
	for i, col := range s.Columns {
		cp := fmt.Sprintf("%s.columns[%d]", p, i)
		switch {
		case col.Key == "":
			v.Add(cp+".key", "give the column a key, such as event_date")
		case !keyPattern.MatchString(col.Key):
			v.Add(cp+".key", "use a lower-case letter followed by up to 62 lower-case letters, digits or underscores")
		default:
			if j, dup := seen[col.Key]; dup {
				v.Addf(cp+".key", "key %q is already used by columns[%d]", col.Key, j)
			}
			seen[col.Key] = i
		}
		if strings.TrimSpace(col.Title) == "" {
			v.Add(cp+".title", "give the column a title")
		}
		switch col.Type {
		case TypeShortText, TypeLongText, TypeNumber, TypeDate, TypeSingleChoice, TypeYesNo:
		default:
			v.Addf(cp+".type", "a column is short_text, long_text, number, date, single_choice or yes_no, not %q", col.Type)
		}
		st := settings{Choice: col.Choice, YesNo: col.YesNo, Number: col.Number, Length: col.Length, DateRange: col.DateRange}
		checkForeignSettings(v, cp, col.Type, st, "column")
		if col.Choice != nil && (col.Choice.MinSelections != 0 || col.Choice.MaxSelections != 0) {
			v.Add(cp+".choice", "min_selections and max_selections apply to multiple choice questions only; remove them")
		}
		q.columns = append(q.columns, column{valueSpec: compileValueSpec(v, cp, col.Type, st), key: col.Key, required: col.Required})
	}
}

// linkEvidence resolves the evidence questions named by rating scales.
func (c *Compiled) linkEvidence(v *failure.Violations) {
	for i := range c.form.Sections {
		for j := range c.form.Sections[i].Questions {
			src := &c.form.Sections[i].Questions[j]
			if src.Type != TypeRatingScale || src.Scale == nil || src.Scale.EvidenceKey == "" {
				continue
			}
			p := fmt.Sprintf("sections[%d].questions[%d].scale.evidence_key", i, j)
			target, ok := c.byKey[src.Scale.EvidenceKey]
			switch {
			case !ok:
				v.Addf(p, "no question has key %q", src.Scale.EvidenceKey)
			case target.typ != TypeEvidence:
				v.Addf(p, "%q is a %s question; name an evidence question", target.key, target.typ)
			default:
				c.sections[i].questions[j].evidenceKey = target
			}
		}
	}
}

func checkWeight(v *failure.Violations, p string, w float64) {
	if w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
		v.Add(p, "must be a finite number, 0 or more (0 means 1)")
	}
}

func weightOf(w float64) float64 {
	if w == 0 || w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
		return 1
	}
	return w
}

func checkAppliesTo(v *failure.Violations, p string, types []string) {
	seen := make(map[string]bool, len(types))
	for i, t := range types {
		tp := fmt.Sprintf("%s[%d]", p, i)
		switch {
		case strings.TrimSpace(t) == "" || strings.TrimSpace(t) != t:
			v.Add(tp, "name an organisation type, without surrounding spaces")
		case len(t) > maxValueLength:
			v.Addf(tp, "must be at most %d bytes", maxValueLength)
		case seen[t]:
			v.Addf(tp, "%q is listed twice", t)
		}
		seen[t] = true
	}
}

// checkValue checks an option or grade value.
func checkValue(v *failure.Violations, p, value, what string) {
	switch {
	case value == "":
		v.Addf(p, "give the %s a value", what)
	case strings.TrimSpace(value) != value:
		v.Add(p, "remove the spaces around the value")
	case len(value) > maxValueLength:
		v.Addf(p, "must be at most %d bytes", maxValueLength)
	}
}

func gradeOf(grades []Grade, value string) (Grade, bool) {
	for _, g := range grades {
		if g.Value == value {
			return g, true
		}
	}
	return Grade{}, false
}
