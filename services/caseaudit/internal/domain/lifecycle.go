package domain

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/assure-audit/assure/pkg/failure"
)

// State is where a round stands. Values match the API's.
type State int

// The states, in the order a round goes through them.
const (
	StateUnknown State = iota
	Planning
	ReturnsOpen
	QA
	Moderation
	Findings
	Closed
)

var stateNames = map[State]string{Planning: "PLANNING", ReturnsOpen: "RETURNS_OPEN", QA: "QA",
	Moderation: "MODERATION", Findings: "FINDINGS", Closed: "CLOSED"}

// String is the state's name in the API, without its prefix.
func (s State) String() string {
	if n, ok := stateNames[s]; ok {
		return n
	}
	return "UNKNOWN"
}

// Details are what a round's planning records besides its theme and cases.
type Details struct {
	// Methodology is how the round is run: sample, tools, who audits.
	Methodology string
	// PracticeFrom and PracticeTo bound the period of practice audited,
	// YYYY-MM-DD; empty until set.
	PracticeFrom, PracticeTo string
	// TemplateVersion is the case-audit template version the agencies'
	// returns answer, partnerships/{p}/templates/{t}/versions/{n} or the
	// same under hubs/{h}.
	TemplateVersion string
	// ReturnsDue is when the agencies' returns are due; ModerationTime when
	// the moderation meeting is. Zero until set.
	ReturnsDue, ModerationTime time.Time
	// Chair is the person who chairs the round, as a person id.
	Chair string
	// KeyReaders are the people (ids) who may read the key table that maps
	// the round's case references to the agencies' own identifiers.
	KeyReaders []string
	// RetentionDays is how long after closing the round's case detail is
	// kept; 0 means DefaultRetentionDays.
	RetentionDays int
	// SampleSeed is the seed SampleCases drew the round's sample with, so
	// the same draw can be made again; 0 when the sample was not drawn.
	SampleSeed uint64
}

// DefaultRetentionDays is how long a round's case detail is kept after it
// closes unless the round says otherwise: two years.
const DefaultRetentionDays = 730

// MaxRetentionDays bounds a round's retention: ten years.
const MaxRetentionDays = 3650

// Limits on a round's details.
const (
	MaxMethodology = 5000
	MaxKeyReaders  = 20
)

var (
	templateVersion = regexp.MustCompile(`^(partnerships|hubs)/[a-z0-9-]{1,63}/templates/[a-z0-9-]{1,63}/versions/[1-9][0-9]{0,8}$`)
	personID        = regexp.MustCompile(`^[a-z0-9-]{1,63}$`)
)

// DetailFields are the update mask's names of the details, as in the API.
var DetailFields = []string{"theme", "methodology", "practice_period_start", "practice_period_end", "template_version",
	"returns_due_time", "moderation_time", "chair", "key_readers", "retention_days", "sample_seed"}

// UpdateFields are the fields an update may change: the details, and the
// cases while the round is being planned.
var UpdateFields = append(slices.Clone(DetailFields), "cases")

// checkDetails reports every problem of d, each with its field under
// prefix (such as "round.").
func checkDetails(v *failure.Violations, prefix string, d Details) {
	if utf8.RuneCountInString(d.Methodology) > MaxMethodology {
		v.Addf(prefix+"methodology", "must be at most %d characters", MaxMethodology)
	}
	var from, to time.Time
	for _, f := range []struct {
		name, value string
		out         *time.Time
	}{{"practice_period_start", d.PracticeFrom, &from}, {"practice_period_end", d.PracticeTo, &to}} {
		if f.value == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, f.value)
		if err != nil {
			v.Add(prefix+f.name, "must be a date written YYYY-MM-DD")
			continue
		}
		*f.out = t
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		v.Add(prefix+"practice_period_end", "must not be before practice_period_start")
	}
	if d.TemplateVersion != "" && !templateVersion.MatchString(d.TemplateVersion) {
		v.Add(prefix+"template_version", "must name a template version, partnerships/{p}/templates/{t}/versions/{n}")
	}
	if d.Chair != "" && !personID.MatchString(d.Chair) {
		v.Add(prefix+"chair", "must name a person, people/{id}")
	}
	if d.RetentionDays < 0 || d.RetentionDays > MaxRetentionDays {
		v.Addf(prefix+"retention_days", "must be from 1 to %d (0 for the default, %d)", MaxRetentionDays, DefaultRetentionDays)
	}
	if len(d.KeyReaders) > MaxKeyReaders {
		v.Addf(prefix+"key_readers", "must name at most %d people", MaxKeyReaders)
	}
	for i, p := range d.KeyReaders {
		if !personID.MatchString(p) || slices.Contains(d.KeyReaders[:i], p) {
			v.Add(fmt.Sprintf("%skey_readers[%d]", prefix, i), "must name a person, people/{id}, once")
		}
	}
	if !d.ReturnsDue.IsZero() && !d.ModerationTime.IsZero() && d.ModerationTime.Before(d.ReturnsDue) {
		v.Add(prefix+"moderation_time", "must not be before returns_due_time: moderation follows the returns")
	}
}

