package workdays

import (
	"math/rand/v2"
	"testing"
	"time"
)

// mustDate reads a YYYY-MM-DD date known to be good.
func mustDate(s string) Date {
	v, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

// closures of an office shut between Christmas and New Year 2026 and for a
// training day on Wednesday 11 March 2026 (and, pointlessly, a Saturday and
// a bank holiday).
var closures = []Date{
	mustDate("2026-12-29"), mustDate("2026-12-30"), mustDate("2026-12-31"),
	mustDate("2026-03-11"), mustDate("2026-03-14"), mustDate("2026-05-04"),
}

func TestIsWorkingDayAndHoliday(t *testing.T) {
	c := EnglandAndWales(closures...)
	tests := []struct {
		date    string
		working bool
		name    string
	}{
		{"2026-03-10", true, ""},
		{"2026-03-11", false, LocalClosure},
		{"2026-03-14", false, LocalClosure}, // a Saturday closure is still named
		{"2026-03-15", false, ""},           // Sunday
		{"2026-04-02", true, ""},
		{"2026-04-03", false, "Good Friday"},
		{"2026-04-06", false, "Easter Monday"},
		{"2026-05-04", false, "Early May bank holiday"}, // the bank holiday wins over the closure
		{"2026-12-24", true, ""},
		{"2026-12-25", false, "Christmas Day"},
		{"2026-12-26", false, ""}, // Saturday: Boxing Day's holiday is the Monday
		{"2026-12-28", false, "Boxing Day (substitute day)"},
		{"2026-12-29", false, LocalClosure},
		{"2027-01-01", false, "New Year's Day"},
		{"2027-01-04", true, ""},
		{"2027-12-25", false, ""},
		{"2027-12-27", false, "Christmas Day (substitute day)"},
		{"2027-12-28", false, "Boxing Day (substitute day)"},
		{"2027-12-29", true, ""},
		{"2027-12-31", true, ""},
		{"2028-01-03", false, "New Year's Day (substitute day)"},
		{"2022-09-19", false, "Bank holiday for the State Funeral of Queen Elizabeth II"},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			if got := c.IsWorkingDay(mustDate(tt.date)); got != tt.working {
				t.Errorf("IsWorkingDay = %v", got)
			}
			name, ok := c.Holiday(mustDate(tt.date))
			if name != tt.name || ok != (tt.name != "") {
				t.Errorf("Holiday = %q, %v; want %q", name, ok, tt.name)
			}
		})
	}
}

func TestCalendarWithoutClosures(t *testing.T) {
	var nilCal *Calendar
	for _, c := range []*Calendar{nilCal, {}, EnglandAndWales()} {
		if c.IsWorkingDay(mustDate("2026-03-11")) != true || c.IsWorkingDay(mustDate("2026-04-03")) {
			t.Errorf("%#v", c)
		}
		if got := c.AddWorkingDays(mustDate("2026-04-02"), 1); got != mustDate("2026-04-07") {
			t.Errorf("%#v: %v", c, got)
		}
		if got := len(c.DaysOff(2026)); got != 8 {
			t.Errorf("%#v: %d days off", c, got)
		}
		if got := c.WorkingDaysBetween(mustDate("2025-12-31"), mustDate("2026-12-31")); got != 253 {
			t.Errorf("%#v: %d working days in 2026", c, got)
		}
	}
}

