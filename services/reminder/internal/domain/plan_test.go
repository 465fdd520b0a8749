package domain

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/workdays"
)

// The campaign of the examples: it opens on Monday 7 September 2026 at
// 10:30 UK time (BST) and its returns are due on Friday 30 October 2026 at
// 17:00 UK time (GMT: the clocks go back on Sunday 25 October).
var (
	exampleOpen = ukTime(2026, 9, 7, 10, 30)
	exampleDue  = ukTime(2026, 10, 30, 17, 0)
	// exampleUntil is far enough for the whole ladder.
	exampleUntil = ukTime(2026, 12, 1, 0, 0)
)

// reminder is the Planned reminder with key at the instant at: its kind is
// the key's first part and, for an escalation, its rung is the key's
// number (the default ladder's rungs are numbered as the Step values).
func reminder(key string, at time.Time) Planned {
	kind, rest, _ := strings.Cut(key, ":")
	p := Planned{Key: key, Kind: Kind(kind), At: at}
	if p.Kind == KindEscalation {
		n, _ := strconv.Atoi(strings.SplitN(rest, ":", 2)[0])
		p.Step = Step(n)
	}
	return p
}

// describe writes reminders one a line, with UTC and UK times.
func describe(ps []Planned) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "\n  %-28s %-10s step %d  %s  (%s UK)", p.Key, p.Kind, p.Step,
			p.At.UTC().Format(time.RFC3339), p.At.In(workdays.London()).Format("Mon 2006-01-02 15:04 MST"))
	}
	return b.String()
}

// samePlan compares plans: the same reminders at the same instants, in
// time order (reminders at the same instant in any order).
func samePlan(t *testing.T, got, want []Planned) {
	t.Helper()
	if !slices.IsSortedFunc(got, func(a, b Planned) int { return a.At.Compare(b.At) }) {
		t.Errorf("plan is not in time order:%s", describe(got))
	}
	norm := func(ps []Planned) []Planned {
		out := slices.Clone(ps)
		slices.SortStableFunc(out, func(a, b Planned) int {
			if c := a.At.Compare(b.At); c != 0 {
				return c
			}
			return strings.Compare(a.Key, b.Key)
		})
		return out
	}
	g, w := norm(got), norm(want)
	ok := len(g) == len(w)
	for i := 0; ok && i < len(g); i++ {
		ok = g[i].Key == w[i].Key && g[i].Kind == w[i].Kind && g[i].Step == w[i].Step && g[i].At.Equal(w[i].At)
	}
	if !ok {
		t.Errorf("plan:%s\nwant:%s", describe(got), describe(want))
	}
}

// planKeys returns the keys of a plan.
func planKeys(ps []Planned) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Key)
	}
	return out
}

// exampleWant is the plan of the example campaign under the default
// policy up to exampleUntil, with its instants in UTC: 08:00 BST is 07:00
// UTC until 25 October, 08:00 GMT is 08:00 UTC after.
func exampleWant() []Planned {
	return []Planned{
		reminder("opening:2026-09-07", utcTime(2026, 9, 7, 9, 30)), // at once: 10:30 is in the window
		reminder("before_due:14:2026-10-12", utcTime(2026, 10, 12, 7, 0)),
		reminder("before_due:7:2026-10-21", utcTime(2026, 10, 21, 7, 0)),
		reminder("before_due:1:2026-10-29", utcTime(2026, 10, 29, 8, 0)), // GMT now
		reminder("due:2026-10-30", utcTime(2026, 10, 30, 8, 0)),
		reminder("overdue:1:2026-11-06", utcTime(2026, 11, 6, 8, 0)),
		reminder("overdue:2:2026-11-13", utcTime(2026, 11, 13, 8, 0)),
		reminder("escalation:1:2026-11-13", utcTime(2026, 11, 13, 8, 0)), // due + 10 working days
		reminder("overdue:3:2026-11-20", utcTime(2026, 11, 20, 8, 0)),
		reminder("escalation:2:2026-11-20", utcTime(2026, 11, 20, 8, 0)), // + 15
		reminder("overdue:4:2026-11-27", utcTime(2026, 11, 27, 8, 0)),
		reminder("escalation:3:2026-11-27", utcTime(2026, 11, 27, 8, 0)), // + 20
	}
}

