package domain

import (
	"fmt"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/testinfra"
	"github.com/assure-audit/assure/pkg/workdays"
)

// notifiedFriday is Friday 18 December 2026. Its working days skip
// Christmas (Friday 25), Boxing Day's substitute (Monday 28) and New
// Year's Day (Friday 1 January): day 10 is Wednesday 6 January, day 12
// Friday 8 January, day 15 Wednesday 13 January.
const notifiedFriday = "2026-12-18"

func openReview(t *testing.T) RapidReview {
	t.Helper()
	r, err := NewRapidReview("rr1", "p1", "RR-2026-07", notifiedFriday, nil, []string{"police", "health"},
		workdays.EnglandAndWales(), time.Date(2026, 12, 18, 15, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func day(s string) workdays.Date {
	d, _ := workdays.ParseDate(s)
	return d
}

func TestRapidReviewClock(t *testing.T) {
	r := openReview(t)
	got := fmt.Sprint(r.Milestones[0].Due, " ", r.Milestones[1].Due, " ", r.Milestones[2].Due)
	if got != "2027-01-06 2027-01-08 2027-01-13" {
		t.Fatalf("milestones due %s", got)
	}
	cal := workdays.EnglandAndWales()
	for _, tt := range []struct {
		today string
		next  string
		left  int
		rag   RAG
	}{
		// Eight working days to 6 January: 22, 23, 24, 29, 30, 31
		// December, 4, 5 and 6 January less the 22nd itself.
		{"2026-12-22", "agency_information", 8, Green},
		// From a Saturday the Monday is the first.
		{"2027-01-02", "agency_information", 3, Green},
		{"2027-01-04", "agency_information", 2, Amber},
		{"2027-01-06", "agency_information", 0, Amber},
		{"2027-01-07", "agency_information", -1, Red},
	} {
		c := r.ClockOn(day(tt.today), cal)
		if c.Next == nil || c.Next.Key != tt.next || c.DaysLeft != tt.left || c.RAG != tt.rag {
			t.Errorf("%s: %+v, want %s %d %d", tt.today, c, tt.next, tt.left, tt.rag)
		}
	}
	now := time.Date(2027, 1, 7, 10, 0, 0, 0, time.UTC)
	if err := r.CompleteMilestone("agency_information", "2027-01-06", now); err != nil {
		t.Fatal(err)
	}
	if c := r.ClockOn(day("2027-01-07"), cal); c.Next.Key != "panel_review" || c.DaysLeft != 1 || c.RAG != Amber {
		t.Fatalf("after the information: %+v", c)
	}
	for _, bad := range []struct{ key, date, field string }{
		{"nope", "2027-01-06", "key"}, {"panel_review", "2026-12-17", "date"}, {"panel_review", "2027-01-08", "date"}, {"panel_review", "8 Jan", "date"},
	} {
		testinfra.WantViolations(t, r.CompleteMilestone(bad.key, bad.date, now), []string{bad.field})
	}
}

func TestRapidReviewSummariesAndDecision(t *testing.T) {
	r := openReview(t)
	now := time.Date(2027, 1, 5, 10, 0, 0, 0, time.UTC)
	if err := r.RecordSummary("police", " Two contacts in November ", now); err != nil || r.Agencies[0].Summary != "Two contacts in November" || r.Version != 2 {
		t.Fatalf("summary: %v %+v", err, r.Agencies)
	}
	if err := r.RecordSummary("school", "x", now); failure.KindOf(err) != failure.KindNotFound {
		t.Fatalf("an agency not asked: %v", err)
	}
	testinfra.WantViolations(t, r.RecordSummary("health", " ", now), []string{"summary"})
	testinfra.WantViolations(t, r.Decide(Undecided, "", now), []string{"decision", "rationale"})
	decided := time.Date(2027, 1, 12, 16, 0, 0, 0, time.UTC)
	if err := r.Decide(LocalPracticeReview, "Learning about information sharing", decided); err != nil || r.Decision != LocalPracticeReview ||
		r.Milestones[2].Done != "2027-01-12" {
		t.Fatalf("decide: %v %+v", err, r)
	}
	if c := r.ClockOn(day("2027-01-20"), workdays.EnglandAndWales()); c.Next != nil || c.RAG != Green {
		t.Fatalf("a decided review's clock runs on: %+v", c)
	}
	if err := r.Decide(NoReview, "again", decided); failure.KindOf(err) != failure.KindFailedPrecondition {
		t.Fatalf("deciding twice: %v", err)
	}
	if err := r.RecordSummary("health", "late", decided); failure.KindOf(err) != failure.KindFailedPrecondition {
		t.Fatalf("a summary after the decision: %v", err)
	}
}

func TestNewRapidReviewRefusals(t *testing.T) {
	now := time.Date(2026, 12, 18, 15, 0, 0, 0, time.UTC)
	cal := workdays.EnglandAndWales()
	for _, tt := range []struct {
		name       string
		ref, date  string
		milestones []Milestone
		agencies   []string
		fields     []string
	}{
		{"a name", "Jane Smith", notifiedFriday, nil, nil, []string{"rapid_review.reference"}},
		{"bad date", "RR-1", "18/12/2026", nil, nil, []string{"rapid_review.notification_date"}},
		{"future", "RR-1", "2026-12-19", nil, nil, []string{"rapid_review.notification_date"}},
		{"bad milestones", "RR-1", notifiedFriday, []Milestone{{Key: "A", Label: "", WorkingDays: 0}, {Key: "b", Label: "B", WorkingDays: 101}},
			nil, []string{"rapid_review.milestones[0].key", "rapid_review.milestones[0].label", "rapid_review.milestones[0].working_days",
				"rapid_review.milestones[1].working_days"}},
		{"out of order", "RR-1", notifiedFriday, []Milestone{{Key: "a", Label: "A", WorkingDays: 5}, {Key: "b", Label: "B", WorkingDays: 3}},
			nil, []string{"rapid_review.milestones[1].working_days"}},
		{"agency twice", "RR-1", notifiedFriday, nil, []string{"police", "police"}, []string{"rapid_review.agencies[1]"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewRapidReview("r", "p", tt.ref, tt.date, tt.milestones, tt.agencies, cal, now)
			testinfra.WantViolations(t, err, tt.fields)
		})
	}
	// Milestones of its own: due on their working days.
	r, err := NewRapidReview("r", "p", "RR-1", notifiedFriday, []Milestone{{Key: "strategy", Label: "Strategy meeting", WorkingDays: 2}}, nil, cal, now)
	if err != nil || r.Milestones[0].Due != "2026-12-22" {
		t.Fatalf("own milestone: %+v %v", r.Milestones, err)
	}
}
