package domain

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

var testRef = SubmissionRef{PartnershipID: "p", CampaignID: "c", SubmissionID: "a"}

func validAction() ActionFields {
	return ActionFields{QuestionKey: "s1_rating", Title: "Write the policy", Owner: "Head of safeguarding", DueDate: "2026-04-01"}
}

func TestNewAction(t *testing.T) {
	tests := []struct {
		name        string
		mod         func(*ActionFields)
		now         time.Time
		want        []string
		wantSection string
		wantStatus  ActionStatus
	}{
		{name: "question resolves its section", mod: func(*ActionFields) {}, wantSection: "S1"},
		{name: "question and its own section", mod: func(a *ActionFields) { a.Section = "S1" }, wantSection: "S1"},
		{name: "section only", mod: func(a *ActionFields) { a.QuestionKey, a.Section = "", "S2" }, wantSection: "S2"},
		{name: "section mismatch", mod: func(a *ActionFields) { a.Section = "S2" }, want: []string{"action.section"}},
		{name: "neither question nor section", mod: func(a *ActionFields) { a.QuestionKey = "" }, want: []string{"action.question_key"}},
		{name: "unknown question", mod: func(a *ActionFields) { a.QuestionKey = "nope" }, want: []string{"action.question_key"}},
		{name: "unknown section", mod: func(a *ActionFields) { a.QuestionKey, a.Section = "", "S9" }, want: []string{"action.section"}},
		{name: "empty title", mod: func(a *ActionFields) { a.Title = "  " }, want: []string{"action.title"}},
		{name: "title too long", mod: func(a *ActionFields) { a.Title = strings.Repeat("x", 1001) }, want: []string{"action.title"}},
		{name: "empty owner", mod: func(a *ActionFields) { a.Owner = "" }, want: []string{"action.owner"}},
		{name: "owner too long", mod: func(a *ActionFields) { a.Owner = strings.Repeat("x", 201) }, want: []string{"action.owner"}},
		{name: "note too long", mod: func(a *ActionFields) { a.ProgressNote = strings.Repeat("x", 4001) }, want: []string{"action.progress_note"}},
		{name: "due yesterday", mod: func(a *ActionFields) { a.DueDate = "2026-03-01" }, want: []string{"action.due_date"}},
		{name: "due today", mod: func(a *ActionFields) { a.DueDate = "2026-03-02" }, wantSection: "S1"},
		{name: "today is the UTC date", now: time.Date(2026, 3, 2, 0, 30, 0, 0, time.FixedZone("CEST", 2*3600)),
			mod: func(a *ActionFields) { a.DueDate = "2026-03-01" }, wantSection: "S1"},
		{name: "impossible date", mod: func(a *ActionFields) { a.DueDate = "2026-02-30" }, want: []string{"action.due_date"}},
		{name: "date in another format", mod: func(a *ActionFields) { a.DueDate = "01/04/2026" }, want: []string{"action.due_date"}},
		{name: "no due date", mod: func(a *ActionFields) { a.DueDate = "" }, want: []string{"action.due_date"}},
		{name: "given status", mod: func(a *ActionFields) { a.Status = ActionAtRisk }, wantSection: "S1", wantStatus: ActionAtRisk},
		{name: "bad status", mod: func(a *ActionFields) { a.Status = 9 }, want: []string{"action.status"}},
		{name: "every problem", mod: func(a *ActionFields) {
			*a = ActionFields{Section: "S9", DueDate: "2026-01-01", Status: -1}
		}, want: []string{"action.section", "action.title", "action.owner", "action.due_date", "action.status"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := validAction()
			in.ProgressNote = "Drafting"
			tt.mod(&in)
			now := tt.now
			if now.IsZero() {
				now = t0
			}
			a, err := NewAction("x1", testRef, in, testIndex(), "p1", now)
			wantFields(t, err, tt.want)
			if tt.want != nil {
				if !reflect.DeepEqual(a, PlanAction{}) {
					t.Fatalf("a refused action must be empty: %+v", a)
				}
				return
			}
			wantStatus := tt.wantStatus
			if wantStatus == 0 {
				wantStatus = ActionNotStarted
			}
			if a.ID != "x1" || a.Submission != testRef || a.Section != tt.wantSection || a.QuestionKey != in.QuestionKey ||
				a.Status != wantStatus || a.Version != 1 || !a.CreateTime.Equal(now) || !a.UpdateTime.Equal(now) ||
				a.DueDate != in.DueDate || a.ProgressNote != in.ProgressNote {
				t.Fatalf("action %+v", a)
			}
			want := []ActionUpdate{{Time: now, Person: "p1", Status: wantStatus, DueDate: in.DueDate, Note: in.ProgressNote,
				ChangedFields: []string{"created"}}}
			if !reflect.DeepEqual(a.Updates, want) {
				t.Fatalf("trail %+v, want %+v", a.Updates, want)
			}
		})
	}
}

