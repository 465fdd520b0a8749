// Package domain is the reminder's model of what is owed: the campaigns the
// submission service has launched, with their due times and states, and
// their submissions with what was last reported of each being handed in,
// and the rules that fold the submission service's events into them. Events
// may arrive out of order or more than once; the rules give the same result
// either way. It does no I/O.
package domain

import (
	"fmt"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
)

// CampaignState is where a campaign is in its life. Values match the API.
type CampaignState int

// The campaign states.
const (
	CampaignStateUnknown CampaignState = iota
	CampaignDraft
	CampaignOpen
	CampaignClosed
	CampaignScheduled
	CampaignArchived
)

// Campaign is what the reminder knows of a campaign: the newest due time
// and the newest state any event has reported, each with the time of the
// event that reported it.
type Campaign struct {
	// Name is partnerships/{p}/campaigns/{c}.
	Name string
	// DueTime is zero until an event reports it.
	DueTime time.Time
	// DueReported is when the event that reported DueTime happened.
	DueReported time.Time
	// State is CampaignStateUnknown until an event reports it.
	State CampaignState
	// StateReported is when the event that reported State happened.
	StateReported time.Time
}

// Merge combines two accounts of a campaign: for the due time and the state
// alike, the one reported by the later event (at equal times, the greater
// value). Merge is commutative, associative and idempotent, so a campaign
// built with it is the same however events are ordered or repeated; a
// redelivered launch never takes back a due date moved since. The store
// applies the same rule in SQL.
func (c Campaign) Merge(o Campaign) Campaign {
	if c.Name == "" {
		c.Name = o.Name
	}
	if n := o.DueReported.Compare(c.DueReported); n > 0 || n == 0 && o.DueTime.After(c.DueTime) {
		c.DueTime, c.DueReported = o.DueTime, o.DueReported
	}
	if n := o.StateReported.Compare(c.StateReported); n > 0 || n == 0 && o.State > c.State {
		c.State, c.StateReported = o.State, o.StateReported
	}
	return c
}

// Launched reports whether the campaign's due time is known, which an
// event about a launched campaign always tells.
func (c Campaign) Launched() bool { return !c.DueTime.IsZero() }

// Chasing reports whether the campaign's owed submissions are outstanding:
// it has been launched and is neither closed nor archived. A scheduled
// campaign is chased like an open one: its submissions are owed by its due
// time.
func (c Campaign) Chasing() bool {
	return c.Launched() && c.State != CampaignClosed && c.State != CampaignArchived
}

// Status is what was last reported of a submission being handed in. Values
// match the API's submission states.
type Status int

// The statuses. StatusNone is a submission nothing has been reported of
// since its launch.
const (
	StatusNone      Status = 0
	StatusSubmitted Status = 3
	StatusReturned  Status = 4
	StatusAccepted  Status = 5
)

// Owed reports whether a submission with this status is still owed: nothing
// handed in yet, or sent back for revision.
func (s Status) Owed() bool { return s == StatusNone || s == StatusReturned }

// Submission is what the reminder knows of one submission.
type Submission struct {
	// Name is partnerships/{p}/campaigns/{c}/submissions/{s}.
	Name string
	// Campaign is partnerships/{p}/campaigns/{c}.
	Campaign string
	// Organisation is organisations/{o}, the organisation that owes it.
	Organisation string
	// Status is the newest status reported, StatusNone if none.
	Status Status
	// StatusTime is when Status was reported to have happened.
	StatusTime time.Time
	// DueTime is its campaign's due time, filled in when outstanding
	// submissions are listed.
	DueTime time.Time
}

// Heard reports whether any event has named the submission.
func (s Submission) Heard() bool { return s.Campaign != "" }

// Outstanding reports whether s is still owed in campaign c: c is chased,
// and s has been heard of and not handed in, or has been sent back.
func Outstanding(c Campaign, s Submission) bool { return c.Chasing() && s.Heard() && s.Status.Owed() }