func TestPlanDefaultPolicy(t *testing.T) {
	p := DefaultPolicy()
	got := p.Plan(Dates{Open: exampleOpen, Due: exampleDue}, mustTiming(t, p), exampleUntil)
	samePlan(t, got, exampleWant())

	// The rungs go to the lead, then the senior contact, then the
	// partnership's admins.
	var steps []Step
	for _, r := range got {
		if r.Escalation() != (r.Kind == KindEscalation) {
			t.Errorf("%s: Escalation() = %v", r.Key, r.Escalation())
		}
		if r.Kind != KindEscalation && r.Step != 0 {
			t.Errorf("%s has step %d", r.Key, r.Step)
		}
		if r.Escalation() {
			steps = append(steps, r.Step)
		}
	}
	if want := []Step{StepOrganisationLead, StepSeniorContact, StepPartnershipAdmin}; !slices.Equal(steps, want) {
		t.Errorf("ladder steps %v, want %v", steps, want)
	}
	// UK wall clock: every reminder but the opening at 08:00.
	for _, r := range got[1:] {
		if h, m, s := r.At.In(workdays.London()).Clock(); h != 8 || m != 0 || s != 0 {
			t.Errorf("%s at %02d:%02d:%02d UK time, want 08:00", r.Key, h, m, s)
		}
	}
}

// keyFormat is the form of every key: kind, number for the kinds that
// have one, and the date of the reminder's day.
var keyFormat = regexp.MustCompile(`^(opening|due):\d{4}-\d{2}-\d{2}$|^(before_due|overdue|escalation):[1-9]\d*:\d{4}-\d{2}-\d{2}$`)

// TestPlanInvariants plans a campaign due on every day of 2026 and 2027
// (clock changes, Easter, Christmas, due dates at weekends and on bank
// holidays): each reminder but the opening is at 08:00 UK time on a working
// day, the date in its key; the numbers in the keys are working days from
// the due date; the plan is in time order.
func TestPlanInvariants(t *testing.T) {
	p := DefaultPolicy()
	p.ClosureDays = []string{"2026-12-29", "2026-12-30", "2026-12-31", "2027-06-16"}
	tm := mustTiming(t, p)
	cal, london := tm.Calendar, workdays.London()
	for day := civil(t, "2026-01-01"); day.Before(civil(t, "2028-01-01")); day = day.AddDays(1) {
		due := ukTime(day.Year, day.Month, day.Day, 17, 0)
		open := due.AddDate(0, 0, -60)
		plan := p.Plan(Dates{Open: open, Due: due}, tm, due.AddDate(0, 0, 60))
		if !slices.IsSortedFunc(plan, func(a, b Planned) int { return a.At.Compare(b.At) }) {
			t.Fatalf("due %s: plan not in time order:%s", day, describe(plan))
		}
		count := map[Kind]int{}
		for _, r := range plan {
			count[r.Kind]++
			if !keyFormat.MatchString(r.Key) {
				t.Fatalf("due %s: key %q", day, r.Key)
			}
			if r.Kind == KindOpening {
				if r.Key != "opening:"+workdays.DateOf(open, london).String() {
					t.Errorf("due %s: opening key %q", day, r.Key)
				}
				continue
			}
			on := workdays.DateOf(r.At, london)
			if !strings.HasSuffix(r.Key, ":"+on.String()) {
				t.Errorf("due %s: %s is sent on %s", day, r.Key, on)
			}
			if !cal.IsWorkingDay(on) {
				t.Errorf("due %s: %s is sent on a day off", day, r.Key)
			}
			if h, m, s := r.At.In(london).Clock(); h != 8 || m != 0 || s != 0 || r.At.Nanosecond() != 0 {
				t.Errorf("due %s: %s at %v, want 08:00 UK time", day, r.Key, r.At.In(london))
			}
			parts := strings.Split(r.Key, ":")
			n := 0
			if len(parts) == 3 {
				n, _ = strconv.Atoi(parts[1])
			}
			wantDays := map[Kind]int{KindBeforeDue: -n, KindOverdue: n * p.OverdueEvery,
				KindEscalation: p.EscalateAfter + (n-1)*p.EscalationStep}
			switch r.Kind {
			case KindDue:
				if on != cal.AddWorkingDays(day, 0) {
					t.Errorf("due %s: due reminder on %s", day, on)
				}
			default:
				if got := cal.WorkingDaysBetween(day, on); got != wantDays[r.Kind] {
					t.Errorf("due %s: %s is %d working days from the due date, want %d", day, r.Key, got, wantDays[r.Kind])
				}
			}
		}
		want := map[Kind]int{KindOpening: 1, KindBeforeDue: 3, KindDue: 1, KindEscalation: 3}
		for k, n := range want {
			if count[k] != n {
				t.Errorf("due %s: %d %s reminders, want %d", day, count[k], k, n)
			}
		}
		if count[KindOverdue] < 7 {
			t.Errorf("due %s: %d overdue reminders in 60 days", day, count[KindOverdue])
		}
	}
}