// Update applies the fields of mask from theme, d and cases and reports
// which changed. A closed round does not change; the template version and
// the cases are fixed once returns are open.
func (r *Round) Update(theme string, d Details, cases []Case, mask []string, now time.Time) ([]string, error) {
	var v failure.Violations
	if len(mask) == 0 {
		v.Add("update_mask", "must name the fields to change: "+strings.Join(UpdateFields, ", "))
	}
	for _, f := range mask {
		if !slices.Contains(UpdateFields, f) {
			v.Addf("update_mask", "%q is not a field that can be changed; these can: %s", f, strings.Join(UpdateFields, ", "))
		}
	}
	if r.State == Closed {
		v.Add("round", "is closed and no longer changes")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	next := *r
	for _, f := range mask {
		switch f {
		case "theme":
			next.Theme = strings.TrimSpace(theme)
		case "methodology":
			next.Methodology = strings.TrimSpace(d.Methodology)
		case "practice_period_start":
			next.PracticeFrom = d.PracticeFrom
		case "practice_period_end":
			next.PracticeTo = d.PracticeTo
		case "template_version":
			if r.State != Planning && d.TemplateVersion != r.TemplateVersion {
				v.Add("round.template_version", "is fixed once returns are open")
			}
			next.TemplateVersion = d.TemplateVersion
		case "returns_due_time":
			next.ReturnsDue = d.ReturnsDue
		case "moderation_time":
			next.ModerationTime = d.ModerationTime
		case "chair":
			next.Chair = d.Chair
		case "key_readers":
			next.KeyReaders = slices.Clone(d.KeyReaders)
		case "retention_days":
			next.RetentionDays = d.RetentionDays
		case "sample_seed":
			next.SampleSeed = d.SampleSeed
		case "cases":
			if r.State != Planning {
				v.Add("round.cases", "are fixed once returns are open")
			}
			next.Cases = checkCases(&v, cases)
		}
	}
	switch n := utf8.RuneCountInString(next.Theme); {
	case n == 0:
		v.Add("round.theme", "must not be empty")
	case n > MaxTheme:
		v.Addf("round.theme", "must be at most %d characters", MaxTheme)
	}
	checkDetails(&v, "round.", next.Details)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var changed []string
	for _, f := range mask {
		if next.field(f) != r.field(f) && !slices.Contains(changed, f) {
			changed = append(changed, f)
		}
	}
	if len(changed) > 0 {
		next.Version++
		next.UpdateTime = now
		*r = next
	}
	return changed, nil
}

// field is a detail's value, for telling what changed.
func (r Round) field(name string) string {
	switch name {
	case "theme":
		return r.Theme
	case "methodology":
		return r.Methodology
	case "practice_period_start":
		return r.PracticeFrom
	case "practice_period_end":
		return r.PracticeTo
	case "template_version":
		return r.TemplateVersion
	case "returns_due_time":
		return r.ReturnsDue.String()
	case "moderation_time":
		return r.ModerationTime.String()
	case "chair":
		return r.Chair
	case "key_readers":
		return fmt.Sprint(r.KeyReaders)
	case "retention_days":
		return fmt.Sprint(r.RetentionDays)
	case "sample_seed":
		return fmt.Sprint(r.SampleSeed)
	case "cases":
		return fmt.Sprint(r.Cases)
	}
	return ""
}

// Advance moves the round on to state to, which must be the state after
// its own: rounds go planning, returns open, QA, moderation, findings,
// closed, a step at a time. Opening the returns needs the template
// version, the due date, the chair and an agency on every case;
// moderation needs the meeting's time.
func (r *Round) Advance(to State, now time.Time) error {
	if r.State == Closed {
		return failure.FailedPrecondition("the round is closed")
	}
	if to != r.State+1 {
		return failure.FailedPrecondition("the round is %s: it can move on to %s only, not %s", r.State, r.State+1, to)
	}
	var v failure.Violations
	switch to {
	case ReturnsOpen:
		if r.TemplateVersion == "" {
			v.Add("round.template_version", "must be set before returns open")
		}
		if r.ReturnsDue.IsZero() {
			v.Add("round.returns_due_time", "must be set before returns open")
		} else if !r.ReturnsDue.After(now) {
			v.Add("round.returns_due_time", "has passed: set a later one before returns open")
		}
		if r.Chair == "" {
			v.Add("round.chair", "must be set before returns open")
		}
		for i, c := range r.Cases {
			if len(c.Agencies) == 0 {
				v.Add(fmt.Sprintf("round.cases[%d].agencies", i), "must name at least one agency before returns open")
			}
		}
	case Moderation:
		if r.ModerationTime.IsZero() {
			v.Add("round.moderation_time", "must be set before moderation")
		}
	}
	if len(v) > 0 {
		return &failure.Error{Kind: failure.KindFailedPrecondition, Message: fmt.Sprintf("the round cannot move on to %s yet", to),
			Violations: v}
	}
	r.State = to
	r.Version++
	r.UpdateTime = now
	if to == Closed {
		r.CloseTime = now
	}
	return nil
}

// PurgeAfter is when the round's case detail falls due to be purged: its
// retention after it closed; zero while it is open.
func (r Round) PurgeAfter() time.Time {
	if r.State != Closed || r.CloseTime.IsZero() {
		return time.Time{}
	}
	days := r.RetentionDays
	if days == 0 {
		days = DefaultRetentionDays
	}
	return r.CloseTime.AddDate(0, 0, days)
}

// PurgeDue reports whether the round's case detail is due to be purged at
// now: closed longer ago than its retention, and not purged yet.
func (r Round) PurgeDue(now time.Time) bool {
	after := r.PurgeAfter()
	return !after.IsZero() && r.PurgeTime.IsZero() && !now.Before(after)
}
