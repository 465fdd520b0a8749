package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/workdays"
)

// Decision is what a rapid review decided. Values match the API's.
type Decision int

// The decisions.
const (
	Undecided Decision = iota
	// LocalPracticeReview: a local child safeguarding practice review
	// follows.
	LocalPracticeReview
	// NoReview: no local practice review.
	NoReview
)

// Milestone is a point on a rapid review's working-day clock.
type Milestone struct {
	// Key names it, e.g. "agency_information".
	Key, Label string
	// WorkingDays counts from the notification: day 1 is the first
	// working day after it.
	WorkingDays int
	// Due is the date it falls on, YYYY-MM-DD.
	Due string
	// Done is the date it was met, YYYY-MM-DD; empty until then.
	Done string
}

// DefaultMilestones are the statutory clock's usual points: agencies'
// information by day 10, the panel's review by day 12, the decision sent
// by day 15.
func DefaultMilestones() []Milestone {
	return []Milestone{
		{Key: "agency_information", Label: "Agency information", WorkingDays: 10},
		{Key: "panel_review", Label: "Panel review", WorkingDays: 12},
		{Key: "decision_sent", Label: "Decision sent", WorkingDays: 15},
	}
}

// AgencySummary is one agency's summary for a rapid review.
type AgencySummary struct {
	// Agency is the organisation id.
	Agency string
	// Summary is what the agency knew and did; empty until received.
	Summary      string
	ReceivedTime time.Time
}

// RapidReview is a rapid review of a serious incident notification,
// against a working-day clock.
type RapidReview struct {
	PartnershipID, ID string
	// Reference is pseudonymous, as case references are.
	Reference string
	// Notified is the date the serious incident notification was made,
	// YYYY-MM-DD.
	Notified   string
	Milestones []Milestone
	Agencies   []AgencySummary
	Decision   Decision
	Rationale  string
	DecideTime time.Time
	CreateTime time.Time
	UpdateTime time.Time
	Version    int64
}

// Limits on a rapid review.
const (
	MaxMilestones = 10
	MaxSummary    = 20000
	MaxRationale  = 5000
)

// NewRapidReview opens a rapid review notified on notified (YYYY-MM-DD)
// with its clock's milestones (DefaultMilestones if none), each falling on
// its working day after the notification in cal, and the agencies asked
// for summaries.
func NewRapidReview(id, partnershipID, ref, notified string, milestones []Milestone, agencies []string, cal *workdays.Calendar, now time.Time) (RapidReview, error) {
	var v failure.Violations
	if !reference.MatchString(ref) {
		v.Add("rapid_review.reference", "must be a pseudonymous reference of 3-32 capital letters, digits or hyphens, never a name")
	}
	day, err := workdays.ParseDate(notified)
	if err != nil {
		v.Add("rapid_review.notification_date", "must be a date written YYYY-MM-DD")
	} else if workdays.DateOf(now, workdays.London()).Before(day) {
		v.Add("rapid_review.notification_date", "must not be in the future")
	}
	if len(milestones) == 0 {
		milestones = DefaultMilestones()
	}
	if len(milestones) > MaxMilestones {
		v.Addf("rapid_review.milestones", "must be at most %d", MaxMilestones)
	}
	keys := map[string]bool{}
	out := make([]Milestone, len(milestones))
	for i, m := range milestones {
		path := fmt.Sprintf("rapid_review.milestones[%d]", i)
		if !milestoneKey(m.Key) {
			v.Add(path+".key", "must be 1-40 lower-case letters, digits or underscores")
		}
		if keys[m.Key] {
			v.Addf(path+".key", "repeats %s", m.Key)
		}
		keys[m.Key] = true
		if l := utf8.RuneCountInString(m.Label); l == 0 || l > 100 {
			v.Add(path+".label", "must be 1-100 characters")
		}
		if m.WorkingDays < 1 || m.WorkingDays > 100 {
			v.Add(path+".working_days", "must be from 1 to 100")
		}
		if i > 0 && m.WorkingDays < milestones[i-1].WorkingDays {
			v.Add(path+".working_days", "must not come before the milestone above it")
		}
		out[i] = Milestone{Key: m.Key, Label: strings.TrimSpace(m.Label), WorkingDays: m.WorkingDays}
	}
	seen := map[string]bool{}
	var summaries []AgencySummary
	for i, a := range agencies {
		if !organisationID.MatchString(a) || seen[a] {
			v.Addf(fmt.Sprintf("rapid_review.agencies[%d]", i), "must name an organisation once")
		}
		seen[a] = true
		summaries = append(summaries, AgencySummary{Agency: a})
	}
	if len(agencies) > MaxAgencies {
		v.Addf("rapid_review.agencies", "must name at most %d agencies", MaxAgencies)
	}
	if err := v.Err(); err != nil {
		return RapidReview{}, err
	}
	for i := range out {
		out[i].Due = cal.AddWorkingDays(day, out[i].WorkingDays).String()
	}
	return RapidReview{PartnershipID: partnershipID, ID: id, Reference: ref, Notified: day.String(), Milestones: out,
		Agencies: summaries, CreateTime: now, UpdateTime: now, Version: 1}, nil
}

