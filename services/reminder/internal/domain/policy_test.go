package domain

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/mail"
	"github.com/assure-audit/assure/pkg/workdays"
)

// ukTime is a wall-clock time in Europe/London.
func ukTime(y int, m time.Month, d, h, mi int) time.Time {
	return time.Date(y, m, d, h, mi, 0, 0, workdays.London())
}

// utcTime is an instant written in UTC.
func utcTime(y int, m time.Month, d, h, mi int) time.Time {
	return time.Date(y, m, d, h, mi, 0, 0, time.UTC)
}

// civil reads a YYYY-MM-DD date known to be good.
func civil(t *testing.T, s string) workdays.Date {
	t.Helper()
	d, err := workdays.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// mustTiming returns the timing of a policy known to be good.
func mustTiming(t *testing.T, p Policy) Timing {
	t.Helper()
	tm, err := p.Timing()
	if err != nil {
		t.Fatalf("Timing: %v", err)
	}
	return tm
}

// violationFields returns the fields named by an invalid-argument error.
func violationFields(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	e, ok := failure.As(err)
	if !ok || e.Kind != failure.KindInvalid {
		t.Fatalf("error %v (%T) is not an invalid-argument failure", err, err)
	}
	var out []string
	for _, v := range e.Violations {
		if v.Reason == "" {
			t.Errorf("violation of %s has no reason", v.Field)
		}
		out = append(out, v.Field)
	}
	return out
}

func TestDefaultPolicyChecks(t *testing.T) {
	p := DefaultPolicy()
	if err := p.Check(); err != nil {
		t.Fatalf("DefaultPolicy().Check() = %v", err)
	}
	if p.Version != 0 || !p.UpdateTime.IsZero() {
		t.Errorf("default policy has version %d, update time %v; want 0 and zero", p.Version, p.UpdateTime)
	}
	if !reflect.DeepEqual(p.Templates, mail.DefaultTemplates()) {
		t.Error("default policy does not use the default templates")
	}
	// Each call is a fresh value: changing one does not change the next.
	p.BeforeDue[0] = 99
	p.Ladder[0] = StepPartnershipAdmin
	if q := DefaultPolicy(); q.BeforeDue[0] != 14 || q.Ladder[0] != StepOrganisationLead {
		t.Errorf("DefaultPolicy shares its slices: %v %v", q.BeforeDue, q.Ladder)
	}
}

func TestCheckNamesBadFields(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Policy)
		want   []string // fields named, in order; nil: valid
	}{
		{"default", func(*Policy) {}, nil},
		{"before due 1 and 60 are the bounds", func(p *Policy) { p.BeforeDue = []int{1, 60} }, nil},
		{"no before due reminders", func(p *Policy) { p.BeforeDue = nil }, nil},
		{"before due 0", func(p *Policy) { p.BeforeDue = []int{14, 0, 1} }, []string{"policy.before_due_working_days[1]"}},
		{"before due 61", func(p *Policy) { p.BeforeDue = []int{61} }, []string{"policy.before_due_working_days[0]"}},
		{"before due negative", func(p *Policy) { p.BeforeDue = []int{7, -1} }, []string{"policy.before_due_working_days[1]"}},
		{"before due given twice", func(p *Policy) { p.BeforeDue = []int{14, 7, 14} }, []string{"policy.before_due_working_days[2]"}},
		{"before due given three times", func(p *Policy) { p.BeforeDue = []int{7, 7, 7} },
			[]string{"policy.before_due_working_days[1]", "policy.before_due_working_days[2]"}},
		{"overdue never", func(p *Policy) { p.OverdueEvery = 0 }, nil},
		{"overdue 30", func(p *Policy) { p.OverdueEvery = 30 }, nil},
		{"overdue negative", func(p *Policy) { p.OverdueEvery = -1 }, []string{"policy.overdue_every_working_days"}},
		{"overdue 31", func(p *Policy) { p.OverdueEvery = 31 }, []string{"policy.overdue_every_working_days"}},
		{"escalate never with no ladder", func(p *Policy) { p.EscalateAfter, p.Ladder = 0, nil }, nil},
		{"escalate 60", func(p *Policy) { p.EscalateAfter = 60 }, nil},
		{"escalate negative", func(p *Policy) { p.EscalateAfter = -1 }, []string{"policy.escalate_after_working_days"}},
		{"escalate 61", func(p *Policy) { p.EscalateAfter = 61 }, []string{"policy.escalate_after_working_days"}},
		{"escalate with no ladder", func(p *Policy) { p.Ladder = nil }, []string{"policy.ladder"}},
		{"escalate with an empty ladder", func(p *Policy) { p.Ladder = []Step{} }, []string{"policy.ladder"}},
		{"ladder step 0", func(p *Policy) { p.Ladder = []Step{StepOrganisationLead, 0} }, []string{"policy.ladder[1]"}},
		{"ladder step 4", func(p *Policy) { p.Ladder = []Step{4, StepSeniorContact, -1} },
			[]string{"policy.ladder[0]", "policy.ladder[2]"}},
		{"window across midnight", func(p *Policy) { p.Window = "18:00-08:00" }, []string{"policy.sending_window"}},
		{"window in hours", func(p *Policy) { p.Window = "8-6" }, []string{"policy.sending_window"}},
		{"window empty", func(p *Policy) { p.Window = "" }, []string{"policy.sending_window"}},
		{"window of no time", func(p *Policy) { p.Window = "09:00-09:00" }, []string{"policy.sending_window"}},
		{"window to midnight", func(p *Policy) { p.Window = "00:00-24:00" }, nil},
		{"closure days", func(p *Policy) { p.ClosureDays = []string{"2026-12-29", "2026-12-30"} }, nil},
		{"closure day not a date", func(p *Policy) { p.ClosureDays = []string{"2026-12-29", "29/12/2026"} }, []string{"policy.closure_days[1]"}},
		{"closure day that does not exist", func(p *Policy) { p.ClosureDays = []string{"2026-02-29"} }, []string{"policy.closure_days[0]"}},
		{"subject template broken", func(p *Policy) { p.Templates.Subject = "{{.Partnership" }, []string{"policy.templates"}},
		{"text template broken", func(p *Policy) { p.Templates.Text = "{{if .Escalation}}" }, []string{"policy.templates"}},
		{"html template broken", func(p *Policy) { p.Templates.HTML = "{{end}}" }, []string{"policy.templates"}},
		{"subject template empty", func(p *Policy) { p.Templates.Subject = "" }, []string{"policy.templates"}},
		{"everything wrong at once", func(p *Policy) {
			*p = Policy{BeforeDue: []int{0, 5, 5}, OverdueEvery: 31, EscalateAfter: 61, Ladder: []Step{9},
				Window: "8-6", ClosureDays: []string{"tomorrow"}, Templates: mail.Templates{Subject: "{{", Text: "x"}}
		}, []string{"policy.before_due_working_days[0]", "policy.before_due_working_days[2]",
			"policy.overdue_every_working_days", "policy.escalate_after_working_days", "policy.ladder[0]",
			"policy.sending_window", "policy.closure_days[0]", "policy.templates"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := DefaultPolicy()
			tt.change(&p)
			got := violationFields(t, p.Check())
			if !slices.Equal(got, tt.want) {
				t.Errorf("Check names %q, want %q", got, tt.want)
			}
		})
	}
}

