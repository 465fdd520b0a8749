package form

import (
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
)

// settings gathers the type settings of a question or column.
type settings struct {
	Choice    *ChoiceSettings
	Scale     *ScaleSettings
	YesNo     *YesNoSettings
	Number    *NumberSettings
	Length    *LengthSettings
	DateRange *DateSettings
	Evidence  *EvidenceSettings
	Table     *TableSettings
}

// valueSpec is what a question or column needs to check a simple value.
type valueSpec struct {
	typ              Type
	options          []string
	partly           bool
	min, max         bound
	integer          bool
	maxLen           int
	dateMin, dateMax string
}

// knownType reports whether t is one of the question types.
func knownType(t Type) bool {
	switch t {
	case TypeSingleChoice, TypeMultipleChoice, TypeRatingScale, TypeYesNo, TypeNumber,
		TypeShortText, TypeLongText, TypeDate, TypeEvidence, TypeTable, TypeDeclaration:
		return true
	}
	return false
}

// checkForeignSettings refuses settings that belong to another type.
func checkForeignSettings(v *failure.Violations, p string, t Type, s settings, what string) {
	foreign := func(set bool, field string, owners ...Type) {
		if set && !slices.Contains(owners, t) {
			v.Addf(p+"."+field, "only %s %ss take %s settings; remove them or change the type", owners[0], what, field)
		}
	}
	foreign(s.Choice != nil, "choice", TypeSingleChoice, TypeMultipleChoice)
	foreign(s.Scale != nil, "scale", TypeRatingScale)
	foreign(s.YesNo != nil, "yes_no", TypeYesNo)
	foreign(s.Number != nil, "number", TypeNumber)
	foreign(s.Length != nil, "length", TypeShortText, TypeLongText)
	foreign(s.DateRange != nil, "date_range", TypeDate)
	foreign(s.Evidence != nil, "evidence", TypeEvidence)
	foreign(s.Table != nil, "table", TypeTable)
}

// compileValueSpec checks the settings of type t and prepares them.
func compileValueSpec(v *failure.Violations, p string, t Type, s settings) valueSpec {
	vs := valueSpec{typ: t}
	switch t {
	case TypeSingleChoice, TypeMultipleChoice:
		if s.Choice == nil || len(s.Choice.Options) == 0 {
			v.Add(p+".choice.options", "add the options to choose from")
			return vs
		}
		if t == TypeSingleChoice && len(s.Choice.Options) < 2 {
			v.Add(p+".choice.options", "a single choice needs at least 2 options")
		}
		seen := make(map[string]int)
		for i, o := range s.Choice.Options {
			op := fmt.Sprintf("%s.choice.options[%d]", p, i)
			checkValue(v, op+".value", o.Value, "option")
			if j, dup := seen[o.Value]; dup && o.Value != "" {
				v.Addf(op+".value", "option %q is already used by options[%d]", o.Value, j)
			}
			seen[o.Value] = i
			if strings.TrimSpace(o.Label) == "" {
				v.Add(op+".label", "give the option a label")
			}
			vs.options = append(vs.options, o.Value)
		}
	case TypeRatingScale:
		if s.Scale == nil {
			v.Add(p+".scale", "add the grades of the rating scale")
		}
	case TypeTable:
		if s.Table == nil {
			v.Add(p+".table", "add the columns of the table")
		}
	case TypeYesNo:
		vs.partly = s.YesNo != nil && s.YesNo.AllowPartly
	case TypeNumber:
		if s.Number == nil {
			return vs
		}
		vs.integer = s.Number.Integer
		var ok bool
		if s.Number.Min != "" {
			if vs.min, ok = newBound(s.Number.Min); !ok {
				v.Addf(p+".number.min", "write a number such as 0 or -2.5, not %q", s.Number.Min)
			}
		}
		if s.Number.Max != "" {
			if vs.max, ok = newBound(s.Number.Max); !ok {
				v.Addf(p+".number.max", "write a number such as 100 or 12.5, not %q", s.Number.Max)
			}
		}
		if vs.min.isSet && vs.max.isSet && vs.min.rat.Cmp(vs.max.rat) > 0 {
			v.Addf(p+".number.max", "is below min (%s); swap them", s.Number.Min)
		}
		if vs.integer && vs.min.isSet && vs.max.isSet && vs.min.rat.Cmp(vs.max.rat) <= 0 && !hasIntegerBetween(vs.min.rat, vs.max.rat) {
			v.Addf(p+".number", "no whole number lies between %s and %s", s.Number.Min, s.Number.Max)
		}
	case TypeShortText, TypeLongText:
		vs.maxLen = DefaultShortTextLength
		if t == TypeLongText {
			vs.maxLen = DefaultLongTextLength
		}
		if s.Length != nil {
			switch {
			case s.Length.MaxLength < 0:
				v.Add(p+".length.max_length", "must not be negative (0 means the default)")
			case s.Length.MaxLength > 0:
				vs.maxLen = s.Length.MaxLength
			}
		}
	case TypeDate:
		if s.DateRange == nil {
			return vs
		}
		vs.dateMin, vs.dateMax = s.DateRange.Min, s.DateRange.Max
		if vs.dateMin != "" && !validDate(vs.dateMin) {
			v.Addf(p+".date_range.min", "write the date as YYYY-MM-DD, not %q", vs.dateMin)
		}
		if vs.dateMax != "" && !validDate(vs.dateMax) {
			v.Addf(p+".date_range.max", "write the date as YYYY-MM-DD, not %q", vs.dateMax)
		}
		if vs.dateMin != "" && vs.dateMax != "" && vs.dateMin > vs.dateMax {
			v.Addf(p+".date_range.max", "is before min (%s); swap them", vs.dateMin)
		}
	}
	return vs
}

