package workdays

import (
	"cmp"
	"slices"
	"sync"
	"time"
)

// DayOff is a named day that is not a working day: a bank holiday or a local
// closure.
type DayOff struct {
	Date Date
	Name string
}

// LocalClosure is the name Calendar.Holiday gives a local closure day.
const LocalClosure = "Local closure"

// The names of the regular bank holidays, as GOV.UK writes them.
const (
	newYearsDay   = "New Year's Day"
	goodFriday    = "Good Friday"
	easterMonday  = "Easter Monday"
	earlyMay      = "Early May bank holiday"
	springHoliday = "Spring bank holiday"
	summerHoliday = "Summer bank holiday"
	christmasDay  = "Christmas Day"
	boxingDay     = "Boxing Day"
	substitute    = " (substitute day)"
)

// proclamation is a one-off change to the bank holidays by royal
// proclamation: it moves the regular holiday named moves to date, or, when
// moves is empty, adds date as an extra holiday.
type proclamation struct {
	moves string
	date  Date
	name  string
}

// proclamations since 1995. Earlier ones (such as the royal weddings of 1973
// and 1981) are not listed: earlier years follow the regular rules only.
var proclamations = []proclamation{
	{earlyMay, Date{1995, time.May, 8}, "Early May bank holiday (VE Day)"},
	{"", Date{1999, time.December, 31}, "Millennium Day"},
	{springHoliday, Date{2002, time.June, 4}, springHoliday},
	{"", Date{2002, time.June, 3}, "Golden Jubilee bank holiday"},
	{"", Date{2011, time.April, 29}, "Royal wedding"},
	{springHoliday, Date{2012, time.June, 4}, springHoliday},
	{"", Date{2012, time.June, 5}, "Diamond Jubilee bank holiday"},
	{earlyMay, Date{2020, time.May, 8}, "Early May bank holiday (VE Day)"},
	{springHoliday, Date{2022, time.June, 2}, springHoliday},
	{"", Date{2022, time.June, 3}, "Platinum Jubilee bank holiday"},
	{"", Date{2022, time.September, 19}, "Bank holiday for the State Funeral of Queen Elizabeth II"},
	{"", Date{2023, time.May, 8}, "Bank holiday for the coronation of King Charles III"},
}

// BankHolidays returns the bank holidays of England and Wales in year, in
// date order, as GOV.UK lists them: the days off work, so a Christmas Day
// that falls on a Saturday is not listed but its substitute Monday is.
//
// They follow the rules of the Banking and Financial Dealings Act 1971 as
// applied since 1978 (New Year's Day, Good Friday, Easter Monday, the first
// and last Mondays of May, the last Monday of August, Christmas Day and
// Boxing Day, with substitute weekdays for those falling at a weekend) and
// the changes by proclamation since 1995. Future proclamations need an
// entry in this package.
func BankHolidays(year int) []DayOff {
	type rule struct {
		date  Date
		name  string
		fixed bool // on a fixed date, so it has a substitute day at a weekend
	}
	e := easter(year)
	rules := []rule{
		{Date{year, time.January, 1}, newYearsDay, true},
		{e.AddDays(-2), goodFriday, false},
		{e.AddDays(1), easterMonday, false},
		{firstMonday(year, time.May), earlyMay, false},
		{lastMonday(year, time.May), springHoliday, false},
		{lastMonday(year, time.August), summerHoliday, false},
		{Date{year, time.December, 25}, christmasDay, true},
		{Date{year, time.December, 26}, boxingDay, true},
	}
	for _, p := range proclamations {
		if p.date.Year != year {
			continue
		}
		if p.moves == "" {
			rules = append(rules, rule{p.date, p.name, false})
			continue
		}
		for i := range rules {
			if rules[i].name == p.moves {
				rules[i].date, rules[i].name = p.date, p.name
			}
		}
	}

	out := make([]DayOff, 0, len(rules)+2)
	taken := func(n int) bool {
		return slices.ContainsFunc(out, func(h DayOff) bool { return h.Date.days() == n })
	}
	for _, r := range rules {
		if isWeekday(r.date.days()) {
			out = append(out, DayOff{r.date, r.name})
		}
	}
	// In order, each fixed holiday at a weekend moves to the next weekday
	// that is not already a holiday: Christmas on a Saturday gives Monday
	// 27 and Boxing Day Tuesday 28; Christmas on a Sunday gives Boxing Day
	// Monday 26 and Christmas Tuesday 27.
	for _, r := range rules {
		n := r.date.days()
		if !r.fixed || isWeekday(n) {
			continue
		}
		for !isWeekday(n) || taken(n) {
			n++
		}
		out = append(out, DayOff{fromDays(n), r.name + substitute})
	}
	slices.SortFunc(out, func(a, b DayOff) int { return cmp.Compare(a.Date.days(), b.Date.days()) })
	return out
}

// easter returns the date of Easter Sunday in the Gregorian calendar, by the
// Anonymous Gregorian algorithm (Meeus/Jones/Butcher). Floor division keeps
// it defined for any year.
func easter(year int) Date {
	a := floorMod(year, 19)
	b, c := floorDiv(year, 100), floorMod(year, 100)
	d, e := floorDiv(b, 4), floorMod(b, 4)
	f := floorDiv(b+8, 25)
	g := floorDiv(b-f+1, 3)
	h := floorMod(19*a+b-d-g+15, 30)
	i, k := c/4, c%4
	l := floorMod(32+2*e+2*i-h-k, 7)
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return Date{year, time.Month(month), day}
}

// firstMonday returns the first Monday of month m of year y.
func firstMonday(y int, m time.Month) Date {
	d := Date{y, m, 1}
	return d.AddDays(floorMod(int(time.Monday-d.Weekday()), 7))
}

// lastMonday returns the last Monday of month m of year y.
func lastMonday(y int, m time.Month) Date {
	d := Date{y, m + 1, 0}.norm() // the last day of m
	return d.AddDays(-floorMod(int(d.Weekday()-time.Monday), 7))
}

// The bank holidays of the years most asked about are computed once and
// kept by year and by day number; other years are computed when asked.
const tableFrom, tableTo = 1900, 2200 // years [tableFrom, tableTo)

var (
	tableStart = Date{tableFrom, time.January, 1}.days()
	tableEnd   = Date{tableTo, time.January, 1}.days()
	table      = sync.OnceValue(func() *holidayTable {
		t := &holidayTable{byDay: make(map[int]string, (tableTo-tableFrom)*9)}
		for y := tableFrom; y < tableTo; y++ {
			t.byYear[y-tableFrom] = BankHolidays(y)
			for _, h := range t.byYear[y-tableFrom] {
				t.byDay[h.Date.days()] = h.Name
			}
		}
		return t
	})
)

// holidayTable holds the bank holidays of the years [tableFrom, tableTo).
type holidayTable struct {
	byYear [tableTo - tableFrom][]DayOff
	byDay  map[int]string
}

// bankHolidaysOf is BankHolidays for callers that do not change the result.
func bankHolidaysOf(year int) []DayOff {
	if year >= tableFrom && year < tableTo {
		return table().byYear[year-tableFrom]
	}
	return BankHolidays(year)
}

// bankHoliday returns the name of the bank holiday on day number n, if any.
func bankHoliday(n int) (string, bool) {
	if n >= tableStart && n < tableEnd {
		name, ok := table().byDay[n]
		return name, ok
	}
	for _, h := range BankHolidays(fromDays(n).Year) {
		if h.Date.days() == n {
			return h.Name, true
		}
	}
	return "", false
}
