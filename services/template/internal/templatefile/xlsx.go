package templatefile

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
)

// Limits on spreadsheets accepted by ParseXLSX.
const (
	// MaxXLSXSize is the largest workbook accepted, in bytes.
	MaxXLSXSize = 10 << 20
	// MaxXLSXRows is the largest number of rows on the Questions sheet,
	// counting the header.
	MaxXLSXRows = 2001
	// maxUnzipped bounds the workbook once unzipped, against zip bombs.
	maxUnzipped = 64 << 20
)

// The sheets ParseXLSX reads.
const (
	SheetQuestions = "Questions"
	SheetAbout     = "About"
)

// xlsxColumns lists the columns of the Questions sheet: the first five are
// required. Headers are matched ignoring case, spaces, dashes and slashes;
// xlsxAliases gives other headers accepted for a column.
var xlsxColumns = []string{
	"section_code", "section_title", "key", "text", "type",
	"options", "required", "help", "min", "max", "unit", "max_length",
	"visible_if", "applies_to", "priority", "evidence_at_or_above",
}

// xlsxAliases maps other headers partnerships use to a column.
var xlsxAliases = map[string]string{
	"guidance":      "help",
	"help_guidance": "help",
	"question_key":  "key",
	"question":      "text",
	"question_text": "text",
	"question_type": "type",
	"section":       "section_code",
}

// xlsxTypes maps the spellings of question types accepted in a
// spreadsheet to a type and the settings they imply.
var xlsxTypes = map[string]form.Type{
	"single_choice": form.TypeSingleChoice, "choice": form.TypeSingleChoice, "select": form.TypeSingleChoice,
	"multiple_choice": form.TypeMultipleChoice, "multi_choice": form.TypeMultipleChoice, "checkboxes": form.TypeMultipleChoice,
	"rating": form.TypeRatingScale, "rating_scale": form.TypeRatingScale, "rag": form.TypeRatingScale, "scale": form.TypeRatingScale,
	"yes_no": form.TypeYesNo, "yes_no_partly": form.TypeYesNo,
	"number": form.TypeNumber, "integer": form.TypeNumber, "whole_number": form.TypeNumber, "decimal": form.TypeNumber,
	"short_text": form.TypeShortText, "text": form.TypeShortText,
	"long_text": form.TypeLongText, "paragraph": form.TypeLongText,
	"date":     form.TypeDate,
	"evidence": form.TypeEvidence, "files": form.TypeEvidence,
	"declaration": form.TypeDeclaration, "sign_off": form.TypeDeclaration,
}

// xlsxTypeNames lists the types a spreadsheet row may take, for messages.
const xlsxTypeNames = "single_choice, multiple_choice, rating, yes_no, yes_no_partly, number, integer, short_text, long_text, date, evidence or declaration"

// ragColours colours the grades of a RAG scale imported without colours.
var ragColours = map[string]string{"red": "#d4351c", "amber": "#f47738", "green": "#00703c"}

