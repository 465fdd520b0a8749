package domain

import (
	"sort"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
)

// SubmissionState is where a submission is in its life. Values match the API.
type SubmissionState int

// The submission states.
const (
	NotStarted SubmissionState = iota + 1
	InProgress
	Submitted
)

// Submission is one organisation's return to a campaign.
type Submission struct {
	ID             string
	PartnershipID  string
	CampaignID     string
	OrganisationID string
	State          SubmissionState
	Answers        map[string]form.Answer
	AnswerTimes    map[string]time.Time
	UpdateTime     time.Time
	SubmitTime     time.Time // zero until submitted
	Version        int64
	// Changed lists the answers changed since the submission was loaded,
	// for storage to write.
	Changed []string
}

// Save checks answers against the compiled form of the campaign's version
// as a draft (each value must fit its question; nothing is required yet)
// and applies them. The caller must have checked the version. It returns
// the keys saved.
func (s *Submission) Save(f *form.Compiled, answers []form.Answer, now time.Time) ([]string, error) {
	if s.State == Submitted {
		return nil, failure.FailedPrecondition("submission was submitted; it can no longer be changed")
	}
	if err := f.CheckDraft(answers); err != nil {
		return nil, err
	}
	if s.Answers == nil {
		s.Answers = map[string]form.Answer{}
	}
	if s.AnswerTimes == nil {
		s.AnswerTimes = map[string]time.Time{}
	}
	keys := make([]string, 0, len(answers))
	for _, a := range answers {
		s.Answers[a.Key] = a
		s.AnswerTimes[a.Key] = now
		keys = append(keys, a.Key)
		s.Changed = append(s.Changed, a.Key)
	}
	s.State = InProgress
	s.UpdateTime = now
	s.Version++
	return keys, nil
}

// Submit checks the whole return against the compiled form for an
// organisation of type orgType (required-if-shown questions, declarations,
// applicability, evidence rules), reporting every problem, and submits.
func (s *Submission) Submit(f *form.Compiled, orgType string, now time.Time) error {
	if s.State == Submitted {
		return failure.FailedPrecondition("submission was already submitted")
	}
	if err := f.CheckSubmit(s.Answers, orgType); err != nil {
		return err
	}
	s.State = Submitted
	s.SubmitTime = now
	s.UpdateTime = now
	s.Version++
	return nil
}

// SortedAnswers returns the answers ordered by question key.
func (s *Submission) SortedAnswers() []form.Answer {
	out := make([]form.Answer, 0, len(s.Answers))
	for _, a := range s.Answers {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
