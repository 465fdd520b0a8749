// Package domain is the reporting service's completion model: how far each
// submission of a campaign has got, the rules that fold the submission
// service's events into it whatever order they arrive in, and the report
// built from it. It does no I/O.
package domain

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/workdays"
)

// State is how far a submission has got. Values match the API's
// submission states.
type State int

// The states. NotStarted and InProgress are how far the answering has got,
// which only moves forward; Submitted, Returned and Accepted are what was
// last reported of its being handed in, which the newest report decides.
const (
	StateUnknown State = iota
	NotStarted
	InProgress
	Submitted
	Returned
	Accepted
)

// String is the state's name in reports.
func (s State) String() string {
	switch s {
	case NotStarted:
		return "NOT_STARTED"
	case InProgress:
		return "IN_PROGRESS"
	case Submitted:
		return "SUBMITTED"
	case Returned:
		return "RETURNED"
	case Accepted:
		return "ACCEPTED"
	default:
		return "STATE_UNKNOWN"
	}
}

// Progress is what is known of how far a submission has got and when it
// last saw activity.
type Progress struct {
	// Work is how far the answering has got (NotStarted or InProgress),
	// the highest any event has reported.
	Work State
	// Review is what was last reported of the submission being handed in
	// (Submitted, Returned or Accepted); StateUnknown until it is handed
	// in.
	Review State
	// ReviewTime is when Review happened.
	ReviewTime time.Time
	// LastActivity is zero when nothing has been saved, handed in or
	// reviewed.
	LastActivity time.Time
	// FirstActivity is the earliest save or hand-in; zero before either.
	FirstActivity time.Time
	// FirstHandIn is when the return was first handed in (submitted, or
	// accepted without a submission seen); zero before that. A return
	// sent back keeps it.
	FirstHandIn time.Time
}

// State is the submission's state: what was last reported of its being
// handed in, or else how far the answering has got. A submission sent back
// stays Returned while it is revised, until it is handed in again.
func (p Progress) State() State {
	if p.Review != StateUnknown {
		return p.Review
	}
	return p.Work
}