// TestCheckEscalationStep: the working days between the rungs of the ladder
// are checked. A negative step would put the later rungs before the first
// (-5: the partnership's admins told on the due date itself, before the
// lead); a huge one would make Plan count working days one by one for
// ever.
func TestCheckEscalationStep(t *testing.T) {
	for _, n := range []int{-5, -1, 61, 1_000_000_000} {
		p := DefaultPolicy()
		p.EscalationStep = n
		if got := violationFields(t, p.Check()); !slices.Equal(got, []string{"policy.escalation_step_working_days"}) {
			t.Errorf("EscalationStep %d: Check names %q, want policy.escalation_step_working_days", n, got)
		}
	}
}

func TestTiming(t *testing.T) {
	p := DefaultPolicy()
	p.ClosureDays = []string{"2026-12-29", "2026-12-30", "2026-03-11"}
	tm := mustTiming(t, p)
	if tm.Window.Start != 8*time.Hour || tm.Window.End != 18*time.Hour {
		t.Errorf("window %v, want 08:00-18:00", tm.Window)
	}
	if tm.Window.Location == nil || tm.Window.Location.String() != "Europe/London" {
		t.Errorf("window location %v, want Europe/London", tm.Window.Location)
	}
	days := []struct {
		date    string
		working bool
		name    string
	}{
		{"2026-12-29", false, workdays.LocalClosure},
		{"2026-12-30", false, workdays.LocalClosure},
		{"2026-03-11", false, workdays.LocalClosure},
		{"2026-12-31", true, ""},
		{"2026-03-10", true, ""},
		{"2026-12-25", false, "Christmas Day"},
		{"2026-12-28", false, "Boxing Day (substitute day)"},
		{"2027-03-26", false, "Good Friday"},
	}
	for _, d := range days {
		if got := tm.Calendar.IsWorkingDay(civil(t, d.date)); got != d.working {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", d.date, got, d.working)
		}
		if name, _ := tm.Calendar.Holiday(civil(t, d.date)); name != d.name {
			t.Errorf("Holiday(%s) = %q, want %q", d.date, name, d.name)
		}
	}

	// The window is UK wall-clock time, whichever side of a clock change.
	for _, day := range []string{"2026-03-27", "2026-03-30", "2026-10-23", "2026-10-26"} {
		start := tm.Calendar.At(civil(t, day), tm.Window.Start, tm.Window.Location)
		if h, m, _ := start.In(workdays.London()).Clock(); h != 8 || m != 0 {
			t.Errorf("%s: window opens at %02d:%02d UK time, want 08:00", day, h, m)
		}
	}
	// 09:30 UTC on a BST day is 10:30 in London: inside a 10:00-16:00 window.
	p.Window = "10:00-16:00"
	tm = mustTiming(t, p)
	summer := utcTime(2026, 7, 1, 9, 30)
	if got := tm.Calendar.NextSendTime(summer, tm.Window); !got.Equal(summer) {
		t.Errorf("NextSendTime(%v) = %v: the window is not in UK time", summer, got)
	}
}

