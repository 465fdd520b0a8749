package template_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/testinfra"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"github.com/assure-audit/assure/services/template"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

func rating(values ...string) *templatev1.Question_Rating {
	rs := &templatev1.RatingScale{}
	for i, v := range values {
		rs.Grades = append(rs.Grades, &templatev1.Grade{Value: v, Label: "Grade " + v, Score: int32(i + 1)})
	}
	return &templatev1.Question_Rating{Rating: rs}
}

// section11 is a small Section 11 self-assessment.
func section11() *templatev1.Template {
	return &templatev1.Template{
		DisplayName: "Section 11 self-assessment 2026",
		Kind:        templatev1.TemplateKind_TEMPLATE_KIND_SECTION_11,
		Sections: []*templatev1.Section{
			{Code: "S1", Title: " Senior management commitment ", Guidance: "Who leads safeguarding.", Questions: []*templatev1.Question{
				{Key: "s1_lead", Text: "Is there a named safeguarding lead?", Required: true, Type: rating("red", "amber", "green")},
				{Key: "s1_evidence", Text: "Evidence", Type: &templatev1.Question_TextAnswer{TextAnswer: &templatev1.TextType{Multiline: true}}},
			}},
			{Code: "S2", Title: "Supervision", Questions: []*templatev1.Question{
				{Key: "s2_supervision", Text: "Do staff have regular supervision?", Type: rating("1", "2", "3", "4")},
			}},
		},
	}
}

