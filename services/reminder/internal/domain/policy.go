package domain

import (
	"fmt"
	"slices"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/mail"
	"github.com/assure-audit/assure/pkg/workdays"
)

// Step is one rung of the escalation ladder. Values match the API.
type Step int

// The rungs.
const (
	StepOrganisationLead Step = iota + 1
	StepSeniorContact
	StepPartnershipAdmin
)

// Policy says when a campaign's outstanding returns are chased. Days are
// working days in England and Wales.
type Policy struct {
	OnOpen    bool  `json:"on_open"`
	BeforeDue []int `json:"before_due"`
	OnDue     bool  `json:"on_due"`
	// OverdueEvery repeats a reminder every so many working days after the
	// due date; 0 never.
	OverdueEvery int `json:"overdue_every"`
	// EscalateAfter starts the ladder so many working days after the due
	// date; 0 never. EscalationStep is the working days between rungs.
	EscalateAfter    int            `json:"escalate_after"`
	EscalationStep   int            `json:"escalation_step"`
	Ladder           []Step         `json:"ladder"`
	ExecutiveSummary bool           `json:"executive_summary"`
	Window           string         `json:"window"`
	ClosureDays      []string       `json:"closure_days,omitempty"`
	Templates        mail.Templates `json:"templates"`
	// IncludeContributors reminds contributors as well as leads.
	IncludeContributors bool `json:"include_contributors,omitempty"`
	// Version counts changes; 0 is the default policy, never stored.
	Version    int64     `json:"-"`
	UpdateTime time.Time `json:"-"`
}

// DefaultPolicy is the policy of a campaign until its business unit
// changes it: on opening; 14, 7 and 1 working days before the due date; on
// it; every 5 working days after; escalating after 10 working days overdue
// to the lead, the senior contact and then the partnership's admins, 5
// working days apart, with a summary to its executive viewers; between
// 08:00 and 18:00 UK time.
func DefaultPolicy() Policy {
	return Policy{OnOpen: true, BeforeDue: []int{14, 7, 1}, OnDue: true, OverdueEvery: 5, EscalateAfter: 10, EscalationStep: 5,
		Ladder: []Step{StepOrganisationLead, StepSeniorContact, StepPartnershipAdmin}, ExecutiveSummary: true,
		Window: "08:00-18:00", Templates: mail.DefaultTemplates()}
}

// Timing is what dates are computed with: the working-day calendar with
// the policy's closure days, and the sending window.
type Timing struct {
	Calendar *workdays.Calendar
	Window   workdays.Window
}

// Timing returns the calendar and window of the policy, which Check has
// accepted.
func (p Policy) Timing() (Timing, error) {
	var closures []workdays.Date
	for _, d := range p.ClosureDays {
		date, err := workdays.ParseDate(d)
		if err != nil {
			return Timing{}, fmt.Errorf("closure day %s: %w", d, err)
		}
		closures = append(closures, date)
	}
	w, err := workdays.ParseWindow(p.Window, workdays.UKOfficeHours().Location)
	if err != nil {
		return Timing{}, fmt.Errorf("sending window: %w", err)
	}
	return Timing{Calendar: workdays.EnglandAndWales(closures...), Window: w}, nil
}

// Check reports every problem of the policy with its field.
func (p Policy) Check() error {
	var v failure.Violations
	seen := map[int]bool{}
	for i, n := range p.BeforeDue {
		switch {
		case n < 1 || n > 60:
			v.Addf(fmt.Sprintf("policy.before_due_working_days[%d]", i), "must be between 1 and 60 working days, not %d", n)
		case seen[n]:
			v.Addf(fmt.Sprintf("policy.before_due_working_days[%d]", i), "%d is given twice", n)
		}
		seen[n] = true
	}
	if p.OverdueEvery < 0 || p.OverdueEvery > 30 {
		v.Add("policy.overdue_every_working_days", "must be between 0 (never) and 30")
	}
	if p.EscalateAfter < 0 || p.EscalateAfter > 60 {
		v.Add("policy.escalate_after_working_days", "must be between 0 (never) and 60")
	}
	if p.EscalationStep < 0 || p.EscalationStep > 30 {
		v.Add("policy.escalation_step_working_days", "must be between 0 (the default, 5) and 30")
	}
	if p.EscalateAfter > 0 && len(p.Ladder) == 0 {
		v.Add("policy.ladder", "name who a late return is escalated to, or set escalate_after_working_days to 0")
	}
	for i, s := range p.Ladder {
		if s < StepOrganisationLead || s > StepPartnershipAdmin {
			v.Add(fmt.Sprintf("policy.ladder[%d]", i), "must be ORGANISATION_LEAD, SENIOR_CONTACT or PARTNERSHIP_ADMIN")
		}
	}
	if _, err := workdays.ParseWindow(p.Window, workdays.UKOfficeHours().Location); err != nil {
		v.Add("policy.sending_window", err.Error())
	}
	for i, d := range p.ClosureDays {
		if _, err := workdays.ParseDate(d); err != nil {
			v.Add(fmt.Sprintf("policy.closure_days[%d]", i), "must be a date written YYYY-MM-DD")
		}
	}
	if err := p.Templates.CheckWith(mail.SampleReminderData()); err != nil {
		v.Add("policy.templates", err.Error())
	}
	return v.Err()
}

// policyFields are the fields an update mask may name.
var policyFields = []string{"on_open", "before_due_working_days", "on_due", "overdue_every_working_days",
	"escalate_after_working_days", "escalation_step_working_days", "ladder", "executive_summary", "sending_window",
	"closure_days", "subject_template", "text_template", "html_template", "include_contributors"}

// Update applies the fields of in named in mask, checks the result and
// counts the change.
func (p *Policy) Update(in Policy, mask []string, now time.Time) error {
	next := *p
	var v failure.Violations
	for _, f := range mask {
		if !slices.Contains(policyFields, f) {
			v.Add("update_mask", f+" is not a field of a reminder policy")
			continue
		}
		switch f {
		case "on_open":
			next.OnOpen = in.OnOpen
		case "before_due_working_days":
			next.BeforeDue = in.BeforeDue
		case "on_due":
			next.OnDue = in.OnDue
		case "overdue_every_working_days":
			next.OverdueEvery = in.OverdueEvery
		case "escalate_after_working_days":
			next.EscalateAfter = in.EscalateAfter
		case "escalation_step_working_days":
			next.EscalationStep = in.EscalationStep
		case "ladder":
			next.Ladder = in.Ladder
		case "executive_summary":
			next.ExecutiveSummary = in.ExecutiveSummary
		case "sending_window":
			next.Window = in.Window
		case "closure_days":
			next.ClosureDays = in.ClosureDays
		case "subject_template":
			next.Templates.Subject = in.Templates.Subject
		case "text_template":
			next.Templates.Text = in.Templates.Text
		case "html_template":
			next.Templates.HTML = in.Templates.HTML
		case "include_contributors":
			next.IncludeContributors = in.IncludeContributors
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	if err := next.Check(); err != nil {
		return err
	}
	next.Version++
	next.UpdateTime = now
	*p = next
	return nil
}
