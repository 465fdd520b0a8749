package domain

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
)

func newSubmission() *Submission {
	return &Submission{ID: "a", PartnershipID: "p", CampaignID: "c", OrganisationID: "a", State: NotStarted, Version: 1,
		Answers: map[string]StoredAnswer{}}
}

// currentOf returns the stored answers of s for the keys of answers, as a
// save loads them.
func currentOf(s *Submission, answers []form.Answer) map[string]StoredAnswer {
	cur := map[string]StoredAnswer{}
	for _, a := range answers {
		if c, ok := s.Answers[a.Key]; ok {
			cur[a.Key] = c
		}
	}
	return cur
}

// apply saves answers by person as a client that has read s as it is,
// and keeps what was written in s.Answers.
func apply(t *testing.T, s *Submission, person string, answers ...form.Answer) []StoredAnswer {
	t.Helper()
	cur := currentOf(s, answers)
	in := make([]Incoming, len(answers))
	for i, a := range answers {
		in[i] = Incoming{Answer: a, BaseVersion: cur[a.Key].Version}
	}
	written, err := s.SaveAnswers(testForm(t), testIndex(), Save{Answers: in, Person: person}, cur, t0)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range written {
		s.Answers[w.Key] = w
	}
	return written
}

func TestSaveAnswersDraftChecks(t *testing.T) {
	f, idx := testForm(t), testIndex()
	tests := []struct {
		name    string
		answers []form.Answer
		want    []string // prefixes of the violating fields; nil means success
	}{
		{"partial", []form.Answer{{Key: "s1_rating", Grade: "green"}, {Key: "s1_lead", Choice: "board"}}, nil},
		{"every type", []form.Answer{{Key: "s1_policy", YesNo: "yes"}, {Key: "s1_policy_date", Date: "2026-03-31"},
			{Key: "s1_children", Number: "12"}, {Key: "s1_declare", Confirmed: true}, {Key: "s2_note", Text: "Annual"},
			{Key: "s1_chronology", Rows: [][]form.Cell{{{Column: "when", Value: "2026-01-05"}, {Column: "what", Value: "Referral"}}}}}, nil},
		{"incomplete table row", []form.Answer{{Key: "s1_chronology", Rows: [][]form.Cell{{{Column: "what", Value: "Referral"}}}}}, nil},
		{"unknown grade", []form.Answer{{Key: "s1_rating", Grade: "blue"}}, []string{"answers[0].grade"}},
		{"wrong grade after a good answer", []form.Answer{{Key: "s1_lead", Choice: "board"}, {Key: "s1_rating", Grade: "purple"}},
			[]string{"answers[1].grade"}},
		{"wrong field", []form.Answer{{Key: "s1_rating", Text: "x", Choice: "board"}}, []string{"answers[0].choice"}},
		{"unknown key", []form.Answer{{Key: "nope", Text: "x"}}, []string{"answers[0].key"}},
		{"no key", []form.Answer{{Text: "x"}}, []string{"answers[0].key"}},
		{"twice", []form.Answer{{Key: "s1_lead", Choice: "board"}, {Key: "s1_lead", Choice: "chief"}}, []string{"answers[1].key"}},
		{"every problem", []form.Answer{
			{Key: "s1_lead", Choice: "nobody"},
			{Key: "s1_policy", YesNo: "partly"},
			{Key: "s1_children", Number: "-1"},
			{Key: "s1_policy_date", Date: "2026-02-30"},
			{Key: "s1_chronology", Rows: [][]form.Cell{{{Column: "when", Value: "soon"}}}},
		}, []string{"answers[0].choice", "answers[1].yes_no", "answers[2].number", "answers[3].date", "answers[4].rows[0]"}},
		{"fraction", []form.Answer{{Key: "s1_children", Number: "2.5"}}, []string{"answers[0].number"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSubmission()
			in := make([]Incoming, len(tt.answers))
			for i, a := range tt.answers {
				in[i] = Incoming{Answer: a}
			}
			written, err := s.SaveAnswers(f, idx, Save{Answers: in, Person: "p1"}, nil, t0)
			if tt.want == nil {
				if err != nil || s.State != InProgress || s.Version != 2 || len(written) != len(tt.answers) || !s.UpdateTime.Equal(t0) {
					t.Fatalf("save: %v %+v", err, s)
				}
				for i, w := range written {
					if w.Key != tt.answers[i].Key || w.Version != 1 || w.Person != "p1" || !w.UpdateTime.Equal(t0) || w.BroughtForward ||
						!sameValue(w.Answer, tt.answers[i]) {
						t.Fatalf("written %+v", w)
					}
				}
				return
			}
			got := fields(t, err)
			if len(got) != len(tt.want) {
				t.Fatalf("violations %v, want %v", got, tt.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Fatalf("violations %v, want %v", got, tt.want)
				}
			}
			if written != nil || s.Version != 1 || s.State != NotStarted {
				t.Fatal("a refused save must change nothing")
			}
		})
	}
}

