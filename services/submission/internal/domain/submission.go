package domain

import (
	"reflect"
	"slices"
	"sort"
	"strconv"
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
	Returned
	Accepted
)

// Editable reports whether answers may be saved in state s.
func (s SubmissionState) Editable() bool {
	return s == NotStarted || s == InProgress || s == Returned
}

// Submission is one organisation's return to a campaign.
type Submission struct {
	ID             string
	PartnershipID  string
	CampaignID     string
	OrganisationID string
	// Partnerships are the campaign's partnerships the organisation
	// belongs to: whose staff see this return.
	Partnerships []string
	State        SubmissionState
	UpdateTime   time.Time
	SubmitTime   time.Time // zero until submitted
	SubmitPerson string
	AcceptTime   time.Time
	AcceptPerson string
	// QAComments are the comments of the last return for revision, and
	// ReopenedKeys the questions it reopened (empty: all).
	QAComments   []QAComment
	ReopenedKeys []string
	// Assignments maps a section code to the contributors (person ids)
	// who answer it.
	Assignments map[string][]string
	Version     int64
	// Answers holds the answers when they were loaded (reads, submit); a
	// save loads only the answers it changes.
	Answers map[string]StoredAnswer
}

// QAComment is a QA officer's comment on one question.
type QAComment struct {
	Key  string `json:"key"`
	Text string `json:"text"`
}

// StoredAnswer is an answer as kept: its value, its own version (counting
// its saves), who saved it and when.
type StoredAnswer struct {
	form.Answer
	Version        int64
	UpdateTime     time.Time
	Person         string
	BroughtForward bool
}

// Incoming is an answer a person saves, with the version of it they last
// saw (0 for none).
type Incoming struct {
	Answer      form.Answer
	BaseVersion int64
}

// Save is a save of some answers by one person.
type Save struct {
	Answers []Incoming
	Person  string
	// EtagCurrent is set when the client read the submission at its
	// current version, so nothing it saves can have been changed by others.
	EtagCurrent bool
	// Sections are the sections the person may answer; nil means all.
	Sections map[string]bool
}

// ConflictError is a save refused because answers changed since the
// client read them; Current holds their current values.
type ConflictError struct {
	Current []StoredAnswer
}

func (e *ConflictError) Error() string {
	keys := make([]string, len(e.Current))
	for i, a := range e.Current {
		keys[i] = a.Key
	}
	return "answers changed since they were read: " + joinKeys(keys)
}

func joinKeys(keys []string) string {
	out := ""
	for i, k := range keys {
		if i > 0 {
			out += ", "
		}
		out += k
	}
	return out
}