// ParseXLSX reads a template from a workbook laid out as partnerships keep
// audits today.
//
// The sheet "Questions" has a header row and then one row per question,
// with the columns section_code, section_title, key, text and type, and
// optionally options, required, help (or guidance), min, max, unit,
// max_length, visible_if, applies_to, priority and evidence_at_or_above.
// Rows with the same section_code form one section, in the order the
// codes first appear; the section_title is given on the first of them.
//
// Types are written as in a YAML file (single_choice, multiple_choice,
// rating, yes_no, number, short_text, long_text, date, evidence,
// declaration) or as one of a few common variants (yes_no_partly, integer,
// decimal, text, paragraph, rag, sign_off). Tables cannot be written in a
// spreadsheet. Options are separated by semicolons, each "value=Label" or
// "Label" (the value is then made from the label, e.g. "Not met" gives
// not_met). Grades of a rating may add a score, "value=Label=score";
// grades without scores are scored 1, 2, 3 … in the order listed, lowest
// first, and a grade labelled "N/A" or "Not applicable" (or valued na) is
// the not-applicable grade. required takes yes or no; applies_to lists
// organisation types separated by semicolons or commas.
//
// The optional sheet "About" holds one field per row, its name in column
// A and its value in column B: display_name, kind (section_11,
// section_175, case_audit or other; "other" when left out) and
// introduction.
//
// Every bad cell is reported with its place (e.g. "Questions!E7") and the
// reason, including the problems form.Compile finds; nothing is returned
// unless the whole workbook is clean.
func ParseXLSX(r io.Reader) (Document, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxXLSXSize+1))
	if err != nil {
		return Document{}, fmt.Errorf("read the workbook: %w", err)
	}
	if len(b) > MaxXLSXSize {
		return Document{}, failure.Invalid("file", fmt.Sprintf("is larger than %d bytes; split the workbook", MaxXLSXSize))
	}
	sheets, err := readSheets(b)
	if err != nil {
		return Document{}, err
	}
	x := &xlsxReader{rowOf: make(map[string]int)}
	d := Document{Kind: KindOther}
	if about, ok := sheets[SheetAbout]; ok {
		x.about(about, &d)
	}
	questions, ok := sheets[SheetQuestions]
	if !ok {
		x.v.Add(SheetQuestions, "the workbook has no sheet named Questions; put one row per question on it")
	} else {
		x.questions(questions, &d)
	}
	if len(x.v) > 0 {
		return Document{}, x.v.Err()
	}
	if _, err := form.Compile(d.Form); err != nil {
		return Document{}, x.locate(err)
	}
	return d, nil
}

// readSheets opens the workbook and returns the rows of the About and
// Questions sheets (matched ignoring case). A workbook that cannot be read
// is invalid input, whatever the reason.
func readSheets(b []byte) (sheets map[string][][]string, err error) {
	defer func() {
		if p := recover(); p != nil {
			sheets, err = nil, failure.Invalid("file", "could not be read as an XLSX workbook")
		}
	}()
	opts := excelize.Options{RawCellValue: true, UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzipped}
	f, err := excelize.OpenReader(bytes.NewReader(b), opts)
	if err != nil {
		return nil, failure.Invalid("file", "could not be read as an XLSX workbook: "+err.Error())
	}
	defer func() { _ = f.Close() }()
	sheets = make(map[string][][]string)
	for _, name := range f.GetSheetList() {
		var want string
		switch {
		case strings.EqualFold(strings.TrimSpace(name), SheetQuestions):
			want = SheetQuestions
		case strings.EqualFold(strings.TrimSpace(name), SheetAbout):
			want = SheetAbout
		default:
			continue
		}
		if _, dup := sheets[want]; dup {
			return nil, failure.Invalid(want, "the workbook has two sheets named "+want+"; keep one")
		}
		rows, err := f.GetRows(name, opts)
		if err != nil {
			return nil, failure.Invalid(want, "could not be read: "+err.Error())
		}
		if len(rows) > MaxXLSXRows {
			return nil, failure.Invalid(want, fmt.Sprintf("has %d rows; the most accepted is %d", len(rows), MaxXLSXRows))
		}
		sheets[want] = rows
	}
	return sheets, nil
}

// xlsxReader collects the problems of a workbook while reading it.
type xlsxReader struct {
	v failure.Violations
	// header maps a column name to its index on the Questions sheet.
	header map[string]int
	// rowOf maps a form path (a section or question) to its row number.
	rowOf map[string]int
}

// cellName names a cell such as "Questions!E7"; col counts from 0 and row
// from 1.
func cellName(sheet string, col, row int) string {
	name, err := excelize.ColumnNumberToName(col + 1)
	if err != nil {
		name = "?"
	}
	return fmt.Sprintf("%s!%s%d", sheet, name, row)
}