// TestPlanDays checks the days and instants of chosen reminders of
// campaigns due around bank holidays, local closures and clock changes.
func TestPlanDays(t *testing.T) {
	tests := []struct {
		name     string
		closures []string
		due      time.Time
		want     []Planned // among the plan
		notOn    []string  // days with no reminder
	}{
		{
			name: "due just after Christmas 2026",
			due:  ukTime(2027, 1, 5, 17, 0), // Tuesday
			want: []Planned{
				reminder("before_due:14:2026-12-11", utcTime(2026, 12, 11, 8, 0)),
				// 4 Jan, 31, 30, 29 Dec, 24, 23, 22 Dec: not New Year's Day,
				// Boxing Day (substitute, 28 Dec) or Christmas Day.
				reminder("before_due:7:2026-12-22", utcTime(2026, 12, 22, 8, 0)),
				reminder("before_due:1:2027-01-04", utcTime(2027, 1, 4, 8, 0)),
				reminder("due:2027-01-05", utcTime(2027, 1, 5, 8, 0)),
				reminder("overdue:1:2027-01-12", utcTime(2027, 1, 12, 8, 0)),
				reminder("escalation:1:2027-01-19", utcTime(2027, 1, 19, 8, 0)),
			},
			notOn: []string{"2026-12-25", "2026-12-28", "2027-01-01"},
		},
		{
			name:     "due just after Christmas 2026, office shut between Christmas and New Year",
			closures: []string{"2026-12-29", "2026-12-30", "2026-12-31"},
			due:      ukTime(2027, 1, 5, 17, 0),
			want: []Planned{
				reminder("before_due:7:2026-12-17", utcTime(2026, 12, 17, 8, 0)),
				reminder("before_due:1:2027-01-04", utcTime(2027, 1, 4, 8, 0)),
			},
			notOn: []string{"2026-12-22", "2026-12-25", "2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01"},
		},
		{
			name:     "a local closure day is skipped",
			closures: []string{"2026-10-21"},
			due:      exampleDue,
			want: []Planned{
				reminder("before_due:14:2026-10-09", utcTime(2026, 10, 9, 7, 0)),
				reminder("before_due:7:2026-10-20", utcTime(2026, 10, 20, 7, 0)),
				reminder("before_due:1:2026-10-29", utcTime(2026, 10, 29, 8, 0)),
			},
			notOn: []string{"2026-10-21", "2026-10-12"},
		},
		{
			name: "the day before the due date is Easter Monday 2027",
			due:  ukTime(2027, 3, 30, 17, 0), // Tuesday
			want: []Planned{
				// Not Easter Monday 29 March, nor Good Friday 26 March: the
				// Thursday, still GMT (the clocks go forward on 28 March).
				reminder("before_due:1:2027-03-25", utcTime(2027, 3, 25, 8, 0)),
				reminder("due:2027-03-30", utcTime(2027, 3, 30, 7, 0)), // BST
				reminder("overdue:1:2027-04-06", utcTime(2027, 4, 6, 7, 0)),
			},
			notOn: []string{"2027-03-26", "2027-03-29"},
		},
		{
			name: "due on Good Friday 2027",
			due:  ukTime(2027, 3, 26, 17, 0),
			want: []Planned{
				reminder("before_due:1:2027-03-25", utcTime(2027, 3, 25, 8, 0)),
				reminder("due:2027-03-30", utcTime(2027, 3, 30, 7, 0)), // the next working day
				reminder("overdue:1:2027-04-05", utcTime(2027, 4, 5, 7, 0)),
			},
			notOn: []string{"2027-03-26", "2027-03-29"},
		},
		{
			name: "seven working days before a due date after Easter 2027",
			due:  ukTime(2027, 4, 7, 17, 0), // Wednesday
			want: []Planned{
				// 6, 5, 2, 1 April, 31, 30, 25 March.
				reminder("before_due:7:2027-03-25", utcTime(2027, 3, 25, 8, 0)),
				reminder("before_due:1:2027-04-06", utcTime(2027, 4, 6, 7, 0)),
			},
			notOn: []string{"2027-03-26", "2027-03-29"},
		},
		{
			name: "either side of the clocks going forward on 29 March 2026",
			due:  ukTime(2026, 3, 31, 17, 0), // Tuesday
			want: []Planned{
				reminder("before_due:7:2026-03-20", utcTime(2026, 3, 20, 8, 0)), // GMT
				reminder("before_due:1:2026-03-30", utcTime(2026, 3, 30, 7, 0)), // BST, the Monday after
				reminder("due:2026-03-31", utcTime(2026, 3, 31, 7, 0)),
				// 1, 2 April, not Good Friday or Easter Monday, 7, 8, 9 April.
				reminder("overdue:1:2026-04-09", utcTime(2026, 4, 9, 7, 0)),
			},
			notOn: []string{"2026-04-03", "2026-04-06"},
		},
		{
			name: "due the week after the clocks go forward",
			due:  ukTime(2026, 4, 1, 17, 0),
			want: []Planned{
				reminder("before_due:14:2026-03-12", utcTime(2026, 3, 12, 8, 0)),
				reminder("before_due:7:2026-03-23", utcTime(2026, 3, 23, 8, 0)),
				reminder("before_due:1:2026-03-31", utcTime(2026, 3, 31, 7, 0)),
				reminder("due:2026-04-01", utcTime(2026, 4, 1, 7, 0)),
				reminder("overdue:1:2026-04-10", utcTime(2026, 4, 10, 7, 0)),
				reminder("escalation:1:2026-04-17", utcTime(2026, 4, 17, 7, 0)),
			},
		},
		{
			name: "either side of the clocks going back on 25 October 2026",
			due:  ukTime(2026, 10, 26, 17, 0), // Monday
			want: []Planned{
				reminder("before_due:1:2026-10-23", utcTime(2026, 10, 23, 7, 0)), // BST, the Friday before
				reminder("due:2026-10-26", utcTime(2026, 10, 26, 8, 0)),          // GMT
			},
		},
		{
			name: "due on a Saturday",
			due:  ukTime(2026, 10, 31, 12, 0),
			want: []Planned{
				reminder("before_due:1:2026-10-30", utcTime(2026, 10, 30, 8, 0)),
				reminder("due:2026-11-02", utcTime(2026, 11, 2, 8, 0)),
				reminder("overdue:1:2026-11-06", utcTime(2026, 11, 6, 8, 0)),
			},
			notOn: []string{"2026-10-31", "2026-11-01"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := DefaultPolicy()
			p.ClosureDays = tt.closures
			if err := p.Check(); err != nil {
				t.Fatal(err)
			}
			open := tt.due.AddDate(0, -3, 0)
			plan := p.Plan(Dates{Open: open, Due: tt.due}, mustTiming(t, p), tt.due.AddDate(0, 2, 0))
			byKey := map[string]Planned{}
			for _, r := range plan {
				byKey[r.Key] = r
			}
			for _, w := range tt.want {
				g, ok := byKey[w.Key]
				switch {
				case !ok:
					t.Errorf("no %s in the plan:%s", w.Key, describe(plan))
				case !g.At.Equal(w.At) || g.Kind != w.Kind || g.Step != w.Step:
					t.Errorf("got%s\nwant%s", describe([]Planned{g}), describe([]Planned{w}))
				}
			}
			for _, r := range plan {
				on := workdays.DateOf(r.At, workdays.London()).String()
				if slices.Contains(tt.notOn, on) {
					t.Errorf("%s is sent on %s", r.Key, on)
				}
			}
		})
	}
}

