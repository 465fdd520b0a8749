package domain

import "time"

// Event is something that happened to campaigns or submissions that other
// services may care about.
type Event interface{ isEvent() }

// CampaignCreated records a new draft campaign.
type CampaignCreated struct{ Campaign Campaign }

// CampaignLaunched records a launch and the submissions it created.
type CampaignLaunched struct {
	Campaign    Campaign
	Submissions []Submission
}

// CampaignUpdated records a change of a campaign's details.
type CampaignUpdated struct {
	Campaign    Campaign
	Changed     []string
	PreviousDue time.Time
}

// OrganisationsAdded records organisations added to a campaign and the
// submissions created for them.
type OrganisationsAdded struct {
	Campaign    Campaign
	Submissions []Submission
}

// CampaignOpened records a scheduled campaign opening.
type CampaignOpened struct{ Campaign Campaign }

// CampaignClosedEvent records a campaign closing.
type CampaignClosedEvent struct{ Campaign Campaign }

// CampaignArchivedEvent records a campaign filed away.
type CampaignArchivedEvent struct{ Campaign Campaign }

// AnswersSaved records one save of some answers.
type AnswersSaved struct {
	Submission Submission
	Answers    []StoredAnswer
	Person     string
}

// SubmissionSubmitted records a submission.
type SubmissionSubmitted struct{ Submission Submission }

// SubmissionReturned records a return for revision.
type SubmissionReturned struct {
	Submission Submission
	Person     string
}

// SubmissionAccepted records QA's acceptance.
type SubmissionAccepted struct{ Submission Submission }

// ActionChanged records an action created or updated.
type ActionChanged struct {
	Action         PlanAction
	OrganisationID string
	Created        bool
}

// EvidenceUploaded records a file kept as evidence.
type EvidenceUploaded struct{ Evidence Evidence }

func (CampaignCreated) isEvent()       {}
func (CampaignLaunched) isEvent()      {}
func (CampaignUpdated) isEvent()       {}
func (OrganisationsAdded) isEvent()    {}
func (CampaignOpened) isEvent()        {}
func (CampaignClosedEvent) isEvent()   {}
func (CampaignArchivedEvent) isEvent() {}
func (AnswersSaved) isEvent()          {}
func (SubmissionSubmitted) isEvent()   {}
func (SubmissionReturned) isEvent()    {}
func (SubmissionAccepted) isEvent()    {}
func (ActionChanged) isEvent()         {}
func (EvidenceUploaded) isEvent()      {}

// MaxSubmissionsPerEvent bounds the submissions one launch or addition
// event lists, so a launch to thousands of organisations stays within what
// the broker carries: it becomes several events, each with the campaign.
const MaxSubmissionsPerEvent = 500

// LaunchEvents records a launch as one event, or several for a large
// audience.
func LaunchEvents(c Campaign, subs []Submission) []Event {
	var out []Event
	for _, chunk := range chunks(subs) {
		out = append(out, CampaignLaunched{Campaign: c, Submissions: chunk})
	}
	return out
}

// AddedEvents records organisations added as one event, or several.
func AddedEvents(c Campaign, subs []Submission) []Event {
	var out []Event
	for _, chunk := range chunks(subs) {
		out = append(out, OrganisationsAdded{Campaign: c, Submissions: chunk})
	}
	return out
}

// chunks splits subs into runs of at most MaxSubmissionsPerEvent; none
// gives one empty run, so the event is still written.
func chunks(subs []Submission) [][]Submission {
	if len(subs) == 0 {
		return [][]Submission{nil}
	}
	var out [][]Submission
	for len(subs) > MaxSubmissionsPerEvent {
		out = append(out, subs[:MaxSubmissionsPerEvent])
		subs = subs[MaxSubmissionsPerEvent:]
	}
	return append(out, subs)
}
