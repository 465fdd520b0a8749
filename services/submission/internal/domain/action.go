package domain

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
)

// ActionStatus is where an action stands. Values match the API.
type ActionStatus int

// The action statuses; overdue is derived, not stored.
const (
	ActionNotStarted ActionStatus = iota + 1
	ActionOnTrack
	ActionAtRisk
	ActionComplete
)

// PlanAction is an action of a submission's action plan, against a
// question or a standard (section).
type PlanAction struct {
	ID           string
	Submission   SubmissionRef
	QuestionKey  string
	Section      string
	Title        string
	Owner        string
	DueDate      string // YYYY-MM-DD
	Status       ActionStatus
	ProgressNote string
	CreateTime   time.Time
	UpdateTime   time.Time
	Version      int64
	// Updates is the trail of changes, oldest first.
	Updates []ActionUpdate
}

// SubmissionRef names a submission.
type SubmissionRef struct {
	PartnershipID, CampaignID, SubmissionID string
}

// ActionUpdate is one entry of an action's trail.
type ActionUpdate struct {
	Time          time.Time `json:"time"`
	Person        string    `json:"person"`
	Status        ActionStatus
	DueDate       string   `json:"due_date"`
	Note          string   `json:"note,omitempty"`
	ChangedFields []string `json:"changed_fields"`
}

// ActionFields are what a person gives for an action.
type ActionFields struct {
	QuestionKey, Section, Title, Owner, DueDate, ProgressNote string
	Status                                                    ActionStatus
}

// Overdue reports whether the action is past its due date at now and not
// complete.
func (a *PlanAction) Overdue(now time.Time) bool {
	if a.Status == ActionComplete || a.DueDate == "" {
		return false
	}
	return a.DueDate < now.UTC().Format(time.DateOnly)
}

// checkDue adds a violation unless due is a real date not before today.
func checkDue(v *failure.Violations, field, due string, now time.Time) {
	d, err := time.Parse(time.DateOnly, due)
	switch {
	case err != nil:
		v.Add(field, "must be a date written YYYY-MM-DD")
	case d.Format(time.DateOnly) < now.UTC().Format(time.DateOnly):
		v.Add(field, "must not be before today ("+now.UTC().Format(time.DateOnly)+")")
	}
}

func checkText(v *failure.Violations, field, s string, max int, required bool) {
	n := utf8.RuneCountInString(strings.TrimSpace(s))
	switch {
	case required && n == 0:
		v.Add(field, "must not be empty")
	case utf8.RuneCountInString(s) > max:
		v.Addf(field, "must be at most %d characters", max)
	}
}

// NewAction checks and builds an action. idx resolves the question's
// section; an action names a question or a section.
func NewAction(id string, sub SubmissionRef, in ActionFields, idx *FormIndex, person string, now time.Time) (PlanAction, error) {
	var v failure.Violations
	switch {
	case in.QuestionKey != "":
		sec := idx.Section(in.QuestionKey)
		if sec == "" {
			v.Add("action.question_key", in.QuestionKey+" is not a question of this campaign's template")
		} else if in.Section != "" && in.Section != sec {
			v.Add("action.section", "question "+in.QuestionKey+" is in section "+sec+", not "+in.Section)
		}
		in.Section = sec
	case in.Section == "":
		v.Add("action.question_key", "name the question or the standard (section) the action is against")
	case !idx.HasSection(in.Section):
		v.Add("action.section", in.Section+" is not a section of this campaign's template")
	}
	checkText(&v, "action.title", in.Title, 1000, true)
	checkText(&v, "action.owner", in.Owner, 200, true)
	checkText(&v, "action.progress_note", in.ProgressNote, 4000, false)
	checkDue(&v, "action.due_date", in.DueDate, now)
	if in.Status == 0 {
		in.Status = ActionNotStarted
	}
	if in.Status < ActionNotStarted || in.Status > ActionComplete {
		v.Add("action.status", "must be NOT_STARTED, ON_TRACK, AT_RISK or COMPLETE")
	}
	if err := v.Err(); err != nil {
		return PlanAction{}, err
	}
	a := PlanAction{ID: id, Submission: sub, QuestionKey: in.QuestionKey, Section: in.Section, Title: strings.TrimSpace(in.Title),
		Owner: strings.TrimSpace(in.Owner), DueDate: in.DueDate, Status: in.Status, ProgressNote: in.ProgressNote,
		CreateTime: now, UpdateTime: now, Version: 1}
	a.Updates = []ActionUpdate{{Time: now, Person: person, Status: a.Status, DueDate: a.DueDate, Note: a.ProgressNote,
		ChangedFields: []string{"created"}}}
	return a, nil
}

// Update applies the fields named in mask and records the change, with
// its progress note, in the trail. A due date moved must not be before
// today; an unchanged one may already have passed.
func (a *PlanAction) Update(in ActionFields, mask []string, person string, now time.Time) error {
	var v failure.Violations
	next := *a
	var changed []string
	for _, f := range mask {
		switch f {
		case "title":
			checkText(&v, "action.title", in.Title, 1000, true)
			next.Title = strings.TrimSpace(in.Title)
		case "owner":
			checkText(&v, "action.owner", in.Owner, 200, true)
			next.Owner = strings.TrimSpace(in.Owner)
		case "due_date":
			if in.DueDate != a.DueDate {
				checkDue(&v, "action.due_date", in.DueDate, now)
			}
			next.DueDate = in.DueDate
		case "status":
			if in.Status < ActionNotStarted || in.Status > ActionComplete {
				v.Add("action.status", "must be NOT_STARTED, ON_TRACK, AT_RISK or COMPLETE")
			}
			next.Status = in.Status
		case "progress_note":
			checkText(&v, "action.progress_note", in.ProgressNote, 4000, false)
			next.ProgressNote = in.ProgressNote
		default:
			v.Add("update_mask", f+" is not a field of an action that can be updated")
			continue
		}
		changed = append(changed, f)
	}
	if err := v.Err(); err != nil {
		return err
	}
	next.UpdateTime = now
	next.Version++
	next.Updates = append(append([]ActionUpdate(nil), a.Updates...), ActionUpdate{Time: now, Person: person,
		Status: next.Status, DueDate: next.DueDate, Note: in.ProgressNote, ChangedFields: changed})
	*a = next
	return nil
}

// ActionFromRow makes a plan action of a line of a submitted answer's
// action row. The row was checked when it was saved; a due date that has
// passed since stays as written, for the plan shows it overdue.
func ActionFromRow(id string, sub SubmissionRef, key, section string, row form.Action, person string, now time.Time) PlanAction {
	a := PlanAction{ID: id, Submission: sub, QuestionKey: key, Section: section, Title: strings.TrimSpace(row.What),
		Owner: strings.TrimSpace(row.Who), DueDate: row.Due, Status: ActionNotStarted, CreateTime: now, UpdateTime: now, Version: 1}
	a.Updates = []ActionUpdate{{Time: now, Person: person, Status: a.Status, DueDate: a.DueDate, ChangedFields: []string{"created"}}}
	return a
}