// SaveAnswers checks a save against the compiled form of the campaign's
// version and the answers it replaces (current, holding only the keys
// saved), and applies it. Each value must fit its question (drafts need
// not be complete). An answer someone else changed since the client read
// it is a conflict; a retried save of the same value by the same person
// is not. It returns the answers written; a value equal to the stored
// one by the same person is not written again.
func (s *Submission) SaveAnswers(f *form.Compiled, idx *FormIndex, save Save, current map[string]StoredAnswer, now time.Time) ([]StoredAnswer, error) {
	if !s.State.Editable() {
		return nil, failure.FailedPrecondition("the submission is %s; it can no longer be changed", s.State)
	}
	answers := make([]form.Answer, len(save.Answers))
	for i, in := range save.Answers {
		answers[i] = in.Answer
	}
	var v failure.Violations
	if err := f.CheckDraft(answers); err != nil {
		fe, ok := failure.As(err)
		if !ok {
			return nil, err
		}
		v = append(v, fe.Violations...)
	}
	for i, in := range save.Answers {
		sec := idx.Section(in.Answer.Key)
		if sec == "" {
			continue // unknown key: CheckDraft named it
		}
		if save.Sections != nil && !save.Sections[sec] {
			v.Addf(answerField(i, "question_key"), "is in section %s, which is assigned to other contributors", sec)
		}
		if s.State == Returned && len(s.ReopenedKeys) > 0 && !slices.Contains(s.ReopenedKeys, in.Answer.Key) {
			v.Add(answerField(i, "question_key"), "was not reopened by QA; only the questions commented on can change")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var conflicts []StoredAnswer
	var written []StoredAnswer
	for _, in := range save.Answers {
		cur, had := current[in.Answer.Key]
		if had && cur.Person == save.Person && cur.Version > in.BaseVersion && sameValue(cur.Answer, in.Answer) {
			continue // a retry of a save that was applied
		}
		if !save.EtagCurrent && cur.Version != in.BaseVersion {
			cur.Key = in.Answer.Key
			conflicts = append(conflicts, cur)
			continue
		}
		if had && !cur.BroughtForward && cur.Person == save.Person && sameValue(cur.Answer, in.Answer) {
			continue // nothing changes
		}
		a := in.Answer
		a.Key = in.Answer.Key
		written = append(written, StoredAnswer{Answer: a, Version: cur.Version + 1, UpdateTime: now, Person: save.Person})
	}
	if len(conflicts) > 0 {
		return nil, &ConflictError{Current: conflicts}
	}
	if len(written) == 0 {
		return nil, nil
	}
	if s.State == NotStarted {
		s.State = InProgress
	}
	s.UpdateTime = now
	s.Version++
	return written, nil
}

// sameValue reports whether two answers hold the same value.
func sameValue(a, b form.Answer) bool {
	a.Key, b.Key = "", ""
	return reflect.DeepEqual(normalise(a), normalise(b))
}

func normalise(a form.Answer) form.Answer {
	if len(a.Choices) == 0 {
		a.Choices = nil
	}
	if len(a.Evidence) == 0 {
		a.Evidence = nil
	}
	if len(a.Rows) == 0 {
		a.Rows = nil
	}
	if len(a.Actions) == 0 {
		a.Actions = nil
	}
	return a
}

func answerField(i int, f string) string {
	return "answers[" + strconv.Itoa(i) + "]." + f
}

// Values returns the answers' values by key, for the form's checks.
func (s *Submission) Values() map[string]form.Answer {
	out := make(map[string]form.Answer, len(s.Answers))
	for k, a := range s.Answers {
		out[k] = a.Answer
	}
	return out
}

// MaySignOff fails unless a person with the given roles may sign off.
func MaySignOff(rule SignOff, lead bool) error {
	if rule == SignOffAnyRespondent || lead {
		return nil
	}
	return failure.PermissionDenied("only the organisation lead signs off and submits this return")
}

// Submit checks the whole return (loaded with its answers) for an
// organisation of type orgType, reporting every problem, and submits it
// with person's sign-off.
func (s *Submission) Submit(f *form.Compiled, orgType, person string, now time.Time) error {
	if !s.State.Editable() {
		return failure.FailedPrecondition("the submission is %s and cannot be submitted again", s.State)
	}
	if err := f.CheckSubmit(s.Values(), orgType); err != nil {
		return err
	}
	s.State = Submitted
	s.SubmitTime = now
	s.SubmitPerson = person
	s.UpdateTime = now
	s.Version++
	return nil
}

// Return sends a submitted return back for revision with comments. Only
// the questions commented on reopen, unless reopenAll.
func (s *Submission) Return(idx *FormIndex, comments []QAComment, reopenAll bool, now time.Time) error {
	if s.State != Submitted {
		return failure.FailedPrecondition("only a submitted return can be returned for revision (it is %s)", s.State)
	}
	var v failure.Violations
	seen := map[string]bool{}
	var keys []string
	for i, c := range comments {
		switch {
		case idx.Section(c.Key) == "":
			v.Add("comments["+strconv.Itoa(i)+"].question_key", c.Key+" is not a question of this campaign's template")
		case seen[c.Key]:
			v.Add("comments["+strconv.Itoa(i)+"].question_key", c.Key+" is commented on twice; give one comment per question")
		}
		seen[c.Key] = true
		keys = append(keys, c.Key)
	}
	if err := v.Err(); err != nil {
		return err
	}
	s.State = Returned
	s.QAComments = comments
	s.ReopenedKeys = nil
	if !reopenAll {
		sort.Strings(keys)
		s.ReopenedKeys = keys
	}
	s.UpdateTime = now
	s.Version++
	return nil
}

// Accept accepts a submitted return.
func (s *Submission) Accept(person string, now time.Time) error {
	if s.State != Submitted {
		return failure.FailedPrecondition("only a submitted return can be accepted (it is %s)", s.State)
	}
	s.State = Accepted
	s.AcceptTime = now
	s.AcceptPerson = person
	s.QAComments, s.ReopenedKeys = nil, nil
	s.UpdateTime = now
	s.Version++
	return nil
}

// SetAssignments replaces the contributors assigned to sections.
func (s *Submission) SetAssignments(idx *FormIndex, assignments map[string][]string, order []string, now time.Time) error {
	var v failure.Violations
	for i, sec := range order {
		if !idx.HasSection(sec) {
			v.Add("assignments["+strconv.Itoa(i)+"].section", sec+" is not a section of this campaign's template")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	s.Assignments = assignments
	s.UpdateTime = now
	s.Version++
	return nil
}

// SectionsFor returns the sections person may answer: nil (all) unless
// the person has assignments.
func (s *Submission) SectionsFor(person string) map[string]bool {
	var out map[string]bool
	for sec, people := range s.Assignments {
		if slices.Contains(people, person) {
			if out == nil {
				out = map[string]bool{}
			}
			out[sec] = true
		}
	}
	return out
}

// String names a state as people read it.
func (s SubmissionState) String() string {
	switch s {
	case NotStarted:
		return "not started"
	case InProgress:
		return "in progress"
	case Submitted:
		return "submitted"
	case Returned:
		return "returned for revision"
	case Accepted:
		return "accepted"
	}
	return "unknown"
}

// SortedAnswers returns the answers ordered by question key.
func (s *Submission) SortedAnswers() []StoredAnswer {
	out := make([]StoredAnswer, 0, len(s.Answers))
	for _, a := range s.Answers {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
