package domain

import (
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/testinfra"
)

const (
	campaign = "partnerships/north/campaigns/s11"
	police   = "organisations/police"
)

var (
	due   = time.Date(2026, 10, 30, 17, 0, 0, 0, time.UTC)
	moved = due.AddDate(0, 0, 14)
	t0    = time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
)

// at is t0 plus n minutes.
func at(n int) time.Time { return t0.Add(time.Duration(n) * time.Minute) }

// state is one campaign and one of its submissions.
type state struct {
	c Campaign
	s Submission
}

// step is one event as it touches them.
type step func(state) state

func launchAt(n int) step {
	return func(st state) state {
		st.c = st.c.Merge(CampaignChanged{Campaign: campaign, DueTime: due, State: CampaignOpen, Time: at(n)}.Account())
		st.s = st.s.Launch(campaign, police)
		return st
	}
}

func campaignAt(n int, d time.Time, s CampaignState) step {
	return func(st state) state {
		st.c = st.c.Merge(CampaignChanged{Campaign: campaign, DueTime: d, State: s, Time: at(n)}.Account())
		return st
	}
}

func reportAt(n int, s Status) step {
	return func(st state) state {
		st.s = st.s.Report(campaign, police, s, at(n))
		return st
	}
}

var (
	launch   = launchAt(0)
	submit   = reportAt(10, StatusSubmitted)
	ret      = reportAt(20, StatusReturned)
	resubmit = reportAt(30, StatusSubmitted)
	accept   = reportAt(40, StatusAccepted)
	moveDue  = campaignAt(5, moved, CampaignOpen)
	closeIt  = campaignAt(50, moved, CampaignClosed)
	archive  = campaignAt(60, moved, CampaignArchived)
)

func TestOutstanding(t *testing.T) {
	tests := []struct {
		name            string
		steps           []step
		wantOutstanding bool
		wantLaunched    bool
		wantDue         time.Time
	}{
		{"nothing heard", nil, false, false, time.Time{}},
		{"launched", []step{launch}, true, true, due},
		{"launched twice", []step{launch, launch}, true, true, due},
		{"submitted without launch", []step{submit}, false, false, time.Time{}},
		{"launched then submitted", []step{launch, submit}, false, true, due},
		{"submitted then launched", []step{submit, launch}, false, true, due},
		{"launch redelivered after submission", []step{launch, submit, launch}, false, true, due},
		{"submitted twice", []step{launch, submit, submit}, false, true, due},
		{"returned", []step{launch, submit, ret}, true, true, due},
		{"returned before its submission arrives", []step{launch, ret, submit}, true, true, due},
		{"returned without launch", []step{ret}, false, false, time.Time{}},
		{"resubmitted", []step{launch, submit, ret, resubmit}, false, true, due},
		{"return redelivered after resubmission", []step{launch, submit, ret, resubmit, ret}, false, true, due},
		{"accepted", []step{launch, submit, accept}, false, true, due},
		{"return and submission redelivered after acceptance", []step{launch, accept, ret, submit}, false, true, due},
		{"due moved", []step{launch, moveDue}, true, true, moved},
		{"due moved before the launch arrives", []step{moveDue, launch}, true, true, moved},
		{"launch redelivered after the due moved", []step{launch, moveDue, launch}, true, true, moved},
		{"update of a campaign heard of no other way", []step{moveDue}, false, true, moved},
		{"closed", []step{launch, closeIt}, false, true, moved},
		{"closed before the launch arrives", []step{closeIt, launch}, false, true, moved},
		{"update redelivered after closing", []step{launch, closeIt, moveDue}, false, true, moved},
		{"returned in a closed campaign", []step{launch, submit, ret, closeIt}, false, true, moved},
		{"archived", []step{launch, closeIt, archive}, false, true, moved},
		{"archived, close redelivered", []step{launch, archive, closeIt}, false, true, moved},
		{"reopened", []step{launch, closeIt, campaignAt(55, moved, CampaignOpen)}, true, true, moved},
		{"scheduled", []step{campaignAt(0, due, CampaignScheduled), launch}, true, true, due},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := state{s: Submission{Name: campaign + "/submissions/a"}}
			for _, f := range tt.steps {
				st = f(st)
			}
			if got := Outstanding(st.c, st.s); got != tt.wantOutstanding || st.c.Launched() != tt.wantLaunched {
				t.Fatalf("outstanding %v launched %v, want %v %v (%+v)", got, st.c.Launched(), tt.wantOutstanding, tt.wantLaunched, st)
			}
			if !st.c.DueTime.Equal(tt.wantDue) {
				t.Fatalf("due %v, want %v", st.c.DueTime, tt.wantDue)
			}
			if st.s.Campaign != "" && (st.s.Campaign != campaign || st.s.Organisation != police) {
				t.Fatalf("got %+v", st.s)
			}
		})
	}
}