// normalise lower-cases a header or keyword and joins its words with
// underscores.
func normalise(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	var b strings.Builder
	under := false
	for _, c := range s {
		if c == ' ' || c == '-' || c == '/' || c == '_' || c == '\t' || c == '\n' {
			under = b.Len() > 0
			continue
		}
		if under {
			b.WriteByte('_')
			under = false
		}
		b.WriteRune(c)
	}
	return b.String()
}

// about reads the About sheet.
func (x *xlsxReader) about(rows [][]string, d *Document) {
	seen := make(map[string]int)
	for i, row := range rows {
		n := i + 1
		name, value := cellAt(row, 0), cellAt(row, 1)
		key := normalise(name)
		if key == "" && strings.TrimSpace(value) == "" {
			continue
		}
		if (key == "field" || key == "name" || key == "key") && normalise(value) == "value" {
			continue
		}
		if j, dup := seen[key]; dup && key != "" {
			x.v.Add(cellName(SheetAbout, 0, n), fmt.Sprintf("%s is already given on row %d; keep one", key, j))
			continue
		}
		seen[key] = n
		switch key {
		case "display_name":
			d.DisplayName = strings.TrimSpace(value)
			switch {
			case d.DisplayName == "":
				x.v.Add(cellName(SheetAbout, 1, n), "give the template a name")
			case len(d.DisplayName) > maxDisplayName:
				x.v.Add(cellName(SheetAbout, 1, n), fmt.Sprintf("must be at most %d bytes", maxDisplayName))
			}
		case "kind":
			k := normalise(value)
			switch k {
			case "section_11", "s11":
				d.Kind = KindSection11
			case "section_175", "section_157", "section_175_157", "s175":
				d.Kind = KindSection175
			case "case_audit", "multi_agency_case_audit":
				d.Kind = KindCaseAudit
			case "other":
				d.Kind = KindOther
			default:
				x.v.Add(cellName(SheetAbout, 1, n), fmt.Sprintf("write section_11, section_175, case_audit or other, not %q", clip(value)))
			}
		case "introduction":
			d.Introduction = value
		default:
			x.v.Add(cellName(SheetAbout, 0, n), fmt.Sprintf("%q is not a field of About; write display_name, kind or introduction", clip(name)))
		}
	}
}

// cellAt returns the cell at col of row, or "".
func cellAt(row []string, col int) string {
	if col < len(row) {
		return row[col]
	}
	return ""
}

// questions reads the Questions sheet into d.Form.
func (x *xlsxReader) questions(rows [][]string, d *Document) {
	if len(rows) == 0 {
		x.v.Add(SheetQuestions, "is empty; write a header row and one row per question")
		return
	}
	x.header = make(map[string]int)
	for i, h := range rows[0] {
		name := normalise(h)
		if alias, ok := xlsxAliases[name]; ok {
			name = alias
		}
		switch {
		case name == "":
			continue
		case !slices.Contains(xlsxColumns, name):
			x.v.Add(cellName(SheetQuestions, i, 1), fmt.Sprintf("%q is not a column this import reads; rename or remove it (columns: %s)", clip(h), strings.Join(xlsxColumns, ", ")))
		default:
			if j, dup := x.header[name]; dup {
				x.v.Add(cellName(SheetQuestions, i, 1), fmt.Sprintf("%s is already column %s", name, cellName(SheetQuestions, j, 1)[len(SheetQuestions)+1:]))
				continue
			}
			x.header[name] = i
		}
	}
	missing := false
	for _, req := range xlsxColumns[:5] {
		if _, ok := x.header[req]; !ok {
			x.v.Add(SheetQuestions+"!1:1", fmt.Sprintf("add a column headed %s", req))
			missing = true
		}
	}
	if missing {
		return
	}
	sectionAt := make(map[string]int)
	sectionRow := make(map[string]int)
	for i, row := range rows[1:] {
		n := i + 2
		if blank(row) {
			continue
		}
		c := &rowCells{x: x, row: row, n: n}
		code := strings.TrimSpace(c.get("section_code"))
		title := strings.TrimSpace(c.get("section_title"))
		if code == "" {
			c.bad("section_code", "give the section code, such as S1")
			continue
		}
		si, ok := sectionAt[code]
		if !ok {
			si = len(d.Form.Sections)
			sectionAt[code], sectionRow[code] = si, n
			d.Form.Sections = append(d.Form.Sections, form.Section{Code: code, Title: title})
			x.rowOf[fmt.Sprintf("sections[%d]", si)] = n
			if title == "" {
				c.bad("section_title", "give the section a title on its first row")
			}
		} else if title != "" && d.Form.Sections[si].Title == "" {
			d.Form.Sections[si].Title = title
		} else if title != "" && title != d.Form.Sections[si].Title {
			c.bad("section_title", fmt.Sprintf("section %s is titled %q on row %d; leave this blank or write the same title", code, clip(d.Form.Sections[si].Title), sectionRow[code]))
		}
		s := &d.Form.Sections[si]
		x.rowOf[fmt.Sprintf("sections[%d].questions[%d]", si, len(s.Questions))] = n
		s.Questions = append(s.Questions, c.question())
	}
	if len(d.Form.Sections) == 0 && len(x.v) == 0 {
		x.v.Add(SheetQuestions, "has no questions; write one row per question under the header")
	}
}

