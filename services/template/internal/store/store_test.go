package store_test

import (
	"context"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/outbox"
	"github.com/assure-audit/assure/pkg/testinfra"
	"github.com/assure-audit/assure/services/template/internal/domain"
	"github.com/assure-audit/assure/services/template/internal/events"
	tplstore "github.com/assure-audit/assure/services/template/internal/store"
	"github.com/assure-audit/assure/services/template/migrations"
)

func sections() []domain.Section {
	return []domain.Section{
		{Code: "S1", Title: "Leadership", Guidance: "Who leads safeguarding.", Questions: []domain.Question{
			{Key: "s1_lead", Text: "Is there a named lead?", Help: "Name and role.", Required: true, Rating: &domain.RatingScale{Grades: []domain.Grade{
				{Value: "red", Label: "Red", Colour: "#d1242f", Score: 1},
				{Value: "green", Label: "Green", Colour: "#1a7f37", Score: 3},
			}}},
			{Key: "s1_notes", Text: "Notes", TextAnswer: &domain.TextType{MaxLength: 500, Multiline: true}},
		}},
	}
}

func publish(now time.Time) func(domain.Template) (domain.Template, domain.TemplateVersion, []domain.Event, error) {
	return func(t domain.Template) (domain.Template, domain.TemplateVersion, []domain.Event, error) {
		next, v := t.Publish(now)
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
			s11, _ := domain.NewTemplate("s11", "north", "Section 11", domain.KindSection11, sections(), now)
			s175, _ := domain.NewTemplate("s175", "north", "Section 175", domain.KindSection175, sections(), now.Add(time.Second))
			// Template ids are unique within a partnership, not across them.
			southS11, _ := domain.NewTemplate("s11", "south", "Southshire Section 11", domain.KindSection11, sections(), now)
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
			refuse := func(domain.Template) (domain.Template, domain.TemplateVersion, []domain.Event, error) {
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

			want := 3 + 1 + int(ok.Load())
			if n, _ := outbox.Pending(ctx, db); n != want || w.Encoded() != want {
				t.Fatalf("outbox has %d events (%d encoded), want %d: failed writes must record none", n, w.Encoded(), want)
			}
		})
	}
}