// Launch returns s as created by its campaign's launch, or by organisations
// added to the campaign: owed by organisation. What has been reported of it
// is kept, so a launch seen after the submission does not make it owed
// again.
func (s Submission) Launch(campaign, organisation string) Submission {
	s.Campaign, s.Organisation = campaign, organisation
	return s
}

// Report returns s with a status reported at a time: the newest report wins
// (at equal times, the greater status), so a return that happened before a
// submission's resubmission does not make it owed again however late it
// arrives. Campaign and organisation fill in what is not yet known. Report
// is commutative and idempotent.
func (s Submission) Report(campaign, organisation string, status Status, at time.Time) Submission {
	if s.Campaign == "" {
		s.Campaign = campaign
	}
	if s.Organisation == "" {
		s.Organisation = organisation
	}
	if n := at.Compare(s.StatusTime); n > 0 || n == 0 && status > s.Status {
		s.Status, s.StatusTime = status, at.UTC()
	}
	return s
}

// CampaignChanged is what one campaign event reports of the campaign: its
// due time and state as they were at Time.
type CampaignChanged struct {
	Campaign string
	DueTime  time.Time
	State    CampaignState
	// Time is when the event happened.
	Time time.Time
	// Details are the campaign's name, dates and partnerships, when the
	// event carries them.
	Details *CampaignDetails
}

// Account is the campaign as the event reports it: a due time or state it
// lacks is not reported.
func (e CampaignChanged) Account() Campaign {
	c := Campaign{Name: e.Campaign}
	if !e.DueTime.IsZero() {
		c.DueTime, c.DueReported = e.DueTime.UTC(), e.Time.UTC()
	}
	if e.State != CampaignStateUnknown {
		c.State, c.StateReported = e.State, e.Time.UTC()
	}
	return c
}

// Draft reports whether the event is about a campaign not yet launched,
// which the reminder has nothing to chase in.
func (e CampaignChanged) Draft() bool { return e.State == CampaignDraft }

// Check reports an invalid-argument error naming every field the event
// lacks.
func (e CampaignChanged) Check() error {
	if e.Campaign == "" {
		return failure.Invalid("campaign.name", "must be set")
	}
	return nil
}

// CampaignLaunched is a campaign's launch, or organisations added to a
// launched campaign: each submission it created is owed by the campaign's
// due time.
type CampaignLaunched struct {
	CampaignChanged
	Submissions []LaunchedSubmission
}

// LaunchedSubmission is one submission created by a launch.
type LaunchedSubmission struct {
	Name         string
	Organisation string
}

// Check reports an invalid-argument error naming every field the launch
// lacks.
func (e CampaignLaunched) Check() error {
	var v failure.Violations
	if e.Campaign == "" {
		v.Add("campaign.name", "must be set")
	}
	if e.DueTime.IsZero() {
		v.Add("campaign.due_time", "must be set")
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

// SubmissionReported is a submission handed in, sent back for revision or
// accepted.
type SubmissionReported struct {
	Submission   string
	Campaign     string
	Organisation string
	Status       Status
	// Time is when it happened.
	Time time.Time
}

// Check reports an invalid-argument error naming every field the event
// lacks.
func (e SubmissionReported) Check() error {
	var v failure.Violations
	if e.Submission == "" {
		v.Add("submission", "must be set")
	}
	if e.Campaign == "" {
		v.Add("campaign", "must be set")
	}
	return v.Err()
}

// CampaignDetails is what reminders need of a campaign besides its due
// time and state, as one event reported it at Time.
type CampaignDetails struct {
	Campaign     string
	DisplayName  string
	Open, Close  time.Time
	Partnerships []string // partnership ids
	Time         time.Time
}

// Chased is a campaign as the scheduler sees it: what is known of it, with
// its details.
type Chased struct {
	Campaign
	CampaignDetails
}

// Person is someone reminders are written to, from the directory.
type Person struct {
	ID, Email, Name string
	Active          bool
}