// blank reports whether every cell of row is empty.
func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// xlsxColumnFor maps the first field of a Compile path below a question
// to the column that holds it.
var xlsxColumnFor = map[string]string{
	"key": "key", "text": "text", "help": "help", "priority": "priority", "applies_to": "applies_to",
	"visible_if": "visible_if", "type": "type", "choice": "options", "scale": "options",
	"scale.evidence_at_or_above": "evidence_at_or_above", "number.unit": "unit",
	"number.min": "min", "number.max": "max", "number": "min", "date_range.min": "min",
	"date_range.max": "max", "date_range": "min", "length": "max_length", "yes_no": "type",
	"code": "section_code", "title": "section_title",
}

// locate places each Compile violation in the cell that holds the field.
func (x *xlsxReader) locate(err error) error {
	fe, ok := failure.As(err)
	if !ok || fe.Kind != failure.KindInvalid {
		return fmt.Errorf("check the template: %w", err)
	}
	var v failure.Violations
	for _, fv := range fe.Violations {
		field, reason := x.cellFor(fv.Field)
		v.Add(field, reason+fv.Reason)
	}
	return v.Err()
}

// cellFor finds the cell of a Compile path and the part of the path to
// put before the reason.
func (x *xlsxReader) cellFor(path string) (string, string) {
	owner, rest := path, ""
	for owner != "" {
		if _, ok := x.rowOf[owner]; ok {
			break
		}
		i := strings.LastIndexAny(owner, ".[")
		if i < 0 {
			owner = ""
			break
		}
		owner = owner[:i]
	}
	row, ok := x.rowOf[owner]
	if !ok {
		return SheetQuestions, path + ": "
	}
	rest = strings.TrimPrefix(path[len(owner):], ".")
	col, found := "", false
	for _, candidate := range []string{firstFields(rest, 2), firstFields(rest, 1)} {
		if col, found = xlsxColumnFor[candidate]; found {
			break
		}
	}
	idx, ok := x.header[col]
	if !found || !ok {
		idx = x.header["key"]
	}
	prefix := ""
	if strings.Contains(rest, "[") {
		prefix = rest + ": "
	}
	return cellName(SheetQuestions, idx, row), prefix
}

// firstFields returns the first n dot-separated fields of p, without
// indexes.
func firstFields(p string, n int) string {
	parts := strings.Split(p, ".")
	if len(parts) > n {
		parts = parts[:n]
	}
	for i, s := range parts {
		if j := strings.IndexByte(s, '['); j >= 0 {
			parts[i] = s[:j]
		}
	}
	return strings.Join(parts, ".")
}
