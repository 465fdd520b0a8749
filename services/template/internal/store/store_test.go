package store_test

import (
	"context"
	"io/fs"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/pkg/outbox"
	"github.com/assure-audit/assure/pkg/testinfra"
	"github.com/assure-audit/assure/services/template/internal/app"
	"github.com/assure-audit/assure/services/template/internal/domain"
	"github.com/assure-audit/assure/services/template/internal/events"
	tplstore "github.com/assure-audit/assure/services/template/internal/store"
	"github.com/assure-audit/assure/services/template/migrations"
)

func content() domain.Content {
	return domain.Content{
		Introduction: "How to answer.",
		Guidance:     map[string]string{"S1": "Who leads safeguarding."},
		Form: form.Form{Sections: []form.Section{
			{Code: "S1", Title: "Leadership", Weight: 2, AppliesTo: []string{"police", "school"}, Questions: []form.Question{
				{Key: "s1_lead", Text: "Is there a named lead?", Help: "Name and role.", Required: true, Priority: form.PriorityEssential,
					Type: form.TypeRatingScale, Scale: &form.ScaleSettings{Grades: []form.Grade{
						{Value: "green", Label: "Green", Colour: "#1a7f37", Score: 3, Meaning: "Fully met"},
						{Value: "red", Label: "Red", Colour: "#d1242f", Score: 1},
						{Value: "na", Label: "N/A", NotApplicable: true},
					}, Moderated: true, EvidenceAtOrAbove: "green"}},
				{Key: "s1_notes", Text: "Notes", Type: form.TypeLongText, VisibleIf: "answers.s1_lead == 'red'"},
				{Key: "s1_chron", Text: "Chronology", Type: form.TypeTable, Table: &form.TableSettings{Columns: []form.Column{
					{Key: "when", Title: "When", Type: form.TypeDate, Required: true}}}},
			}},
		}},
	}
}

func publish(now time.Time) app.PublishFunc {
	return func(t domain.Template, latest *domain.TemplateVersion) (domain.Template, domain.TemplateVersion, []domain.Event, error) {
		next, v, err := t.Publish(latest, now)
		if err != nil {
			return t, v, nil, err
		}
		return next, v, []domain.Event{domain.VersionPublished{Version: v}}, nil
	}
}