// hasIntegerBetween reports whether a whole number lies in [lo, hi].
func hasIntegerBetween(lo, hi *big.Rat) bool {
	// ceil(lo) <= hi
	n, d := lo.Num(), lo.Denom()
	q, m := new(big.Int).QuoRem(n, d, new(big.Int))
	if m.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	return new(big.Rat).SetInt(q).Cmp(hi) <= 0
}

// parseDecimal reads an optionally signed decimal such as "-12.50". It
// refuses exponents, fractions and anything longer than MaxNumberLength.
func parseDecimal(s string) (*big.Rat, bool) {
	if !decimalSyntax(s) {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(s)
	return r, ok
}

// decimalSyntax reports whether s is written as parseDecimal expects.
func decimalSyntax(s string) bool {
	if len(s) == 0 || len(s) > MaxNumberLength {
		return false
	}
	i := 0
	if s[0] == '-' || s[0] == '+' {
		i++
	}
	digits, point := 0, false
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !point && digits > 0 && i < len(s)-1:
			point = true
		default:
			return false
		}
	}
	return digits > 0
}

// validDate reports whether s is a real date written YYYY-MM-DD.
func validDate(s string) bool {
	if len(s) != 10 {
		return false
	}
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// cloneForm copies f so that later changes to f do not reach a Compiled.
func cloneForm(f Form) Form {
	out := Form{Sections: slices.Clone(f.Sections)}
	for i := range out.Sections {
		s := &out.Sections[i]
		s.AppliesTo = slices.Clone(s.AppliesTo)
		s.Questions = slices.Clone(s.Questions)
		for j := range s.Questions {
			q := &s.Questions[j]
			q.AppliesTo = slices.Clone(q.AppliesTo)
			q.Choice = cloneChoice(q.Choice)
			if q.Scale != nil {
				sc := *q.Scale
				sc.Grades = slices.Clone(sc.Grades)
				q.Scale = &sc
			}
			q.YesNo = clonePtr(q.YesNo)
			q.Number = clonePtr(q.Number)
			q.Length = clonePtr(q.Length)
			q.DateRange = clonePtr(q.DateRange)
			q.Evidence = clonePtr(q.Evidence)
			if q.Table != nil {
				t := *q.Table
				t.Columns = slices.Clone(t.Columns)
				for k := range t.Columns {
					col := &t.Columns[k]
					col.Choice = cloneChoice(col.Choice)
					col.YesNo = clonePtr(col.YesNo)
					col.Number = clonePtr(col.Number)
					col.Length = clonePtr(col.Length)
					col.DateRange = clonePtr(col.DateRange)
				}
				q.Table = &t
			}
		}
	}
	return out
}

func cloneChoice(c *ChoiceSettings) *ChoiceSettings {
	if c == nil {
		return nil
	}
	out := *c
	out.Options = slices.Clone(c.Options)
	return &out
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	out := *p
	return &out
}