// TestConverges folds the events of one campaign and submission in every
// order, each possibly twice.
func TestConverges(t *testing.T) {
	steps := []step{launch, submit, ret, resubmit, moveDue, campaignAt(7, due.Add(time.Hour), CampaignOpen)}
	want := state{s: Submission{Name: "s"}}
	for _, f := range steps {
		want = f(want)
	}
	if Outstanding(want.c, want.s) || want.s.Status != StatusSubmitted || !want.s.StatusTime.Equal(at(30)) || !want.c.DueTime.Equal(due.Add(time.Hour)) {
		t.Fatalf("in order: %+v", want)
	}
	for _, order := range permutations(len(steps)) {
		for _, twice := range []bool{false, true} {
			got := state{s: Submission{Name: "s"}}
			for _, i := range order {
				got = steps[i](got)
				if twice {
					got = steps[i](got)
				}
			}
			if got != want {
				t.Fatalf("order %v (twice %v) gives %+v, want %+v", order, twice, got, want)
			}
		}
	}
}

// TestTies checks that reports at the same time, or with no time, settle
// the same in either order.
func TestTies(t *testing.T) {
	a := Submission{}.Report(campaign, police, StatusReturned, t0).Report(campaign, police, StatusSubmitted, t0)
	b := Submission{}.Report(campaign, police, StatusSubmitted, t0).Report(campaign, police, StatusReturned, t0)
	if a != b {
		t.Fatalf("%+v != %+v", a, b)
	}
	timed := Submission{}.Report(campaign, police, StatusReturned, t0).Report(campaign, police, StatusAccepted, time.Time{})
	if timed.Status != StatusReturned {
		t.Fatalf("a report without a time beat one with: %+v", timed)
	}
	c1 := CampaignChanged{Campaign: campaign, DueTime: due, State: CampaignClosed, Time: t0}.Account()
	c2 := CampaignChanged{Campaign: campaign, DueTime: moved, State: CampaignOpen, Time: t0}.Account()
	if c1.Merge(c2) != c2.Merge(c1) {
		t.Fatalf("%+v != %+v", c1.Merge(c2), c2.Merge(c1))
	}
	// An event that does not report the state or due time leaves them.
	partial := CampaignChanged{Campaign: campaign, Time: at(99)}.Account()
	if got := c1.Merge(partial); got.State != CampaignClosed || !got.DueTime.Equal(due) {
		t.Fatalf("partial account took away %+v", got)
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

func TestEventChecks(t *testing.T) {
	launched := func(name string, due time.Time, subs ...LaunchedSubmission) CampaignLaunched {
		return CampaignLaunched{CampaignChanged: CampaignChanged{Campaign: name, DueTime: due}, Submissions: subs}
	}
	tests := []struct {
		name       string
		check      func() error
		wantFields []string
	}{
		{"launch ok", launched(campaign, due, LaunchedSubmission{Name: "s", Organisation: police}).Check, nil},
		{"launch empty", launched("", time.Time{}, LaunchedSubmission{}).Check,
			[]string{"campaign.name", "campaign.due_time", "submissions[0].name", "submissions[0].organisation"}},
		{"changed ok", CampaignChanged{Campaign: campaign}.Check, nil},
		{"changed empty", CampaignChanged{DueTime: due}.Check, []string{"campaign.name"}},
		{"reported ok", SubmissionReported{Submission: "s", Campaign: campaign}.Check, nil},
		{"reported empty", SubmissionReported{}.Check, []string{"submission", "campaign"}},
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
