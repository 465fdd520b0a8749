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

var (
	t3 = t0.Add(3 * time.Hour)
	t4 = t0.Add(4 * time.Hour)
)

func TestMerge(t *testing.T) {
	notStarted := Progress{Work: NotStarted}
	saved := AnswersSaved{SaveTime: t1}.Progress()
	submitted := SubmissionReported{State: Submitted, At: t2}.Progress()
	returned := SubmissionReported{State: Returned, At: t3}.Progress()
	resubmitted := SubmissionReported{State: Submitted, At: t4}.Progress()
	accepted := SubmissionReported{State: Accepted, At: t4}.Progress()
	// p is progress written out: review state and time, last activity,
	// first activity and first hand-in.
	p := func(review State, reviewed, last, first, handedIn time.Time) Progress {
		return Progress{Work: InProgress, Review: review, ReviewTime: reviewed, LastActivity: last, FirstActivity: first, FirstHandIn: handedIn}
	}
	var never time.Time
	late := t2.Add(time.Minute)
	tests := []struct {
		name      string
		a, b      Progress
		want      Progress
		wantState State
	}{
		{"nothing known", Progress{}, notStarted, notStarted, NotStarted},
		{"started", notStarted, saved, saved, InProgress},
		{"submitted", saved, submitted, p(Submitted, t2, t2, t1, t2), Submitted},
		{"save after submission stays submitted", submitted, saved, p(Submitted, t2, t2, t1, t2), Submitted},
		{"launch after save stays in progress", saved, notStarted, saved, InProgress},
		{"launch after submission stays submitted", submitted, notStarted, submitted, Submitted},
		{"later save moves last activity, keeps first", saved, AnswersSaved{SaveTime: t2}.Progress(), p(StateUnknown, never, t2, t1, never), InProgress},
		{"earlier save keeps last activity, moves first", AnswersSaved{SaveTime: t2}.Progress(), saved, p(StateUnknown, never, t2, t1, never), InProgress},
		{"late save after submission keeps state, moves activity", submitted, AnswersSaved{SaveTime: late}.Progress(),
			p(Submitted, t2, late, t2, t2), Submitted},
		{"same twice", saved, saved, saved, InProgress},
		{"returned keeps the first hand-in", submitted, returned, p(Returned, t3, t3, t2, t2), Returned},
		{"save while returned stays returned", returned, AnswersSaved{SaveTime: t3.Add(time.Minute)}.Progress(),
			p(Returned, t3, t3.Add(time.Minute), t3, never), Returned},
		{"resubmitted", returned, resubmitted, p(Submitted, t4, t4, t3, t4), Submitted},
		{"accepted", submitted, accepted, p(Accepted, t4, t4, t2, t2), Accepted},
		{"return older than the acceptance", accepted, returned, p(Accepted, t4, t4, t3, t4), Accepted},
		{"same time: the higher state", resubmitted, accepted, accepted, Accepted},
		{"untimed submission under a return", SubmissionReported{State: Submitted}.Progress(), returned, returned, Returned},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.Merge(tt.b); got != tt.want || got.State() != tt.wantState {
				t.Fatalf("%+v.Merge(%+v) = %+v (%s), want %+v (%s)", tt.a, tt.b, got, got.State(), tt.want, tt.wantState)
			}
			if got := tt.b.Merge(tt.a); got != tt.want {
				t.Fatalf("not commutative: %+v.Merge(%+v) = %+v, want %+v", tt.b, tt.a, got, tt.want)
			}
		})
	}
}