// TestPlanMovedDue: moving the due date ten working days later gives every
// reminder but the opening a new key, so none counts as sent already, and
// the same plan ten working days on.
func TestPlanMovedDue(t *testing.T) {
	p := DefaultPolicy()
	tm := mustTiming(t, p)
	cal, london := tm.Calendar, workdays.London()
	movedDue := ukTime(2026, 11, 13, 17, 0)
	plan := func(due time.Time) []Planned {
		until := cal.At(cal.AddWorkingDays(workdays.DateOf(due, london), 30), 12*time.Hour, london)
		return p.Plan(Dates{Open: exampleOpen, Due: due}, tm, until)
	}
	before, after := plan(exampleDue), plan(movedDue)
	if len(before) != len(after) || len(before) != 14 {
		t.Fatalf("plans of %d and %d reminders, want 14 each:%s\nand:%s", len(before), len(after), describe(before), describe(after))
	}
	for i := range before {
		b, a := before[i], after[i]
		if b.Kind != a.Kind || b.Step != a.Step {
			t.Errorf("[%d] %s became %s", i, b.Key, a.Key)
			continue
		}
		if b.Kind == KindOpening {
			if b.Key != a.Key || !b.At.Equal(a.At) {
				t.Errorf("opening moved: %s %v → %s %v", b.Key, b.At, a.Key, a.At)
			}
			continue
		}
		if b.Key == a.Key {
			t.Errorf("%s kept its key when the due date moved", b.Key)
		}
		wantDay := cal.AddWorkingDays(workdays.DateOf(b.At, london), 10)
		if on := workdays.DateOf(a.At, london); on != wantDay {
			t.Errorf("%s → %s on %s, want %s", b.Key, a.Key, on, wantDay)
		}
		if wantKey := strings.TrimSuffix(b.Key, workdays.DateOf(b.At, london).String()) + wantDay.String(); a.Key != wantKey {
			t.Errorf("%s → %s, want %s", b.Key, a.Key, wantKey)
		}
		if h, m, _ := a.At.In(london).Clock(); h != 8 || m != 0 {
			t.Errorf("%s at %v", a.Key, a.At.In(london))
		}
	}

	// The seven-day reminder was sent for the old date; it is sent again
	// for the new one, on its day.
	sent := map[string]bool{"opening:2026-09-07": true, "before_due:14:2026-10-12": true, "before_due:7:2026-10-21": true}
	now := ukTime(2026, 11, 4, 9, 0)
	got := Due(after, sent, now)
	if keys := planKeys(got); !slices.Equal(keys, []string{"before_due:7:2026-11-04"}) {
		t.Errorf("Due after the move = %q, want [before_due:7:2026-11-04]", keys)
	}
}

