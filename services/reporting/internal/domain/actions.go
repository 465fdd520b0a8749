package domain

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// ActionStatus is where an action stands. Values match the API.
type ActionStatus int

// The statuses.
const (
	ActionNotStarted ActionStatus = iota + 1
	ActionOnTrack
	ActionAtRisk
	ActionComplete
)

// String is the status's name in reports.
func (s ActionStatus) String() string {
	switch s {
	case ActionNotStarted:
		return "NOT_STARTED"
	case ActionOnTrack:
		return "ON_TRACK"
	case ActionAtRisk:
		return "AT_RISK"
	case ActionComplete:
		return "COMPLETE"
	}
	return "UNKNOWN"
}

// Action is one action of a plan as the read model keeps it.
type Action struct {
	Name, Submission, Organisation string
	// OrganisationName is the organisation's display name, filled in by
	// the report.
	OrganisationName         string
	Section, QuestionKey     string
	Title, Owner, DueDate    string
	Status                   ActionStatus
	Version                  int64
	CreateTime, CompleteTime time.Time
}

// Overdue reports whether the action is past its due date on day today
// (YYYY-MM-DD) and not complete.
func (a Action) Overdue(today string) bool {
	return a.Status != ActionComplete && a.DueDate != "" && a.DueDate < today
}

// ActionCount is how many actions one group holds.
type ActionCount struct {
	Key, Label               string
	Total, Complete, Overdue int
}

// ActionMonth is one month of a plan's progress.
type ActionMonth struct {
	Month                    string
	Created, Completed, Open int
}

// ActionReport follows action plans.
type ActionReport struct {
	AsOf                     string
	Total                    int
	ByStatus, ByOrganisation []ActionCount
	ByStandard               []ActionCount
	Overdue                  []Action
	OverTime                 []ActionMonth
}

// Actions reports on the actions of the dataset's submissions on day today
// (YYYY-MM-DD).
func Actions(d Dataset, actions []Action, today string) ActionReport {
	keep := map[string]bool{}
	for _, s := range d.Submissions {
		keep[s.Name] = true
	}
	titles := map[string]string{}
	for _, s := range d.Form.Sections {
		titles[s.Code] = s.Title
	}
	r := ActionReport{AsOf: today}
	status := map[ActionStatus]*ActionCount{}
	for _, st := range []ActionStatus{ActionNotStarted, ActionOnTrack, ActionAtRisk, ActionComplete} {
		c := &ActionCount{Key: st.String()}
		status[st] = c
	}
	orgs, secs := map[string]*ActionCount{}, map[string]*ActionCount{}
	months := map[string]*ActionMonth{}
	month := func(t time.Time) *ActionMonth {
		k := t.UTC().Format("2006-01")
		if months[k] == nil {
			months[k] = &ActionMonth{Month: k}
		}
		return months[k]
	}
	for _, a := range actions {
		if !keep[a.Submission] {
			continue
		}
		r.Total++
		overdue := a.Overdue(today)
		for _, c := range []*ActionCount{status[a.Status], group(orgs, a.Organisation, d.Organisations[a.Organisation].DisplayName),
			group(secs, a.Section, titles[a.Section])} {
			if c == nil {
				continue
			}
			c.Total++
			if a.Status == ActionComplete {
				c.Complete++
			}
			if overdue {
				c.Overdue++
			}
		}
		if overdue {
			a.OrganisationName = d.Organisations[a.Organisation].DisplayName
			r.Overdue = append(r.Overdue, a)
		}
		month(a.CreateTime).Created++
		if !a.CompleteTime.IsZero() && a.Status == ActionComplete {
			month(a.CompleteTime).Completed++
		}
	}
	for _, st := range []ActionStatus{ActionNotStarted, ActionOnTrack, ActionAtRisk, ActionComplete} {
		r.ByStatus = append(r.ByStatus, *status[st])
	}
	r.ByStatus = append(r.ByStatus, ActionCount{Key: "OVERDUE", Total: len(r.Overdue), Overdue: len(r.Overdue)})
	r.ByOrganisation, r.ByStandard = mostOverdue(orgs), mostOverdue(secs)
	slices.SortStableFunc(r.Overdue, func(a, b Action) int {
		return cmp.Or(strings.Compare(a.DueDate, b.DueDate), strings.Compare(a.Name, b.Name))
	})
	r.OverTime = overTime(months)
	return r
}

func group(m map[string]*ActionCount, key, label string) *ActionCount {
	if m[key] == nil {
		m[key] = &ActionCount{Key: key, Label: label}
	}
	return m[key]
}

func mostOverdue(m map[string]*ActionCount) []ActionCount {
	out := make([]ActionCount, 0, len(m))
	for _, c := range m {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b ActionCount) int {
		return cmp.Or(cmp.Compare(b.Overdue, a.Overdue), strings.Compare(a.Key, b.Key))
	})
	return out
}

// overTime lists every month from the first to the last with activity,
// with the actions open at each month's end.
func overTime(months map[string]*ActionMonth) []ActionMonth {
	if len(months) == 0 {
		return nil
	}
	keys := make([]string, 0, len(months))
	for k := range months {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	first, _ := time.Parse("2006-01", keys[0])
	last, _ := time.Parse("2006-01", keys[len(keys)-1])
	var out []ActionMonth
	open := 0
	for m := first; !m.After(last); m = m.AddDate(0, 1, 0) {
		am := ActionMonth{Month: m.Format("2006-01")}
		if x := months[am.Month]; x != nil {
			am = *x
		}
		open += am.Created - am.Completed
		am.Open = open
		out = append(out, am)
	}
	return out
}