func TestTemplate(t *testing.T) {
	for _, in := range testinfra.Infras(t, "template") {
		t.Run(in.Name, func(t *testing.T) {
			ctx := context.Background()
			conn := testinfra.StartService(t, func(ctx context.Context) (*template.Service, error) {
				return template.New(ctx, template.Config{}, template.Deps{DB: in.DB, Bus: in.Bus, Logger: logging.Discard()})
			})
			c := templatev1.NewTemplateServiceClient(conn)
			events := testinfra.CollectEvents(t, in.Bus, template.Name)

			// Create, read back and list.
			created, err := c.CreateTemplate(ctx, &templatev1.CreateTemplateRequest{
				Parent: "partnerships/north", TemplateId: "s11", Template: section11()})
			if err != nil || created.GetName() != "partnerships/north/templates/s11" || created.GetEtag() == "" || created.GetLatestVersion() != 0 {
				t.Fatalf("create: %v %v", created, err)
			}
			if s := created.GetSections()[0]; s.GetTitle() != "Senior management commitment" || s.GetQuestions()[1].GetTextAnswer().GetMaxLength() != 20000 {
				t.Fatalf("content not normalised: %v", s)
			}
			other, err := c.CreateTemplate(ctx, &templatev1.CreateTemplateRequest{Parent: "partnerships/north", Template: section11()})
			if err != nil || !regexp.MustCompile(`^partnerships/north/templates/[a-z0-9]{16}$`).MatchString(other.GetName()) {
				t.Fatalf("create with a new id: %v %v", other, err)
			}
			got, err := c.GetTemplate(ctx, &templatev1.GetTemplateRequest{Name: "partnerships/north/templates/s11"})
			if err != nil || !proto.Equal(got, created) {
				t.Fatalf("get:\n got %v %v\nwant %v", got, err, created)
			}
			var listed []string
			token := ""
			for page := 0; ; page++ {
				resp, err := c.ListTemplates(ctx, &templatev1.ListTemplatesRequest{Parent: "partnerships/north", PageSize: 1, PageToken: token})
				if err != nil || page > 2 {
					t.Fatalf("list page %d: %v %v", page, resp, err)
				}
				for _, tpl := range resp.GetTemplates() {
					listed = append(listed, tpl.GetName())
				}
				if token = resp.GetNextPageToken(); token == "" {
					break
				}
			}
			if len(listed) != 2 || listed[0] != created.GetName() || listed[1] != other.GetName() {
				t.Fatalf("listed %v", listed)
			}
			if resp, err := c.ListTemplates(ctx, &templatev1.ListTemplatesRequest{Parent: "partnerships/south"}); err != nil || len(resp.GetTemplates()) != 0 {
				t.Fatalf("list south: %v %v", resp, err)
			}

			// Lookups are scoped by partnership; ids are not reused.
			if _, err := c.GetTemplate(ctx, &templatev1.GetTemplateRequest{Name: "partnerships/south/templates/s11"}); status.Code(err) != codes.NotFound {
				t.Fatalf("template of another partnership: %v", err)
			}
			if _, err := c.CreateTemplate(ctx, &templatev1.CreateTemplateRequest{
				Parent: "partnerships/north", TemplateId: "s11", Template: section11()}); status.Code(err) != codes.AlreadyExists {
				t.Fatalf("duplicate: %v", err)
			}

			// Publish with the etag read, then again with the stale one.
			v1, err := c.PublishTemplate(ctx, &templatev1.PublishTemplateRequest{Name: created.GetName(), Etag: created.GetEtag()})
			if err != nil || v1.GetName() != "partnerships/north/templates/s11/versions/1" || v1.GetVersion() != 1 ||
				v1.GetTemplate().GetLatestVersion() != 1 || len(v1.GetTemplate().GetSections()) != 2 || v1.GetPublishTime() == nil {
				t.Fatalf("publish: %v %v", v1, err)
			}
			if _, err := c.PublishTemplate(ctx, &templatev1.PublishTemplateRequest{Name: created.GetName(), Etag: created.GetEtag()}); status.Code(err) != codes.Aborted {
				t.Fatalf("publish with a stale etag: %v", err)
			}
			v2, err := c.PublishTemplate(ctx, &templatev1.PublishTemplateRequest{Name: created.GetName()})
			if err != nil || v2.GetVersion() != 2 {
				t.Fatalf("publish without an etag: %v %v", v2, err)
			}
			if fields := testinfra.FieldViolations(t, func() error {
				_, err := c.PublishTemplate(ctx, &templatev1.PublishTemplateRequest{Name: created.GetName(), Etag: "nonsense"})
				return err
			}()); !fields["etag"] {
				t.Errorf("no violation for a forged etag in %v", fields)
			}
			if _, err := c.PublishTemplate(ctx, &templatev1.PublishTemplateRequest{Name: "partnerships/south/templates/s11"}); status.Code(err) != codes.NotFound {
				t.Fatalf("publish missing: %v", err)
			}
			got, err = c.GetTemplate(ctx, &templatev1.GetTemplateRequest{Name: created.GetName()})
			if err != nil || got.GetLatestVersion() != 2 || got.GetEtag() == created.GetEtag() {
				t.Fatalf("after publishing: %v %v", got, err)
			}
			gotV, err := c.GetTemplateVersion(ctx, &templatev1.GetTemplateVersionRequest{Name: "partnerships/north/templates/s11/versions/1"})
			if err != nil || !proto.Equal(gotV, v1) {
				t.Fatalf("get version:\n got %v %v\nwant %v", gotV, err, v1)
			}
			for _, missing := range []string{"partnerships/north/templates/s11/versions/3", "partnerships/north/templates/s11/versions/0",
				"partnerships/south/templates/s11/versions/1", other.GetName() + "/versions/1"} {
				if _, err := c.GetTemplateVersion(ctx, &templatev1.GetTemplateVersionRequest{Name: missing}); status.Code(err) != codes.NotFound {
					t.Fatalf("%s: %v", missing, err)
				}
			}

			// Bad input: every bad field is named, whether the API's rules
			// or the domain's catch it.
			fields := testinfra.FieldViolations(t, func() error {
				_, err := c.CreateTemplate(ctx, &templatev1.CreateTemplateRequest{Parent: "partnerships/north", Template: &templatev1.Template{}})
				return err
			}())
			for _, f := range []string{"template.display_name", "template.kind"} {
				if !fields[f] {
					t.Errorf("no violation for %s in %v", f, fields)
				}
			}
			bad := section11()
			bad.DisplayName = "   "
			bad.Sections[1].Code = "s1"
			bad.Sections[1].Questions[0].Key = "s1_lead"
			bad.Sections[0].Questions[0].Type = rating("red", "red")
			fields = testinfra.FieldViolations(t, func() error {
				_, err := c.CreateTemplate(ctx, &templatev1.CreateTemplateRequest{Parent: "partnerships/north", Template: bad})
				return err
			}())
			for _, f := range []string{"template.display_name", "template.sections[1].code",
				"template.sections[1].questions[0].key", "template.sections[0].questions[0].rating.grades[1].value"} {
				if !fields[f] {
					t.Errorf("no violation for %s in %v", f, fields)
				}
			}

			v3 := testEditing(ctx, t, c, v1)

			// The events: three templates created, four versions published
			// with their full content and lineage.
			evs := events.Wait(t, 7)
			if len(evs) != 7 {
				t.Fatalf("events %v", testinfra.Types(evs))
			}
			var createdNames []string
			var published []*templatev1.TemplateVersion
			for _, ev := range evs {
				switch ev.Type {
				case "assure.template.v1.TemplateCreated":
					var tc templatev1.TemplateCreated
					if err := proto.Unmarshal(ev.Data, &tc); err != nil || ev.Subject != in.Bus.Subject(template.Name, "template.created") {
						t.Fatalf("event %s: %v", ev.Subject, err)
					}
					createdNames = append(createdNames, tc.GetTemplate().GetName())
				case "assure.template.v1.TemplateVersionPublished":
					var vp templatev1.TemplateVersionPublished
					if err := proto.Unmarshal(ev.Data, &vp); err != nil || ev.Subject != in.Bus.Subject(template.Name, "version.published") {
						t.Fatalf("event %s: %v", ev.Subject, err)
					}
					published = append(published, vp.GetVersion())
				default:
					t.Fatalf("unexpected event %s", ev.Type)
				}
			}
			if len(createdNames) != 3 || createdNames[0] != created.GetName() || createdNames[1] != other.GetName() {
				t.Fatalf("created events for %v", createdNames)
			}
			if len(published) != 4 || !proto.Equal(published[0], v1) || !proto.Equal(published[1], v2) || !proto.Equal(published[3], v3) ||
				len(published[3].GetLineage()) == 0 {
				t.Fatalf("published events %v", published)
			}
		})
	}
}