func TestPlanOpenCloseUntil(t *testing.T) {
	all := exampleWant()
	tests := []struct {
		name   string
		change func(*Policy)
		dates  Dates
		until  time.Time
		want   []Planned
	}{
		{
			name:  "close at the instant of reminders: they are not sent",
			dates: Dates{Open: exampleOpen, Due: exampleDue, Close: utcTime(2026, 11, 13, 8, 0)},
			until: exampleUntil,
			want:  all[:6], // to overdue:1
		},
		{
			name:  "close a moment after",
			dates: Dates{Open: exampleOpen, Due: exampleDue, Close: utcTime(2026, 11, 13, 8, 0).Add(time.Nanosecond)},
			until: exampleUntil,
			want:  all[:8], // to escalation:1
		},
		{
			name:  "closed before the due date",
			dates: Dates{Open: exampleOpen, Due: exampleDue, Close: ukTime(2026, 10, 29, 12, 0)},
			until: exampleUntil,
			want:  all[:4],
		},
		{
			name:  "closed as it opens",
			dates: Dates{Open: exampleOpen, Due: exampleDue, Close: exampleOpen},
			until: exampleUntil,
			want:  nil,
		},
		{
			name:  "opens after the 14-day reminder's day: it is dropped",
			dates: Dates{Open: ukTime(2026, 10, 14, 9, 0), Due: exampleDue},
			until: exampleUntil,
			want:  append([]Planned{reminder("opening:2026-10-14", utcTime(2026, 10, 14, 8, 0))}, all[2:]...),
		},
		{
			name:  "opens on the 7-day reminder's day after 08:00: it is dropped",
			dates: Dates{Open: ukTime(2026, 10, 21, 12, 0), Due: exampleDue},
			until: exampleUntil,
			want:  append([]Planned{reminder("opening:2026-10-21", utcTime(2026, 10, 21, 11, 0))}, all[3:]...),
		},
		{
			name:  "opens on a Saturday: the opening goes on Monday with the 14-day reminder",
			dates: Dates{Open: ukTime(2026, 10, 10, 11, 0), Due: exampleDue},
			until: exampleUntil,
			want:  append([]Planned{reminder("opening:2026-10-10", utcTime(2026, 10, 12, 7, 0))}, all[1:]...),
		},
		{
			name:  "opens on a Friday evening: the opening waits for Monday",
			dates: Dates{Open: ukTime(2026, 10, 9, 19, 0), Due: exampleDue},
			until: exampleUntil,
			want:  append([]Planned{reminder("opening:2026-10-09", utcTime(2026, 10, 12, 7, 0))}, all[1:]...),
		},
		{
			name:  "opens before the window",
			dates: Dates{Open: ukTime(2026, 9, 7, 6, 45), Due: exampleDue},
			until: exampleUntil,
			want:  append([]Planned{reminder("opening:2026-09-07", utcTime(2026, 9, 7, 7, 0))}, all[1:]...),
		},
		{
			name:   "no opening reminder",
			change: func(p *Policy) { p.OnOpen = false },
			dates:  Dates{Open: exampleOpen, Due: exampleDue},
			until:  exampleUntil,
			want:   all[1:],
		},
		{
			name:  "no open time: no opening reminder, nothing dropped",
			dates: Dates{Due: exampleDue},
			until: exampleUntil,
			want:  all[1:],
		},
		{
			name:  "until the instant of a reminder includes it",
			dates: Dates{Open: exampleOpen, Due: exampleDue},
			until: utcTime(2026, 10, 21, 7, 0),
			want:  all[:3],
		},
		{
			name:  "until a moment before excludes it",
			dates: Dates{Open: exampleOpen, Due: exampleDue},
			until: utcTime(2026, 10, 21, 7, 0).Add(-time.Nanosecond),
			want:  all[:2],
		},
		{
			name:  "until before the campaign opens",
			dates: Dates{Open: exampleOpen, Due: exampleDue},
			until: ukTime(2026, 9, 1, 9, 0),
			want:  nil,
		},
		{
			name:  "until cuts the overdue reminders and the ladder",
			dates: Dates{Open: exampleOpen, Due: exampleDue},
			until: ukTime(2026, 11, 19, 23, 59),
			want:  all[:8],
		},
		{
			name:   "nothing after the due date",
			change: func(p *Policy) { p.OverdueEvery, p.EscalateAfter, p.Ladder = 0, 0, nil },
			dates:  Dates{Open: exampleOpen, Due: exampleDue},
			until:  ukTime(2027, 12, 31, 0, 0),
			want:   all[:5],
		},
		{
			name:   "a shorter ladder",
			change: func(p *Policy) { p.Ladder = []Step{StepPartnershipAdmin}; p.OverdueEvery = 0 },
			dates:  Dates{Open: exampleOpen, Due: exampleDue},
			until:  exampleUntil,
			want: append(slices.Clone(all[:5]), Planned{Key: "escalation:1:2026-11-13", Kind: KindEscalation,
				Step: StepPartnershipAdmin, At: utcTime(2026, 11, 13, 8, 0)}),
		},
		{
			name:   "no escalation step given: five working days",
			change: func(p *Policy) { p.EscalationStep = 0; p.OverdueEvery = 0 },
			dates:  Dates{Open: exampleOpen, Due: exampleDue},
			until:  exampleUntil,
			want:   append(slices.Clone(all[:5]), all[7], all[9], all[11]),
		},
		{
			name: "a later window",
			change: func(p *Policy) {
				p.Window = "09:30-17:00"
				p.BeforeDue = []int{7}
				p.OverdueEvery = 0
				p.EscalateAfter = 0
			},
			dates: Dates{Open: ukTime(2026, 9, 7, 9, 0), Due: exampleDue},
			until: exampleUntil,
			want: []Planned{
				reminder("opening:2026-09-07", utcTime(2026, 9, 7, 8, 30)),
				reminder("before_due:7:2026-10-21", utcTime(2026, 10, 21, 8, 30)),
				reminder("due:2026-10-30", utcTime(2026, 10, 30, 9, 30)),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := DefaultPolicy()
			if tt.change != nil {
				tt.change(&p)
			}
			got := p.Plan(tt.dates, mustTiming(t, p), tt.until)
			samePlan(t, got, tt.want)
			for _, r := range got {
				if !tt.dates.Close.IsZero() && !r.At.Before(tt.dates.Close) {
					t.Errorf("%s at %v, not before close %v", r.Key, r.At, tt.dates.Close)
				}
				if r.At.Before(tt.dates.Open) || r.At.After(tt.until) {
					t.Errorf("%s at %v, outside open %v .. until %v", r.Key, r.At, tt.dates.Open, tt.until)
				}
			}
		})
	}
}

