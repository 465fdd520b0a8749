package domain

import (
	"fmt"
	"sort"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
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
	Answers        map[string]Answer
	AnswerTimes    map[string]time.Time
	UpdateTime     time.Time
	SubmitTime     time.Time // zero until submitted
	Version        int64
	// Changed lists the answers changed since the submission was loaded,
	// for storage to write.
	Changed []string
}

// Save checks answers against the form and applies them. The caller must
// have checked the version. It returns the keys saved.
func (s *Submission) Save(form Form, answers []Answer, now time.Time) ([]string, error) {
	if s.State == Submitted {
		return nil, failure.FailedPrecondition("submission was submitted; it can no longer be changed")
	}
	var v failure.Violations
	seen := map[string]bool{}
	for i, a := range answers {
		field := fmt.Sprintf("answers[%d]", i)
		if seen[a.Key] {
			v.Addf(field+".question_key", "question %s is answered twice in one save", a.Key)
			continue
		}
		seen[a.Key] = true
		q, ok := form.Question(a.Key)
		if !ok {
			v.Addf(field+".question_key", "%s is not a question of this audit", a.Key)
			continue
		}
		q.Check(&v, field, a)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if s.Answers == nil {
		s.Answers = map[string]Answer{}
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

// Submit checks every required question is answered and submits.
func (s *Submission) Submit(form Form, now time.Time) error {
	if s.State == Submitted {
		return failure.FailedPrecondition("submission was already submitted")
	}
	var v failure.Violations
	for _, q := range form.Questions {
		if q.Required {
			if _, ok := s.Answers[q.Key]; !ok {
				v.Addf("answers["+q.Key+"]", "question %s (section %s) is required and not answered", q.Key, q.Section)
			}
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	s.State = Submitted
	s.SubmitTime = now
	s.UpdateTime = now
	s.Version++
	return nil
}

// SortedAnswers returns the answers ordered by question key.
func (s *Submission) SortedAnswers() []Answer {
	out := make([]Answer, 0, len(s.Answers))
	for _, a := range s.Answers {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
