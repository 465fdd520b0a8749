package domain

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

// AnswersSaved records a save of some answers.
type AnswersSaved struct {
	Submission Submission
	Keys       []string
}

// SubmissionSubmitted records a submission.
type SubmissionSubmitted struct{ Submission Submission }

func (CampaignCreated) isEvent()     {}
func (CampaignLaunched) isEvent()    {}
func (AnswersSaved) isEvent()        {}
func (SubmissionSubmitted) isEvent() {}
