package template_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/testinfra"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"github.com/assure-audit/assure/services/template"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
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
			if s := created.GetSections()[0]; s.GetTitle() != "Senior management commitment" || s.GetQuestions()[1].GetTextAnswer().GetMaxLength() != 10000 {
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
			for _, f := range []string{"template.display_name", "template.kind", "template.sections"} {
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

			// The events: two templates created, two versions published
			// with their full content.
			evs := events.Wait(t, 4)
			if len(evs) != 4 {
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
			if len(createdNames) != 2 || createdNames[0] != created.GetName() || createdNames[1] != other.GetName() {
				t.Fatalf("created events for %v", createdNames)
			}
			if len(published) != 2 || !proto.Equal(published[0], v1) || !proto.Equal(published[1], v2) {
				t.Fatalf("published events %v", published)
			}
		})
	}
}