// everyType is a template with every question type and setting.
func everyType() *templatev1.Template {
	grades := []*templatev1.Grade{
		{Value: "grade_1", Label: "Outstanding", Meaning: "Exemplary practice", Colour: "#1a7f37", Score: 4},
		{Value: "grade_4", Label: "Inadequate", Colour: "#d1242f", Score: 1},
		{Value: "grade_2", Label: "Good", Score: 3},
		{Value: "grade_3", Label: "Requires improvement", Score: 2},
		{Value: "na", Label: "Not applicable", NotApplicable: true},
	}
	return &templatev1.Template{
		DisplayName:  "Section 175 audit",
		Kind:         templatev1.TemplateKind_TEMPLATE_KIND_SECTION_175,
		Introduction: "Rate each standard; Outstanding needs an example of best practice.",
		Sections: []*templatev1.Section{
			{Code: "about", Title: "About your organisation", Questions: []*templatev1.Question{
				{Key: "setting", Text: "Type of setting", Required: true, Type: &templatev1.Question_SingleChoice{SingleChoice: &templatev1.ChoiceType{
					Options: []*templatev1.Option{{Value: "school", Label: "School"}, {Value: "college", Label: "College"}}}}},
				{Key: "on_roll", Text: "Numbers on roll", Type: &templatev1.Question_Number{Number: &templatev1.NumberType{Unit: "pupils", Min: "0", Integer: true}}},
			}},
			{Code: "S1", Title: "Leadership", Guidance: "The DSL and governance.", Weight: 2, AppliesTo: []string{"school", "college"}, Questions: []*templatev1.Question{
				{Key: "s1_dsl", Text: "Is there a designated safeguarding lead?", Required: true, Priority: templatev1.Priority_PRIORITY_ESSENTIAL, Weight: 3,
					Type: &templatev1.Question_Rating{Rating: &templatev1.RatingScale{Grades: grades, Moderated: true, EvidenceAtOrAbove: "grade_1", EvidenceKey: "s1_files"}}},
				{Key: "s1_files", Text: "Evidence", Type: &templatev1.Question_Evidence{Evidence: &templatev1.EvidenceType{Description: "Minutes", MaxFiles: 5}}},
				{Key: "s1_why", Text: "What would improve it?", VisibleIf: "answers.s1_dsl == 'grade_4'", Priority: templatev1.Priority_PRIORITY_DESIRABLE,
					Type: &templatev1.Question_TextAnswer{TextAnswer: &templatev1.TextType{MaxLength: 400}}},
				{Key: "s1_topics", Text: "Topics covered", AppliesTo: []string{"school"}, Type: &templatev1.Question_MultipleChoice{MultipleChoice: &templatev1.ChoiceType{
					Options: []*templatev1.Option{{Value: "online", Label: "Online safety"}, {Value: "prevent", Label: "Prevent"}}, MinSelections: 1}}},
				{Key: "s1_policy", Text: "Is the policy published?", Type: &templatev1.Question_YesNo{YesNo: &templatev1.YesNoType{AllowPartly: true}}},
				{Key: "s1_reviewed", Text: "Last reviewed", Type: &templatev1.Question_Date{Date: &templatev1.DateType{Min: "2020-01-01"}}},
				{Key: "s1_actions", Text: "Actions", Type: &templatev1.Question_Table{Table: &templatev1.TableType{MaxRows: 20, Columns: []*templatev1.Column{
					{Key: "what", Title: "What", Required: true, Type: &templatev1.Column_TextAnswer{TextAnswer: &templatev1.TextType{Multiline: true}}},
					{Key: "who", Title: "Who", Type: &templatev1.Column_SingleChoice{SingleChoice: &templatev1.ChoiceType{Options: []*templatev1.Option{{Value: "dsl", Label: "DSL"}, {Value: "head", Label: "Head"}}}}},
					{Key: "by", Title: "By when", Type: &templatev1.Column_Date{Date: &templatev1.DateType{}}},
					{Key: "cost", Title: "Cost", Type: &templatev1.Column_Number{Number: &templatev1.NumberType{Unit: "GBP"}}},
					{Key: "done", Title: "Done", Type: &templatev1.Column_YesNo{YesNo: &templatev1.YesNoType{}}},
				}}}},
				{Key: "s1_sign", Text: "I confirm this return is accurate", Required: true, Type: &templatev1.Question_Declaration{Declaration: &templatev1.DeclarationType{}}},
			}},
		},
	}
}

