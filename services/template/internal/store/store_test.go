package store_test

import (
	"context"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
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
			s11, _ := domain.NewTemplate("s11", "north", "Section 11", domain.KindSection11, content(), now)
			s175, _ := domain.NewTemplate("s175", "north", "Section 175", domain.KindSection175, content(), now.Add(time.Second))
			// Template ids are unique within a partnership, not across them.
			southS11, _ := domain.NewTemplate("s11", "south", "Southshire Section 11", domain.KindSection11, content(), now)
			for _, tpl := range []domain.Template{s11, s175, southS11} {
				if err := repo.InsertTemplate(ctx, tpl, domain.TemplateCreated{Template: tpl}); err != nil {
					t.Fatal(err)
				}
			}
			if err := repo.InsertTemplate(ctx, s11, domain.TemplateCreated{Template: s11}); failure.KindOf(err) != failure.KindAlreadyExists {
				t.Fatalf("duplicate: %v", err)
			}
			got, err := repo.GetTemplate(ctx, "north", "s11")
			if err != nil || !reflect.DeepEqual(got, s11) {
				t.Fatalf("get:\n got %+v %v\nwant %+v", got, err, s11)
			}
			if _, err := repo.GetTemplate(ctx, "south", "s175"); failure.KindOf(err) != failure.KindNotFound {
				t.Fatalf("template of another partnership: %v", err)
			}
			ts, err := repo.ListTemplates(ctx, "north", 1, 10)
			if err != nil || len(ts) != 1 || ts[0].ID != "s175" {
				t.Fatalf("list page 2: %+v %v", ts, err)
			}
			ts, err = repo.ListTemplates(ctx, "south", 0, 10)
			if err != nil || len(ts) != 1 || ts[0].DisplayName != "Southshire Section 11" {
				t.Fatalf("list south: %+v %v", ts, err)
			}

			// Publishing stores the version and moves the template on.
			at := now.Add(time.Hour)
			v1, err := repo.PublishTemplate(ctx, "north", "s11", publish(at))
			if err != nil || v1.Number != 1 {
				t.Fatalf("publish: %+v %v", v1, err)
			}
			gotV, err := repo.GetTemplateVersion(ctx, "north", "s11", 1)
			if err != nil || !reflect.DeepEqual(gotV, v1) {
				t.Fatalf("get version:\n got %+v %v\nwant %+v", gotV, err, v1)
			}
			got, err = repo.GetTemplate(ctx, "north", "s11")
			if err != nil || got.LatestVersion != 1 || got.Version != 2 || !got.UpdateTime.Equal(at) {
				t.Fatalf("after publish: %+v %v", got, err)
			}
			// A refusal from the publish function changes nothing.
			refuse := func(domain.Template, *domain.TemplateVersion) (domain.Template, domain.TemplateVersion, []domain.Event, error) {
				return domain.Template{}, domain.TemplateVersion{}, nil, failure.Conflict("stale")
			}
			if _, err := repo.PublishTemplate(ctx, "north", "s11", refuse); failure.KindOf(err) != failure.KindConflict {
				t.Fatalf("refused publish: %v", err)
			}
			if _, err := repo.PublishTemplate(ctx, "south", "s175", publish(at)); failure.KindOf(err) != failure.KindNotFound {
				t.Fatalf("publish missing: %v", err)
			}
			for _, missing := range []struct {
				p, t string
				n    int
			}{{"north", "s11", 2}, {"south", "s11", 1}, {"north", "s175", 1}} {
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
					_, err := repo.PublishTemplate(ctx, "north", "s175", publish(at))
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
			got, err = repo.GetTemplate(ctx, "north", "s175")
			if err != nil || ok.Load() == 0 || int64(got.LatestVersion) != ok.Load() || got.Version != 1+ok.Load() {
				t.Fatalf("after %d concurrent publishes: %+v %v", ok.Load(), got, err)
			}
			for n := 1; n <= got.LatestVersion; n++ {
				if _, err := repo.GetTemplateVersion(ctx, "north", "s175", n); err != nil {
					t.Fatalf("version %d: %v", n, err)
				}
			}

			// Updates change the draft only, under the same optimistic check;
			// the next publish derives lineage from the stored version.
			renamed := content()
			renamed.Form.Sections[0].Questions[1].Key = "s1_comments"
			renamed.Continues = map[string][]string{"s1_comments": {"s1_notes"}}
			intro := "New introduction."
			updated, err := repo.UpdateTemplate(ctx, "north", "s11", func(cur domain.Template) (domain.Template, []domain.Event, error) {
				next, err := cur.Update(domain.Change{Introduction: &intro, Content: &renamed}, at)
				return next, nil, err
			})
			if err != nil || updated.Version != 3 {
				t.Fatalf("update: %+v %v", updated, err)
			}
			got, err = repo.GetTemplate(ctx, "north", "s11")
			if err != nil || !reflect.DeepEqual(got, updated) || got.Content.Introduction != intro || got.Content.Continues == nil {
				t.Fatalf("after update:\n got %+v %v\nwant %+v", got, err, updated)
			}
			if _, err := repo.UpdateTemplate(ctx, "north", "s11", func(domain.Template) (domain.Template, []domain.Event, error) {
				return domain.Template{}, nil, failure.Conflict("stale")
			}); failure.KindOf(err) != failure.KindConflict {
				t.Fatalf("refused update: %v", err)
			}
			if _, err := repo.UpdateTemplate(ctx, "south", "nope", func(cur domain.Template) (domain.Template, []domain.Event, error) {
				return cur, nil, nil
			}); failure.KindOf(err) != failure.KindNotFound {
				t.Fatalf("update missing: %v", err)
			}
			v2, err := repo.PublishTemplate(ctx, "north", "s11", publish(at))
			if err != nil || v2.Number != 2 || v2.Lineage[1].Kind != domain.LineageRenamed {
				t.Fatalf("publish 2: %+v %v", v2, err)
			}
			gotV, err = repo.GetTemplateVersion(ctx, "north", "s11", 2)
			if err != nil || !reflect.DeepEqual(gotV, v2) {
				t.Fatalf("get version 2:\n got %+v %v\nwant %+v", gotV, err, v2)
			}
			if gotV, err = repo.GetTemplateVersion(ctx, "north", "s11", 1); err != nil || !reflect.DeepEqual(gotV, v1) {
				t.Fatalf("version 1 changed:\n got %+v %v\nwant %+v", gotV, err, v1)
			}
			vs, err := repo.ListTemplateVersions(ctx, "north", "s11", 1, 10)
			if err != nil || len(vs) != 1 || !reflect.DeepEqual(vs[0], v2) {
				t.Fatalf("list versions page 2: %+v %v", vs, err)
			}
			if vs, err := repo.ListTemplateVersions(ctx, "south", "s11", 0, 10); err != nil || len(vs) != 0 {
				t.Fatalf("list versions of a template never published: %+v %v", vs, err)
			}
			if _, err := repo.ListTemplateVersions(ctx, "south", "s175", 0, 10); failure.KindOf(err) != failure.KindNotFound {
				t.Fatalf("list versions of a missing template: %v", err)
			}

			// Rows written in the first format are still read.
			if _, err := db.ExecContext(ctx, `INSERT INTO templates (partnership_id, id, display_name, kind, content, latest_version, create_time, update_time, version)
				VALUES ('north', 'old', 'Old', 1, $1, 0, $2, $2, 1)`,
				`[{"code":"S1","title":"T","guidance":"G","questions":[{"key":"a","text":"A","rating":{"grades":[{"value":"r","label":"R","score":1},{"value":"g","label":"G","score":2}]}},{"key":"b","text":"B","text_answer":{"max_length":500,"multiline":true}}]}]`, now); err != nil {
				t.Fatal(err)
			}
			old, err := repo.GetTemplate(ctx, "north", "old")
			if err != nil || old.Content.Guidance["S1"] != "G" || old.Content.Form.Sections[0].Questions[0].Scale.Grades[1].Score != 2 ||
				old.Content.Form.Sections[0].Questions[1].Type != form.TypeLongText {
				t.Fatalf("first format: %+v %v", old, err)
			}
			if _, err := form.Compile(old.Content.Form); err != nil {
				t.Fatalf("first format does not compile: %v", err)
			}

			want := 3 + 2 + int(ok.Load())
			if n, _ := outbox.Pending(ctx, db); n != want || w.Encoded() != want {
				t.Fatalf("outbox has %d events (%d encoded), want %d: failed writes must record none", n, w.Encoded(), want)
			}
		})
	}
}