func TestDaysOff(t *testing.T) {
	c := EnglandAndWales(closures...)
	var got []string
	for _, h := range c.DaysOff(2026) {
		got = append(got, h.Date.String()+" "+h.Name)
	}
	want := []string{
		"2026-01-01 New Year's Day", "2026-03-11 Local closure", "2026-03-14 Local closure",
		"2026-04-03 Good Friday", "2026-04-06 Easter Monday", "2026-05-04 Early May bank holiday",
		"2026-05-25 Spring bank holiday", "2026-08-31 Summer bank holiday", "2026-12-25 Christmas Day",
		"2026-12-28 Boxing Day (substitute day)", "2026-12-29 Local closure",
		"2026-12-30 Local closure", "2026-12-31 Local closure",
	}
	if len(got) != len(want) {
		t.Fatalf("got %q", got)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("[%d] = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestAddWorkingDays(t *testing.T) {
	plain := EnglandAndWales()
	closed := EnglandAndWales(closures...)
	tests := []struct {
		name string
		cal  *Calendar
		from string
		n    int
		want string
	}{
		{"zero on a working day", plain, "2026-03-10", 0, "2026-03-10"},
		{"zero on a Saturday", plain, "2026-03-14", 0, "2026-03-16"},
		{"zero on Good Friday", plain, "2026-04-03", 0, "2026-04-07"},
		{"zero on a closure", closed, "2026-03-11", 0, "2026-03-12"},
		{"one in the week", plain, "2026-03-10", 1, "2026-03-11"},
		{"one over a closure", closed, "2026-03-10", 1, "2026-03-12"},
		{"friday to monday", plain, "2026-03-13", 1, "2026-03-16"},
		{"saturday to monday", plain, "2026-03-14", 1, "2026-03-16"},
		{"over Easter", plain, "2026-04-02", 1, "2026-04-07"},
		{"over a bank holiday Monday", plain, "2026-05-01", 1, "2026-05-05"},
		{"a week", plain, "2026-03-10", 5, "2026-03-17"},
		{"over Christmas 2026", plain, "2026-12-24", 1, "2026-12-29"},
		{"over Christmas 2026 and closures", closed, "2026-12-24", 1, "2027-01-04"},
		{"over the year end 2027", plain, "2027-12-31", 1, "2028-01-04"},
		{"over Christmas 2027", plain, "2027-12-24", 3, "2027-12-31"},
		{"over Christmas and New Year 2027", plain, "2027-12-24", 4, "2028-01-04"},
		{"back a day", plain, "2026-03-11", -1, "2026-03-10"},
		{"back over a weekend", plain, "2026-03-16", -1, "2026-03-13"},
		{"back from a Saturday", plain, "2026-03-14", -1, "2026-03-13"},
		{"back from a bank holiday", plain, "2026-05-04", -1, "2026-05-01"},
		{"back over a year end", plain, "2028-01-04", -1, "2027-12-31"},
		{"back over Christmas", plain, "2028-01-04", -4, "2027-12-24"},
		{"7 before a due date after Easter", plain, "2026-04-07", -7, "2026-03-25"},
		{"7 before a due date with a closure", closed, "2026-03-20", -7, "2026-03-10"},
		{"every 5 after", plain, "2026-05-01", 5, "2026-05-11"},
		{"a year on", plain, "2025-12-31", 253, "2026-12-31"},
		{"a year back", plain, "2026-12-31", -253, "2025-12-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.AddWorkingDays(mustDate(tt.from), tt.n); got != mustDate(tt.want) {
				t.Errorf("AddWorkingDays(%s, %d) = %v, want %s", tt.from, tt.n, got, tt.want)
			}
		})
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	plain := EnglandAndWales()
	closed := EnglandAndWales(closures...)
	tests := []struct {
		name     string
		cal      *Calendar
		from, to string
		want     int
	}{
		{"same day", plain, "2026-03-10", "2026-03-10", 0},
		{"same non-working day", plain, "2026-03-14", "2026-03-14", 0},
		{"next day", plain, "2026-03-10", "2026-03-11", 1},
		{"over a closure", closed, "2026-03-10", "2026-03-12", 1},
		{"friday to monday", plain, "2026-03-13", "2026-03-16", 1},
		{"friday to saturday", plain, "2026-03-13", "2026-03-14", 0},
		{"saturday back to friday", plain, "2026-03-14", "2026-03-13", -1},
		{"monday back to friday", plain, "2026-03-16", "2026-03-13", -1},
		{"monday to friday", plain, "2026-03-09", "2026-03-13", 4},
		{"friday back to monday", plain, "2026-03-13", "2026-03-09", -4},
		{"over Christmas 2026", plain, "2026-12-24", "2026-12-31", 3},
		{"over Christmas 2026 with closures", closed, "2026-12-24", "2026-12-31", 0},
		{"over the year end 2027", plain, "2027-12-24", "2028-01-04", 4},
		{"back over the year end 2027", plain, "2028-01-04", "2027-12-24", -4},
		{"whole of 2026", plain, "2025-12-31", "2026-12-31", 253},
		{"whole of 2026 with closures", closed, "2025-12-31", "2026-12-31", 249},
		{"2022, a year of four extra days", plain, "2021-12-31", "2022-12-31", 250},
		{"1995 to 2100", plain, "1995-01-01", "2100-12-31", naiveCount(plain, mustDate("1995-01-01"), mustDate("2100-12-31"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.WorkingDaysBetween(mustDate(tt.from), mustDate(tt.to)); got != tt.want {
				t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

// naiveCount counts WorkingDaysBetween a day at a time.
func naiveCount(c *Calendar, from, to Date) int {
	n := 0
	for x := from.AddDays(1); !to.Before(x); x = x.AddDays(1) {
		if c.IsWorkingDay(x) {
			n++
		}
	}
	for x := to; x.Before(from); x = x.AddDays(1) {
		if c.IsWorkingDay(x) {
			n--
		}
	}
	return n
}

func TestWorkingDaysBetweenMatchesNaive(t *testing.T) {
	c := EnglandAndWales(closures...)
	r := rand.New(rand.NewPCG(1, 2))
	base := mustDate("1995-01-01").days()
	for range 2000 {
		from := fromDays(base + r.IntN(106*365))
		to := from.AddDays(r.IntN(1500) - 750)
		if got, want := c.WorkingDaysBetween(from, to), naiveCount(c, from, to); got != want {
			t.Fatalf("WorkingDaysBetween(%v, %v) = %d, want %d", from, to, got, want)
		}
	}
}

// TestAddThenCount is the property that WorkingDaysBetween undoes
// AddWorkingDays, for every day of 2019-2027 and random days of 1995-2100.
func TestAddThenCount(t *testing.T) {
	c := EnglandAndWales(closures...)
	var starts []Date
	for x := mustDate("2019-01-01"); x.Before(mustDate("2028-01-01")); x = x.AddDays(1) {
		starts = append(starts, x)
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		starts = append(starts, fromDays(mustDate("1995-01-01").days()+r.IntN(106*365)))
	}
	if testing.Short() {
		starts = starts[:400]
	}
	for _, start := range starts {
		for n := -40; n <= 40; n++ {
			end := c.AddWorkingDays(start, n)
			if !c.IsWorkingDay(end) {
				t.Fatalf("AddWorkingDays(%v, %d) = %v, not a working day", start, n, end)
			}
			want := n
			if n == 0 && !c.IsWorkingDay(start) {
				want = 1 // n == 0 moves a non-working day on to the next working day
			}
			if got := c.WorkingDaysBetween(start, end); got != want {
				t.Fatalf("AddWorkingDays(%v, %d) = %v, but WorkingDaysBetween gives %d", start, n, end, got)
			}
		}
	}
}

// TestCountThenAdd is the converse: counting to a working day and adding
// the count gets back there.
func TestCountThenAdd(t *testing.T) {
	c := EnglandAndWales(closures...)
	for from := mustDate("2026-12-01"); from.Before(mustDate("2027-02-01")); from = from.AddDays(1) {
		for to := mustDate("2026-11-01"); to.Before(mustDate("2027-03-01")); to = to.AddDays(1) {
			n := c.WorkingDaysBetween(from, to)
			if !c.IsWorkingDay(to) || (n == 0 && from != to) {
				continue
			}
			if got := c.AddWorkingDays(from, n); got != to {
				t.Fatalf("WorkingDaysBetween(%v, %v) = %d, but AddWorkingDays gives %v", from, to, n, got)
			}
		}
	}
}

func TestNormalisesDates(t *testing.T) {
	c := EnglandAndWales(Date{2026, time.February, 30}) // 2 March 2026
	if c.IsWorkingDay(mustDate("2026-03-02")) {
		t.Error("closure given as 30 February was not normalised")
	}
	if !c.IsWorkingDay(Date{2026, time.April, 0}) {
		t.Error("Date{2026, April, 0} should be Tuesday 31 March, a working day")
	}
	if got := c.AddWorkingDays(Date{2026, time.December, 32}, 0); got != mustDate("2027-01-04") {
		t.Errorf("got %v", got)
	}
}

func TestConcurrentUse(t *testing.T) {
	c := EnglandAndWales(closures...)
	done := make(chan int)
	for g := range 4 {
		go func() {
			n := 0
			for x := mustDate("2026-01-01").AddDays(g); x.Before(mustDate("2027-01-01")); x = x.AddDays(4) {
				n += c.WorkingDaysBetween(x, c.AddWorkingDays(x, 3))
				_ = c.NextSendTime(c.At(x, 20*time.Hour, London()), UKOfficeHours())
			}
			done <- n
		}()
	}
	for range 4 {
		if n := <-done; n == 0 {
			t.Error("no working days counted")
		}
	}
}
