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
			c, err := domain.NewCampaign("c1", "p", domain.CampaignSpec{DisplayName: "S11", TemplateVersion: testForm.Name,
				Organisations: []string{"a", "b"}, DueTime: now.Add(30 * 24 * time.Hour), AudienceTypes: []string{"school"},
				AllowLate: true, CloseTime: now.Add(40 * 24 * time.Hour), QARequired: true}, now)
			if err != nil {
				t.Fatal(err)
			}
			c.Consortium, c.Partnerships = "hubs/h/consortia/x", []string{"p", "q"}
			if err := repo.InsertCampaign(ctx, c, domain.CampaignCreated{Campaign: c}); err != nil {
				t.Fatal(err)
			}
			if err := repo.InsertCampaign(ctx, c); failure.KindOf(err) != failure.KindAlreadyExists {
				t.Fatalf("duplicate: %v", err)
			}
			carried := map[string][]domain.StoredAnswer{"b": {{Answer: form.Answer{Key: "q1", Grade: "green"}, Version: 1, UpdateTime: now, BroughtForward: true}}}
			launch := func(c *domain.Campaign) (app.CampaignChange, error) {
				subs, launched, err := c.Launch([]string{"a", "b"}, map[string][]string{"a": {"p"}, "b": {"p", "q"}}, now)
				if !launched {
					return app.CampaignChange{}, err
				}
				return app.CampaignChange{NewSubmissions: subs, Carried: carried, Events: []domain.Event{domain.CampaignLaunched{Campaign: *c, Submissions: subs}}}, err
			}
			for i := 0; i < 2; i++ {
				got, err := repo.UpdateCampaign(ctx, "p", "c1", launch)
				if err != nil || got.State != domain.CampaignOpen || got.Version != 2 {
					t.Fatalf("launch %d: %+v %v", i, got, err)
				}
			}
			subs, err := repo.ListSubmissions(ctx, "p", "c1", "", 0, 10)
			if err != nil || len(subs) != 2 || subs[0].ID != "a" || subs[1].State != domain.NotStarted {
				t.Fatalf("submissions: %+v %v", subs, err)
			}
			if seen, err := repo.ListSubmissions(ctx, "p", "c1", "q", 0, 10); err != nil || len(seen) != 1 || seen[0].ID != "b" {
				t.Fatalf("submissions seen by q: %+v %v", seen, err)
			}
			if bf, err := repo.GetSubmission(ctx, "p", "c1", "b", true); err != nil || !bf.Answers["q1"].BroughtForward || bf.Answers["q1"].Grade != "green" {
				t.Fatalf("brought forward: %+v %v", bf.Answers, err)
			}
			for _, pid := range []string{"p", "q"} {
				if list, err := repo.ListCampaigns(ctx, pid, 0, 10); err != nil || len(list) != 1 || list[0].Consortium != c.Consortium {
					t.Fatalf("list campaigns of %s: %v %v", pid, list, err)
				}
			}
			if mine, err := repo.OrganisationSubmissions(ctx, []string{"b", "zz"}, 0, 10); err != nil || len(mine) != 1 || mine[0].ID != "b" {
				t.Fatalf("organisation submissions: %+v %v", mine, err)
			}
			if _, err := repo.GetCampaign(ctx, "other", "c1"); failure.KindOf(err) != failure.KindNotFound {
				t.Fatalf("other partnership's campaign: %v", err)
			}
			got, err := repo.GetCampaign(ctx, "p", "c1")
			if err != nil || !got.LaunchTime.Equal(now) || !got.DueTime.Equal(c.DueTime) || len(got.Organisations) != 2 ||
				!got.CloseTime.Equal(c.CloseTime) || !got.AllowLate || !got.QARequired || got.SubmissionCount != 2 ||
				!reflect.DeepEqual(got.AudienceTypes, []string{"school"}) || got.SignOff != domain.SignOffLead || !got.OpenTime.IsZero() {
				t.Fatalf("get campaign: %+v %v", got, err)
			}
			head, err := repo.CampaignHeader(ctx, "p", "c1")
			if err != nil || len(head.Organisations) != 0 || head.SubmissionCount != 2 || !head.DueTime.Equal(got.DueTime) || head.Version != got.Version {
				t.Fatalf("campaign header: %+v %v", head, err)
			}

			// Answers and their history.
			idx := domain.NewFormIndex(f.Form)
			save := func(answers ...form.Answer) (domain.Submission, error) {
				in := make([]domain.Incoming, len(answers))
				keys := make([]string, len(answers))
				for i, a := range answers {
					in[i] = domain.Incoming{Answer: a}
					keys[i] = a.Key
				}
				s, _, err := repo.SaveAnswers(ctx, "p", "c1", "a", keys, func(s *domain.Submission, cur map[string]domain.StoredAnswer) ([]domain.StoredAnswer, []domain.Event, error) {
					written, err := s.SaveAnswers(compiled, idx, domain.Save{Answers: in, Person: "pat", EtagCurrent: true}, cur, now)
					return written, []domain.Event{domain.AnswersSaved{Submission: *s, Answers: written}}, err
				})
				return s, err
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
			s, err := repo.GetSubmission(ctx, "p", "c1", "a", true)
			if err != nil || s.Version != 3 || s.State != domain.InProgress || s.Answers["q1"].Grade != "green" ||
				s.Answers["q1"].Version != 2 || s.Answers["q2"].Version != 1 || s.Answers["q1"].Person != "pat" ||
				s.Answers["q1"].Text != "a note" || s.Answers["q2"].Text != "notes" || len(s.Answers["q3"].Rows) != 2 ||
				s.Answers["q3"].Rows[0][0] != (form.Cell{Column: "when", Value: "2026-01-05"}) ||
				!reflect.DeepEqual(s.Answers["q2"].Actions, actions) || s.Answers["q1"].BroughtForward {
				t.Fatalf("submission: %+v %v", s, err)
			}

			// Rows saved before answers were kept as JSON stay readable.
			if _, err := db.ExecContext(ctx, `DELETE FROM answers WHERE submission_id = 'b'`); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, `INSERT INTO answers
				(partnership_id, campaign_id, submission_id, question_key, kind, grade, text, update_time)
				VALUES ('p', 'c1', 'b', 'q1', 1, 'red', '', $1), ('p', 'c1', 'b', 'q2', 2, '', 'old notes', $1)`, now); err != nil {
				t.Fatal(err)
			}
			if old, err := repo.GetSubmission(ctx, "p", "c1", "b", true); err != nil ||
				!reflect.DeepEqual(old.Answers["q1"].Answer, form.Answer{Key: "q1", Grade: "red"}) ||
				!reflect.DeepEqual(old.Answers["q2"].Answer, form.Answer{Key: "q2", Text: "old notes"}) {
				t.Fatalf("answers kept before: %+v %v", old.Answers, err)
			}
			var history int
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM answer_history WHERE question_key = 'q1'`).Scan(&history); err != nil || history != 2 {
				t.Fatalf("history of q1: %d %v", history, err)
			}
			hist, err := repo.AnswerHistory(ctx, "p", "c1", "a", "q1", 0, 10)
			if err != nil || len(hist) != 2 || hist[0].Answer.Grade != "green" || hist[0].Previous == nil ||
				hist[0].Previous.Grade != "red" || hist[1].Previous != nil || hist[0].Answer.Person != "pat" {
				t.Fatalf("answer history: %+v %v", hist, err)
			}

			// Actions keep their trail; evidence records are listed.
			ref := domain.SubmissionRef{PartnershipID: "p", CampaignID: "c1", SubmissionID: "a"}
			act, err := domain.NewAction("act1", ref, domain.ActionFields{QuestionKey: "q2", Title: "Review", Owner: "Board", DueDate: "2026-10-01"}, idx, "pat", now)
			if err != nil {
				t.Fatal(err)
			}
			if err := repo.InsertAction(ctx, act, domain.ActionChanged{Action: act, Created: true}); err != nil {
				t.Fatal(err)
			}
			if _, err := repo.UpdateAction(ctx, ref, "act1", func(a *domain.PlanAction) ([]domain.Event, error) {
				return []domain.Event{domain.ActionChanged{Action: *a}}, a.Update(domain.ActionFields{Status: domain.ActionOnTrack, ProgressNote: "started"},
					[]string{"status", "progress_note"}, "pat", now)
			}); err != nil {
				t.Fatal(err)
			}
			if got, err := repo.GetAction(ctx, ref, "act1"); err != nil || got.Status != domain.ActionOnTrack || len(got.Updates) != 2 || got.Section != "S1" {
				t.Fatalf("action: %+v %v", got, err)
			}
			if as, err := repo.ListActions(ctx, ref); err != nil || len(as) != 1 {
				t.Fatalf("actions: %+v %v", as, err)
			}
			ev, err := domain.NewEvidence("ev1", ref, "policy.pdf", "application/pdf", []byte("%PDF-1.4"), "pat", now)
			if err != nil {
				t.Fatal(err)
			}
			if err := repo.InsertEvidence(ctx, ev, domain.EvidenceUploaded{Evidence: ev}); err != nil {
				t.Fatal(err)
			}
			if got, err := repo.GetEvidence(ctx, ref, "ev1"); err != nil || got != ev {
				t.Fatalf("evidence: %+v %v", got, err)
			}
			if _, err := repo.GetEvidence(ctx, ref, "nope"); failure.KindOf(err) != failure.KindNotFound {
				t.Fatalf("missing evidence: %v", err)
			}

			// Copies of consortia and partnerships; campaigns by participant.
			if err := repo.PutConsortium(ctx, domain.Consortium{Name: "hubs/h/consortia/x", Partnerships: []string{"p", "q"}}); err != nil {
				t.Fatal(err)
			}
			if cons, found, err := repo.Consortium(ctx, "hubs/h/consortia/x"); err != nil || !found || len(cons.Partnerships) != 2 {
				t.Fatalf("consortium: %+v %v %v", cons, found, err)
			}
			for _, pid := range []string{"p", "q"} {
				if err := repo.PutPartnership(ctx, domain.Partnership{ID: pid, Hub: "hubs/h"}); err != nil {
					t.Fatal(err)
				}
			}
			if ps, err := repo.HubPartnerships(ctx, "hubs/h"); err != nil || len(ps) != 2 {
				t.Fatalf("hub partnerships: %v %v", ps, err)
			}
			if cs, err := repo.LaunchedCampaigns(ctx, []string{"q", "p"}); err != nil || len(cs) != 1 {
				t.Fatalf("launched campaigns: %v %v", cs, err)
			}
			if cs, err := repo.CampaignsToTick(ctx, now.Add(41*24*time.Hour)); err != nil || len(cs) != 1 {
				t.Fatalf("campaigns to tick: %v %v", cs, err)
			}
			if orgs, err := repo.PartnershipOrganisations(ctx, []string{"p"}); err != nil || len(orgs) != 1 || orgs[0].ID != "a" {
				t.Fatalf("partnership organisations: %v %v", orgs, err)
			}

			if n, _ := outbox.Pending(ctx, db); n != w.Encoded() || n != 7 {
				t.Fatalf("outbox %d, encoded %d: want 7 (created, launched, two saves, two actions, evidence)", n, w.Encoded())
			}
		})
	}
}
