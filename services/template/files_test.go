package template_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/testinfra"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"github.com/assure-audit/assure/services/template"
	"github.com/xuri/excelize/v2"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// importYAML is a small template as a person writes it.
const importYAML = `display_name: Section 11 (from a file)
kind: section_11
introduction: Rate each standard.
sections:
  - code: S1
    title: Leadership
    guidance: Who leads safeguarding, and how the board holds them to account.
    questions:
      - key: s1_rating
        text: How well is safeguarding led?
        type: rating
        required: true
        grades:
          - {value: red, label: Red, colour: "#d4351c", score: 1}
          - {value: green, label: Green, colour: "#00703c", score: 2}
        evidence_at_or_above: green
      - key: s1_notes
        text: Notes
        type: long_text
        visible_if: answers.s1_rating == 'red'
  - code: S2
    title: Staff
    questions:
      - key: staff
        text: How many staff?
        type: number
        integer: true
        min: 0
`

// dirtyYAML has three problems in how it is written: an unknown type, an
// unknown key and a flag that is not true or false.
const dirtyYAML = `display_name: Broken
kind: other
sections:
  - code: S1
    title: One
    questions:
      - key: a
        text: A
        type: nonsense
      - key: b
        text: B
        type: yes_no
        colour: blue
      - key: c
        text: C
        type: yes_no
        required: perhaps
`

// badFormYAML is well written but holds two problems of the form: a
// duplicate key and a condition naming a missing question.
const badFormYAML = `display_name: Broken
kind: other
sections:
  - code: S1
    title: One
    questions:
      - key: a
        text: A
        type: yes_no
      - key: a
        text: Again
        type: yes_no
      - key: c
        text: C
        type: yes_no
        visible_if: answers.missing == 'yes'
`