// TestContract runs the same cases against PostgreSQL and SQLite.
func TestContract(t *testing.T) {
	for name, db := range testinfra.Databases(t, "template") {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if err := db.Migrate(ctx, migrations.FS, "."); err != nil {
				t.Fatal(err)
			}
			w := testinfra.NewOutbox(t, db, "template", events.Encode)
			repo := tplstore.New(w.Writer)
			now := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
			s11, _ := domain.NewTemplate("s11", "partnerships/north", "Section 11", domain.KindSection11, content(), now)
			s175, _ := domain.NewTemplate("s175", "partnerships/north", "Section 175", domain.KindSection175, content(), now.Add(time.Second))
			// Template ids are unique within a partnership, not across them.
			southS11, _ := domain.NewTemplate("s11", "partnerships/south", "Southshire Section 11", domain.KindSection11, content(), now)
			for _, tpl := range []domain.Template{s11, s175, southS11} {
				if err := repo.InsertTemplate(ctx, tpl, domain.TemplateCreated{Template: tpl}); err != nil {
					t.Fatal(err)
				}
			}
			if err := repo.InsertTemplate(ctx, s11, domain.TemplateCreated{Template: s11}); failure.KindOf(err) != failure.KindAlreadyExists {
				t.Fatalf("duplicate: %v", err)
			}
			got, err := repo.GetTemplate(ctx, "partnerships/north", "s11")
			if err != nil || !reflect.DeepEqual(got, s11) {
				t.Fatalf("get:\n got %+v %v\nwant %+v", got, err, s11)
			}
			if _, err := repo.GetTemplate(ctx, "partnerships/south", "s175"); failure.KindOf(err) != failure.KindNotFound {
				t.Fatalf("template of another partnership: %v", err)
			}
			ts, err := repo.ListTemplates(ctx, "partnerships/north", 1, 10)
			if err != nil || len(ts) != 1 || ts[0].ID != "s175" {
				t.Fatalf("list page 2: %+v %v", ts, err)
			}
			ts, err = repo.ListTemplates(ctx, "partnerships/south", 0, 10)
			if err != nil || len(ts) != 1 || ts[0].DisplayName != "Southshire Section 11" {
				t.Fatalf("list south: %+v %v", ts, err)
			}

			// Publishing stores the version and moves the template on.
			at := now.Add(time.Hour)
			v1, err := repo.PublishTemplate(ctx, "partnerships/north", "s11", publish(at))
			if err != nil || v1.Number != 1 {
				t.Fatalf("publish: %+v %v", v1, err)
			}
			gotV, err := repo.GetTemplateVersion(ctx, "partnerships/north", "s11", 1)
			if err != nil || !reflect.DeepEqual(gotV, v1) {
				t.Fatalf("get version:\n got %+v %v\nwant %+v", gotV, err, v1)
			}
			got, err = repo.GetTemplate(ctx, "partnerships/north", "s11")
			if err != nil || got.LatestVersion != 1 || got.Version != 2 || !got.UpdateTime.Equal(at) {
				t.Fatalf("after publish: %+v %v", got, err)
			}
			// A refusal from the publish function changes nothing.
			refuse := func(domain.Template, *domain.TemplateVersion) (domain.Template, domain.TemplateVersion, []domain.Event, error) {
				return domain.Template{}, domain.TemplateVersion{}, nil, failure.Conflict("stale")
			}
			if _, err := repo.PublishTemplate(ctx, "partnerships/north", "s11", refuse); failure.KindOf(err) != failure.KindConflict {
				t.Fatalf("refused publish: %v", err)
			}
			if _, err := repo.PublishTemplate(ctx, "partnerships/south", "s175", publish(at)); failure.KindOf(err) != failure.KindNotFound {
				t.Fatalf("publish missing: %v", err)
			}
			for _, missing := range []struct {
				p, t string
				n    int
			}{{"partnerships/north", "s11", 2}, {"partnerships/south", "s11", 1}, {"partnerships/north", "s175", 1}} {
				if _, err := repo.GetTemplateVersion(ctx, missing.p, missing.t, missing.n); failure.KindOf(err) != failure.KindNotFound {
					t.Fatalf("version %+v: %v", missing, err)
				}
			}

			// Concurrent publishes never lose or repeat a version: each
			// succeeds or fails with a conflict, and the successes are
			// numbered 1, 2, … without gaps.
			var wg sync.WaitGroup
			var ok atomic.Int64
			errs := make(chan error, 6)
			for range 6 {
				wg.Go(func() {
					_, err := repo.PublishTemplate(ctx, "partnerships/north", "s175", publish(at))
					switch failure.KindOf(err) {
					case failure.KindConflict:
					default:
						if err != nil {
							errs <- err
							return
						}
						ok.Add(1)
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatalf("concurrent publish: %v", err)
			}
			t.Logf("%d of 6 concurrent publishes succeeded, the rest conflicted", ok.Load())
			got, err = repo.GetTemplate(ctx, "partnerships/north", "s175")
			if err != nil || ok.Load() == 0 || int64(got.LatestVersion) != ok.Load() || got.Version != 1+ok.Load() {
				t.Fatalf("after %d concurrent publishes: %+v %v", ok.Load(), got, err)
			}
			for n := 1; n <= got.LatestVersion; n++ {
				if _, err := repo.GetTemplateVersion(ctx, "partnerships/north", "s175", n); err != nil {
					t.Fatalf("version %d: %v", n, err)
				}
			}

			// Updates change the draft only, under the same optimistic check;
			// the next publish derives lineage from the stored version.
			renamed := content()
			renamed.Form.Sections[0].Questions[1].Key = "s1_comments"
			renamed.Continues = map[string][]string{"s1_comments": {"s1_notes"}}
			intro := "New introduction."
			updated, err := repo.UpdateTemplate(ctx, "partnerships/north", "s11", func(cur domain.Template) (domain.Template, []domain.Event, error) {
				next, err := cur.Update(domain.Change{Introduction: &intro, Content: &renamed}, at)
				return next, nil, err
			})
			if err != nil || updated.Version != 3 {
				t.Fatalf("update: %+v %v", updated, err)
			}
			got, err = repo.GetTemplate(ctx, "partnerships/north", "s11")
			if err != nil || !reflect.DeepEqual(got, updated) || got.Content.Introduction != intro || got.Content.Continues == nil {
				t.Fatalf("after update:\n got %+v %v\nwant %+v", got, err, updated)
			}
			if _, err := repo.UpdateTemplate(ctx, "partnerships/north", "s11", func(domain.Template) (domain.Template, []domain.Event, error) {
				return domain.Template{}, nil, failure.Conflict("stale")
			}); failure.KindOf(err) != failure.KindConflict {
				t.Fatalf("refused update: %v", err)
			}
			if _, err := repo.UpdateTemplate(ctx, "partnerships/south", "nope", func(cur domain.Template) (domain.Template, []domain.Event, error) {
				return cur, nil, nil
			}); failure.KindOf(err) != failure.KindNotFound {
				t.Fatalf("update missing: %v", err)
			}
			v2, err := repo.PublishTemplate(ctx, "partnerships/north", "s11", publish(at))
			if err != nil || v2.Number != 2 || v2.Lineage[1].Kind != domain.LineageRenamed {
				t.Fatalf("publish 2: %+v %v", v2, err)
			}
			gotV, err = repo.GetTemplateVersion(ctx, "partnerships/north", "s11", 2)
			if err != nil || !reflect.DeepEqual(gotV, v2) {
				t.Fatalf("get version 2:\n got %+v %v\nwant %+v", gotV, err, v2)
			}
			if gotV, err = repo.GetTemplateVersion(ctx, "partnerships/north", "s11", 1); err != nil || !reflect.DeepEqual(gotV, v1) {
				t.Fatalf("version 1 changed:\n got %+v %v\nwant %+v", gotV, err, v1)
			}
			vs, err := repo.ListTemplateVersions(ctx, "partnerships/north", "s11", 1, 10)
			if err != nil || len(vs) != 1 || !reflect.DeepEqual(vs[0], v2) {
				t.Fatalf("list versions page 2: %+v %v", vs, err)
			}
			if vs, err := repo.ListTemplateVersions(ctx, "partnerships/south", "s11", 0, 10); err != nil || len(vs) != 0 {
				t.Fatalf("list versions of a template never published: %+v %v", vs, err)
			}
			if _, err := repo.ListTemplateVersions(ctx, "partnerships/south", "s175", 0, 10); failure.KindOf(err) != failure.KindNotFound {
				t.Fatalf("list versions of a missing template: %v", err)
			}

			// Rows written in the first format are still read.
			if _, err := db.ExecContext(ctx, `INSERT INTO templates (owner, id, display_name, kind, content, latest_version, create_time, update_time, version)
				VALUES ('partnerships/north', 'old', 'Old', 1, $1, 0, $2, $2, 1)`,
				`[{"code":"S1","title":"T","guidance":"G","questions":[{"key":"a","text":"A","rating":{"grades":[{"value":"r","label":"R","score":1},{"value":"g","label":"G","score":2}]}},{"key":"b","text":"B","text_answer":{"max_length":500,"multiline":true}}]}]`, now); err != nil {
				t.Fatal(err)
			}
			old, err := repo.GetTemplate(ctx, "partnerships/north", "old")
			if err != nil || old.Content.Guidance["S1"] != "G" || old.Content.Form.Sections[0].Questions[0].Scale.Grades[1].Score != 2 ||
				old.Content.Form.Sections[0].Questions[1].Type != form.TypeLongText {
				t.Fatalf("first format: %+v %v", old, err)
			}
			if _, err := form.Compile(old.Content.Form); err != nil {
				t.Fatalf("first format does not compile: %v", err)
			}

			// A hub's template lives beside a partnership's of the same id
			// (hub and partnership ids may coincide) and keeps its source.
			lib, _ := domain.NewTemplate("s11", "hubs/north", "Library Section 11", domain.KindSection11, content(), now)
			lib.SourceVersion = "hubs/other/templates/x/versions/3"
			if err := repo.InsertTemplate(ctx, lib, domain.TemplateCreated{Template: lib}); err != nil {
				t.Fatal(err)
			}
			if got, err := repo.GetTemplate(ctx, "hubs/north", "s11"); err != nil || !reflect.DeepEqual(got, lib) {
				t.Fatalf("hub template:\n got %+v %v\nwant %+v", got, err, lib)
			}
			if ts, err := repo.ListTemplates(ctx, "hubs/north", 0, 10); err != nil || len(ts) != 1 || ts[0].Owner != "hubs/north" {
				t.Fatalf("list hub templates: %+v %v", ts, err)
			}
			libV1, err := repo.PublishTemplate(ctx, "hubs/north", "s11", publish(at))
			if err != nil || libV1.Number != 1 || libV1.Owner != "hubs/north" || libV1.Name() != "hubs/north/templates/s11/versions/1" {
				t.Fatalf("publish hub template: %+v %v", libV1, err)
			}
			if gotV, err := repo.GetTemplateVersion(ctx, "hubs/north", "s11", 1); err != nil || !reflect.DeepEqual(gotV, libV1) {
				t.Fatalf("hub version:\n got %+v %v\nwant %+v", gotV, err, libV1)
			}
			if _, err := repo.GetTemplateVersion(ctx, "hubs/south", "s11", 1); failure.KindOf(err) != failure.KindNotFound {
				t.Fatalf("version of another hub: %v", err)
			}
			if got, err := repo.GetTemplate(ctx, "partnerships/north", "s11"); err != nil || got.LatestVersion != 2 || got.SourceVersion != "" {
				t.Fatalf("the partnership's template of the same id changed: %+v %v", got, err)
			}

			want := 3 + 2 + 2 + int(ok.Load())
			if n, _ := outbox.Pending(ctx, db); n != want || w.Encoded() != want {
				t.Fatalf("outbox has %d events (%d encoded), want %d: failed writes must record none", n, w.Encoded(), want)
			}
		})
	}
}

// TestMigrationKeepsPartnershipTemplates writes rows as they stood before
// templates had owners and checks they read back as partnership
// templates, versions included.
func TestMigrationKeepsPartnershipTemplates(t *testing.T) {
	for name, db := range testinfra.Databases(t, "template") {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			dialect := string(db.Dialect)
			before := fstest.MapFS{}
			for _, f := range []string{"0001_init.sql", "0002_form_content.sql"} {
				body, err := fs.ReadFile(migrations.FS, dialect+"/"+f)
				if err != nil {
					t.Fatal(err)
				}
				before[dialect+"/"+f] = &fstest.MapFile{Data: body}
			}
			if err := db.Migrate(ctx, before, "."); err != nil {
				t.Fatal(err)
			}
			now := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
			const form = `{"sections":[{"code":"S1","title":"T","questions":[{"key":"a","text":"A","type":"short_text"}]}]}`
			if _, err := db.ExecContext(ctx, `INSERT INTO templates (partnership_id, id, display_name, kind, content, latest_version, create_time, update_time, version)
				VALUES ('north', 'old', 'Old', 1, $1, 1, $2, $2, 2)`, form, now); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, `INSERT INTO template_versions (partnership_id, template_id, number, display_name, kind, content, template_create_time, template_version, publish_time)
				VALUES ('north', 'old', 1, 'Old', 1, $1, $2, 1, $2)`, form, now); err != nil {
				t.Fatal(err)
			}
			if err := db.Migrate(ctx, migrations.FS, "."); err != nil {
				t.Fatal(err)
			}
			repo := tplstore.New(testinfra.NewOutbox(t, db, "template", events.Encode).Writer)
			got, err := repo.GetTemplate(ctx, "partnerships/north", "old")
			if err != nil || got.Owner != "partnerships/north" || got.LatestVersion != 1 || got.SourceVersion != "" {
				t.Fatalf("migrated template: %+v %v", got, err)
			}
			v, err := repo.GetTemplateVersion(ctx, "partnerships/north", "old", 1)
			if err != nil || v.Name() != "partnerships/north/templates/old/versions/1" {
				t.Fatalf("migrated version: %+v %v", v, err)
			}
			if _, err := repo.GetTemplate(ctx, "hubs/north", "old"); failure.KindOf(err) != failure.KindNotFound {
				t.Fatalf("migrated template read as a hub's: %v", err)
			}
			// The version still refers to its template.
			if _, err := db.ExecContext(ctx, `INSERT INTO template_versions (owner, template_id, number, display_name, kind, content, template_create_time, template_version, publish_time)
				VALUES ('partnerships/north', 'missing', 1, 'X', 1, $1, $2, 1, $2)`, form, now); err == nil {
				t.Fatal("a version of a missing template was stored")
			}
		})
	}
}
