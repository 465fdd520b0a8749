package form

import (
	"strings"
	"testing"
)

func TestCheckDraftValues(t *testing.T) {
	c := mustCompile(t, sampleForm())
	files := func(n int) []EvidenceRef {
		out := make([]EvidenceRef, n)
		for i := range out {
			out[i] = EvidenceRef{Name: "f.pdf", ID: "id"}
		}
		return out
	}
	tests := []struct {
		name   string
		answer Answer
		field  string // "" means valid
		reason string
	}{
		{"choice ok", Answer{Key: "setting_type", Choice: "college"}, "", ""},
		{"choice unknown", Answer{Key: "setting_type", Choice: "prison"}, "answers[0].choice", `"prison" is not one of the options: "school", "college", "early_years"`},
		{"wrong field", Answer{Key: "setting_type", Text: "school"}, "answers[0].text", "takes its answer in choice; clear text"},
		{"choices ok", Answer{Key: "s1_online", Choices: []string{"filtering"}}, "", ""},
		{"choices unknown", Answer{Key: "s1_online", Choices: []string{"filtering", "vpn"}}, "answers[0].choices[1]", `"vpn" is not one of the options`},
		{"choices twice", Answer{Key: "s1_online", Choices: []string{"training", "training"}}, "answers[0].choices[1]", "chosen twice"},
		{"choices too many", Answer{Key: "s1_online", Choices: []string{"training", "filtering", "monitoring"}}, "answers[0].choices", "at most 2"},
		{"choices flood", Answer{Key: "s1_online", Choices: strings.Split(strings.Repeat("x,", 1000), ",")}, "answers[0].choices", "only 3 options"},
		{"grade ok", Answer{Key: "s1_rating", Grade: "amber", ModeratedGrade: "red", Text: "note"}, "", ""},
		{"grade n/a", Answer{Key: "s1_rating", Grade: "na"}, "", ""},
		{"grade unknown", Answer{Key: "s1_rating", Grade: "blue"}, "answers[0].grade", `"blue" is not a grade of this scale`},
		{"moderated unknown", Answer{Key: "s1_rating", ModeratedGrade: "4"}, "answers[0].moderated_grade", "not a grade"},
		{"moderated not allowed", Answer{Key: "s2_rating", Grade: "4", ModeratedGrade: "4"}, "answers[0].moderated_grade", "no moderated rating"},
		{"rating note too long", Answer{Key: "s2_rating", Text: strings.Repeat("a", MaxNoteLength+1)}, "answers[0].text", "shorten it"},
		{"yes/no partly", Answer{Key: "has_dsl", YesNo: "partly"}, "", ""},
		{"yes/no bad", Answer{Key: "has_dsl", YesNo: "maybe"}, "answers[0].yes_no", "yes, no or partly"},
		{"number ok", Answer{Key: "on_roll", Number: "5000"}, "", ""},
		{"number ok decimal zeros", Answer{Key: "on_roll", Number: "12.00"}, "", ""},
		{"number not integer", Answer{Key: "on_roll", Number: "12.5"}, "answers[0].number", "whole number"},
		{"number above max", Answer{Key: "on_roll", Number: "5001"}, "answers[0].number", "at most 5000"},
		{"number below min", Answer{Key: "fte_staff", Number: "-0.5"}, "answers[0].number", "at least 0"},
		{"number decimal max exact", Answer{Key: "fte_staff", Number: "999.5"}, "", ""},
		{"number decimal over max", Answer{Key: "fte_staff", Number: "999.50001"}, "answers[0].number", "at most 999.5"},
		{"number many digits", Answer{Key: "on_roll", Number: "0000000000000000000001"}, "", ""},
		{"number too large for an integer", Answer{Key: "on_roll", Number: "12345678901234567890"}, "answers[0].number", "too large"},
		{"number exact below max", Answer{Key: "fte_staff", Number: "999.4999999999999999999"}, "", ""},
		{"number exact above max", Answer{Key: "fte_staff", Number: "999.5000000000000000001"}, "answers[0].number", "at most 999.5"},
		{"number overflowing scale", Answer{Key: "fte_staff", Number: "999999999999999999"}, "answers[0].number", "at most 999.5"},
		{"number negative zero", Answer{Key: "fte_staff", Number: "-0.0"}, "", ""},
		{"number plus sign", Answer{Key: "on_roll", Number: "+7"}, "", ""},
		{"number syntax", Answer{Key: "fte_staff", Number: "1e3"}, "answers[0].number", "write a number"},
		{"number junk", Answer{Key: "fte_staff", Number: "12,5"}, "answers[0].number", "write a number"},
		{"number too long", Answer{Key: "fte_staff", Number: strings.Repeat("1", MaxNumberLength+1)}, "answers[0].number", "at most 40 characters"},
		{"text ok", Answer{Key: "dsl_name", Text: "Ångström"}, "", ""},
		{"text too long", Answer{Key: "dsl_name", Text: "Ångström Lead"}, "answers[0].text", "13 characters long; shorten it to at most 10"},
		{"text bad utf8", Answer{Key: "s1_notes", Text: "\xff"}, "answers[0].text", "UTF-8"},
		{"date ok", Answer{Key: "s1_review", Date: "2024-02-29"}, "", ""},
		{"date not real", Answer{Key: "s1_review", Date: "2023-02-29"}, "answers[0].date", "YYYY-MM-DD"},
		{"date format", Answer{Key: "s1_review", Date: "1/2/2024"}, "answers[0].date", "YYYY-MM-DD"},
		{"date early", Answer{Key: "s1_review", Date: "2019-12-31"}, "answers[0].date", "on or after 2020-01-01"},
		{"date late", Answer{Key: "s1_review", Date: "2031-01-01"}, "answers[0].date", "on or before 2030-12-31"},
		{"evidence ok (too few is fine in a draft)", Answer{Key: "s1_evidence", Evidence: files(1)}, "", ""},
		{"evidence too many", Answer{Key: "s1_evidence", Evidence: files(4)}, "answers[0].evidence", "at most 3 files"},
		{"evidence no id", Answer{Key: "s1_evidence", Evidence: []EvidenceRef{{Name: "a.pdf"}}}, "answers[0].evidence[0].id", "id"},
		{"evidence no name", Answer{Key: "s1_evidence", Evidence: []EvidenceRef{{ID: "x"}}}, "answers[0].evidence[0].name", "name"},
		{"rows ok (one row is fine in a draft)", Answer{Key: "chronology", Rows: [][]Cell{{{"event", "Referral"}}}}, "", ""},
		{"rows too many", Answer{Key: "chronology", Rows: make([][]Cell, 4)}, "answers[0].rows", "at most 3 rows"},
		{"cell unknown column", Answer{Key: "chronology", Rows: [][]Cell{{{"who", "x"}}}}, "answers[0].rows[0][0].column", `no column has key "who"`},
		{"cell twice", Answer{Key: "chronology", Rows: [][]Cell{{{"event", ""}, {"event", "b"}}}}, "answers[0].rows[0][1].column", "appears twice"},
		{"cell bad date", Answer{Key: "chronology", Rows: [][]Cell{{{"when", "yesterday"}}}}, "answers[0].rows[0][0].value", "YYYY-MM-DD"},
		{"cell bad choice", Answer{Key: "chronology", Rows: [][]Cell{{}, {{"agency", "fire"}}}}, "answers[0].rows[1][0].value", "not one of the options"},
		{"cell bad number", Answer{Key: "chronology", Rows: [][]Cell{{{"count", "0"}}}}, "answers[0].rows[0][0].value", "at least 1"},
		{"cell bad yes/no", Answer{Key: "chronology", Rows: [][]Cell{{{"seen", "partly"}}}}, "answers[0].rows[0][0].value", "yes or no"},
		{"cell text too long", Answer{Key: "chronology", Rows: [][]Cell{{{"event", strings.Repeat("x", 31)}}}}, "answers[0].rows[0][0].value", "at most 30"},
		{"row too wide", Answer{Key: "chronology", Rows: [][]Cell{make([]Cell, 6)}}, "answers[0].rows[0]", "at most 5 cells"},
		{"declaration", Answer{Key: "declaration", Confirmed: true}, "", ""},
		{"declaration wrong field", Answer{Key: "declaration", YesNo: "yes"}, "answers[0].yes_no", "takes its answer in confirmed"},
		{"missing key", Answer{Choice: "school"}, "answers[0].key", "give the key"},
		{"unknown key", Answer{Key: "nope"}, "answers[0].key", `no question has key "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := c.CheckDraft([]Answer{tt.answer})
			if tt.field == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			wantViolation(t, err, tt.field, tt.reason)
		})
	}
}

func TestCheckDraftReportsEveryProblem(t *testing.T) {
	c := mustCompile(t, sampleForm())
	err := c.CheckDraft([]Answer{
		{Key: "on_roll", Number: "x"},
		{Key: "setting_type", Choice: "school"},
		{Key: "on_roll", Number: "3"},
		{Key: "s1_rating", Grade: "blue", ModeratedGrade: "pink"},
	})
	wantViolation(t, err, "answers[0].number", "write a number")
	wantViolation(t, err, "answers[2].key", "answered twice; keep one of answers[0] and answers[2]")
	wantViolation(t, err, "answers[3].grade", "not a grade")
	wantViolation(t, err, "answers[3].moderated_grade", "not a grade")
	if n := len(violations(t, err)); n != 4 {
		t.Fatalf("want 4 violations, got %d: %v", n, err)
	}
	if err := c.CheckDraft(nil); err != nil {
		t.Fatalf("an empty draft is fine: %v", err)
	}
}

func TestCheckSubmit(t *testing.T) {
	c := mustCompile(t, sampleForm())
	if err := c.CheckSubmit(fullAnswers(), "school"); err != nil {
		t.Fatalf("valid return refused: %v", err)
	}
	tests := []struct {
		name    string
		orgType string
		change  func(a map[string]Answer)
		field   string // "" means valid
		reason  string
	}{
		{"required missing", "school", func(a map[string]Answer) { delete(a, "setting_type") }, "answers.setting_type", `answer this required question: "Type of setting"`},
		{"required blank text", "school", func(a map[string]Answer) { a["dsl_name"] = Answer{Text: "  "} }, "answers.dsl_name", "required"},
		{"required but hidden", "school", func(a map[string]Answer) { a["has_dsl"] = Answer{YesNo: "no"}; delete(a, "dsl_name") }, "", ""},
		{"section not applicable", "college", func(a map[string]Answer) { delete(a, "s2_rating"); delete(a, "chronology"); delete(a, "s1_online") }, "", ""},
		{"section applicable", "police", func(a map[string]Answer) { delete(a, "s2_rating") }, "answers.s2_rating", "required"},
		{"declaration unconfirmed", "school", func(a map[string]Answer) { a["declaration"] = Answer{} }, "answers.declaration.confirmed", "confirm the declaration"},
		{"declaration missing", "school", func(a map[string]Answer) { delete(a, "declaration") }, "answers.declaration.confirmed", "confirm"},
		{"too few selections", "school", func(a map[string]Answer) { a["s1_online"] = Answer{Choices: []string{"training"}} }, "answers.s1_online.choices", "at least 2"},
		{"too few files", "school", func(a map[string]Answer) { a["s1_evidence"] = Answer{Evidence: []EvidenceRef{{Name: "a", ID: "b"}}} }, "answers.s1_evidence.evidence", "at least 2 files"},
		{"too few rows", "school", func(a map[string]Answer) { r := a["chronology"]; r.Rows = r.Rows[:1]; a["chronology"] = r }, "answers.chronology.rows", "at least 2 rows"},
		{"required cell", "school", func(a map[string]Answer) {
			a["chronology"] = Answer{Rows: [][]Cell{{{"when", "2024-01-01"}, {"event", "x"}}, {{"when", "2024-01-02"}, {"event", ""}}}}
		}, "answers.chronology.rows[1]", "fill in column event"},
		{"evidence rule, named question", "school", func(a map[string]Answer) { delete(a, "s1_evidence") }, "answers.s1_rating.grade", `grade "green" needs evidence: attach at least one file to s1_evidence`},
		{"evidence rule, below threshold", "school", func(a map[string]Answer) { delete(a, "s1_evidence"); a["s1_rating"] = Answer{Grade: "amber"} }, "", ""},
		{"evidence rule, not applicable", "school", func(a map[string]Answer) { delete(a, "s1_evidence"); a["s1_rating"] = Answer{Grade: "na"} }, "", ""},
		{"evidence rule, same answer", "school", func(a map[string]Answer) { a["s2_rating"] = Answer{Grade: "4"} }, "answers.s2_rating.evidence", `grade "4" needs evidence: attach a file or write a note`},
		{"evidence rule, note", "school", func(a map[string]Answer) { a["s2_rating"] = Answer{Grade: "4", Text: "Case study of joint visits"} }, "", ""},
		{"evidence rule, file", "school", func(a map[string]Answer) {
			a["s2_rating"] = Answer{Grade: "4", Evidence: []EvidenceRef{{Name: "x.pdf", ID: "1"}}}
		}, "", ""},
		{"unknown key", "school", func(a map[string]Answer) { a["zz"] = Answer{} }, "answers.zz", `no question has key "zz"`},
		{"odd unknown key", "school", func(a map[string]Answer) { a["a b"] = Answer{} }, `answers["a b"]`, "no question has key"},
		{"key mismatch", "school", func(a map[string]Answer) { a["on_roll"] = Answer{Key: "fte_staff", Number: "1"} }, "answers.on_roll.key", "filed under"},
		{"hidden answer still type-checked", "college", func(a map[string]Answer) { a["s2_rating"] = Answer{Grade: "9"} }, "answers.s2_rating.grade", "not a grade"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := fullAnswers()
			tt.change(a)
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
}

func TestCheckSubmitReportsEveryProblemInOrder(t *testing.T) {
	c := mustCompile(t, sampleForm())
	var first string
	for i := 0; i < 5; i++ {
		err := c.CheckSubmit(map[string]Answer{"b": {}, "a": {}, "on_roll": {Number: "-1"}}, "school")
		vs := violations(t, err)
		// a, b, on_roll, setting_type, has_dsl, s1_rating, s2_rating, declaration
		if len(vs) != 8 {
			t.Fatalf("want 8 violations, got %d: %v", len(vs), err)
		}
		if i == 0 {
			first = err.Error()
		} else if err.Error() != first {
			t.Fatalf("order changed:\n%s\n%s", first, err)
		}
	}
}