// workbook builds an XLSX file with the given sheets, each a list of rows.
func workbook(t *testing.T, sheets map[string][][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	first := true
	for _, name := range []string{"About", "Questions"} {
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

var sheetHeader = []any{"Section code", "Section title", "Key", "Text", "Type", "Options", "Required", "Guidance"}

func TestFiles(t *testing.T) {
	for _, in := range testinfra.Infras(t, "template") {
		t.Run(in.Name, func(t *testing.T) {
			ctx := context.Background()
			conn := testinfra.StartService(t, func(ctx context.Context) (*template.Service, error) {
				return template.New(ctx, template.Config{}, template.Deps{DB: in.DB, Bus: in.Bus, Logger: logging.Discard()})
			})
			c := templatev1.NewTemplateServiceClient(conn)
			events := testinfra.CollectEvents(t, in.Bus, template.Name)
			const parent = "partnerships/north"
			count := func() int {
				t.Helper()
				resp, err := c.ListTemplates(ctx, &templatev1.ListTemplatesRequest{Parent: parent, PageSize: 500})
				if err != nil {
					t.Fatalf("list: %v", err)
				}
				return len(resp.GetTemplates())
			}
			yamlFile := func(content string) *templatev1.ImportTemplateRequest {
				return &templatev1.ImportTemplateRequest{Parent: parent, Format: templatev1.TemplateFileFormat_TEMPLATE_FILE_FORMAT_YAML,
					Content: []byte(content)}
			}

			// A dry run checks a clean file and creates nothing.
			req := yamlFile(importYAML)
			req.DryRun = true
			dry, err := c.ImportTemplate(ctx, req)
			if err != nil || dry.GetTemplate() != nil || len(dry.GetProblems()) != 0 || count() != 0 {
				t.Fatalf("dry run: %v %v", dry, err)
			}

			// YAML imports as a draft, as CreateTemplate would make it.
			req = yamlFile(importYAML)
			req.TemplateId = "from-yaml"
			imported, err := c.ImportTemplate(ctx, req)
			tpl := imported.GetTemplate()
			if err != nil || tpl.GetName() != parent+"/templates/from-yaml" || tpl.GetDisplayName() != "Section 11 (from a file)" ||
				tpl.GetKind() != templatev1.TemplateKind_TEMPLATE_KIND_SECTION_11 || tpl.GetIntroduction() != "Rate each standard." ||
				tpl.GetSections()[0].GetGuidance() != "Who leads safeguarding, and how the board holds them to account." ||
				len(tpl.GetSections()) != 2 || tpl.GetSections()[0].GetQuestions()[1].GetTextAnswer().GetMaxLength() != 20000 ||
				tpl.GetSections()[0].GetQuestions()[0].GetRating().GetEvidenceAtOrAbove() != "green" || tpl.GetLatestVersion() != 0 {
				t.Fatalf("import YAML: %v %v", imported, err)
			}
			if _, err := c.ImportTemplate(ctx, req); status.Code(err) != codes.AlreadyExists {
				t.Fatalf("import under a taken id: %v", err)
			}

			// A spreadsheet imports too.
			book := workbook(t, map[string][][]any{
				"About": {{"Field", "Value"}, {"display_name", "Case audit (spreadsheet)"}, {"kind", "case_audit"}},
				"Questions": {
					sheetHeader,
					{"V", "Voice of the child", "voice", "Was the child seen and heard?", "rating",
						"4=Outstanding=4;3=Good=3;2=Requires improvement=2;1=Inadequate=1", "yes", "Look for direct work."},
					{"V", "", "voice_notes", "Notes", "long text"},
					{"T", "Timeliness", "timely", "Was the response timely?", "yes/no/partly"},
				},
			})
			fromBook, err := c.ImportTemplate(ctx, &templatev1.ImportTemplateRequest{Parent: parent, TemplateId: "from-xlsx",
				Format: templatev1.TemplateFileFormat_TEMPLATE_FILE_FORMAT_XLSX, Content: book})
			tpl = fromBook.GetTemplate()
			if err != nil || tpl.GetDisplayName() != "Case audit (spreadsheet)" || tpl.GetKind() != templatev1.TemplateKind_TEMPLATE_KIND_CASE_AUDIT ||
				len(tpl.GetSections()) != 2 || len(tpl.GetSections()[0].GetQuestions()[0].GetRating().GetGrades()) != 4 ||
				tpl.GetSections()[0].GetQuestions()[0].GetHelp() != "Look for direct work." || !tpl.GetSections()[1].GetQuestions()[0].GetYesNo().GetAllowPartly() {
				t.Fatalf("import XLSX: %v %v", fromBook, err)
			}

			// Dirty files create nothing and name every problem, whether
			// or not it is a dry run.
			before := count()
			for file, want := range map[string][]string{
				dirtyYAML:   {"sections[0].questions[0].type", "sections[0].questions[1].colour", "sections[0].questions[2].required"},
				badFormYAML: {"sections[0].questions[1].key", "sections[0].questions[2].visible_if"},
			} {
				fields := testinfra.FieldViolations(t, func() error { _, err := c.ImportTemplate(ctx, yamlFile(file)); return err }())
				for _, f := range want {
					if !fields[f] {
						t.Errorf("no violation for %s in %v", f, fields)
					}
				}
			}
			req = yamlFile(dirtyYAML)
			req.DryRun = true
			dry, err = c.ImportTemplate(ctx, req)
			if err != nil || dry.GetTemplate() != nil || len(dry.GetProblems()) < 3 {
				t.Fatalf("dry run of a dirty file: %v %v", dry, err)
			}
			dirtyBook := workbook(t, map[string][][]any{"Questions": {
				sheetHeader,
				{"S1", "One", "a", "A", "rating", "red=Red;green=Green", "maybe"},
				{"S1", "", "b", "B", "sideways"},
				{"S1", "", "a", "Again", "yes_no", "", "perhaps"},
			}})
			fields := testinfra.FieldViolations(t, func() error {
				_, err := c.ImportTemplate(ctx, &templatev1.ImportTemplateRequest{Parent: parent,
					Format: templatev1.TemplateFileFormat_TEMPLATE_FILE_FORMAT_XLSX, Content: dirtyBook})
				return err
			}())
			for _, f := range []string{"Questions!G2", "Questions!E3", "Questions!G4"} {
				if !fields[f] {
					t.Errorf("no violation for %s in %v", f, fields)
				}
			}
			for _, bad := range []*templatev1.ImportTemplateRequest{
				{Parent: parent, Format: templatev1.TemplateFileFormat_TEMPLATE_FILE_FORMAT_XLSX, Content: []byte("not a workbook")},
				{Parent: parent, Format: templatev1.TemplateFileFormat_TEMPLATE_FILE_FORMAT_YAML, Content: []byte("sections: [")},
				{Parent: parent, Format: templatev1.TemplateFileFormat_TEMPLATE_FILE_FORMAT_YAML, Content: book},
				{Parent: parent, Content: []byte(importYAML)},
				{Parent: parent, Format: templatev1.TemplateFileFormat_TEMPLATE_FILE_FORMAT_YAML},
			} {
				if len(testinfra.FieldViolations(t, func() error { _, err := c.ImportTemplate(ctx, bad); return err }())) == 0 {
					t.Errorf("no violations for %v", bad)
				}
			}
			if n := count(); n != before {
				t.Fatalf("dirty files created %d templates", n-before)
			}

			// Export and import give back the same template, draft or
			// version.
			exported, err := c.ExportTemplate(ctx, &templatev1.ExportTemplateRequest{Name: parent + "/templates/from-yaml"})
			if err != nil || exported.GetYaml() == "" {
				t.Fatalf("export: %v %v", exported, err)
			}
			again, err := c.ImportTemplate(ctx, &templatev1.ImportTemplateRequest{Parent: parent, TemplateId: "round-trip",
				Format: templatev1.TemplateFileFormat_TEMPLATE_FILE_FORMAT_YAML, Content: []byte(exported.GetYaml())})
			if err != nil {
				t.Fatalf("import the export: %v", err)
			}
			if want, got := sameContent(imported.GetTemplate()), sameContent(again.GetTemplate()); !proto.Equal(want, got) {
				t.Fatalf("round trip:\n got %v\nwant %v", got, want)
			}
			v1, err := c.PublishTemplate(ctx, &templatev1.PublishTemplateRequest{Name: again.GetTemplate().GetName()})
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			fromVersion, err := c.ExportTemplate(ctx, &templatev1.ExportTemplateRequest{Name: v1.GetName()})
			if err != nil || fromVersion.GetYaml() != exported.GetYaml() {
				t.Fatalf("export of the version:\n%s %v\nwant\n%s", fromVersion.GetYaml(), err, exported.GetYaml())
			}
			for _, missing := range []string{parent + "/templates/nothing", parent + "/templates/from-yaml/versions/1",
				"partnerships/south/templates/from-yaml"} {
				if _, err := c.ExportTemplate(ctx, &templatev1.ExportTemplateRequest{Name: missing}); status.Code(err) != codes.NotFound {
					t.Errorf("export %s: %v", missing, err)
				}
			}

			// The starter library lists, installs and publishes.
			starters, err := c.ListStarterTemplates(ctx, &templatev1.ListStarterTemplatesRequest{})
			if err != nil || len(starters.GetStarterTemplates()) != 3 {
				t.Fatalf("starters: %v %v", starters, err)
			}
			kinds := map[templatev1.TemplateKind]bool{}
			for _, st := range starters.GetStarterTemplates() {
				kinds[st.GetKind()] = true
				inst, err := c.InstallStarterTemplate(ctx, &templatev1.InstallStarterTemplateRequest{Parent: parent,
					Starter: st.GetName(), Publish: true})
				if err != nil || inst.GetLatestVersion() != 1 || inst.GetDisplayName() != st.GetDisplayName() || inst.GetKind() != st.GetKind() {
					t.Fatalf("install %s: %v %v", st.GetName(), inst, err)
				}
				v, err := c.GetTemplateVersion(ctx, &templatev1.GetTemplateVersionRequest{Name: inst.GetName() + "/versions/1"})
				if err != nil || len(v.GetTemplate().GetSections()) == 0 {
					t.Fatalf("installed %s's version 1: %v %v", st.GetName(), v, err)
				}
			}
			if len(kinds) != 3 || kinds[templatev1.TemplateKind_TEMPLATE_KIND_UNSPECIFIED] {
				t.Fatalf("starter kinds %v", kinds)
			}
			draft, err := c.InstallStarterTemplate(ctx, &templatev1.InstallStarterTemplateRequest{Parent: parent,
				Starter: starters.GetStarterTemplates()[0].GetName(), TemplateId: "my-s11"})
			if err != nil || draft.GetName() != parent+"/templates/my-s11" || draft.GetLatestVersion() != 0 {
				t.Fatalf("install as a draft: %v %v", draft, err)
			}
			if fields := testinfra.FieldViolations(t, func() error {
				_, err := c.InstallStarterTemplate(ctx, &templatev1.InstallStarterTemplateRequest{Parent: parent, Starter: "nothing"})
				return err
			}()); !fields["starter"] {
				t.Errorf("no violation for starter in %v", fields)
			}

			// Imports and installs record the same events as creating and
			// publishing: seven templates created, four versions published.
			evs := events.Wait(t, 11)
			created, published := 0, 0
			for _, ev := range evs {
				switch ev.Type {
				case "assure.template.v1.TemplateCreated":
					created++
				case "assure.template.v1.TemplateVersionPublished":
					published++
				}
			}
			if len(evs) != 11 || created != 7 || published != 4 {
				t.Fatalf("events %v", testinfra.Types(evs))
			}
		})
	}
}

// sameContent is what must survive a round trip: everything but the name,
// times and etag.
func sameContent(t *templatev1.Template) *templatev1.Template {
	t = proto.Clone(t).(*templatev1.Template)
	t.Name, t.CreateTime, t.UpdateTime, t.Etag = "", nil, nil, ""
	return t
}