func TestTimingErrors(t *testing.T) {
	for _, tt := range []struct {
		name   string
		change func(*Policy)
	}{
		{"bad closure day", func(p *Policy) { p.ClosureDays = []string{"2026-13-01"} }},
		{"bad window", func(p *Policy) { p.Window = "18:00-08:00" }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := DefaultPolicy()
			tt.change(&p)
			if _, err := p.Timing(); err == nil {
				t.Error("Timing accepted a policy Check rejects")
			}
		})
	}
}

func TestUpdateAppliesMaskedFields(t *testing.T) {
	now := ukTime(2026, 9, 1, 9, 15)
	tests := []struct {
		field string
		in    func(*Policy) // sets the field in the input
		check func(Policy) bool
	}{
		{"on_open", func(p *Policy) { p.OnOpen = false }, func(p Policy) bool { return !p.OnOpen }},
		{"before_due_working_days", func(p *Policy) { p.BeforeDue = []int{10, 3} },
			func(p Policy) bool { return slices.Equal(p.BeforeDue, []int{10, 3}) }},
		{"on_due", func(p *Policy) { p.OnDue = false }, func(p Policy) bool { return !p.OnDue }},
		{"overdue_every_working_days", func(p *Policy) { p.OverdueEvery = 3 }, func(p Policy) bool { return p.OverdueEvery == 3 }},
		{"escalate_after_working_days", func(p *Policy) { p.EscalateAfter = 20 }, func(p Policy) bool { return p.EscalateAfter == 20 }},
		{"escalation_step_working_days", func(p *Policy) { p.EscalationStep = 2 }, func(p Policy) bool { return p.EscalationStep == 2 }},
		{"ladder", func(p *Policy) { p.Ladder = []Step{StepPartnershipAdmin} },
			func(p Policy) bool { return slices.Equal(p.Ladder, []Step{StepPartnershipAdmin}) }},
		{"executive_summary", func(p *Policy) { p.ExecutiveSummary = false }, func(p Policy) bool { return !p.ExecutiveSummary }},
		{"sending_window", func(p *Policy) { p.Window = "09:00-17:30" }, func(p Policy) bool { return p.Window == "09:00-17:30" }},
		{"closure_days", func(p *Policy) { p.ClosureDays = []string{"2026-12-29"} },
			func(p Policy) bool { return slices.Equal(p.ClosureDays, []string{"2026-12-29"}) }},
		{"subject_template", func(p *Policy) { p.Templates.Subject = "Chase" }, func(p Policy) bool { return p.Templates.Subject == "Chase" }},
		{"text_template", func(p *Policy) { p.Templates.Text = "Please." }, func(p Policy) bool { return p.Templates.Text == "Please." }},
		{"html_template", func(p *Policy) { p.Templates.HTML = "" }, func(p Policy) bool { return p.Templates.HTML == "" }},
		{"include_contributors", func(p *Policy) { p.IncludeContributors = true }, func(p Policy) bool { return p.IncludeContributors }},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			// The input changes every field; only the masked one may be taken.
			in := DefaultPolicy()
			for _, other := range tests {
				other.in(&in)
			}
			p := DefaultPolicy()
			if err := p.Update(in, []string{tt.field}, now); err != nil {
				t.Fatalf("Update: %v", err)
			}
			if !tt.check(p) {
				t.Errorf("%s not applied: %+v", tt.field, p)
			}
			want := DefaultPolicy()
			tt.in(&want)
			want.Version, want.UpdateTime = 1, now
			if !reflect.DeepEqual(p, want) {
				t.Errorf("Update with mask [%s] changed other fields:\n got %+v\nwant %+v", tt.field, p, want)
			}
		})
	}
}