func milestoneKey(k string) bool {
	if k == "" || len(k) > 40 {
		return false
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// RecordSummary records an agency's summary; the agency must have been
// asked for one, and a decided review takes no more.
func (r *RapidReview) RecordSummary(agency, summary string, now time.Time) error {
	i := slices.IndexFunc(r.Agencies, func(a AgencySummary) bool { return a.Agency == agency })
	summary = strings.TrimSpace(summary)
	switch {
	case i < 0:
		// As for a review that does not exist: an agency's lead learns
		// nothing of reviews that did not ask it.
		return failure.NotFound("partnerships/%s/rapidReviews/%s not found", r.PartnershipID, r.ID)
	case summary == "" || utf8.RuneCountInString(summary) > MaxSummary:
		return failure.Invalid("summary", fmt.Sprintf("must be 1-%d characters", MaxSummary))
	case r.Decision != Undecided:
		return failure.FailedPrecondition("the rapid review is decided")
	}
	r.Agencies[i].Summary, r.Agencies[i].ReceivedTime = summary, now
	r.touch(now)
	return nil
}

// CompleteMilestone records that the milestone key was met on day
// (YYYY-MM-DD), no earlier than the notification.
func (r *RapidReview) CompleteMilestone(key, day string, now time.Time) error {
	i := slices.IndexFunc(r.Milestones, func(m Milestone) bool { return m.Key == key })
	if i < 0 {
		return failure.Invalid("key", "is not a milestone of this rapid review")
	}
	d, err := workdays.ParseDate(day)
	if err != nil {
		return failure.Invalid("date", "must be a date written YYYY-MM-DD")
	}
	notified, _ := workdays.ParseDate(r.Notified)
	if d.Before(notified) || workdays.DateOf(now, workdays.London()).Before(d) {
		return failure.Invalid("date", "must be between the notification and today")
	}
	r.Milestones[i].Done = d.String()
	r.touch(now)
	return nil
}

// Decide records the decision and its rationale, once; the last
// milestone, the decision sent, is met today if not recorded already.
func (r *RapidReview) Decide(d Decision, rationale string, now time.Time) error {
	rationale = strings.TrimSpace(rationale)
	var v failure.Violations
	if d != LocalPracticeReview && d != NoReview {
		v.Add("decision", "must be LOCAL_PRACTICE_REVIEW or NO_REVIEW")
	}
	if rationale == "" || utf8.RuneCountInString(rationale) > MaxRationale {
		v.Addf("rationale", "must be 1-%d characters", MaxRationale)
	}
	if err := v.Err(); err != nil {
		return err
	}
	if r.Decision != Undecided {
		return failure.FailedPrecondition("the rapid review is decided already")
	}
	r.Decision, r.Rationale, r.DecideTime = d, rationale, now
	if last := &r.Milestones[len(r.Milestones)-1]; last.Done == "" {
		last.Done = workdays.DateOf(now, workdays.London()).String()
	}
	r.touch(now)
	return nil
}

func (r *RapidReview) touch(now time.Time) {
	r.UpdateTime = now
	r.Version++
}

// RAG is a review's standing on its clock: green with time in hand, amber
// with two working days or fewer to its next milestone, red past it.
type RAG int

// The colours.
const (
	Green RAG = iota + 1
	Amber
	Red
)

// Clock is where a review stands on today's date.
type Clock struct {
	// Next is the first milestone not met; nil when all are.
	Next *Milestone
	// DaysLeft counts the working days from today to Next's due date:
	// 0 on the day, negative past it.
	DaysLeft int
	RAG      RAG
}

// ClockOn is the review's clock on today: stopped (no next milestone)
// once the review is decided.
func (r RapidReview) ClockOn(today workdays.Date, cal *workdays.Calendar) Clock {
	if r.Decision != Undecided {
		return Clock{RAG: Green}
	}
	for i := range r.Milestones {
		m := r.Milestones[i]
		if m.Done != "" {
			continue
		}
		due, _ := workdays.ParseDate(m.Due)
		left := cal.WorkingDaysBetween(today, due)
		c := Clock{Next: &m, DaysLeft: left, RAG: Green}
		switch {
		case today.After(due):
			c.RAG = Red
		case left <= 2:
			c.RAG = Amber
		}
		return c
	}
	return Clock{RAG: Green}
}
