package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
)

// ActionStatus is where a recommendation's action stands. Values match the
// API's.
type ActionStatus int

// The statuses.
const (
	ActionUnknown ActionStatus = iota
	ActionNotStarted
	ActionOnTrack
	ActionAtRisk
	ActionComplete
)

// FindingAction is one action a recommendation became: who does what by
// when, and how it is going.
type FindingAction struct {
	ID, Title, Owner string
	// DueDate is YYYY-MM-DD.
	DueDate string
	Status  ActionStatus
	Updates []ActionUpdate
}

// ActionUpdate is one progress note on an action.
type ActionUpdate struct {
	Time   time.Time
	Person string
	Status ActionStatus
	Note   string
}

// Recommendation is one recommendation of a round, with the actions it
// became.
type Recommendation struct {
	Text    string
	Actions []FindingAction
}

// RoundReview is the review of the round itself.
type RoundReview struct {
	// StaffHours is the staff time the round took, in hours.
	StaffHours float64
	// NextTime is what to change next time.
	NextTime string
}

// RoundFindings are what a round found: what works well, the concerns, the
// recommendations and their actions, and the review of the round. They
// outlive the purge of its case detail, and executives read them.
type RoundFindings struct {
	PartnershipID, RoundID string
	WorkingWell, Concerns  []string
	Recommendations        []Recommendation
	Review                 RoundReview
	UpdateTime             time.Time
	Version                int64
}

// Limits on findings.
const (
	MaxFindingItems = 50
	MaxFindingText  = 5000
	MaxActions      = 20
)

// SaveFindings replaces the round's findings with f, checked, while the
// round is at its findings; actions keep their updates, matched by id, and
// new ones get ids from newID. It returns the findings as saved.
func (r Round) SaveFindings(prev, f RoundFindings, newID func() string, now time.Time) (RoundFindings, error) {
	var v failure.Violations
	items := func(field string, in []string) []string {
		if len(in) > MaxFindingItems {
			v.Addf(field, "must be at most %d", MaxFindingItems)
		}
		out := make([]string, len(in))
		for i, s := range in {
			out[i] = checkText(&v, fmt.Sprintf("%s[%d]", field, i), s, true, MaxFindingText)
		}
		return out
	}
	out := RoundFindings{PartnershipID: r.PartnershipID, RoundID: r.ID, WorkingWell: items("working_well", f.WorkingWell),
		Concerns: items("concerns", f.Concerns), UpdateTime: now, Version: prev.Version + 1}
	if len(f.Recommendations) > MaxFindingItems {
		v.Addf("recommendations", "must be at most %d", MaxFindingItems)
	}
	old := map[string]FindingAction{}
	for _, rec := range prev.Recommendations {
		for _, a := range rec.Actions {
			old[a.ID] = a
		}
	}
	for i, rec := range f.Recommendations {
		path := fmt.Sprintf("recommendations[%d]", i)
		nr := Recommendation{Text: checkText(&v, path+".text", rec.Text, true, MaxFindingText)}
		if len(rec.Actions) > MaxActions {
			v.Addf(path+".actions", "must be at most %d", MaxActions)
		}
		for k, a := range rec.Actions {
			ap := fmt.Sprintf("%s.actions[%d]", path, k)
			na := FindingAction{ID: a.ID, Title: checkText(&v, ap+".title", a.Title, true, 500), Owner: checkText(&v, ap+".owner", a.Owner, true, 200),
				DueDate: a.DueDate, Status: a.Status}
			if _, err := time.Parse(time.DateOnly, a.DueDate); err != nil {
				v.Add(ap+".due_date", "must be a date written YYYY-MM-DD")
			}
			if na.Status == ActionUnknown {
				na.Status = ActionNotStarted
			}
			if na.Status < ActionNotStarted || na.Status > ActionComplete {
				v.Add(ap+".status", "must be NOT_STARTED, ON_TRACK, AT_RISK or COMPLETE")
			}
			if kept, ok := old[a.ID]; ok && a.ID != "" {
				na.Updates = kept.Updates
			} else if a.ID != "" {
				v.Add(ap+".id", "names no action of these findings; leave it empty for a new one")
			} else {
				na.ID = newID()
			}
			nr.Actions = append(nr.Actions, na)
		}
		out.Recommendations = append(out.Recommendations, nr)
	}
	if f.Review.StaffHours < 0 || f.Review.StaffHours > 100000 {
		v.Add("review.staff_hours", "must be from 0 to 100000")
	}
	out.Review = RoundReview{StaffHours: f.Review.StaffHours, NextTime: strings.TrimSpace(f.Review.NextTime)}
	if out.Review.NextTime != "" {
		checkText(&v, "review.next_time", out.Review.NextTime, true, MaxFindingText)
	}
	if err := v.Err(); err != nil {
		return RoundFindings{}, err
	}
	if r.State != Findings {
		return RoundFindings{}, failure.FailedPrecondition("the round is %s: findings are written at its findings stage", r.State)
	}
	return out, nil
}

// UpdateAction records progress on one action of the findings: its new
// status and a note, by person. Actions are tracked after the round
// closes.
func (f *RoundFindings) UpdateAction(id string, status ActionStatus, note, person string, now time.Time) error {
	var v failure.Violations
	note = checkText(&v, "note", note, false, MaxFindingText)
	if status < ActionNotStarted || status > ActionComplete {
		v.Add("status", "must be NOT_STARTED, ON_TRACK, AT_RISK or COMPLETE")
	}
	if err := v.Err(); err != nil {
		return err
	}
	for i := range f.Recommendations {
		actions := f.Recommendations[i].Actions
		if k := slices.IndexFunc(actions, func(a FindingAction) bool { return a.ID == id }); k >= 0 {
			actions[k].Status = status
			actions[k].Updates = append(actions[k].Updates, ActionUpdate{Time: now, Person: person, Status: status, Note: note})
			f.UpdateTime = now
			f.Version++
			return nil
		}
	}
	return failure.NotFound("no action %s in the findings", id)
}

// FindingsSaved records findings saved or an action updated.
type FindingsSaved struct{ Findings RoundFindings }

func (FindingsSaved) isEvent() {}
