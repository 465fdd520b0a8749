package templatefile

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/assure-audit/assure/pkg/form"
)

// rowCells reads the cells of one question row.
type rowCells struct {
	x   *xlsxReader
	row []string
	n   int
}

// get returns the cell under column name, or "" when there is no such
// column.
func (c *rowCells) get(name string) string {
	i, ok := c.x.header[name]
	if !ok {
		return ""
	}
	return cellAt(c.row, i)
}

// bad records a problem in the cell under column name.
func (c *rowCells) bad(name, reason string) {
	c.x.v.Add(cellName(SheetQuestions, c.x.header[name], c.n), reason)
}

// onlyFor refuses a filled cell under column name unless the question's
// type is one of types.
func (c *rowCells) onlyFor(name string, t form.Type, types ...form.Type) bool {
	if strings.TrimSpace(c.get(name)) == "" {
		return false
	}
	if !slices.Contains(types, t) {
		c.bad(name, fmt.Sprintf("%s applies to %s questions only; clear it or change the type", name, settingsOwner(types)))
		return false
	}
	return true
}

// question reads the question on the row.
func (c *rowCells) question() form.Question {
	q := form.Question{
		Key:       strings.TrimSpace(c.get("key")),
		Text:      strings.TrimSpace(c.get("text")),
		Help:      strings.TrimSpace(c.get("help")),
		VisibleIf: strings.TrimSpace(c.get("visible_if")),
	}
	switch normalise(c.get("required")) {
	case "", "no", "n", "false", "0":
	case "yes", "y", "true", "1":
		q.Required = true
	default:
		c.bad("required", fmt.Sprintf("write yes or no, not %q", clip(c.get("required"))))
	}
	switch p := normalise(c.get("priority")); p {
	case "":
	case "essential", "desirable":
		q.Priority = form.Priority(p)
	default:
		c.bad("priority", fmt.Sprintf("write essential or desirable, not %q", clip(c.get("priority"))))
	}
	for _, t := range strings.FieldsFunc(c.get("applies_to"), func(r rune) bool { return r == ';' || r == ',' }) {
		if t = strings.TrimSpace(t); t != "" {
			q.AppliesTo = append(q.AppliesTo, t)
		}
	}
	typeWord := normalise(c.get("type"))
	t, ok := xlsxTypes[typeWord]
	switch {
	case typeWord == "":
		c.bad("type", "write the type: "+xlsxTypeNames)
		return q
	case typeWord == "table":
		c.bad("type", "a repeating table cannot be written in a spreadsheet; add it to the YAML file")
		return q
	case !ok:
		c.bad("type", fmt.Sprintf("%q is not a type; write %s", clip(c.get("type")), xlsxTypeNames))
		return q
	}
	q.Type = t
	switch typeWord {
	case "yes_no_partly":
		q.YesNo = &form.YesNoSettings{AllowPartly: true}
	case "integer", "whole_number":
		q.Number = &form.NumberSettings{Integer: true}
	}
	if c.onlyFor("options", t, form.TypeSingleChoice, form.TypeMultipleChoice, form.TypeRatingScale) {
		if t == form.TypeRatingScale {
			q.Scale = &form.ScaleSettings{Grades: c.grades()}
		} else {
			q.Choice = &form.ChoiceSettings{Options: c.options()}
		}
	} else if t == form.TypeSingleChoice || t == form.TypeMultipleChoice {
		q.Choice = &form.ChoiceSettings{}
	} else if t == form.TypeRatingScale {
		q.Scale = &form.ScaleSettings{}
	}
	if c.onlyFor("evidence_at_or_above", t, form.TypeRatingScale) && q.Scale != nil {
		q.Scale.EvidenceAtOrAbove = c.gradeValue(q.Scale.Grades, c.get("evidence_at_or_above"))
	}
	if c.onlyFor("unit", t, form.TypeNumber) {
		q.Number = orNew(q.Number)
		q.Number.Unit = strings.TrimSpace(c.get("unit"))
	}
	for _, bound := range []string{"min", "max"} {
		if !c.onlyFor(bound, t, form.TypeNumber, form.TypeDate) {
			continue
		}
		v := strings.TrimSpace(c.get(bound))
		if t == form.TypeDate {
			q.DateRange = orNew(q.DateRange)
			v = excelDate(v)
			if bound == "min" {
				q.DateRange.Min = v
			} else {
				q.DateRange.Max = v
			}
			continue
		}
		q.Number = orNew(q.Number)
		if bound == "min" {
			q.Number.Min = v
		} else {
			q.Number.Max = v
		}
	}
	if c.onlyFor("max_length", t, form.TypeShortText, form.TypeLongText) {
		n, err := strconv.Atoi(strings.TrimSpace(c.get("max_length")))
		if err != nil || n <= 0 {
			c.bad("max_length", fmt.Sprintf("write a whole number of characters above 0, not %q", clip(c.get("max_length"))))
		} else {
			q.Length = &form.LengthSettings{MaxLength: n}
		}
	}
	return q
}