func TestSaveAnswersStates(t *testing.T) {
	tests := []struct {
		state     SubmissionState
		wantState SubmissionState // 0: refused
	}{
		{NotStarted, InProgress},
		{InProgress, InProgress},
		{Returned, Returned},
		{Submitted, 0},
		{Accepted, 0},
	}
	for _, tt := range tests {
		t.Run(tt.state.String(), func(t *testing.T) {
			s := newSubmission()
			s.State, s.Version = tt.state, 4
			written, err := s.SaveAnswers(testForm(t), testIndex(),
				Save{Answers: []Incoming{{Answer: form.Answer{Key: "s1_lead", Choice: "board"}}}, Person: "p1"}, nil, t0)
			if tt.wantState == 0 {
				wantKind(t, err, failure.KindFailedPrecondition)
				if written != nil || s.State != tt.state || s.Version != 4 {
					t.Fatalf("a refused save changed the submission: %+v", s)
				}
				return
			}
			if err != nil || len(written) != 1 || s.State != tt.wantState || s.Version != 5 {
				t.Fatalf("save: %v %v %+v", err, written, s)
			}
		})
	}
}

func TestSaveAnswersConflicts(t *testing.T) {
	at := t0.Add(-time.Hour)
	stored := func() map[string]StoredAnswer {
		return map[string]StoredAnswer{
			"s1_rating": {Answer: form.Answer{Key: "s1_rating", Grade: "amber"}, Version: 2, Person: "p1", UpdateTime: at},
			"s1_lead":   {Answer: form.Answer{Key: "s1_lead", Choice: "board"}, Version: 1, Person: "p2", UpdateTime: at},
		}
	}
	type in struct {
		a    form.Answer
		base int64
	}
	tests := []struct {
		name        string
		save        []in
		etagCurrent bool
		wantWritten map[string]int64 // key: version written
		wantCurrent []StoredAnswer   // the conflict's current answers
	}{
		{name: "bases match", save: []in{{form.Answer{Key: "s1_rating", Grade: "red"}, 2}, {form.Answer{Key: "s1_lead", Choice: "chief"}, 1}},
			wantWritten: map[string]int64{"s1_rating": 3, "s1_lead": 2}},
		{name: "a new answer beside answers others changed", save: []in{{form.Answer{Key: "s1_policy", YesNo: "no"}, 0}},
			wantWritten: map[string]int64{"s1_policy": 1}},
		{name: "stale base", save: []in{{form.Answer{Key: "s1_rating", Grade: "red"}, 1}, {form.Answer{Key: "s1_policy", YesNo: "no"}, 0}},
			wantCurrent: []StoredAnswer{{Answer: form.Answer{Key: "s1_rating", Grade: "amber"}, Version: 2, Person: "p1", UpdateTime: at}}},
		{name: "answered meanwhile", save: []in{{form.Answer{Key: "s1_lead", Choice: "chief"}, 0}},
			wantCurrent: []StoredAnswer{{Answer: form.Answer{Key: "s1_lead", Choice: "board"}, Version: 1, Person: "p2", UpdateTime: at}}},
		{name: "every conflict in save order", save: []in{{form.Answer{Key: "s1_lead", Choice: "chief"}, 0},
			{form.Answer{Key: "s1_policy", YesNo: "no"}, 0}, {form.Answer{Key: "s1_rating", Grade: "red"}, 1}},
			wantCurrent: []StoredAnswer{
				{Answer: form.Answer{Key: "s1_lead", Choice: "board"}, Version: 1, Person: "p2", UpdateTime: at},
				{Answer: form.Answer{Key: "s1_rating", Grade: "amber"}, Version: 2, Person: "p1", UpdateTime: at}}},
		{name: "a base for an answer never saved", save: []in{{form.Answer{Key: "s1_policy", YesNo: "no"}, 3}},
			wantCurrent: []StoredAnswer{{Answer: form.Answer{Key: "s1_policy"}}}},
		{name: "etag current skips the checks", etagCurrent: true,
			save:        []in{{form.Answer{Key: "s1_rating", Grade: "red"}, 1}, {form.Answer{Key: "s1_lead", Choice: "chief"}, 0}},
			wantWritten: map[string]int64{"s1_rating": 3, "s1_lead": 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSubmission()
			s.State, s.Version = InProgress, 7
			save := Save{Person: "p3", EtagCurrent: tt.etagCurrent}
			cur := stored()
			for _, x := range tt.save {
				save.Answers = append(save.Answers, Incoming{Answer: x.a, BaseVersion: x.base})
			}
			for k := range cur {
				if !slices.ContainsFunc(tt.save, func(x in) bool { return x.a.Key == k }) {
					delete(cur, k) // a save loads only the keys it saves
				}
			}
			written, err := s.SaveAnswers(testForm(t), testIndex(), save, cur, t0)
			if tt.wantCurrent != nil {
				var ce *ConflictError
				if !errors.As(err, &ce) {
					t.Fatalf("want a conflict, got %v", err)
				}
				if !reflect.DeepEqual(ce.Current, tt.wantCurrent) {
					t.Fatalf("conflict current %+v, want %+v", ce.Current, tt.wantCurrent)
				}
				for _, c := range tt.wantCurrent {
					if !strings.Contains(ce.Error(), c.Key) {
						t.Errorf("message %q does not name %s", ce.Error(), c.Key)
					}
				}
				if written != nil || s.Version != 7 || s.State != InProgress || !s.UpdateTime.IsZero() {
					t.Fatalf("a conflict changed the submission: %+v", s)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int64{}
			for _, w := range written {
				got[w.Key] = w.Version
				if w.Person != "p3" || !w.UpdateTime.Equal(t0) {
					t.Errorf("written %+v", w)
				}
			}
			if !reflect.DeepEqual(got, tt.wantWritten) || s.Version != 8 {
				t.Fatalf("written %v version %d, want %v and 8", got, s.Version, tt.wantWritten)
			}
		})
	}
}

func TestSaveAnswersRetriesAndRepeats(t *testing.T) {
	f, idx := testForm(t), testIndex()
	amber := form.Answer{Key: "s1_rating", Grade: "amber"}
	mine := StoredAnswer{Answer: amber, Version: 1, Person: "p1", UpdateTime: t0}
	tests := []struct {
		name         string
		current      StoredAnswer
		person       string
		answer       form.Answer
		base         int64
		wantWritten  bool
		wantConflict bool
	}{
		{name: "retried save by the same person", current: mine, person: "p1", answer: amber, base: 0},
		{name: "retried save after a later save of the same value", current: StoredAnswer{Answer: amber, Version: 3, Person: "p1"},
			person: "p1", answer: amber, base: 1},
		{name: "same value re-saved by the same person", current: mine, person: "p1", answer: amber, base: 1},
		{name: "same value without its key re-saved", current: mine, person: "p1", answer: form.Answer{Key: "s1_rating", Grade: "amber",
			Choices: []string{}, Evidence: []form.EvidenceRef{}}, base: 1},
		{name: "same value re-saved by another person", current: mine, person: "p2", answer: amber, base: 1, wantWritten: true},
		{name: "stale same value by another person", current: mine, person: "p2", answer: amber, base: 0, wantConflict: true},
		{name: "stale different value by the same person", current: mine, person: "p1",
			answer: form.Answer{Key: "s1_rating", Grade: "red"}, base: 0, wantConflict: true},
		{name: "brought forward confirmed unchanged",
			current: StoredAnswer{Answer: amber, Version: 1, BroughtForward: true, UpdateTime: t0.Add(-day)},
			person:  "p1", answer: amber, base: 1, wantWritten: true},
		{name: "brought forward from the same person confirmed unchanged",
			current: StoredAnswer{Answer: amber, Version: 1, Person: "p1", BroughtForward: true, UpdateTime: t0.Add(-day)},
			person:  "p1", answer: amber, base: 1, wantWritten: true},
		{name: "brought forward changed",
			current: StoredAnswer{Answer: amber, Version: 1, BroughtForward: true, UpdateTime: t0.Add(-day)},
			person:  "p1", answer: form.Answer{Key: "s1_rating", Grade: "green"}, base: 1, wantWritten: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSubmission()
			s.State, s.Version = InProgress, 5
			cur := map[string]StoredAnswer{"s1_rating": tt.current}
			save := Save{Answers: []Incoming{{Answer: tt.answer, BaseVersion: tt.base}}, Person: tt.person}
			written, err := s.SaveAnswers(f, idx, save, cur, t0.Add(time.Hour))
			switch {
			case tt.wantConflict:
				var ce *ConflictError
				if !errors.As(err, &ce) || len(ce.Current) != 1 || ce.Current[0].Person != tt.current.Person {
					t.Fatalf("want a conflict, got %v", err)
				}
			case tt.wantWritten:
				if err != nil || len(written) != 1 {
					t.Fatalf("save: %v %v", written, err)
				}
				w := written[0]
				if w.Version != tt.current.Version+1 || w.Person != tt.person || w.BroughtForward || !sameValue(w.Answer, tt.answer) ||
					w.Key != "s1_rating" || !w.UpdateTime.Equal(t0.Add(time.Hour)) {
					t.Fatalf("written %+v", w)
				}
				if s.Version != 6 {
					t.Fatalf("version %d, want 6", s.Version)
				}
			default:
				if err != nil || written != nil || s.Version != 5 || !s.UpdateTime.IsZero() {
					t.Fatalf("a repeat must be a no-op: %v %v %+v", written, err, s)
				}
			}
		})
	}
}

func TestSaveAnswersRetryEndToEnd(t *testing.T) {
	f, idx := testForm(t), testIndex()
	s := newSubmission()
	save := Save{Answers: []Incoming{{Answer: form.Answer{Key: "s1_rating", Grade: "green"}}, {Answer: form.Answer{Key: "s1_lead", Choice: "chief"}}},
		Person: "p1"}
	written, err := s.SaveAnswers(f, idx, save, map[string]StoredAnswer{}, t0)
	if err != nil || len(written) != 2 || s.Version != 2 || s.State != InProgress {
		t.Fatalf("first save: %v %v %+v", written, err, s)
	}
	cur := map[string]StoredAnswer{}
	for _, w := range written {
		cur[w.Key] = w
	}
	// The response was lost; the client sends the same request again.
	again, err := s.SaveAnswers(f, idx, save, cur, t0.Add(time.Second))
	if err != nil || again != nil || s.Version != 2 || !s.UpdateTime.Equal(t0) {
		t.Fatalf("retry: %v %v %+v", again, err, s)
	}
}

func TestSaveAnswersSections(t *testing.T) {
	tests := []struct {
		name     string
		sections map[string]bool
		keys     []string
		want     []string
	}{
		{"all sections", nil, []string{"s1_rating", "s2_note"}, nil},
		{"assigned section", map[string]bool{"S1": true}, []string{"s1_rating", "s1_lead"}, nil},
		{"another section", map[string]bool{"S1": true}, []string{"s1_rating", "s2_note"}, []string{"answers[1].question_key"}},
		{"only the other section", map[string]bool{"S2": true}, []string{"s1_rating", "s2_note", "s1_lead"},
			[]string{"answers[0].question_key", "answers[2].question_key"}},
		{"no sections", map[string]bool{}, []string{"s2_note"}, []string{"answers[0].question_key"}},
		{"unknown key named once", map[string]bool{"S2": true}, []string{"nope"}, []string{"answers[0].key"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSubmission()
			save := Save{Person: "p1", Sections: tt.sections}
			for _, k := range tt.keys {
				a := form.Answer{Key: k, Text: "x"}
				switch k {
				case "s1_rating":
					a = form.Answer{Key: k, Grade: "red"}
				case "s1_lead":
					a = form.Answer{Key: k, Choice: "board"}
				}
				save.Answers = append(save.Answers, Incoming{Answer: a})
			}
			written, err := s.SaveAnswers(testForm(t), testIndex(), save, nil, t0)
			wantFields(t, err, tt.want)
			if tt.want == nil && len(written) != len(tt.keys) {
				t.Fatalf("written %v", written)
			}
			if tt.want != nil && (written != nil || s.Version != 1) {
				t.Fatalf("a refused save changed the submission")
			}
		})
	}
}

func TestSaveAnswersReturned(t *testing.T) {
	tests := []struct {
		name     string
		reopened []string
		keys     []string
		want     []string
	}{
		{"a reopened question", []string{"s1_lead", "s1_rating"}, []string{"s1_rating"}, nil},
		{"a question not reopened", []string{"s1_rating"}, []string{"s1_rating", "s1_lead"}, []string{"answers[1].question_key"}},
		{"all reopened", nil, []string{"s1_rating", "s1_lead"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSubmission()
			s.State, s.ReopenedKeys = Returned, tt.reopened
			var save Save
			save.Person = "p1"
			for _, k := range tt.keys {
				a := form.Answer{Key: k, Grade: "green"}
				if k == "s1_lead" {
					a = form.Answer{Key: k, Choice: "chief"}
				}
				save.Answers = append(save.Answers, Incoming{Answer: a})
			}
			_, err := s.SaveAnswers(testForm(t), testIndex(), save, nil, t0)
			wantFields(t, err, tt.want)
			if s.State != Returned {
				t.Fatalf("state %v, want returned", s.State)
			}
		})
	}
}

func TestSubmit(t *testing.T) {
	f := testForm(t)
	// An empty school return: every required, shown question and the
	// declaration are reported; the dated review is hidden by its condition.
	s := newSubmission()
	want := "answers.s1_rating,answers.s1_policy,answers.s1_children,answers.s1_declare.confirmed"
	if got := fields(t, s.Submit(f, "school", "p1", t0)); join(got) != want {
		t.Fatalf("empty school return: %v, want %s", got, want)
	}
	// The number question applies to schools only.
	want = "answers.s1_rating,answers.s1_policy,answers.s1_declare.confirmed"
	if got := fields(t, s.Submit(f, "police", "p1", t0)); join(got) != want {
		t.Fatalf("empty police return: %v, want %s", got, want)
	}

	// A policy makes its review date required.
	apply(t, s, "p1", form.Answer{Key: "s1_rating", Grade: "amber"}, form.Answer{Key: "s1_policy", YesNo: "yes"},
		form.Answer{Key: "s1_declare", Confirmed: true})
	if got := fields(t, s.Submit(f, "police", "p1", t0)); join(got) != "answers.s1_policy_date" {
		t.Fatalf("review date: %v", got)
	}
	// No policy hides the date again: the police return is complete.
	apply(t, s, "p1", form.Answer{Key: "s1_policy", YesNo: "no"})
	if got := fields(t, s.Submit(f, "school", "p1", t0)); join(got) != "answers.s1_children" {
		t.Fatalf("school without numbers: %v", got)
	}
	if s.State != InProgress || s.Version != 3 || !s.SubmitTime.IsZero() || s.SubmitPerson != "" {
		t.Fatalf("a refused submit must change nothing: %+v", s)
	}
	at := t0.Add(time.Hour)
	if err := s.Submit(f, "police", "lead", at); err != nil {
		t.Fatal(err)
	}
	if s.State != Submitted || !s.SubmitTime.Equal(at) || s.SubmitPerson != "lead" || !s.UpdateTime.Equal(at) || s.Version != 4 {
		t.Fatalf("submitted: %+v", s)
	}
	_, err := s.SaveAnswers(f, testIndex(), Save{Answers: []Incoming{{Answer: form.Answer{Key: "s1_lead", Choice: "board"}}}, Person: "p1"}, nil, at)
	wantKind(t, err, failure.KindFailedPrecondition)
	wantKind(t, s.Submit(f, "police", "lead", at), failure.KindFailedPrecondition)
	if s.Version != 4 || !s.SubmitTime.Equal(at) {
		t.Fatalf("a second submit changed the submission: %+v", s)
	}

	// A table row missing a required cell is fine in a draft, not at submit.
	s = newSubmission()
	apply(t, s, "p1", form.Answer{Key: "s1_rating", Grade: "red"}, form.Answer{Key: "s1_policy", YesNo: "no"},
		form.Answer{Key: "s1_declare", Confirmed: true},
		form.Answer{Key: "s1_chronology", Rows: [][]form.Cell{{{Column: "what", Value: "Referral"}}}})
	got := fields(t, s.Submit(f, "", "p1", t0))
	if len(got) != 1 || !strings.HasPrefix(got[0], "answers.s1_chronology.rows[0]") {
		t.Fatalf("required cell: %v", got)
	}
}

func TestSubmitStates(t *testing.T) {
	f := testForm(t)
	complete := func() *Submission {
		s := newSubmission()
		apply(t, s, "p1", form.Answer{Key: "s1_rating", Grade: "amber"}, form.Answer{Key: "s1_policy", YesNo: "no"},
			form.Answer{Key: "s1_declare", Confirmed: true})
		return s
	}
	for _, tt := range []struct {
		state SubmissionState
		ok    bool
	}{{InProgress, true}, {Returned, true}, {Submitted, false}, {Accepted, false}} {
		t.Run(tt.state.String(), func(t *testing.T) {
			s := complete()
			s.State = tt.state
			err := s.Submit(f, "police", "lead", t0)
			if tt.ok {
				if err != nil || s.State != Submitted {
					t.Fatalf("submit: %v %v", err, s.State)
				}
				return
			}
			wantKind(t, err, failure.KindFailedPrecondition)
			if s.State != tt.state {
				t.Fatalf("state %v", s.State)
			}
		})
	}
}

func TestReturn(t *testing.T) {
	tests := []struct {
		name         string
		state        SubmissionState
		comments     []QAComment
		reopenAll    bool
		wantKind     failure.Kind
		wantFields   []string
		wantReopened []string
	}{
		{name: "comments reopen their questions, sorted", state: Submitted,
			comments:     []QAComment{{Key: "s1_rating", Text: "Evidence?"}, {Key: "s1_lead", Text: "Who?"}},
			wantReopened: []string{"s1_lead", "s1_rating"}},
		{name: "reopen all", state: Submitted, comments: []QAComment{{Key: "s1_rating", Text: "Evidence?"}}, reopenAll: true},
		{name: "unknown question", state: Submitted, comments: []QAComment{{Key: "s1_rating", Text: "a"}, {Key: "nope", Text: "b"}},
			wantKind: failure.KindInvalid, wantFields: []string{"comments[1].question_key"}},
		{name: "duplicate comment", state: Submitted,
			comments: []QAComment{{Key: "s1_rating", Text: "a"}, {Key: "s1_lead", Text: "b"}, {Key: "s1_rating", Text: "c"}},
			wantKind: failure.KindInvalid, wantFields: []string{"comments[2].question_key"}},
		{name: "every problem", state: Submitted,
			comments: []QAComment{{Key: "x", Text: "a"}, {Key: "s1_lead", Text: "b"}, {Key: "s1_lead", Text: "c"}, {Key: "x", Text: "d"}},
			wantKind: failure.KindInvalid, wantFields: []string{"comments[0].question_key", "comments[2].question_key", "comments[3].question_key"}},
		{name: "not started", state: NotStarted, comments: []QAComment{{Key: "s1_rating", Text: "a"}}, wantKind: failure.KindFailedPrecondition},
		{name: "in progress", state: InProgress, comments: []QAComment{{Key: "s1_rating", Text: "a"}}, wantKind: failure.KindFailedPrecondition},
		{name: "returned", state: Returned, comments: []QAComment{{Key: "s1_rating", Text: "a"}}, wantKind: failure.KindFailedPrecondition},
		{name: "accepted", state: Accepted, comments: []QAComment{{Key: "s1_rating", Text: "a"}}, wantKind: failure.KindFailedPrecondition},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSubmission()
			s.State, s.Version = tt.state, 4
			s.ReopenedKeys = []string{"s2_note"} // from an earlier return
			before := *s
			err := s.Return(testIndex(), tt.comments, tt.reopenAll, t0)
			if tt.wantKind != 0 {
				wantKind(t, err, tt.wantKind)
				if tt.wantFields != nil {
					wantFields(t, err, tt.wantFields)
				}
				if !reflect.DeepEqual(*s, before) {
					t.Fatalf("a refused return changed the submission: %+v", s)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.State != Returned || s.Version != 5 || !s.UpdateTime.Equal(t0) || !reflect.DeepEqual(s.QAComments, tt.comments) {
				t.Fatalf("returned: %+v", s)
			}
			if !slices.Equal(s.ReopenedKeys, tt.wantReopened) {
				t.Fatalf("reopened %v, want %v", s.ReopenedKeys, tt.wantReopened)
			}
		})
	}
}

func TestAccept(t *testing.T) {
	for _, state := range []SubmissionState{NotStarted, InProgress, Returned, Accepted} {
		t.Run(state.String(), func(t *testing.T) {
			s := newSubmission()
			s.State = state
			before := *s
			wantKind(t, s.Accept("qa", t0), failure.KindFailedPrecondition)
			if !reflect.DeepEqual(*s, before) {
				t.Fatal("a refused accept changed the submission")
			}
		})
	}
	s := newSubmission()
	s.State, s.Version = Submitted, 6
	s.QAComments, s.ReopenedKeys = []QAComment{{Key: "s1_rating", Text: "old"}}, []string{"s1_rating"}
	if err := s.Accept("qa", t0); err != nil {
		t.Fatal(err)
	}
	if s.State != Accepted || s.AcceptPerson != "qa" || !s.AcceptTime.Equal(t0) || !s.UpdateTime.Equal(t0) || s.Version != 7 ||
		s.QAComments != nil || s.ReopenedKeys != nil {
		t.Fatalf("accepted: %+v", s)
	}
}

func TestReturnThenResubmit(t *testing.T) {
	f, idx := testForm(t), testIndex()
	s := newSubmission()
	apply(t, s, "p1", form.Answer{Key: "s1_rating", Grade: "amber"}, form.Answer{Key: "s1_policy", YesNo: "no"},
		form.Answer{Key: "s1_declare", Confirmed: true})
	if err := s.Submit(f, "police", "lead", t0); err != nil {
		t.Fatal(err)
	}
	if err := s.Return(idx, []QAComment{{Key: "s1_rating", Text: "Too generous"}}, false, t0); err != nil {
		t.Fatal(err)
	}
	_, err := s.SaveAnswers(f, idx, Save{Answers: []Incoming{{Answer: form.Answer{Key: "s1_policy", YesNo: "yes"}, BaseVersion: 1}},
		Person: "p1"}, currentOf(s, []form.Answer{{Key: "s1_policy"}}), t0)
	wantFields(t, err, []string{"answers[0].question_key"})
	apply(t, s, "p1", form.Answer{Key: "s1_rating", Grade: "red"})
	if s.State != Returned {
		t.Fatalf("state %v", s.State)
	}
	if err := s.Submit(f, "police", "lead", t0); err != nil || s.State != Submitted {
		t.Fatalf("resubmit: %v %v", err, s.State)
	}
}

func TestSetAssignments(t *testing.T) {
	tests := []struct {
		name  string
		order []string
		want  []string
	}{
		{"known sections", []string{"S1", "S2"}, nil},
		{"unknown section", []string{"S1", "S9"}, []string{"assignments[1].section"}},
		{"every unknown section", []string{"X", "S2", "Y"}, []string{"assignments[0].section", "assignments[2].section"}},
		{"none", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSubmission()
			assignments := map[string][]string{}
			for _, sec := range tt.order {
				assignments[sec] = []string{"p1"}
			}
			before := *s
			err := s.SetAssignments(testIndex(), assignments, tt.order, t0)
			wantFields(t, err, tt.want)
			if tt.want != nil {
				if !reflect.DeepEqual(*s, before) {
					t.Fatal("refused assignments changed the submission")
				}
				return
			}
			if !reflect.DeepEqual(s.Assignments, assignments) || s.Version != 2 || !s.UpdateTime.Equal(t0) {
				t.Fatalf("assigned: %+v", s)
			}
		})
	}
}

