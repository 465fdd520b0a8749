package workdays

import (
	"cmp"
	"slices"
)

// Calendar knows which days are working days: Monday to Friday except the
// bank holidays of England and Wales and any local closure days added.
// A Calendar does not change once made and is safe for concurrent use; the
// zero Calendar, and a nil *Calendar, have the bank holidays and no
// closures.
type Calendar struct {
	closures map[int]struct{} // day numbers
}

// EnglandAndWales returns a calendar of the bank holidays of England and
// Wales (see BankHolidays) plus the given local closure days, such as an
// office's training days or the days between Christmas and New Year.
func EnglandAndWales(closures ...Date) *Calendar {
	c := &Calendar{closures: make(map[int]struct{}, len(closures))}
	for _, d := range closures {
		c.closures[d.days()] = struct{}{}
	}
	return c
}

// IsWorkingDay reports whether d is Monday to Friday and neither a bank
// holiday nor a local closure.
func (c *Calendar) IsWorkingDay(d Date) bool { return c.working(d.days()) }

// Holiday returns the name of the bank holiday on d, such as "Christmas Day
// (substitute day)", or LocalClosure for a local closure day. Weekends are
// not holidays in themselves: for a Christmas Day on a Saturday, ok is true
// on the substitute Monday, not on the Saturday. A bank holiday that is also
// a local closure is named as the bank holiday.
func (c *Calendar) Holiday(d Date) (name string, ok bool) { return c.dayOff(d.days()) }

// DaysOff returns the bank holidays and local closure days of year, in date
// order.
func (c *Calendar) DaysOff(year int) []DayOff {
	out := BankHolidays(year)
	if c == nil {
		return out
	}
	for n := range c.closures {
		d := fromDays(n)
		if d.Year != year {
			continue
		}
		if _, ok := bankHoliday(n); !ok {
			out = append(out, DayOff{d, LocalClosure})
		}
	}
	slices.SortFunc(out, func(a, b DayOff) int { return cmp.Compare(a.Date.days(), b.Date.days()) })
	return out
}

// AddWorkingDays returns the nth working day after d, or for negative n the
// -nth working day before it; d itself is never counted, so one working day
// after a Friday is the Monday (or the Tuesday after a bank holiday), and
// one working day before a Saturday is the Friday. For n == 0 it returns d
// if d is a working day, else the next working day.
//
// It takes time proportional to n.
func (c *Calendar) AddWorkingDays(d Date, n int) Date {
	day := d.days()
	switch {
	case n == 0:
		for !c.working(day) {
			day++
		}
	case n > 0:
		for n > 0 {
			day++
			if c.working(day) {
				n--
			}
		}
	default:
		for n < 0 {
			day--
			if c.working(day) {
				n++
			}
		}
	}
	return fromDays(day)
}

// WorkingDaysBetween counts the working days met going from from to to,
// leaving out from and counting to: when to is after from, the working days
// after from up to and including to; when to is before from, minus the
// working days from to up to but not including from; 0 when they are the
// same day.
//
// It is the inverse of AddWorkingDays: for every d,
// WorkingDaysBetween(d, AddWorkingDays(d, n)) == n for n != 0, and for
// n == 0 when d is a working day. So it is not antisymmetric when an end is
// not a working day: from Friday to Saturday is 0, from Saturday back to
// Friday is -1.
func (c *Calendar) WorkingDaysBetween(from, to Date) int {
	f, t := from.days(), to.days()
	switch {
	case t > f:
		return c.count(f+1, t)
	case t < f:
		return -c.count(t, f-1)
	}
	return 0
}

// count returns the number of working days among the day numbers [a, b],
// in time proportional to the years spanned, not the days.
func (c *Calendar) count(a, b int) int {
	if b < a {
		return 0
	}
	n := weekdaysBefore(b+1) - weekdaysBefore(a)
	for y := fromDays(a).Year; y <= fromDays(b).Year; y++ {
		for _, h := range bankHolidaysOf(y) {
			if d := h.Date.days(); d >= a && d <= b {
				n-- // bank holidays are always weekdays
			}
		}
	}
	if c != nil {
		for d := range c.closures {
			if d >= a && d <= b && isWeekday(d) {
				if _, ok := bankHoliday(d); !ok {
					n--
				}
			}
		}
	}
	return n
}

// working reports whether day number n is a working day.
func (c *Calendar) working(n int) bool {
	if !isWeekday(n) {
		return false
	}
	_, off := c.dayOff(n)
	return !off
}

// dayOff returns the name of the bank holiday or closure on day number n.
func (c *Calendar) dayOff(n int) (string, bool) {
	if name, ok := bankHoliday(n); ok {
		return name, true
	}
	if c != nil {
		if _, ok := c.closures[n]; ok {
			return LocalClosure, true
		}
	}
	return "", false
}
