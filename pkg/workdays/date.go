package workdays

import (
	"fmt"
	"time"
)

// Date is a civil date: a day on the calendar, not an instant, in no time
// zone. Every function and method that takes a Date normalises fields out of
// range as time.Date does, so Date{2026, time.April, 31} is 1 May 2026.
// Dates are comparable with == only when both are normalised.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the date of t in loc (for UK dates, London()). A nil loc
// means t's own location.
func DateOf(t time.Time, loc *time.Location) Date {
	if loc != nil {
		t = t.In(loc)
	}
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate reads a date written YYYY-MM-DD, as String writes it. The year
// must have four digits and the date must exist (2026-02-29 is an error).
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("workdays: date %q is not YYYY-MM-DD", s)
	}
	y, okY := digits(s[0:4])
	m, okM := digits(s[5:7])
	d, okD := digits(s[8:10])
	if !okY || !okM || !okD {
		return Date{}, fmt.Errorf("workdays: date %q is not YYYY-MM-DD", s)
	}
	if m < 1 || m > 12 {
		return Date{}, fmt.Errorf("workdays: date %q: month %02d is not 01-12", s, m)
	}
	if n := daysIn(y, time.Month(m)); d < 1 || d > n {
		return Date{}, fmt.Errorf("workdays: date %q: %s %d has days 01-%02d", s, time.Month(m), y, n)
	}
	return Date{y, time.Month(m), d}, nil
}

// digits reads a string of ASCII digits (no sign, no spaces).
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// String returns the normalised date as YYYY-MM-DD. Years outside
// 0000-9999, which ParseDate does not read, are written without padding.
func (d Date) String() string {
	d = d.norm()
	if d.Year < 0 || d.Year > 9999 {
		return fmt.Sprintf("%d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// AddDays returns the date n calendar days after d (before it if n < 0).
func (d Date) AddDays(n int) Date { return fromDays(d.days() + n) }

// Before reports whether d is an earlier day than o.
func (d Date) Before(o Date) bool { return d.days() < o.days() }

// After reports whether d is a later day than o.
func (d Date) After(o Date) bool { return d.days() > o.days() }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return time.Weekday(floorMod(d.days()+4, 7)) } // 1970-01-01 was a Thursday

// norm returns d with its fields in range.
func (d Date) norm() Date { return fromDays(d.days()) }

// days returns d as a day number: days since 1970-01-01 in the proleptic
// Gregorian calendar.
func (d Date) days() int {
	m := int(d.Month) - 1
	y := d.Year + floorDiv(m, 12)
	m = floorMod(m, 12) + 1
	return daysFromCivil(y, m) + d.Day - 1
}

// fromDays is the inverse of Date.days.
func fromDays(n int) Date {
	// Howard Hinnant's civil_from_days, on eras of 400 years from 0000-03-01.
	n += 719468
	era := floorDiv(n, 146097)
	doe := n - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	month := mp + 3
	if month > 12 {
		month -= 12
	}
	year := yoe + era*400
	if month <= 2 {
		year++
	}
	return Date{year, time.Month(month), day}
}

// daysFromCivil returns the day number of the first of month m (1-12) of y.
func daysFromCivil(y, m int) int {
	// Howard Hinnant's days_from_civil: years start on 1 March so that the
	// leap day is the last day of the year.
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	doy := (153*((m+9)%12) + 2) / 5
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// daysIn returns the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	return Date{y, m + 1, 1}.days() - Date{y, m, 1}.days()
}

// isWeekday reports whether day number n is Monday to Friday.
func isWeekday(n int) bool { return floorMod(n+3, 7) < 5 } // Monday is 0

// weekdaysBefore returns how many of the day numbers [epochMonday, n) are
// Monday to Friday, negative for n before it; the difference of two calls
// counts the weekdays in between.
func weekdaysBefore(n int) int {
	m := n + 3 // days since Monday 1969-12-29
	return 5*floorDiv(m, 7) + min(floorMod(m, 7), 5)
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func floorMod(a, b int) int { return a - floorDiv(a, b)*b }