// TestMergeConverges folds the events of one submission in every order,
// each possibly twice.
func TestMergeConverges(t *testing.T) {
	tests := []struct {
		name string
		evs  []Progress
		want Progress
	}{
		{"submitted", []Progress{
			CampaignLaunched{}.Progress(),
			AnswersSaved{SaveTime: t0}.Progress(),
			AnswersSaved{SaveTime: t1}.Progress(),
			SubmissionReported{State: Submitted, At: t2}.Progress(),
		}, Progress{Work: InProgress, Review: Submitted, ReviewTime: t2, LastActivity: t2, FirstActivity: t0, FirstHandIn: t2}},
		{"returned, revised, resubmitted, accepted", []Progress{
			CampaignLaunched{}.Progress(),
			AnswersSaved{SaveTime: t0}.Progress(),
			SubmissionReported{State: Submitted, At: t1}.Progress(),
			SubmissionReported{State: Returned, At: t2}.Progress(),
			AnswersSaved{SaveTime: t2.Add(time.Minute)}.Progress(),
			SubmissionReported{State: Submitted, At: t3}.Progress(),
			SubmissionReported{State: Accepted, At: t4}.Progress(),
		}, Progress{Work: InProgress, Review: Accepted, ReviewTime: t4, LastActivity: t4, FirstActivity: t0, FirstHandIn: t1}},
		{"returned and being revised", []Progress{
			CampaignLaunched{}.Progress(),
			SubmissionReported{State: Submitted, At: t1}.Progress(),
			SubmissionReported{State: Returned, At: t2}.Progress(),
			AnswersSaved{SaveTime: t3}.Progress(),
		}, Progress{Work: InProgress, Review: Returned, ReviewTime: t2, LastActivity: t3, FirstActivity: t1, FirstHandIn: t1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, order := range permutations(len(tt.evs)) {
				for _, twice := range []bool{false, true} {
					var p Progress
					for _, i := range order {
						p = p.Merge(tt.evs[i])
						if twice {
							p = p.Merge(tt.evs[i])
						}
					}
					if p != tt.want {
						t.Fatalf("order %v (twice %v) gives %+v, want %+v", order, twice, p, tt.want)
					}
				}
			}
		})
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
	for s, want := range map[State]string{NotStarted: "NOT_STARTED", InProgress: "IN_PROGRESS", Submitted: "SUBMITTED",
		Returned: "RETURNED", Accepted: "ACCEPTED", StateUnknown: "STATE_UNKNOWN"} {
		if s.String() != want {
			t.Errorf("%d is %s, want %s", s, s, want)
		}
	}
}

func TestNewReport(t *testing.T) {
	c := Campaign{Name: "partnerships/north/campaigns/s11", AsOf: t2, Version: 3}
	r := NewReport(c, []Row{
		{Organisation: "organisations/northcare", Submission: "s3", Progress: Progress{Work: InProgress, Review: Submitted, LastActivity: t2}},
		{Organisation: "organisations/north-police", Submission: "s2", Progress: Progress{Work: InProgress, LastActivity: t1}},
		{Organisation: "organisations/a-school", Submission: "s1", Progress: Progress{Work: NotStarted}},
		{Organisation: "organisations/zeta", Submission: "s4", Progress: Progress{Work: NotStarted}},
		{Organisation: "organisations/b-school", Submission: "s5", Progress: Progress{Work: InProgress, Review: Returned}},
		{Organisation: "organisations/c-school", Submission: "s6", Progress: Progress{Work: InProgress, Review: Accepted}},
	})
	if r.Campaign != c || r.Total != 6 || r.NotStarted != 2 || r.InProgress != 1 || r.Submitted != 1 || r.Returned != 1 || r.Accepted != 1 {
		t.Fatalf("counts %+v", r)
	}
	var order []string
	for _, row := range r.Rows {
		order = append(order, row.Submission)
	}
	if fmt.Sprint(order) != "[s1 s5 s6 s2 s3 s4]" {
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
		{"reported ok", SubmissionReported{Submission: "s", Campaign: "c"}.Check, nil},
		{"reported empty", SubmissionReported{Campaign: "c"}.Check, []string{"submission"}},
		{"updated ok", CampaignUpdated{Campaign: "c"}.Check, nil},
		{"updated empty", CampaignUpdated{DisplayName: "S11"}.Check, []string{"campaign.name"}},
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
