package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/pkg/outbox"
	"github.com/assure-audit/assure/pkg/testinfra"
	"github.com/assure-audit/assure/services/submission/internal/app"
	"github.com/assure-audit/assure/services/submission/internal/domain"
	"github.com/assure-audit/assure/services/submission/internal/events"
	substore "github.com/assure-audit/assure/services/submission/internal/store"
	"github.com/assure-audit/assure/services/submission/migrations"
)

var testForm = domain.Form{Name: "partnerships/p/templates/t/versions/1", PartnershipID: "p", Form: form.Form{
	Sections: []form.Section{{Code: "S1", Title: "One", Questions: []form.Question{
		{Key: "q1", Text: "Rate", Required: true, Type: form.TypeRatingScale,
			Scale: &form.ScaleSettings{Grades: []form.Grade{{Value: "red", Label: "Red", Score: 1}, {Value: "green", Label: "Green", Score: 2}}}},
		{Key: "q2", Text: "Notes", Type: form.TypeShortText, Length: &form.LengthSettings{MaxLength: 100}, ActionRow: true},
		{Key: "q3", Text: "Chronology", Type: form.TypeTable, Table: &form.TableSettings{Columns: []form.Column{
			{Key: "when", Title: "When", Type: form.TypeDate, Required: true}}}},
	}}}}}