// orNew returns p, or a new zero value when p is nil.
func orNew[T any](p *T) *T {
	if p == nil {
		return new(T)
	}
	return p
}

// date reads a date bound written YYYY-MM-DD or stored by the spreadsheet
// as a day number.
func excelDate(v string) string {
	if f, err := strconv.ParseFloat(v, 64); err == nil && f >= 1 && f < 2958466 && f == math.Trunc(f) {
		if t, err := excelize.ExcelDateToTime(f, false); err == nil {
			return t.Format("2006-01-02")
		}
	}
	return v
}

// splitOptions splits an options cell into its items.
func splitOptions(s string) []string {
	var out []string
	for _, it := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' }) {
		if it = strings.TrimSpace(it); it != "" {
			out = append(out, it)
		}
	}
	return out
}

// options reads the options of a choice question.
func (c *rowCells) options() []form.Option {
	var out []form.Option
	for i, it := range splitOptions(c.get("options")) {
		parts := strings.Split(it, "=")
		var o form.Option
		switch len(parts) {
		case 1:
			o = form.Option{Value: slug(it, i), Label: it}
		case 2:
			o = form.Option{Value: strings.TrimSpace(parts[0]), Label: strings.TrimSpace(parts[1])}
		default:
			c.bad("options", fmt.Sprintf("option %d (%q) has more than one \"=\"; write value=Label", i+1, clip(it)))
			continue
		}
		if o.Value == "" || o.Label == "" {
			c.bad("options", fmt.Sprintf("option %d (%q) needs a value and a label; write value=Label or just the label", i+1, clip(it)))
			continue
		}
		out = append(out, o)
	}
	return out
}

// grades reads the grades of a rating question.
func (c *rowCells) grades() []form.Grade {
	var out []form.Grade
	scored, explicit := 0, 0
	for i, it := range splitOptions(c.get("options")) {
		parts := strings.Split(it, "=")
		for j := range parts {
			parts[j] = strings.TrimSpace(parts[j])
		}
		var g form.Grade
		switch len(parts) {
		case 1:
			g = form.Grade{Value: slug(it, i), Label: it}
		case 2, 3:
			g = form.Grade{Value: parts[0], Label: parts[1]}
		default:
			c.bad("options", fmt.Sprintf("grade %d (%q) has too many \"=\"; write value=Label or value=Label=score", i+1, clip(it)))
			continue
		}
		if g.Value == "" || g.Label == "" {
			c.bad("options", fmt.Sprintf("grade %d (%q) needs a value and a label", i+1, clip(it)))
			continue
		}
		switch normalise(g.Value) {
		case "na", "n_a", "not_applicable":
			g.NotApplicable = true
		}
		switch normalise(g.Label) {
		case "n_a", "na", "not_applicable":
			g.NotApplicable = true
		}
		if len(parts) == 3 {
			s, err := strconv.ParseFloat(parts[2], 64)
			if err != nil || math.IsNaN(s) || math.IsInf(s, 0) {
				c.bad("options", fmt.Sprintf("grade %d (%q): write its score as a number, not %q", i+1, clip(it), clip(parts[2])))
				continue
			}
			g.Score = s
			explicit++
		}
		g.Colour = ragColours[strings.ToLower(g.Value)]
		if !g.NotApplicable {
			scored++
			if len(parts) < 3 {
				g.Score = float64(scored)
			}
		}
		out = append(out, g)
	}
	if explicit > 0 && explicit < scored {
		c.bad("options", "give every grade a score (value=Label=score) or none, so that they are scored 1, 2, 3 … in order")
	}
	return out
}

// gradeValue finds the grade written as a value or a label.
func (c *rowCells) gradeValue(grades []form.Grade, s string) string {
	s = strings.TrimSpace(s)
	for _, g := range grades {
		if g.Value == s || strings.EqualFold(g.Label, s) {
			return g.Value
		}
	}
	return s
}

// slug makes an option value from a label: lower-case letters and digits
// joined by underscores ("Not met" gives not_met). A label with none gives
// option_N.
func slug(label string, i int) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(label) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(r)
			continue
		}
		under = true
	}
	if b.Len() == 0 {
		return fmt.Sprintf("option_%d", i+1)
	}
	return b.String()
}
