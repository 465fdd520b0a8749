package domain

import (
	"fmt"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/testinfra"
)

var (
	t0 = time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	t1 = t0.Add(time.Hour)
	t2 = t0.Add(2 * time.Hour)
)

func TestMerge(t *testing.T) {
	notStarted := Progress{State: NotStarted}
	saved := Progress{State: InProgress, LastActivity: t1}
	submitted := Progress{State: Submitted, LastActivity: t2}
	tests := []struct {
		name string
		a, b Progress
		want Progress
	}{
		{"nothing known", Progress{}, notStarted, notStarted},
		{"started", notStarted, saved, saved},
		{"submitted", saved, submitted, submitted},
		{"save after submission stays submitted", submitted, saved, submitted},
		{"launch after save stays in progress", saved, notStarted, saved},
		{"launch after submission stays submitted", submitted, notStarted, submitted},
		{"later save moves activity", saved, Progress{State: InProgress, LastActivity: t2}, Progress{State: InProgress, LastActivity: t2}},
		{"earlier save keeps activity", Progress{State: InProgress, LastActivity: t2}, saved, Progress{State: InProgress, LastActivity: t2}},
		{"late save after submission keeps state, moves activity", submitted, Progress{State: InProgress, LastActivity: t2.Add(time.Minute)},
			Progress{State: Submitted, LastActivity: t2.Add(time.Minute)}},
		{"same twice", saved, saved, saved},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.Merge(tt.b); got != tt.want {
				t.Fatalf("%+v.Merge(%+v) = %+v, want %+v", tt.a, tt.b, got, tt.want)
			}
			if got := tt.b.Merge(tt.a); got != tt.want {
				t.Fatalf("not commutative: %+v.Merge(%+v) = %+v, want %+v", tt.b, tt.a, got, tt.want)
			}
		})
	}
}

// TestMergeConverges folds the events of one submission in every order.
func TestMergeConverges(t *testing.T) {
	evs := []Progress{
		CampaignLaunched{}.Progress(),
		AnswersSaved{SaveTime: t0}.Progress(),
		AnswersSaved{SaveTime: t1}.Progress(),
		SubmissionSubmitted{SubmitTime: t2}.Progress(),
	}
	want := Progress{State: Submitted, LastActivity: t2}
	for _, order := range permutations(len(evs)) {
		var p Progress
		for _, i := range order {
			p = p.Merge(evs[i])
		}
		if p != want {
			t.Fatalf("order %v gives %+v, want %+v", order, p, want)
		}
	}
}

func permutations(n int) [][]int {
	if n == 0 {
		return [][]int{{}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for i := 0; i <= len(p); i++ {
			q := append(append(append([]int{}, p[:i]...), n-1), p[i:]...)
			out = append(out, q)
		}
	}
	return out
}

func TestStateString(t *testing.T) {
	for s, want := range map[State]string{NotStarted: "NOT_STARTED", InProgress: "IN_PROGRESS", Submitted: "SUBMITTED", StateUnknown: "STATE_UNKNOWN"} {
		if s.String() != want {
			t.Errorf("%d is %s, want %s", s, s, want)
		}
	}
}

func TestNewReport(t *testing.T) {
	c := Campaign{Name: "partnerships/north/campaigns/s11", AsOf: t2, Version: 3}
	r := NewReport(c, []Row{
		{Organisation: "organisations/northcare", Submission: "s3", Progress: Progress{State: Submitted, LastActivity: t2}},
		{Organisation: "organisations/north-police", Submission: "s2", Progress: Progress{State: InProgress, LastActivity: t1}},
		{Organisation: "organisations/a-school", Submission: "s1", Progress: Progress{State: NotStarted}},
		{Organisation: "organisations/zeta", Submission: "s4", Progress: Progress{State: NotStarted}},
	})
	if r.Campaign != c || r.Total != 4 || r.NotStarted != 2 || r.InProgress != 1 || r.Submitted != 1 {
		t.Fatalf("counts %+v", r)
	}
	var order []string
	for _, row := range r.Rows {
		order = append(order, row.Submission)
	}
	if fmt.Sprint(order) != "[s1 s2 s3 s4]" {
		t.Fatalf("order %v", order)
	}
	if empty := NewReport(c, nil); empty.Total != 0 || len(empty.Rows) != 0 {
		t.Fatalf("empty %+v", empty)
	}
}

func TestEventChecks(t *testing.T) {
	tests := []struct {
		name       string
		check      func() error
		wantFields []string
	}{
		{"launch ok", CampaignLaunched{Campaign: "c", Submissions: []LaunchedSubmission{{Name: "s", Organisation: "o"}}}.Check, nil},
		{"launch empty", CampaignLaunched{Submissions: []LaunchedSubmission{{}}}.Check,
			[]string{"campaign.name", "submissions[0].name", "submissions[0].organisation"}},
		{"saved ok", AnswersSaved{Submission: "s", Campaign: "c"}.Check, nil},
		{"saved empty", AnswersSaved{}.Check, []string{"submission", "campaign"}},
		{"submitted ok", SubmissionSubmitted{Submission: "s", Campaign: "c"}.Check, nil},
		{"submitted empty", SubmissionSubmitted{Campaign: "c"}.Check, []string{"submission"}},
		{"organisation ok", OrganisationCreated{Organisation: "o"}.Check, nil},
		{"organisation empty", OrganisationCreated{}.Check, []string{"organisation.name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.check()
			if tt.wantFields == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			testinfra.WantViolations(t, err, tt.wantFields)
		})
	}
}