// testEditing creates a template with every question type, edits it with
// field masks and etags, publishes versions with lineage and diffs them.
// It returns the last version published.
func testEditing(ctx context.Context, t *testing.T, c templatev1.TemplateServiceClient, first *templatev1.TemplateVersion) *templatev1.TemplateVersion {
	t.Helper()
	// A draft may start empty; what it holds must be well-formed.
	tpl, err := c.CreateTemplate(ctx, &templatev1.CreateTemplateRequest{Parent: "partnerships/north", TemplateId: "s175",
		Template: &templatev1.Template{DisplayName: "Section 175 audit", Kind: templatev1.TemplateKind_TEMPLATE_KIND_SECTION_175,
			Sections: []*templatev1.Section{{Code: "S1", Title: "To do"}}}})
	if err != nil || len(tpl.GetSections()) != 1 {
		t.Fatalf("create an incomplete draft: %v %v", tpl, err)
	}
	fields := testinfra.FieldViolations(t, func() error {
		_, err := c.PublishTemplate(ctx, &templatev1.PublishTemplateRequest{Name: tpl.GetName()})
		return err
	}())
	if !fields["template.sections[0].questions"] {
		t.Errorf("publishing an incomplete draft: %v", fields)
	}

	// Replace the sections with every type, and rename, with the etag.
	full := everyType()
	full.Name, full.Etag = tpl.GetName(), tpl.GetEtag()
	updated, err := c.UpdateTemplate(ctx, &templatev1.UpdateTemplateRequest{Template: full,
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"sections", "introduction"}}})
	if err != nil || updated.GetEtag() == tpl.GetEtag() || updated.GetIntroduction() != full.GetIntroduction() {
		t.Fatalf("update: %v %v", updated, err)
	}
	want := everyType()
	want.Sections[1].Questions[6].GetTable().Columns[0].GetTextAnswer().MaxLength = 0 // columns keep their settings as given
	for i, s := range updated.GetSections() {
		for j, q := range s.GetQuestions() {
			wq := want.GetSections()[i].GetQuestions()[j]
			if q.GetKey() == "s1_why" {
				wq.GetTextAnswer().MaxLength = 400
			}
			if !proto.Equal(q, wq) {
				t.Errorf("question %d.%d round trip:\n got %v\nwant %v", i, j, q, wq)
			}
		}
	}
	// Only the fields the mask names need be sent.
	updated, err = c.UpdateTemplate(ctx, &templatev1.UpdateTemplateRequest{
		Template:   &templatev1.Template{Name: tpl.GetName(), Etag: updated.GetEtag(), Introduction: "Rate each standard."},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"introduction"}}})
	if err != nil || updated.GetIntroduction() != "Rate each standard." || updated.GetDisplayName() != "Section 175 audit" || len(updated.GetSections()) != 2 {
		t.Fatalf("update the introduction only: %v %v", updated, err)
	}
	// A mask may name fields as REST clients write them, in JSON.
	updated, err = c.UpdateTemplate(ctx, &templatev1.UpdateTemplateRequest{
		Template:   &templatev1.Template{Name: tpl.GetName(), Etag: updated.GetEtag(), DisplayName: "Section 175 audit"},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"displayName"}}})
	if err != nil || updated.GetDisplayName() != "Section 175 audit" || updated.GetIntroduction() != "Rate each standard." {
		t.Fatalf("update with the JSON name displayName: %v %v", updated, err)
	}
	got, err := c.GetTemplate(ctx, &templatev1.GetTemplateRequest{Name: tpl.GetName()})
	if err != nil || !proto.Equal(got, updated) {
		t.Fatalf("get after update:\n got %v %v\nwant %v", got, err, updated)
	}
	// A stale etag is refused; a missing etag, a bad mask and bad content
	// are bad input.
	if _, err := c.UpdateTemplate(ctx, &templatev1.UpdateTemplateRequest{Template: full,
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"display_name"}}}); status.Code(err) != codes.Aborted {
		t.Fatalf("update with a stale etag: %v", err)
	}
	for _, bad := range []struct {
		req   *templatev1.UpdateTemplateRequest
		field string
	}{
		{&templatev1.UpdateTemplateRequest{Template: &templatev1.Template{Name: tpl.GetName(), DisplayName: "x", Kind: 1},
			UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"display_name"}}}, "template"},
		{&templatev1.UpdateTemplateRequest{Template: &templatev1.Template{Name: tpl.GetName(), Etag: updated.GetEtag()},
			UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"kind"}}}, "update_mask.paths[0]"},
		{&templatev1.UpdateTemplateRequest{Template: &templatev1.Template{Name: tpl.GetName(), Etag: updated.GetEtag()},
			UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"display_name"}}}, "template.display_name"},
		{&templatev1.UpdateTemplateRequest{Template: &templatev1.Template{Name: tpl.GetName(), DisplayName: "x", Kind: 1, Etag: "forged"},
			UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"display_name"}}}, "template.etag"},
	} {
		if fields := testinfra.FieldViolations(t, func() error { _, err := c.UpdateTemplate(ctx, bad.req); return err }()); !fields[bad.field] {
			t.Errorf("no violation for %s in %v", bad.field, fields)
		}
	}
	spoilt := everyType()
	spoilt.Name, spoilt.Etag = tpl.GetName(), updated.GetEtag()
	spoilt.Sections[1].Questions[2].VisibleIf = "answers.missing == 'x'"
	spoilt.Sections[0].Questions[1].GetNumber().Max = "-5"
	spoilt.Sections[1].Questions[0].GetRating().EvidenceAtOrAbove = "grade_9"
	spoilt.Sections[1].Questions[6].GetTable().Columns[1].GetSingleChoice().Options = nil
	fields = testinfra.FieldViolations(t, func() error {
		_, err := c.UpdateTemplate(ctx, &templatev1.UpdateTemplateRequest{Template: spoilt, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"sections"}}})
		return err
	}())
	for _, f := range []string{"template.sections[1].questions[2].visible_if", "template.sections[0].questions[1].number.max",
		"template.sections[1].questions[0].rating.evidence_at_or_above", "template.sections[1].questions[6].table.columns[1].single_choice.options"} {
		if !fields[f] {
			t.Errorf("no violation for %s in %v", f, fields)
		}
	}

	// Version 1, then version 2 with a rename, a split and a merge.
	v1, err := c.PublishTemplate(ctx, &templatev1.PublishTemplateRequest{Name: tpl.GetName(), Etag: updated.GetEtag()})
	if err != nil || v1.GetVersion() != 1 || len(v1.GetLineage()) != 10 || v1.GetLineage()[0].GetKind() != templatev1.LineageKind_LINEAGE_KIND_NEW {
		t.Fatalf("publish 1: %v %v", v1, err)
	}
	draft, err := c.GetTemplate(ctx, &templatev1.GetTemplateRequest{Name: tpl.GetName()})
	if err != nil || !proto.Equal(draft.GetSections()[1], v1.GetTemplate().GetSections()[1]) {
		t.Fatalf("the draft does not continue from version 1: %v %v", draft, err)
	}
	next := draft.GetSections()
	qs := next[1].Questions
	qs[2].Key, qs[2].Continues = "s1_improve", []string{"s1_why"}
	qs[0].Text = "Is there a designated safeguarding lead, and a deputy?"
	split := &templatev1.Question{Key: "s1_policy_site", Text: "Is it on the website?", Continues: []string{"s1_policy"},
		Type: &templatev1.Question_YesNo{YesNo: &templatev1.YesNoType{}}}
	merged := &templatev1.Question{Key: "s1_signed", Text: "Signed and dated", Continues: []string{"s1_sign", "s1_reviewed"},
		Type: &templatev1.Question_Declaration{Declaration: &templatev1.DeclarationType{}}}
	next[1].Questions = append(append(qs[:5:5], split), qs[6], merged)
	next[0].Questions = next[0].Questions[:1]
	draft.Sections = next
	updated, err = c.UpdateTemplate(ctx, &templatev1.UpdateTemplateRequest{Template: draft, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"sections"}}})
	if err != nil || len(updated.GetSections()[1].GetQuestions()[2].GetContinues()) != 1 {
		t.Fatalf("update 2: %v %v", updated, err)
	}
	v2, err := c.PublishTemplate(ctx, &templatev1.PublishTemplateRequest{Name: tpl.GetName(), Etag: updated.GetEtag()})
	if err != nil {
		t.Fatalf("publish 2: %v", err)
	}
	lineage := map[string]string{}
	for _, l := range v2.GetLineage() {
		lineage[l.GetKey()] = l.GetKind().String() + " " + strings.Join(l.GetPreviousKeys(), ",")
	}
	for k, w := range map[string]string{
		"setting":        "LINEAGE_KIND_SAME setting",
		"s1_improve":     "LINEAGE_KIND_RENAMED s1_why",
		"s1_policy":      "LINEAGE_KIND_SPLIT s1_policy",
		"s1_policy_site": "LINEAGE_KIND_SPLIT s1_policy",
		"s1_signed":      "LINEAGE_KIND_MERGED s1_sign,s1_reviewed",
	} {
		if lineage[k] != w {
			t.Errorf("lineage of %s = %q, want %q", k, lineage[k], w)
		}
	}
	for _, q := range v2.GetTemplate().GetSections()[1].GetQuestions() {
		if len(q.GetContinues()) != 0 {
			t.Errorf("version 2 keeps declared lineage on %s", q.GetKey())
		}
	}
	// A published version never changes.
	if got, err := c.GetTemplateVersion(ctx, &templatev1.GetTemplateVersionRequest{Name: v1.GetName()}); err != nil || !proto.Equal(got, v1) {
		t.Fatalf("version 1 changed: %v %v", got, err)
	}
	// Continuing a key version 2 lacks is refused at publish.
	draft, _ = c.GetTemplate(ctx, &templatev1.GetTemplateRequest{Name: tpl.GetName()})
	draft.Sections[1].Questions[0].Continues = []string{"s1_why"}
	updated, err = c.UpdateTemplate(ctx, &templatev1.UpdateTemplateRequest{Template: draft, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"sections"}}})
	if err != nil {
		t.Fatal(err)
	}
	fields = testinfra.FieldViolations(t, func() error {
		_, err := c.PublishTemplate(ctx, &templatev1.PublishTemplateRequest{Name: tpl.GetName(), Etag: updated.GetEtag()})
		return err
	}())
	if !fields["template.sections[1].questions[0].continues[0]"] {
		t.Errorf("publishing lineage to a missing key: %v", fields)
	}

	// The versions, listed and compared.
	list, err := c.ListTemplateVersions(ctx, &templatev1.ListTemplateVersionsRequest{Parent: tpl.GetName(), PageSize: 1})
	if err != nil || len(list.GetVersions()) != 1 || !proto.Equal(list.GetVersions()[0], v1) || list.GetNextPageToken() == "" {
		t.Fatalf("list versions: %v %v", list, err)
	}
	list, err = c.ListTemplateVersions(ctx, &templatev1.ListTemplateVersionsRequest{Parent: tpl.GetName(), PageToken: list.GetNextPageToken()})
	if err != nil || len(list.GetVersions()) != 1 || !proto.Equal(list.GetVersions()[0], v2) || list.GetNextPageToken() != "" {
		t.Fatalf("list versions page 2: %v %v", list, err)
	}
	if _, err := c.ListTemplateVersions(ctx, &templatev1.ListTemplateVersionsRequest{Parent: "partnerships/north/templates/nope"}); status.Code(err) != codes.NotFound {
		t.Fatalf("list versions of a missing template: %v", err)
	}
	diff, err := c.DiffVersions(ctx, &templatev1.DiffVersionsRequest{Name: v1.GetName(), Other: v2.GetName()})
	if err != nil {
		t.Fatal(err)
	}
	var changes []string
	for _, ch := range diff.GetChanges() {
		changes = append(changes, ch.GetKind().String()+" "+ch.GetKey()+" "+ch.GetPath()+" "+ch.GetOtherPath()+" "+strings.Join(ch.GetFields(), ","))
	}
	wantChanges := []string{
		"CHANGE_KIND_REMOVED on_roll sections[0].questions[1]  ",
		"CHANGE_KIND_REMOVED s1_why sections[1].questions[2]  ",
		"CHANGE_KIND_REMOVED s1_reviewed sections[1].questions[5]  ",
		"CHANGE_KIND_REMOVED s1_sign sections[1].questions[7]  ",
		"CHANGE_KIND_CHANGED s1_dsl sections[1].questions[0] sections[1].questions[0] text",
		"CHANGE_KIND_ADDED s1_improve  sections[1].questions[2] ",
		"CHANGE_KIND_ADDED s1_policy_site  sections[1].questions[5] ",
		"CHANGE_KIND_ADDED s1_signed  sections[1].questions[7] ",
	}
	if strings.Join(changes, "\n") != strings.Join(wantChanges, "\n") {
		t.Errorf("diff:\n%s\nwant\n%s", strings.Join(changes, "\n"), strings.Join(wantChanges, "\n"))
	}
	// Templates compare across the partnership; not across partnerships.
	if d, err := c.DiffVersions(ctx, &templatev1.DiffVersionsRequest{Name: first.GetName(), Other: v1.GetName()}); err != nil || len(d.GetChanges()) == 0 {
		t.Fatalf("diff across templates: %v %v", d, err)
	}
	if fields := testinfra.FieldViolations(t, func() error {
		_, err := c.DiffVersions(ctx, &templatev1.DiffVersionsRequest{Name: v1.GetName(), Other: "partnerships/south/templates/s11/versions/1"})
		return err
	}()); !fields["other"] {
		t.Errorf("diff across partnerships: %v", fields)
	}
	if _, err := c.DiffVersions(ctx, &templatev1.DiffVersionsRequest{Name: v1.GetName(), Other: tpl.GetName() + "/versions/9"}); status.Code(err) != codes.NotFound {
		t.Fatalf("diff with a missing version: %v", err)
	}
	return v2
}