// TestContract runs the same cases against PostgreSQL and SQLite.
func TestContract(t *testing.T) {
	for name, db := range testinfra.Databases(t, "submission") {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if err := db.Migrate(ctx, migrations.FS, "."); err != nil {
				t.Fatal(err)
			}
			w := testinfra.NewOutbox(t, db, "submission", events.Encode)
			repo := substore.New(w.Writer)

			// Copies.
			if _, found, err := repo.Form(ctx, testForm.Name); err != nil || found {
				t.Fatalf("form before put: %v %v", found, err)
			}
			for i := 0; i < 2; i++ {
				if err := repo.PutForm(ctx, testForm); err != nil {
					t.Fatal(err)
				}
			}
			f, found, err := repo.Form(ctx, testForm.Name)
			if err != nil || !found || f.PartnershipID != "p" || !reflect.DeepEqual(f.Form, testForm.Form) {
				t.Fatalf("form: %+v %v", f, err)
			}
			compiled, err := form.Compile(f.Form)
			if err != nil {
				t.Fatal(err)
			}
			org := domain.Organisation{ID: "a", DisplayName: "A", Partnerships: []string{"p"}, Type: "school"}
			if err := repo.PutOrganisation(ctx, org); err != nil {
				t.Fatal(err)
			}
			org.DisplayName = "A renamed"
			if err := repo.PutOrganisation(ctx, org); err != nil {
				t.Fatal(err)
			}
			if o, found, err := repo.Organisation(ctx, "a"); err != nil || !found || o.DisplayName != "A renamed" || o.Type != "school" {
				t.Fatalf("organisation: %+v %v", o, err)
			}

			// Campaigns.
			now := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
			c, err := domain.NewCampaign("c1", "p", "S11", testForm.Name, []string{"a", "b"}, now.Add(30*24*time.Hour), now)
			if err != nil {
				t.Fatal(err)
			}
			if err := repo.InsertCampaign(ctx, c, domain.CampaignCreated{Campaign: c}); err != nil {
				t.Fatal(err)
			}
			if err := repo.InsertCampaign(ctx, c); failure.KindOf(err) != failure.KindAlreadyExists {
				t.Fatalf("duplicate: %v", err)
			}
			launch := func(c *domain.Campaign) (app.CampaignChange, error) {
				subs, launched, err := c.Launch(now)
				if !launched {
					return app.CampaignChange{}, err
				}
				return app.CampaignChange{NewSubmissions: subs, Events: []domain.Event{domain.CampaignLaunched{Campaign: *c, Submissions: subs}}}, err
			}
			for i := 0; i < 2; i++ {
				got, err := repo.UpdateCampaign(ctx, "p", "c1", launch)
				if err != nil || got.State != domain.CampaignOpen || got.Version != 2 {
					t.Fatalf("launch %d: %+v %v", i, got, err)
				}
			}
			subs, err := repo.ListSubmissions(ctx, "p", "c1", 0, 10)
			if err != nil || len(subs) != 2 || subs[0].ID != "a" || subs[1].State != domain.NotStarted {
				t.Fatalf("submissions: %+v %v", subs, err)
			}
			if _, err := repo.GetCampaign(ctx, "other", "c1"); failure.KindOf(err) != failure.KindNotFound {
				t.Fatalf("other partnership's campaign: %v", err)
			}
			got, err := repo.GetCampaign(ctx, "p", "c1")
			if err != nil || !got.LaunchTime.Equal(now) || !got.DueTime.Equal(c.DueTime) || len(got.Organisations) != 2 {
				t.Fatalf("get campaign: %+v %v", got, err)
			}

			// Answers and their history.
			save := func(answers ...form.Answer) (domain.Submission, error) {
				return repo.UpdateSubmission(ctx, "p", "c1", "a", func(s *domain.Submission) ([]domain.Event, error) {
					keys, err := s.Save(compiled, answers, now)
					return []domain.Event{domain.AnswersSaved{Submission: *s, Keys: keys}}, err
				})
			}
			if _, err := save(form.Answer{Key: "q1", Grade: "red"}); err != nil {
				t.Fatal(err)
			}
			rows := [][]form.Cell{{{Column: "when", Value: "2026-01-05"}}, {}}
			actions := []form.Action{{What: "Review the policy", Who: "Board", Due: "2026-06-30"}}
			if _, err := save(form.Answer{Key: "q1", Grade: "green", Text: "a note"}, form.Answer{Key: "q2", Text: "notes", Actions: actions},
				form.Answer{Key: "q3", Rows: rows}); err != nil {
				t.Fatal(err)
			}
			if _, err := save(form.Answer{Key: "q1", Grade: "purple"}); failure.KindOf(err) != failure.KindInvalid {
				t.Fatalf("bad grade: %v", err)
			}
			s, err := repo.GetSubmission(ctx, "p", "c1", "a")
			if err != nil || s.Version != 3 || s.State != domain.InProgress || s.Answers["q1"].Grade != "green" ||
				s.Answers["q1"].Text != "a note" || s.Answers["q2"].Text != "notes" || len(s.Answers["q3"].Rows) != 2 ||
				s.Answers["q3"].Rows[0][0] != (form.Cell{Column: "when", Value: "2026-01-05"}) ||
				!reflect.DeepEqual(s.Answers["q2"].Actions, actions) {
				t.Fatalf("submission: %+v %v", s, err)
			}

			// Rows saved before answers were kept as JSON stay readable.
			if _, err := db.ExecContext(ctx, `INSERT INTO answers
				(partnership_id, campaign_id, submission_id, question_key, kind, grade, text, update_time)
				VALUES ('p', 'c1', 'b', 'q1', 1, 'red', '', $1), ('p', 'c1', 'b', 'q2', 2, '', 'old notes', $1)`, now); err != nil {
				t.Fatal(err)
			}
			if old, err := repo.GetSubmission(ctx, "p", "c1", "b"); err != nil ||
				!reflect.DeepEqual(old.Answers["q1"], form.Answer{Key: "q1", Grade: "red"}) ||
				!reflect.DeepEqual(old.Answers["q2"], form.Answer{Key: "q2", Text: "old notes"}) {
				t.Fatalf("answers kept before: %+v %v", old.Answers, err)
			}
			var history int
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM answer_history WHERE question_key = 'q1'`).Scan(&history); err != nil || history != 2 {
				t.Fatalf("history of q1: %d %v", history, err)
			}
			if n, _ := outbox.Pending(ctx, db); n != w.Encoded() || n != 4 {
				t.Fatalf("outbox %d, encoded %d: want 4 (created, launched, two saves)", n, w.Encoded())
			}
		})
	}
}