func TestUpdateVersions(t *testing.T) {
	first := ukTime(2026, 9, 1, 9, 0)
	second := ukTime(2026, 11, 2, 14, 30) // after the clocks went back
	p := DefaultPolicy()
	if err := p.Update(Policy{OverdueEvery: 3}, []string{"overdue_every_working_days"}, first); err != nil {
		t.Fatal(err)
	}
	if p.Version != 1 || !p.UpdateTime.Equal(first) || p.OverdueEvery != 3 {
		t.Errorf("after the first update: version %d, time %v, overdue %d", p.Version, p.UpdateTime, p.OverdueEvery)
	}
	if err := p.Update(Policy{Window: "09:00-17:00", OnDue: false},
		[]string{"sending_window", "on_due"}, second); err != nil {
		t.Fatal(err)
	}
	if p.Version != 2 || !p.UpdateTime.Equal(second) || p.Window != "09:00-17:00" || p.OnDue || p.OverdueEvery != 3 {
		t.Errorf("after the second update: %+v", p)
	}
}

func TestUpdateRejects(t *testing.T) {
	before := ukTime(2026, 9, 1, 9, 0)
	now := ukTime(2026, 9, 2, 9, 0)
	tests := []struct {
		name string
		in   Policy
		mask []string
		want []string
	}{
		{"unknown field", Policy{}, []string{"colour"}, []string{"update_mask"}},
		{"go name instead of the api name", Policy{OverdueEvery: 3}, []string{"OverdueEvery"}, []string{"update_mask"}},
		{"json name that is not a mask name", Policy{OverdueEvery: 3}, []string{"overdue_every"}, []string{"update_mask"}},
		{"unknown among known", Policy{OverdueEvery: 3}, []string{"overdue_every_working_days", "version", "window"},
			[]string{"update_mask", "update_mask"}},
		{"result fails check", Policy{OverdueEvery: 99}, []string{"overdue_every_working_days"},
			[]string{"policy.overdue_every_working_days"}},
		{"ladder emptied while escalating", Policy{}, []string{"ladder"}, []string{"policy.ladder"}},
		{"window reversed", Policy{Window: "18:00-08:00"}, []string{"sending_window"}, []string{"policy.sending_window"}},
		{"broken template", Policy{Templates: mail.Templates{Text: "{{range}}"}}, []string{"text_template"},
			[]string{"policy.templates"}},
		{"one good field and one bad", Policy{OnOpen: false, BeforeDue: []int{0}},
			[]string{"on_open", "before_due_working_days"}, []string{"policy.before_due_working_days[0]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := DefaultPolicy()
			if err := p.Update(Policy{OverdueEvery: 4}, []string{"overdue_every_working_days"}, before); err != nil {
				t.Fatal(err)
			}
			was := p
			was.BeforeDue = slices.Clone(p.BeforeDue)
			was.Ladder = slices.Clone(p.Ladder)
			err := p.Update(tt.in, tt.mask, now)
			if got := violationFields(t, err); !slices.Equal(got, tt.want) {
				t.Errorf("Update names %q, want %q (error %v)", got, tt.want, err)
			}
			if !reflect.DeepEqual(p, was) {
				t.Errorf("a rejected update changed the policy:\n got %+v\nwant %+v", p, was)
			}
			if tt.want[0] == "update_mask" && !strings.Contains(err.Error(), tt.mask[len(tt.mask)-1]) &&
				!strings.Contains(err.Error(), tt.mask[0]) {
				t.Errorf("error %q does not name the unknown field", err)
			}
		})
	}
}
