package form

import (
	"strings"
	"testing"
)

func TestCompileActionSettings(t *testing.T) {
	q := func(f *Form, s, i int) *Question { return &f.Sections[s].Questions[i] }
	tests := []struct {
		name   string
		change func(f *Form)
		field  string // "" means valid
		reason string
	}{
		{"action row on any type", func(f *Form) { q(f, 0, 1).ActionRow = true; q(f, 3, 0).ActionRow = true }, "", ""},
		{"required below the lowest grade", func(f *Form) { q(f, 2, 0).ActionRequiredBelow = "1" }, "", ""},
		{"required below on a moderated scale", func(f *Form) {
			q(f, 1, 0).ActionRow, q(f, 1, 0).ActionRequiredBelow = true, "amber"
		}, "", ""},
		{"required below, unknown grade", func(f *Form) { q(f, 2, 0).ActionRequiredBelow = "5" },
			"sections[2].questions[0].action_required_below", `no grade has value "5"`},
		{"required below, not-applicable grade", func(f *Form) {
			q(f, 1, 0).ActionRow, q(f, 1, 0).ActionRequiredBelow = true, "na"
		}, "sections[1].questions[0].action_required_below", "not the not-applicable grade"},
		{"required below without an action row", func(f *Form) { q(f, 2, 0).ActionRow = false },
			"sections[2].questions[0].action_required_below", "set action_row"},
		{"required below on a text question", func(f *Form) { q(f, 1, 2).ActionRequiredBelow = "3" },
			"sections[1].questions[2].action_required_below", "only a rating question"},
		{"required below on a scale-less rating", func(f *Form) { q(f, 2, 0).Scale = nil },
			"sections[2].questions[0].scale", "add the grades"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := sampleForm()
			tt.change(&f)
			_, err := Compile(f)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			wantViolation(t, err, tt.field, tt.reason)
			if tt.field == "sections[2].questions[0].scale" {
				for _, v := range violations(t, err) {
					if strings.HasSuffix(v.Field, "action_required_below") {
						t.Errorf("a missing scale is reported once: %v", err)
					}
				}
			}
		})
	}
}

func TestCheckActions(t *testing.T) {
	c := mustCompile(t, sampleForm())
	ok := Action{What: "Train the board", Who: "Head of safeguarding", Due: "2026-09-30"}
	actions := func(n int) []Action {
		out := make([]Action, n)
		for i := range out {
			out[i] = ok
		}
		return out
	}
	with := func(change func(a *Action)) []Action {
		a := ok
		change(&a)
		return []Action{ok, a}
	}
	tests := []struct {
		name   string
		answer Answer
		field  string // "" means valid
		reason string
	}{
		{"rating with actions", Answer{Key: "s2_rating", Grade: "2", Actions: []Action{ok}}, "", ""},
		{"actions without a grade", Answer{Key: "s2_rating", Actions: []Action{ok}}, "", ""},
		{"text with actions", Answer{Key: "s1_notes", Text: "x", Actions: actions(2)}, "", ""},
		{"at most 20", Answer{Key: "s1_notes", Actions: actions(MaxActions)}, "", ""},
		{"too many", Answer{Key: "s1_notes", Actions: actions(MaxActions + 1)}, "answers[0].actions", "at most 20 actions; there are 21"},
		{"no action row", Answer{Key: "s1_rating", Grade: "red", Actions: []Action{ok}}, "answers[0].actions", "this question takes no actions"},
		{"no action row, empty list", Answer{Key: "s1_rating", Grade: "red", Actions: []Action{}}, "", ""},
		{"what missing", Answer{Key: "s2_rating", Actions: with(func(a *Action) { a.What = " " })}, "answers[0].actions[1].what", "say what will be done"},
		{"what too long", Answer{Key: "s2_rating", Actions: with(func(a *Action) { a.What = strings.Repeat("é", MaxActionWhatLength+1) })},
			"answers[0].actions[1].what", "1001 characters long; shorten it to at most 1000"},
		{"what longest", Answer{Key: "s2_rating", Actions: with(func(a *Action) { a.What = strings.Repeat("é", MaxActionWhatLength) })}, "", ""},
		{"what bad utf8", Answer{Key: "s2_rating", Actions: with(func(a *Action) { a.What = "\xff" })}, "answers[0].actions[1].what", "UTF-8"},
		{"who missing", Answer{Key: "s2_rating", Actions: with(func(a *Action) { a.Who = "" })}, "answers[0].actions[1].who", "say who will do it"},
		{"who too long", Answer{Key: "s2_rating", Actions: with(func(a *Action) { a.Who = strings.Repeat("a", MaxActionWhoLength+1) })},
			"answers[0].actions[1].who", "shorten it to at most 200"},
		{"due missing", Answer{Key: "s2_rating", Actions: with(func(a *Action) { a.Due = "" })}, "answers[0].actions[1].due", "give the date it is due"},
		{"due not a date", Answer{Key: "s2_rating", Actions: with(func(a *Action) { a.Due = "2026-02-30" })}, "answers[0].actions[1].due", `YYYY-MM-DD, not "2026-02-30"`},
		{"due wrong format", Answer{Key: "s2_rating", Actions: with(func(a *Action) { a.Due = "30/09/2026" })}, "answers[0].actions[1].due", "YYYY-MM-DD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := c.CheckDraft([]Answer{tt.answer})
			if tt.field == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
			} else {
				wantViolation(t, err, tt.field, tt.reason)
			}
			// A submit checks the same, under the answer's key.
			a := fullAnswers()
			a[tt.answer.Key] = tt.answer
			if tt.answer.Key == "s2_rating" && tt.answer.Grade == "" {
				return // unanswered required question
			}
			err = c.CheckSubmit(a, "school")
			if tt.field == "" {
				if err != nil {
					t.Fatalf("submit: want valid, got %v", err)
				}
				return
			}
			wantViolation(t, err, strings.Replace(tt.field, "answers[0]", "answers."+tt.answer.Key, 1), tt.reason)
		})
	}
}

