package form

import (
	"testing"

	"github.com/assure-audit/assure/pkg/failure"
)

func FuzzCompileCondition(f *testing.F) {
	for _, s := range []string{
		`answers.pick == "a"`, `answers.count > 0 && answers.ratio < 1.5`, `"x" in answers.many`,
		`org_type == "school" || answers.signed`, `answers.nope == 1`, `answers.count == 1.0`,
		`(((((`, `answers.`, `has(answers.pick)`, `answers.many.map(m, m + m).size() > 2`,
		`1/0 == 1`, "\xff", `answers.words.matches("[")`, `dyn(answers.count) == "a"`,
	} {
		f.Add(s)
	}
	answers := map[string]Answer{
		"pick": {Choice: "a"}, "many": {Choices: []string{"x"}}, "count": {Number: "3"},
		"ratio": {Number: "1.25"}, "words": {Text: "hi"}, "signed": {Confirmed: true},
	}
	f.Fuzz(func(t *testing.T, src string) {
		c1, err1 := Compile(condForm(src))
		c2, err2 := Compile(condForm(src))
		if (err1 == nil) != (err2 == nil) || (err1 != nil && err1.Error() != err2.Error()) {
			t.Fatalf("not deterministic: %v / %v", err1, err2)
		}
		if err1 != nil {
			e, ok := failure.As(err1)
			if !ok || e.Kind != failure.KindInvalid {
				t.Fatalf("want an invalid-argument failure, got %v", err1)
			}
			for _, v := range e.Violations {
				if v.Field != "sections[0].questions[11].visible_if" || v.Reason == "" {
					t.Fatalf("unexpected violation %+v", v)
				}
			}
			return
		}
		v1 := c1.Visible(answers, "school")["target"]
		v2 := c2.Visible(answers, "school")["target"]
		if v1 != v2 || v1 != c1.Visible(answers, "school")["target"] {
			t.Fatalf("evaluation not deterministic")
		}
		c1.Visible(nil, "")
	})
}

func FuzzCheckDraft(f *testing.F) {
	f.Add(uint8(0), uint16(1), "", "school", "", uint8(0), false)
	f.Add(uint8(5), uint16(0xffff), "x", "green", "12.5", uint8(2), true)
	f.Add(uint8(10), uint16(1<<10), "event", "2024-01-01", "when", uint8(3), false)
	f.Add(uint8(255), uint16(3), "nope", "\xff", "-", uint8(200), true)
	f.Add(uint8(10), uint16(1<<10|1<<2), "Train staff", "2026-09-30", "Lead", uint8(1), false)
	f.Add(uint8(7), uint16(1<<10), "", "2026-02-30", "\xff", uint8(22), false)
	c := mustCompile(f, sampleForm())
	keys := []string{"setting_type", "on_roll", "fte_staff", "has_dsl", "dsl_name", "s1_rating", "s1_evidence",
		"s1_notes", "s1_online", "s1_review", "s2_rating", "chronology", "declaration"}
	f.Fuzz(func(t *testing.T, ki uint8, fields uint16, s1, s2, s3 string, n uint8, confirmed bool) {
		key := s1
		if int(ki) < 2*len(keys) {
			key = keys[int(ki)%len(keys)]
		}
		a := Answer{Key: key, Confirmed: confirmed}
		set := func(bit int) bool { return fields&(1<<bit) != 0 }
		if set(0) {
			a.Choice = s2
		}
		if set(1) {
			a.Choices = []string{s2, s3, s1}
		}
		if set(2) {
			a.Grade = s2
		}
		if set(3) {
			a.ModeratedGrade = s3
		}
		if set(4) {
			a.YesNo = s2
		}
		if set(5) {
			a.Number = s3
		}
		if set(6) {
			a.Text = s1
		}
		if set(7) {
			a.Date = s2
		}
		if set(8) {
			for i := 0; i < int(n)%8; i++ {
				a.Evidence = append(a.Evidence, EvidenceRef{Name: s2, ID: s3})
			}
		}
		if set(9) {
			for i := 0; i < int(n)%6; i++ {
				a.Rows = append(a.Rows, []Cell{{Column: s1, Value: s2}, {Column: s3, Value: s3}, {Column: "when", Value: s2}})
			}
		}
		if set(10) {
			for i := 0; i < int(n)%(MaxActions+3); i++ {
				a.Actions = append(a.Actions, Action{What: s1, Who: s3, Due: s2})
			}
		}
		checkKind := func(err error) {
			if err == nil {
				return
			}
			e, ok := failure.As(err)
			if !ok || e.Kind != failure.KindInvalid {
				t.Fatalf("want an invalid-argument failure, got %v", err)
			}
			for _, v := range e.Violations {
				if v.Field == "" || v.Reason == "" {
					t.Fatalf("violation without field or reason: %+v", v)
				}
			}
		}
		err := c.CheckDraft([]Answer{a, a})
		checkKind(err)
		if err == nil {
			t.Fatal("a key answered twice must be refused")
		}
		m := map[string]Answer{key: a, "has_dsl": {YesNo: s2}, "on_roll": {Number: s3}}
		checkKind(c.CheckSubmit(m, s1))
		c.Progress(m, s1)
		c.Score(m, s2)
	})
}
