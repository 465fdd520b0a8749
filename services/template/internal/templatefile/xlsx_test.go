package templatefile

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/assure-audit/assure/pkg/form"
)

// header is the full header row of a Questions sheet, with the help
// column written as partnerships often head it.
var header = []any{"Section code", "Section title", "Key", "Text", "Type", "Options", "Required", "Help/Guidance",
	"Min", "Max", "Unit", "Max length", "Visible if", "Applies to", "Priority", "Evidence at or above"}

// workbook builds an XLSX file with the given sheets, each a list of rows.
func workbook(t testing.TB, sheets map[string][][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	first := true
	for _, name := range []string{SheetAbout, SheetQuestions, "Notes"} {
		rows, ok := sheets[name]
		if !ok {
			continue
		}
		if first {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
			first = false
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for i, row := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestParseXLSX(t *testing.T) {
	b := workbook(t, map[string][][]any{
		SheetAbout: {
			{"Field", "Value"},
			{"display_name", "Section 11 (imported)"},
			{"Kind", "Section 11"},
			{"introduction", "Rate each standard."},
		},
		SheetQuestions: {
			header,
			{"S1", "Leadership", "s1_rating", "How well?", "RAG", "red=Red;amber=Amber;green=Green", "yes", "Think about the board.",
				"", "", "", "", "", "", "Essential", "Green"},
			{"S1", "", "s1_evidence", "What shows it?", "long text", "", "Yes", "", "", "", "", "4000"},
			{"S2", "Policies", "policy_met", "Is the policy met?", "single choice", "Met; Unmet", "no"},
			{},
			{"S2", "Policies", "in_place", "In place?", "yes/no/partly", "", "y", "", "", "", "", "", "", "school; college"},
			{"S2", "", "staff", "Staff", "Integer", "", "", "", 0, 500, "people"},
			{"S2", "", "spend", "Spend", "number", "", "", "", "0.5", "", "GBP", "", "answers.in_place == 'yes'"},
			{"S2", "", "reviewed", "Reviewed on", "date", "", "", "", 45292, "2030-12-31"},
			{"S2", "", "topics", "Topics", "multiple choice", "a=Alpha;b=Beta"},
			{"S3", "Grades", "grade", "Grade", "rating", "4=Outstanding=4;3=Good=3;2=Requires improvement=2;1=Inadequate=1;N/A", "", "", "", "", "", "", "", "", "desirable", "Outstanding"},
			{"S3", "", "files", "Files", "evidence"},
			{"S3", "", "sign", "I confirm", "sign-off", "", "yes"},
		},
	})
	d, err := ParseXLSX(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("ParseXLSX: %v", err)
	}
	want := Document{
		DisplayName: "Section 11 (imported)", Kind: KindSection11, Introduction: "Rate each standard.",
		Form: form.Form{Sections: []form.Section{
			{Code: "S1", Title: "Leadership", Questions: []form.Question{
				{Key: "s1_rating", Text: "How well?", Help: "Think about the board.", Required: true, Priority: form.PriorityEssential,
					Type: form.TypeRatingScale, Scale: &form.ScaleSettings{EvidenceAtOrAbove: "green", Grades: []form.Grade{
						{Value: "red", Label: "Red", Colour: "#d4351c", Score: 1},
						{Value: "amber", Label: "Amber", Colour: "#f47738", Score: 2},
						{Value: "green", Label: "Green", Colour: "#00703c", Score: 3},
					}}},
				{Key: "s1_evidence", Text: "What shows it?", Required: true, Type: form.TypeLongText, Length: &form.LengthSettings{MaxLength: 4000}},
			}},
			{Code: "S2", Title: "Policies", Questions: []form.Question{
				{Key: "policy_met", Text: "Is the policy met?", Type: form.TypeSingleChoice,
					Choice: &form.ChoiceSettings{Options: []form.Option{{Value: "met", Label: "Met"}, {Value: "unmet", Label: "Unmet"}}}},
				{Key: "in_place", Text: "In place?", Required: true, Type: form.TypeYesNo, YesNo: &form.YesNoSettings{AllowPartly: true},
					AppliesTo: []string{"school", "college"}},
				{Key: "staff", Text: "Staff", Type: form.TypeNumber, Number: &form.NumberSettings{Integer: true, Min: "0", Max: "500", Unit: "people"}},
				{Key: "spend", Text: "Spend", Type: form.TypeNumber, VisibleIf: "answers.in_place == 'yes'",
					Number: &form.NumberSettings{Min: "0.5", Unit: "GBP"}},
				{Key: "reviewed", Text: "Reviewed on", Type: form.TypeDate, DateRange: &form.DateSettings{Min: "2024-01-01", Max: "2030-12-31"}},
				{Key: "topics", Text: "Topics", Type: form.TypeMultipleChoice,
					Choice: &form.ChoiceSettings{Options: []form.Option{{Value: "a", Label: "Alpha"}, {Value: "b", Label: "Beta"}}}},
			}},
			{Code: "S3", Title: "Grades", Questions: []form.Question{
				{Key: "grade", Text: "Grade", Priority: form.PriorityDesirable, Type: form.TypeRatingScale, Scale: &form.ScaleSettings{
					EvidenceAtOrAbove: "4", Grades: []form.Grade{
						{Value: "4", Label: "Outstanding", Score: 4},
						{Value: "3", Label: "Good", Score: 3},
						{Value: "2", Label: "Requires improvement", Score: 2},
						{Value: "1", Label: "Inadequate", Score: 1},
						{Value: "n_a", Label: "N/A", NotApplicable: true},
					}}},
				{Key: "files", Text: "Files", Type: form.TypeEvidence},
				{Key: "sign", Text: "I confirm", Required: true, Type: form.TypeDeclaration},
			}},
		}},
	}
	if !reflect.DeepEqual(d, want) {
		for i := range want.Form.Sections {
			if i < len(d.Form.Sections) && !reflect.DeepEqual(d.Form.Sections[i], want.Form.Sections[i]) {
				t.Errorf("section %d:\n got %+v\nwant %+v", i, d.Form.Sections[i], want.Form.Sections[i])
			}
		}
		t.Fatalf("got %+v\nwant %+v", d, want)
	}
	// An imported template writes out as YAML and reads back the same.
	y, err := MarshalYAML(d)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseYAML(y)
	if err != nil || !reflect.DeepEqual(back, d) {
		t.Fatalf("YAML round trip of the import: %v\n%s", err, y)
	}
}

func TestParseXLSXWithoutAbout(t *testing.T) {
	b := workbook(t, map[string][][]any{SheetQuestions: {
		{"section_code", "section_title", "key", "text", "type"},
		{"S1", "One", "a", "A?", "short_text"},
	}})
	d, err := ParseXLSX(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if d.Kind != KindOther || d.DisplayName != "" || len(d.Form.Sections) != 1 {
		t.Fatalf("got %+v", d)
	}
}

func TestParseXLSXReportsEveryBadCell(t *testing.T) {
	b := workbook(t, map[string][][]any{
		SheetAbout: {{"display_name", "T"}, {"kind", "section 12"}, {"colour", "blue"}},
		SheetQuestions: {
			append(append([]any{}, header...), "Notes"),
			{"S1", "One", "a", "A?", "essay"},                                                    // row 2: unknown type
			{"S1", "", "b", "B?", "short_text", "", "maybe"},                                     // row 3: required
			{"S1", "", "c", "C?", "number", "x;y"},                                               // row 4: options on a number
			{"S1", "", "d", "D?", "long_text", "", "", "", "", "", "cm"},                         // row 5: unit on text
			{"S1", "", "e", "E?", "short_text", "", "", "", "", "", "", "-"},                     // row 6: max_length
			{"S2", "", "f", "F?", "yes_no"},                                                      // row 7: no section title
			{"S2", "Two", "a", "Again?", "yes_no", "", "", "", "", "", "", "", "", "", "urgent"}, // row 8: priority
			{"S3", "Three", "g", "G?", "table"},                                                  // row 9: tables
		},
	})
	d, err := ParseXLSX(bytes.NewReader(b))
	if !reflect.DeepEqual(d, Document{}) {
		t.Errorf("a bad workbook returned a document: %+v", d)
	}
	vs := violations(t, err)
	wantViolation(t, vs, "About!B2", "section_11")
	wantViolation(t, vs, "About!A3", "not a field")
	wantViolation(t, vs, "Questions!Q1", "not a column")
	wantViolation(t, vs, "Questions!E2", `"essay" is not a type`)
	wantViolation(t, vs, "Questions!G3", "yes or no")
	wantViolation(t, vs, "Questions!F4", "options applies to")
	wantViolation(t, vs, "Questions!K5", "unit applies to number")
	wantViolation(t, vs, "Questions!L6", "whole number")
	wantViolation(t, vs, "Questions!B7", "title")
	wantViolation(t, vs, "Questions!O8", "essential or desirable")
	wantViolation(t, vs, "Questions!E9", "table")
	if len(vs) != 11 {
		t.Errorf("want 11 violations, got:\n%s", list(vs))
	}
}

func TestParseXLSXCompileProblemsInCells(t *testing.T) {
	b := workbook(t, map[string][][]any{SheetQuestions: {
		header,
		{"S1", "One", "a", "A?", "short_text"},
		{"S1", "", "a", "Again?", "short_text"},            // row 3: duplicate key
		{"S1", "", "c", "C?", "single_choice", "Only"},     // row 4: one option
		{"S1", "", "d", "D?", "number", "", "", "", 10, 2}, // row 5: bounds reversed
		{"S1", "", "e", "E?", "rating", "Low;High", "", "", "", "", "", "", "", "", "", "Top"}, // row 6: no such grade
		{"S1", "", "f", "F?", "short_text", "", "", "", "", "", "", "", "answers.nope == 'x'"}, // row 7: bad condition
		{"S1", "", "Bad Key", "G?", "date"},                                                    // row 8: key syntax
	}})
	_, err := ParseXLSX(bytes.NewReader(b))
	vs := violations(t, err)
	wantViolation(t, vs, "Questions!C3", "already used")
	wantViolation(t, vs, "Questions!F4", "at least 2 options")
	wantViolation(t, vs, "Questions!J5", "below min")
	wantViolation(t, vs, "Questions!P6", "no grade")
	wantViolation(t, vs, "Questions!M7", "nope")
	wantViolation(t, vs, "Questions!C8")
}

func TestParseXLSXBadWorkbooks(t *testing.T) {
	tests := []struct {
		name  string
		in    []byte
		field string
		part  string
	}{
		{"not a workbook", []byte("section_code,key\nS1,a\n"), "file", "XLSX"},
		{"no Questions sheet", workbook(t, map[string][][]any{SheetAbout: {{"display_name", "T"}}}), "Questions", "no sheet"},
		{"missing column", workbook(t, map[string][][]any{SheetQuestions: {{"section_code", "key", "text", "type"}, {"S1", "a", "A", "date"}}}),
			"Questions!1:1", "section_title"},
		{"header only", workbook(t, map[string][][]any{SheetQuestions: {header}}), "Questions", "no questions"},
		{"empty sheet", workbook(t, map[string][][]any{SheetQuestions: {}}), "Questions", "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseXLSX(bytes.NewReader(tt.in))
			wantViolation(t, violations(t, err), tt.field, tt.part)
		})
	}
}

func TestParseXLSXTooManyRows(t *testing.T) {
	rows := [][]any{header}
	for i := 0; i < MaxXLSXRows; i++ {
		rows = append(rows, []any{"S1", "One", fmt.Sprintf("q%d", i), "Q?", "short_text"})
	}
	_, err := ParseXLSX(bytes.NewReader(workbook(t, map[string][][]any{SheetQuestions: rows})))
	wantViolation(t, violations(t, err), SheetQuestions, "rows")
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{"Not met": "not_met", "  Fully -- met ": "fully_met", "***": "option_3", "Élevé": "élevé"} {
		if got := slug(in, 2); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
	if !strings.HasPrefix(cellName(SheetQuestions, 27, 4), "Questions!AB4") {
		t.Errorf("cellName = %s", cellName(SheetQuestions, 27, 4))
	}
}