func TestSectionsFor(t *testing.T) {
	s := newSubmission()
	if got := s.SectionsFor("p1"); got != nil {
		t.Fatalf("no assignments: %v, want nil (all)", got)
	}
	s.Assignments = map[string][]string{"S1": {"p1", "p2"}, "S2": {"p2"}}
	tests := map[string]map[string]bool{
		"p1": {"S1": true},
		"p2": {"S1": true, "S2": true},
		"p3": nil,
	}
	for person, want := range tests {
		if got := s.SectionsFor(person); !reflect.DeepEqual(got, want) {
			t.Errorf("SectionsFor(%s) = %v, want %v", person, got, want)
		}
	}
}

func TestMaySignOff(t *testing.T) {
	tests := []struct {
		rule SignOff
		lead bool
		ok   bool
	}{
		{SignOffLead, true, true},
		{SignOffLead, false, false},
		{SignOffAnyRespondent, true, true},
		{SignOffAnyRespondent, false, true},
	}
	for _, tt := range tests {
		err := MaySignOff(tt.rule, tt.lead)
		if tt.ok && err != nil {
			t.Errorf("MaySignOff(%v, %v): %v", tt.rule, tt.lead, err)
		}
		if !tt.ok && failure.KindOf(err) != failure.KindPermissionDenied {
			t.Errorf("MaySignOff(%v, %v) = %v, want permission denied", tt.rule, tt.lead, err)
		}
	}
}

func TestSortedAnswersAndValues(t *testing.T) {
	s := newSubmission()
	apply(t, s, "p1", form.Answer{Key: "s2_note", Text: "x"}, form.Answer{Key: "s1_lead", Choice: "board"},
		form.Answer{Key: "s1_rating", Grade: "red"})
	var keys []string
	for _, a := range s.SortedAnswers() {
		keys = append(keys, a.Key)
	}
	if join(keys) != "s1_lead,s1_rating,s2_note" {
		t.Fatalf("sorted %v", keys)
	}
	if v := s.Values(); len(v) != 3 || v["s1_lead"].Choice != "board" {
		t.Fatalf("values %v", v)
	}
}