func TestCheckDraftReportsEveryActionProblem(t *testing.T) {
	c := mustCompile(t, sampleForm())
	err := c.CheckDraft([]Answer{
		{Key: "s1_notes", Actions: []Action{{}}},
		{Key: "s1_rating", Actions: []Action{{}}},
	})
	wantViolation(t, err, "answers[0].actions[0].what", "what")
	wantViolation(t, err, "answers[0].actions[0].who", "who")
	wantViolation(t, err, "answers[0].actions[0].due", "due")
	wantViolation(t, err, "answers[1].actions", "no actions")
	if n := len(violations(t, err)); n != 4 {
		t.Fatalf("want 4 violations, got %d: %v", n, err)
	}
}

func TestCheckSubmitActionRequiredBelow(t *testing.T) {
	c := mustCompile(t, sampleForm())
	act := []Action{{What: "Joint training", Who: "Partnership manager", Due: "2026-12-01"}}
	tests := []struct {
		name    string
		orgType string
		answer  Answer // for s2_rating
		field   string // "" means valid
		reason  string
	}{
		{"below, no action", "school", Answer{Grade: "2"}, "answers.s2_rating.actions", `grade "2" needs an action: say what will be done, who will do it and by when`},
		{"lowest, no action", "school", Answer{Grade: "1"}, "answers.s2_rating.actions", `grade "1" needs an action`},
		{"below, with an action", "school", Answer{Grade: "1", Actions: act}, "", ""},
		{"at the grade", "school", Answer{Grade: "3"}, "", ""},
		{"above the grade", "school", Answer{Grade: "4", Text: "Joint visits"}, "", ""},
		{"above, actions allowed", "school", Answer{Grade: "4", Text: "Joint visits", Actions: act}, "", ""},
		{"question not shown", "college", Answer{Grade: "1"}, "", ""},
		{"bad action still reported", "school", Answer{Grade: "1", Actions: []Action{{What: "x", Who: "y", Due: "soon"}}}, "answers.s2_rating.actions[0].due", "YYYY-MM-DD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := fullAnswers()
			a["s2_rating"] = tt.answer
			err := c.CheckSubmit(a, tt.orgType)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			wantViolation(t, err, tt.field, tt.reason)
		})
	}
	// The rule never fires on the moderated grade, nor on not-applicable.
	f := sampleForm()
	s1 := &f.Sections[1].Questions[0]
	s1.ActionRow, s1.ActionRequiredBelow = true, "green"
	c = mustCompile(t, f)
	for _, a := range []Answer{{Grade: "na"}, {Grade: "green", ModeratedGrade: "red"}} {
		all := fullAnswers()
		all["s1_rating"] = a
		if err := c.CheckSubmit(all, "school"); err != nil {
			t.Errorf("%+v: %v", a, err)
		}
	}
	all := fullAnswers()
	all["s1_rating"] = Answer{Grade: "amber", ModeratedGrade: "green"}
	wantViolation(t, c.CheckSubmit(all, "school"), "answers.s1_rating.actions", `grade "amber" needs an action`)
}