func TestNewActionTrims(t *testing.T) {
	in := validAction()
	in.Title, in.Owner = "  Write the policy ", " Head "
	a, err := NewAction("x1", testRef, in, testIndex(), "p1", t0)
	if err != nil || a.Title != "Write the policy" || a.Owner != "Head" {
		t.Fatalf("%q %q %v", a.Title, a.Owner, err)
	}
}

func TestUpdateAction(t *testing.T) {
	later := time.Date(2026, 4, 10, 12, 0, 0, 0, time.UTC) // after the due date 2026-04-01
	tests := []struct {
		name  string
		in    ActionFields
		mask  []string
		now   time.Time
		want  []string
		check func(t *testing.T, a PlanAction)
	}{
		{name: "title", in: ActionFields{Title: " Adopt the policy "}, mask: []string{"title"},
			check: func(t *testing.T, a PlanAction) {
				if a.Title != "Adopt the policy" {
					t.Errorf("title %q", a.Title)
				}
			}},
		{name: "owner", in: ActionFields{Owner: "Chair"}, mask: []string{"owner"},
			check: func(t *testing.T, a PlanAction) {
				if a.Owner != "Chair" {
					t.Errorf("owner %q", a.Owner)
				}
			}},
		{name: "status and note", in: ActionFields{Status: ActionComplete, ProgressNote: "Adopted by the board"},
			mask: []string{"status", "progress_note"},
			check: func(t *testing.T, a PlanAction) {
				if a.Status != ActionComplete || a.ProgressNote != "Adopted by the board" {
					t.Errorf("action %+v", a)
				}
			}},
		{name: "note kept in the trail only", in: ActionFields{Status: ActionOnTrack, ProgressNote: "Started"}, mask: []string{"status"},
			check: func(t *testing.T, a PlanAction) {
				if a.ProgressNote != "Drafting" || a.Updates[1].Note != "Started" {
					t.Errorf("note %q, trail note %q", a.ProgressNote, a.Updates[1].Note)
				}
			}},
		{name: "due moved later", in: ActionFields{DueDate: "2026-05-01"}, mask: []string{"due_date"},
			check: func(t *testing.T, a PlanAction) {
				if a.DueDate != "2026-05-01" {
					t.Errorf("due %q", a.DueDate)
				}
			}},
		{name: "due moved to today", in: ActionFields{DueDate: "2026-04-10"}, mask: []string{"due_date"}, now: later},
		{name: "past due kept", in: ActionFields{DueDate: "2026-04-01", Status: ActionAtRisk}, mask: []string{"due_date", "status"}, now: later},
		{name: "due moved into the past", in: ActionFields{DueDate: "2026-04-05"}, mask: []string{"due_date"}, now: later,
			want: []string{"action.due_date"}},
		{name: "due moved before today", in: ActionFields{DueDate: "2026-03-01"}, mask: []string{"due_date"},
			want: []string{"action.due_date"}},
		{name: "bad due", in: ActionFields{DueDate: "soon"}, mask: []string{"due_date"}, want: []string{"action.due_date"}},
		{name: "no status", in: ActionFields{}, mask: []string{"status"}, want: []string{"action.status"}},
		{name: "bad status", in: ActionFields{Status: 5}, mask: []string{"status"}, want: []string{"action.status"}},
		{name: "empty title", in: ActionFields{Title: " "}, mask: []string{"title"}, want: []string{"action.title"}},
		{name: "empty owner", in: ActionFields{}, mask: []string{"owner"}, want: []string{"action.owner"}},
		{name: "unknown mask field", in: ActionFields{QuestionKey: "s1_lead"}, mask: []string{"question_key"},
			want: []string{"update_mask"}},
		{name: "every problem", in: ActionFields{DueDate: "2026-02-01"}, mask: []string{"title", "section", "due_date", "status"},
			want: []string{"action.title", "update_mask", "action.due_date", "action.status"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := validAction()
			in.ProgressNote = "Drafting"
			a, err := NewAction("x1", testRef, in, testIndex(), "p1", t0)
			if err != nil {
				t.Fatal(err)
			}
			now := tt.now
			if now.IsZero() {
				now = t0.Add(day)
			}
			before := a
			err = a.Update(tt.in, tt.mask, "p2", now)
			wantFields(t, err, tt.want)
			if tt.want != nil {
				if !reflect.DeepEqual(a, before) {
					t.Fatalf("a refused update changed the action: %+v", a)
				}
				return
			}
			if a.Version != 2 || !a.UpdateTime.Equal(now) || !a.CreateTime.Equal(t0) || len(a.Updates) != 2 {
				t.Fatalf("action %+v", a)
			}
			if !reflect.DeepEqual(a.Updates[0], before.Updates[0]) {
				t.Fatalf("the first trail entry changed: %+v", a.Updates[0])
			}
			want := ActionUpdate{Time: now, Person: "p2", Status: a.Status, DueDate: a.DueDate, Note: tt.in.ProgressNote,
				ChangedFields: tt.mask}
			if !reflect.DeepEqual(a.Updates[1], want) {
				t.Fatalf("trail entry %+v, want %+v", a.Updates[1], want)
			}
			if tt.check != nil {
				tt.check(t, a)
			}
		})
	}
}

