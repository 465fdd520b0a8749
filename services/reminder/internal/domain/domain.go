// Package domain is the reminder's model of what is owed: the submissions
// of launched campaigns and whether each has been handed in, with the rules
// that fold the submission service's events into it. Events may arrive out
// of order or more than once; the rules give the same result either way.
// It does no I/O.
package domain

import (
	"fmt"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
)

// Submission is what the reminder knows of one submission.
type Submission struct {
	// Name is partnerships/{p}/campaigns/{c}/submissions/{s}.
	Name string
	// Campaign is partnerships/{p}/campaigns/{c}.
	Campaign string
	// Organisation is organisations/{o}, the organisation that owes it.
	Organisation string
	// DueTime is when it is due; zero until the campaign's launch is known.
	DueTime time.Time
	// Submitted is set once it has been handed in.
	Submitted bool
}

// Launched reports whether the launch of the submission's campaign is
// known.
func (s Submission) Launched() bool { return !s.DueTime.IsZero() }

// Outstanding reports whether the submission is still owed: its campaign
// has been launched and it has not been handed in.
func (s Submission) Outstanding() bool { return s.Launched() && !s.Submitted }

// Launch returns s as its campaign's launch reports it: owed by
// organisation by due. Whether it was already handed in is kept, so a launch
// seen after the submission does not make it owed again.
func (s Submission) Launch(campaign, organisation string, due time.Time) Submission {
	s.Campaign, s.Organisation, s.DueTime = campaign, organisation, due.UTC()
	return s
}

// Submit returns s handed in. Handing in is final: nothing heard later
// makes a submission owed again. Campaign and organisation fill in what is
// not yet known.
func (s Submission) Submit(campaign, organisation string) Submission {
	if s.Campaign == "" {
		s.Campaign = campaign
	}
	if s.Organisation == "" {
		s.Organisation = organisation
	}
	s.Submitted = true
	return s
}

// CampaignLaunched is a campaign's launch: each submission it created is
// owed by DueTime.
type CampaignLaunched struct {
	Campaign    string
	DueTime     time.Time
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

// SubmissionSubmitted is one submission handed in.
type SubmissionSubmitted struct {
	Submission   string
	Campaign     string
	Organisation string
}

// Check reports an invalid-argument error naming every field the event
// lacks.
func (e SubmissionSubmitted) Check() error {
	var v failure.Violations
	if e.Submission == "" {
		v.Add("submission", "must be set")
	}
	if e.Campaign == "" {
		v.Add("campaign", "must be set")
	}
	return v.Err()
}