// Merge combines two accounts of a submission's progress: the higher work
// state, the review reported by the later event (at equal times, the
// higher state), the later last activity and the earlier first activity
// and hand-in. Merge is commutative, associative
// and idempotent, so progress built with it is the same however events are
// ordered or repeated: a return redelivered after the resubmission that
// followed it does not take the submission back. The store applies the
// same rule in SQL.
func (p Progress) Merge(q Progress) Progress {
	r := Progress{Work: max(p.Work, q.Work), Review: p.Review, ReviewTime: p.ReviewTime,
		LastActivity:  later(p.LastActivity, q.LastActivity),
		FirstActivity: earlier(p.FirstActivity, q.FirstActivity),
		FirstHandIn:   earlier(p.FirstHandIn, q.FirstHandIn)}
	if q.Review != StateUnknown {
		if n := q.ReviewTime.Compare(p.ReviewTime); n > 0 || n == 0 && q.Review > p.Review {
			r.Review, r.ReviewTime = q.Review, q.ReviewTime
		}
	}
	return r
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// earlier is the earlier of two times, a zero time being unknown.
func earlier(a, b time.Time) time.Time {
	if a.IsZero() || !b.IsZero() && b.Before(a) {
		return b
	}
	return a
}

// Campaign is a campaign as the reporting service knows it.
type Campaign struct {
	// Name is partnerships/{p}/campaigns/{c}.
	Name string
	// DisplayName is empty until the launch is seen.
	DisplayName string
	// AsOf is the time of the newest event applied to the campaign.
	AsOf time.Time
	// Version moves on with every change to the campaign's report.
	Version int64
	// Due is when returns are due; zero until an event gives it.
	Due time.Time
	// Launched is when the campaign was launched; zero until the launch
	// is seen.
	Launched time.Time
}

// Row is one organisation's line in a completion report.
type Row struct {
	// Organisation is organisations/{o}; empty until an event names it.
	Organisation string
	// DisplayName is the organisation's, when the directory has told it.
	DisplayName string
	Submission  string
	Progress
}

// Overdue reports whether the row's return is late at now: the campaign's
// due date has passed and the return is not handed in (submitted or
// accepted; one sent back is outstanding again).
func (row Row) Overdue(due, now time.Time) bool { return Overdue(row.State(), due, now) }

// Overdue reports whether a return in state st is late at now: the due
// date has passed and it is not handed in (submitted or accepted; one sent
// back is outstanding again).
func Overdue(st State, due, now time.Time) bool {
	return !due.IsZero() && now.After(due) && st != Submitted && st != Accepted
}

// Report is a campaign's completion report.
type Report struct {
	Campaign Campaign
	// Total counts the rows, the others the rows in each state.
	Total, NotStarted, InProgress, Submitted, Returned, Accepted int
	// Rows are ordered by organisation, then submission.
	Rows []Row
	// OverTime is the burn-up: day by day, how many returns had been
	// started and handed in.
	OverTime []CompletionDay
}

// NewReport counts rows by state and orders them by organisation, in byte
// order.
func NewReport(c Campaign, rows []Row) Report {
	r := Report{Campaign: c, Rows: slices.Clone(rows), Total: len(rows)}
	slices.SortFunc(r.Rows, func(a, b Row) int {
		return cmp.Or(cmp.Compare(a.Organisation, b.Organisation), cmp.Compare(a.Submission, b.Submission))
	})
	for _, row := range r.Rows {
		switch row.State() {
		case NotStarted:
			r.NotStarted++
		case InProgress:
			r.InProgress++
		case Submitted:
			r.Submitted++
		case Returned:
			r.Returned++
		case Accepted:
			r.Accepted++
		}
	}
	r.OverTime = BurnUp(c, r.Rows, workdays.London())
	return r
}

// CampaignLaunched is a campaign's launch, or organisations added to a
// launched campaign: one submission per organisation, none started.
type CampaignLaunched struct {
	Campaign    string
	DisplayName string
	// Due is the campaign's due date; zero if the event gives none.
	Due time.Time
	// Draft is set for organisations added to a campaign not yet launched,
	// which create no submissions.
	Draft       bool
	Submissions []LaunchedSubmission
	// Time is when the event happened.
	Time time.Time
}

// LaunchedSubmission is one submission created by a launch.
type LaunchedSubmission struct {
	Name         string
	Organisation string
}

// Progress is what the launch reports of each submission.
func (CampaignLaunched) Progress() Progress { return Progress{Work: NotStarted} }

// Check reports an invalid-argument error naming every field the event
// lacks.
func (e CampaignLaunched) Check() error {
	var v failure.Violations
	if e.Campaign == "" {
		v.Add("campaign.name", "must be set")
	}
	for i, s := range e.Submissions {
		if s.Name == "" {
			v.Add(fmt.Sprintf("submissions[%d].name", i), "must be set")
		}
		if s.Organisation == "" {
			v.Add(fmt.Sprintf("submissions[%d].organisation", i), "must be set")
		}
	}
	return v.Err()
}

// CampaignUpdated is a change of a campaign's details, its display name
// among them.
type CampaignUpdated struct {
	Campaign    string
	DisplayName string
	// Due is the campaign's due date; zero if the event gives none.
	Due time.Time
	// Draft is set for a campaign not yet launched.
	Draft bool
	// Time is when the event happened.
	Time time.Time
}

// Check reports an invalid-argument error naming every field the event
// lacks.
func (e CampaignUpdated) Check() error {
	if e.Campaign == "" {
		return failure.Invalid("campaign.name", "must be set")
	}
	return nil
}

// AnswersSaved is a save of some of a submission's answers.
type AnswersSaved struct {
	Submission string
	Campaign   string
	SaveTime   time.Time
	// Time is when the event happened.
	Time time.Time
}

// Progress is what the save reports: in progress since SaveTime. A save
// while the submission is sent back for revision leaves it Returned.
func (e AnswersSaved) Progress() Progress {
	return Progress{Work: InProgress, LastActivity: e.SaveTime, FirstActivity: e.SaveTime}
}

// Check reports an invalid-argument error naming every field the event
// lacks.
func (e AnswersSaved) Check() error { return checkSubmission(e.Submission, e.Campaign) }

// SubmissionReported is a submission handed in, sent back for revision or
// accepted.
type SubmissionReported struct {
	Submission   string
	Campaign     string
	Organisation string
	// State is Submitted, Returned or Accepted.
	State State
	// At is when it happened.
	At time.Time
	// Time is when the event happened.
	Time time.Time
}

// Progress is what the event reports: State since At. Handing in implies
// the answering was in progress; a hand-in or acceptance at At means the
// return was first handed in at At or before.
func (e SubmissionReported) Progress() Progress {
	p := Progress{Work: InProgress, Review: e.State, ReviewTime: e.At, LastActivity: e.At, FirstActivity: e.At}
	if e.State == Submitted || e.State == Accepted {
		p.FirstHandIn = e.At
	}
	return p
}

// Check reports an invalid-argument error naming every field the event
// lacks.
func (e SubmissionReported) Check() error { return checkSubmission(e.Submission, e.Campaign) }

func checkSubmission(submission, campaign string) error {
	var v failure.Violations
	if submission == "" {
		v.Add("submission", "must be set")
	}
	if campaign == "" {
		v.Add("campaign", "must be set")
	}
	return v.Err()
}

// OrganisationCreated is a new organisation in the directory.
type OrganisationCreated struct {
	Organisation string
	DisplayName  string
}

// Check reports an invalid-argument error naming every field the event
// lacks.
func (e OrganisationCreated) Check() error {
	if e.Organisation == "" {
		return failure.Invalid("organisation.name", "must be set")
	}
	return nil
}