func TestUpdateActionTrailGrows(t *testing.T) {
	a, err := NewAction("x1", testRef, validAction(), testIndex(), "p1", t0)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		in   ActionFields
		mask []string
	}{
		{ActionFields{Status: ActionOnTrack, ProgressNote: "Started"}, []string{"status", "progress_note"}},
		{ActionFields{Status: ActionAtRisk, ProgressNote: "Board postponed"}, []string{"status"}},
		{ActionFields{Status: ActionComplete, DueDate: "2026-05-01"}, []string{"due_date", "status"}},
	}
	for i, s := range steps {
		if err := a.Update(s.in, s.mask, "p1", t0.Add(time.Duration(i+1)*day)); err != nil {
			t.Fatal(err)
		}
	}
	if a.Version != 4 || len(a.Updates) != 4 {
		t.Fatalf("version %d, %d trail entries", a.Version, len(a.Updates))
	}
	var changed []string
	for _, u := range a.Updates {
		changed = append(changed, strings.Join(u.ChangedFields, "+"))
	}
	if want := []string{"created", "status+progress_note", "status", "due_date+status"}; !slices.Equal(changed, want) {
		t.Fatalf("trail %v, want %v", changed, want)
	}
	if a.Updates[2].Status != ActionAtRisk || a.Updates[2].Note != "Board postponed" || a.Updates[3].DueDate != "2026-05-01" {
		t.Fatalf("trail %+v", a.Updates)
	}
}

func TestActionOverdue(t *testing.T) {
	now := time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		due    string
		status ActionStatus
		want   bool
	}{
		{"due yesterday", "2026-03-31", ActionOnTrack, true},
		{"due today", "2026-04-01", ActionNotStarted, false},
		{"due tomorrow", "2026-04-02", ActionAtRisk, false},
		{"complete and past due", "2026-03-01", ActionComplete, false},
		{"no due date", "", ActionNotStarted, false},
	}
	for _, tt := range tests {
		a := PlanAction{DueDate: tt.due, Status: tt.status}
		if got := a.Overdue(now); got != tt.want {
			t.Errorf("%s: Overdue = %v, want %v", tt.name, got, tt.want)
		}
	}
	// Today is the UTC date.
	a := PlanAction{DueDate: "2026-03-31", Status: ActionOnTrack}
	if a.Overdue(time.Date(2026, 4, 1, 0, 30, 0, 0, time.FixedZone("CEST", 2*3600))) {
		t.Error("due on the UTC date of now must not be overdue")
	}
}
