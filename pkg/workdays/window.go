package workdays

import (
	"errors"
	"fmt"
	"strings"
	"time"

	// The time zone database is embedded (about 450 KB) because the
	// services run in minimal containers that may have no
	// /usr/share/zoneinfo: there, time.LoadLocation("Europe/London") would
	// fail and reminders would go out on UTC, an hour early all summer.
	// LoadLocation still prefers the system's database when there is one.
	_ "time/tzdata"
)

var london = mustLoad("Europe/London")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(fmt.Sprintf("workdays: %v (time/tzdata is embedded, so this cannot happen)", err))
	}
	return loc
}

// London returns the Europe/London time zone: GMT in winter, BST (UTC+1)
// from the last Sunday of March to the last Sunday of October.
func London() *time.Location { return london }

// Window is a daily sending window in a time zone, e.g. 08:00-18:00
// Europe/London. Start and End are wall-clock offsets from local midnight,
// so 08:00 is 08:00 on the clock on the days the clocks change too. The
// window includes Start and excludes End. A nil Location means UTC.
type Window struct {
	Start, End time.Duration
	Location   *time.Location
}

// UKOfficeHours returns the window 08:00-18:00 Europe/London.
func UKOfficeHours() Window {
	return Window{Start: 8 * time.Hour, End: 18 * time.Hour, Location: london}
}

// ParseWindow reads a window written "HH:MM-HH:MM" on a 24-hour clock, such
// as "08:00-18:00", in loc. The end may be 24:00, midnight at the end of the
// day; the start must be before the end (windows across midnight are not
// supported).
func ParseWindow(spec string, loc *time.Location) (Window, error) {
	start, end, ok := strings.Cut(spec, "-")
	if !ok {
		return Window{}, fmt.Errorf("workdays: window %q: want start-end on a 24-hour clock, such as 08:00-18:00", spec)
	}
	s, err := parseClock(start)
	if err != nil {
		return Window{}, fmt.Errorf("workdays: window %q: start: %w", spec, err)
	}
	e, err := parseClock(end)
	if err != nil {
		return Window{}, fmt.Errorf("workdays: window %q: end: %w", spec, err)
	}
	if loc == nil {
		return Window{}, fmt.Errorf("workdays: window %q: no time zone given", spec)
	}
	w := Window{Start: s, End: e, Location: loc}
	if err := w.Validate(); err != nil {
		return Window{}, fmt.Errorf("workdays: window %q: %w", spec, err)
	}
	return w, nil
}

// parseClock reads a time of day written HH:MM, 00:00 to 24:00.
func parseClock(s string) (time.Duration, error) {
	if len(s) != 5 || s[2] != ':' {
		return 0, fmt.Errorf("%q is not HH:MM", s)
	}
	h, okH := digits(s[:2])
	m, okM := digits(s[3:])
	switch {
	case !okH || !okM:
		return 0, fmt.Errorf("%q is not HH:MM", s)
	case h > 24:
		return 0, fmt.Errorf("hour %02d is not 00-24", h)
	case m > 59:
		return 0, fmt.Errorf("minute %02d is not 00-59", m)
	case h == 24 && m != 0:
		return 0, fmt.Errorf("%s is after 24:00", s)
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute, nil
}

// Validate reports what is wrong with w, if anything: it needs a location
// and 00:00 <= Start < End <= 24:00.
func (w Window) Validate() error {
	switch {
	case w.Location == nil:
		return errors.New("no time zone given")
	case w.Start < 0:
		return fmt.Errorf("start %s is before 00:00", clock(w.Start))
	case w.End > 24*time.Hour:
		return fmt.Errorf("end %s is after 24:00", clock(w.End))
	case w.Start >= w.End:
		return fmt.Errorf("start %s is not before end %s", clock(w.Start), clock(w.End))
	}
	return nil
}

// String returns the window as "HH:MM-HH:MM" (to the minute, without the
// location), as ParseWindow reads it.
func (w Window) String() string { return clock(w.Start) + "-" + clock(w.End) }

// clock writes an offset from midnight as HH:MM, truncated to the minute.
func clock(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	return fmt.Sprintf("%s%02d:%02d", sign, int64(d/time.Hour), int64(d%time.Hour/time.Minute))
}

func (w Window) location() *time.Location {
	if w.Location == nil {
		return time.UTC
	}
	return w.Location
}

// NextSendTime returns t itself if t is inside the window w on a working
// day, else the start of the window on the next working day on or after
// t's date (today's start if t is before the window on a working day). Days
// are dates in w.Location, and the window's times are wall-clock times
// there, so 08:00 Europe/London is 07:00 UTC in summer and 08:00 UTC in
// winter, whichever side of a clock change t is.
//
// w should be valid (see Validate); an invalid window gives an unspecified
// time but no panic.
func (c *Calendar) NextSendTime(t time.Time, w Window) time.Time {
	loc := w.location()
	for d := DateOf(t, loc).days(); ; d++ {
		if !c.working(d) {
			continue
		}
		start := c.At(fromDays(d), w.Start, loc)
		if t.Before(start) {
			return start
		}
		if t.Before(c.At(fromDays(d), w.End, loc)) {
			return t
		}
	}
}

// At returns the instant at which the clock in loc shows local time offset
// after midnight on d: a wall-clock time, so At(d, 8*time.Hour, London())
// is 08:00 on d even on the days the clocks change. A time that the clocks
// skip (01:30 on the last Sunday of March in London) is resolved as
// time.Date resolves it. A nil loc means UTC.
func (c *Calendar) At(d Date, offset time.Duration, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	d = d.norm()
	return time.Date(d.Year, d.Month, d.Day, 0, 0, int(offset/time.Second), int(offset%time.Second), loc)
}
