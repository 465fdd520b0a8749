package domain

import (
	"fmt"
	"sort"
	"time"

	"github.com/assure-audit/assure/pkg/workdays"
)

// Kind is what a reminder is about.
type Kind string

// The kinds of reminder.
const (
	KindOpening    Kind = "opening"
	KindBeforeDue  Kind = "before_due"
	KindDue        Kind = "due"
	KindOverdue    Kind = "overdue"
	KindEscalation Kind = "escalation"
	KindChase      Kind = "chase"
	// KindRiskAlert is not a reminder: it tells an agency's safeguarding
	// contact and the partnership that an auditor flagged an immediate
	// risk on a case, at once and whatever the hour.
	KindRiskAlert Kind = "risk_alert"
)

// Planned is one reminder a policy plans for a campaign's outstanding
// submissions.
type Planned struct {
	// Key names the reminder stably: its kind, number and date, such as
	// "before_due:7:2027-01-20". A moved due date gives new keys, so the
	// reminders move with it; one key is sent once per recipient.
	Key  string
	Kind Kind
	// Step is the ladder's rung, for an escalation.
	Step Step
	At   time.Time
}

// Escalation reports whether the reminder goes up the ladder rather than
// to the organisation's respondents.
func (p Planned) Escalation() bool { return p.Kind == KindEscalation }

// Dates are what the plan of a campaign depends on.
type Dates struct {
	// Open is when the campaign opened (or opens); Due when returns are
	// due; Close when it stops taking them (zero: no end).
	Open, Due, Close time.Time
}

// Plan lists the reminders of the campaign's outstanding submissions under
// the policy, in time order, up to until: each at the start of the sending
// window on its working day, or at once for the opening if the window is
// open. None falls before the campaign opens or after it closes.
func (p Policy) Plan(d Dates, t Timing, until time.Time) []Planned {
	loc := t.Window.Location
	cal := t.Calendar
	dueDay := workdays.DateOf(d.Due, loc)
	at := func(day workdays.Date) time.Time {
		return cal.NextSendTime(cal.At(day, t.Window.Start, loc), t.Window)
	}
	var out []Planned
	add := func(key string, kind Kind, step Step, when time.Time) {
		if when.Before(d.Open) || !d.Close.IsZero() && !when.Before(d.Close) || when.After(until) {
			return
		}
		out = append(out, Planned{Key: key, Kind: kind, Step: step, At: when})
	}
	if p.OnOpen && !d.Open.IsZero() {
		add(fmt.Sprintf("opening:%s", workdays.DateOf(d.Open, loc)), KindOpening, 0, cal.NextSendTime(d.Open, t.Window))
	}
	for _, n := range p.BeforeDue {
		day := cal.AddWorkingDays(dueDay, -n)
		add(fmt.Sprintf("before_due:%d:%s", n, day), KindBeforeDue, 0, at(day))
	}
	if p.OnDue {
		day := cal.AddWorkingDays(dueDay, 0)
		add(fmt.Sprintf("due:%s", day), KindDue, 0, at(day))
	}
	if p.OverdueEvery > 0 {
		for k := 1; ; k++ {
			day := cal.AddWorkingDays(dueDay, k*p.OverdueEvery)
			when := at(day)
			if when.After(until) || !d.Close.IsZero() && !when.Before(d.Close) || k > 500 {
				break
			}
			add(fmt.Sprintf("overdue:%d:%s", k, day), KindOverdue, 0, when)
		}
	}
	if p.EscalateAfter > 0 {
		stepDays := p.EscalationStep
		if stepDays == 0 {
			stepDays = 5
		}
		for i, s := range p.Ladder {
			day := cal.AddWorkingDays(dueDay, p.EscalateAfter+i*stepDays)
			add(fmt.Sprintf("escalation:%d:%s", i+1, day), KindEscalation, s, at(day))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// Due picks, of the planned reminders, those to send at now to a
// submission that has had the reminders in sent: of the reminders to the
// respondents whose time has come, only the latest (a schedule that fell
// behind, or a policy changed, sends one reminder, not a flood), and the
// same of the escalations; none already sent.
func Due(planned []Planned, sent map[string]bool, now time.Time) []Planned {
	var respondents, escalation *Planned
	for i := range planned {
		p := &planned[i]
		if p.At.After(now) {
			break
		}
		if p.Escalation() {
			escalation = p
		} else {
			respondents = p
		}
	}
	var out []Planned
	for _, p := range []*Planned{respondents, escalation} {
		if p != nil && !sent[p.Key] {
			out = append(out, *p)
		}
	}
	return out
}
