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

var due = time.Date(2026, 10, 30, 17, 0, 0, 0, time.UTC)

// step is one event as it touches a submission.
type step func(Submission) Submission

func launch(s Submission) Submission { return s.Launch(campaign, police, due) }
func submit(s Submission) Submission { return s.Submit(campaign, police) }

func TestOutstanding(t *testing.T) {
	tests := []struct {
		name            string
		steps           []step
		wantOutstanding bool
		wantLaunched    bool
	}{
		{"nothing heard", nil, false, false},
		{"launched", []step{launch}, true, true},
		{"launched twice", []step{launch, launch}, true, true},
		{"submitted without launch", []step{submit}, false, false},
		{"launched then submitted", []step{launch, submit}, false, true},
		{"submitted then launched", []step{submit, launch}, false, true},
		{"launch redelivered after submission", []step{launch, submit, launch}, false, true},
		{"submitted twice", []step{launch, submit, submit}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Submission{Name: campaign + "/submissions/a"}
			for _, f := range tt.steps {
				s = f(s)
			}
			if s.Outstanding() != tt.wantOutstanding || s.Launched() != tt.wantLaunched {
				t.Fatalf("outstanding %v launched %v, want %v %v (%+v)", s.Outstanding(), s.Launched(), tt.wantOutstanding, tt.wantLaunched, s)
			}
			if len(tt.steps) > 0 && (s.Campaign != campaign || s.Organisation != police) {
				t.Fatalf("got %+v", s)
			}
		})
	}
}

func TestLaunchAndSubmitCommute(t *testing.T) {
	zero := Submission{Name: campaign + "/submissions/a"}
	a := submit(launch(zero))
	b := launch(submit(zero))
	if a != b {
		t.Fatalf("launch then submit %+v, submit then launch %+v", a, b)
	}
	if !a.DueTime.Equal(due) || a.DueTime.Location() != time.UTC {
		t.Fatalf("due %v", a.DueTime)
	}
}

func TestEventChecks(t *testing.T) {
	tests := []struct {
		name       string
		check      func() error
		wantFields []string
	}{
		{"launch ok", CampaignLaunched{Campaign: campaign, DueTime: due,
			Submissions: []LaunchedSubmission{{Name: "s", Organisation: police}}}.Check, nil},
		{"launch empty", CampaignLaunched{Submissions: []LaunchedSubmission{{}}}.Check,
			[]string{"campaign.name", "campaign.due_time", "submissions[0].name", "submissions[0].organisation"}},
		{"submitted ok", SubmissionSubmitted{Submission: "s", Campaign: campaign}.Check, nil},
		{"submitted empty", SubmissionSubmitted{}.Check, []string{"submission", "campaign"}},
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
