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
