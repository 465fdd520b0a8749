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
)

// State is how far a submission has got. States are ranked by their values:
// a submission only moves forward, so its state is the highest any event
// has reported.
type State int

// The states, lowest rank first.
const (
	StateUnknown State = iota
	NotStarted
	InProgress
	Submitted
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
	default:
		return "STATE_UNKNOWN"
	}
}

// Progress is a submission's state and when it last saw activity.
type Progress struct {
	State State
	// LastActivity is zero when nothing has been saved or submitted.
	LastActivity time.Time
}

// Merge combines two accounts of a submission's progress: the higher state
// and the later activity. Merge is commutative, associative and idempotent,
// so progress built with it is the same however events are ordered or
// repeated. The store applies the same rule in SQL.
func (p Progress) Merge(q Progress) Progress {
	return Progress{State: max(p.State, q.State), LastActivity: later(p.LastActivity, q.LastActivity)}
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
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

// Report is a campaign's completion report.
type Report struct {
	Campaign                                 Campaign
	Total, NotStarted, InProgress, Submitted int
	// Rows are ordered by organisation, then submission.
	Rows []Row
}

// NewReport counts rows by state and orders them by organisation, in byte
// order.
func NewReport(c Campaign, rows []Row) Report {
	r := Report{Campaign: c, Rows: slices.Clone(rows), Total: len(rows)}
	slices.SortFunc(r.Rows, func(a, b Row) int {
		return cmp.Or(cmp.Compare(a.Organisation, b.Organisation), cmp.Compare(a.Submission, b.Submission))
	})
	for _, row := range r.Rows {
		switch row.State {
		case NotStarted:
			r.NotStarted++
		case InProgress:
			r.InProgress++
		case Submitted:
			r.Submitted++
		}
	}
	return r
}

// CampaignLaunched is a campaign's launch: one submission per organisation,
// none started.
type CampaignLaunched struct {
	Campaign    string
	DisplayName string
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
func (CampaignLaunched) Progress() Progress { return Progress{State: NotStarted} }

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

// AnswersSaved is a save of some of a submission's answers.
type AnswersSaved struct {
	Submission string
	Campaign   string
	SaveTime   time.Time
	// Time is when the event happened.
	Time time.Time
}

// Progress is what the save reports: in progress since SaveTime.
func (e AnswersSaved) Progress() Progress {
	return Progress{State: InProgress, LastActivity: e.SaveTime}
}

// Check reports an invalid-argument error naming every field the event
// lacks.
func (e AnswersSaved) Check() error { return checkSubmission(e.Submission, e.Campaign) }

// SubmissionSubmitted is a submission handed in.
type SubmissionSubmitted struct {
	Submission   string
	Campaign     string
	Organisation string
	SubmitTime   time.Time
	// Time is when the event happened.
	Time time.Time
}

// Progress is what the event reports: submitted at SubmitTime.
func (e SubmissionSubmitted) Progress() Progress {
	return Progress{State: Submitted, LastActivity: e.SubmitTime}
}

// Check reports an invalid-argument error naming every field the event
// lacks.
func (e SubmissionSubmitted) Check() error { return checkSubmission(e.Submission, e.Campaign) }

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