func TestDue(t *testing.T) {
	p := DefaultPolicy()
	plan := p.Plan(Dates{Open: exampleOpen, Due: exampleDue}, mustTiming(t, p), ukTime(2027, 6, 1, 0, 0))
	sentOf := func(keys ...string) map[string]bool {
		m := map[string]bool{}
		for _, k := range keys {
			m[k] = true
		}
		return m
	}
	tests := []struct {
		name string
		now  time.Time
		sent map[string]bool
		want []string
	}{
		{"before the campaign opens", ukTime(2026, 9, 1, 9, 0), nil, nil},
		{"a moment before the opening", exampleOpen.Add(-time.Nanosecond), nil, nil},
		{"at the opening", exampleOpen, nil, []string{"opening:2026-09-07"}},
		{"opening sent", ukTime(2026, 9, 20, 9, 0), sentOf("opening:2026-09-07"), nil},
		{"a moment before the 14-day reminder", utcTime(2026, 10, 12, 7, 0).Add(-time.Nanosecond),
			sentOf("opening:2026-09-07"), nil},
		{"at the 14-day reminder", ukTime(2026, 10, 12, 8, 0), sentOf("opening:2026-09-07"),
			[]string{"before_due:14:2026-10-12"}},
		{"the 7-day reminder sent: not the 14-day one instead", ukTime(2026, 10, 22, 9, 0),
			sentOf("before_due:7:2026-10-21"), nil},
		{"the 14-day reminder missed: only the 7-day one", ukTime(2026, 10, 21, 8, 0), sentOf("opening:2026-09-07"),
			[]string{"before_due:7:2026-10-21"}},
		{"on the due date after the clocks went back", utcTime(2026, 10, 30, 8, 0),
			sentOf("before_due:1:2026-10-29"), []string{"due:2026-10-30"}},
		{"an hour early by UTC-as-BST reckoning is not yet due", utcTime(2026, 10, 30, 7, 0),
			sentOf("before_due:1:2026-10-29"), nil},
		{"first escalation with an overdue reminder", ukTime(2026, 11, 13, 8, 0), sentOf("overdue:1:2026-11-06"),
			[]string{"overdue:2:2026-11-13", "escalation:1:2026-11-13"}},
		{"fell behind: three weeks after the due date with nothing sent", ukTime(2026, 11, 20, 12, 0), nil,
			[]string{"overdue:3:2026-11-20", "escalation:2:2026-11-20"}},
		{"fell behind, the evening before", ukTime(2026, 11, 19, 23, 0), nil,
			[]string{"overdue:2:2026-11-13", "escalation:1:2026-11-13"}},
		{"fell behind, the latest escalation sent", ukTime(2026, 11, 20, 12, 0), sentOf("escalation:2:2026-11-20"),
			[]string{"overdue:3:2026-11-20"}},
		{"fell behind, the latest reminder sent", ukTime(2026, 11, 20, 12, 0), sentOf("overdue:3:2026-11-20"),
			[]string{"escalation:2:2026-11-20"}},
		{"both sent", ukTime(2026, 11, 23, 12, 0), sentOf("overdue:3:2026-11-20", "escalation:2:2026-11-20"), nil},
		{"after the ladder's last rung", ukTime(2027, 1, 20, 12, 0), sentOf("escalation:3:2026-11-27"),
			[]string{"overdue:11:2027-01-20"}},
		{"keys of other campaigns or old due dates do not count", ukTime(2026, 10, 21, 9, 0),
			sentOf("before_due:7:2026-10-07", "due:2026-10-21"), []string{"before_due:7:2026-10-21"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Due(plan, tt.sent, tt.now)
			if keys := planKeys(got); !slices.Equal(keys, tt.want) {
				t.Errorf("Due = %q, want %q", keys, tt.want)
			}
			escalations := 0
			for _, r := range got {
				if r.At.After(tt.now) {
					t.Errorf("%s at %v is after now %v", r.Key, r.At, tt.now)
				}
				if tt.sent[r.Key] {
					t.Errorf("%s was sent already", r.Key)
				}
				if r.Escalation() {
					escalations++
				}
			}
			if escalations > 1 || len(got)-escalations > 1 {
				t.Errorf("Due gave %d escalations and %d reminders", escalations, len(got)-escalations)
			}
		})
	}

	t.Run("the escalation's rung", func(t *testing.T) {
		got := Due(plan, nil, ukTime(2026, 11, 20, 12, 0))
		if len(got) != 2 || got[1].Step != StepSeniorContact || got[1].Kind != KindEscalation {
			t.Errorf("Due = %s", describe(got))
		}
	})
	t.Run("nothing planned", func(t *testing.T) {
		if got := Due(nil, nil, ukTime(2026, 11, 20, 12, 0)); len(got) != 0 {
			t.Errorf("Due(nil) = %s", describe(got))
		}
	})
	t.Run("does not change the plan", func(t *testing.T) {
		was := slices.Clone(plan)
		Due(plan, nil, ukTime(2026, 11, 20, 12, 0))
		if !slices.Equal(planKeys(plan), planKeys(was)) {
			t.Error("Due changed the plan")
		}
	})
}
