package workdays

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestBankHolidaysPublished checks every bank holiday of England and Wales
// for 2019-2027 as GOV.UK publishes them (www.gov.uk/bank-holidays), and the
// years changed by proclamation since 1995 (from the same list's archive
// and the proclamations).
func TestBankHolidaysPublished(t *testing.T) {
	tests := []struct {
		year int
		want []string
	}{
		{2019, []string{
			"2019-01-01 New Year's Day", "2019-04-19 Good Friday", "2019-04-22 Easter Monday",
			"2019-05-06 Early May bank holiday", "2019-05-27 Spring bank holiday",
			"2019-08-26 Summer bank holiday", "2019-12-25 Christmas Day", "2019-12-26 Boxing Day",
		}},
		{2020, []string{
			"2020-01-01 New Year's Day", "2020-04-10 Good Friday", "2020-04-13 Easter Monday",
			"2020-05-08 Early May bank holiday (VE Day)", "2020-05-25 Spring bank holiday",
			"2020-08-31 Summer bank holiday", "2020-12-25 Christmas Day",
			"2020-12-28 Boxing Day (substitute day)",
		}},
		{2021, []string{
			"2021-01-01 New Year's Day", "2021-04-02 Good Friday", "2021-04-05 Easter Monday",
			"2021-05-03 Early May bank holiday", "2021-05-31 Spring bank holiday",
			"2021-08-30 Summer bank holiday", "2021-12-27 Christmas Day (substitute day)",
			"2021-12-28 Boxing Day (substitute day)",
		}},
		{2022, []string{
			"2022-01-03 New Year's Day (substitute day)", "2022-04-15 Good Friday",
			"2022-04-18 Easter Monday", "2022-05-02 Early May bank holiday",
			"2022-06-02 Spring bank holiday", "2022-06-03 Platinum Jubilee bank holiday",
			"2022-08-29 Summer bank holiday",
			"2022-09-19 Bank holiday for the State Funeral of Queen Elizabeth II",
			"2022-12-26 Boxing Day", "2022-12-27 Christmas Day (substitute day)",
		}},
		{2023, []string{
			"2023-01-02 New Year's Day (substitute day)", "2023-04-07 Good Friday",
			"2023-04-10 Easter Monday", "2023-05-01 Early May bank holiday",
			"2023-05-08 Bank holiday for the coronation of King Charles III",
			"2023-05-29 Spring bank holiday", "2023-08-28 Summer bank holiday",
			"2023-12-25 Christmas Day", "2023-12-26 Boxing Day",
		}},
		{2024, []string{
			"2024-01-01 New Year's Day", "2024-03-29 Good Friday", "2024-04-01 Easter Monday",
			"2024-05-06 Early May bank holiday", "2024-05-27 Spring bank holiday",
			"2024-08-26 Summer bank holiday", "2024-12-25 Christmas Day", "2024-12-26 Boxing Day",
		}},
		{2025, []string{
			"2025-01-01 New Year's Day", "2025-04-18 Good Friday", "2025-04-21 Easter Monday",
			"2025-05-05 Early May bank holiday", "2025-05-26 Spring bank holiday",
			"2025-08-25 Summer bank holiday", "2025-12-25 Christmas Day", "2025-12-26 Boxing Day",
		}},
		{2026, []string{
			"2026-01-01 New Year's Day", "2026-04-03 Good Friday", "2026-04-06 Easter Monday",
			"2026-05-04 Early May bank holiday", "2026-05-25 Spring bank holiday",
			"2026-08-31 Summer bank holiday", "2026-12-25 Christmas Day",
			"2026-12-28 Boxing Day (substitute day)",
		}},
		{2027, []string{
			"2027-01-01 New Year's Day", "2027-03-26 Good Friday", "2027-03-29 Easter Monday",
			"2027-05-03 Early May bank holiday", "2027-05-31 Spring bank holiday",
			"2027-08-30 Summer bank holiday", "2027-12-27 Christmas Day (substitute day)",
			"2027-12-28 Boxing Day (substitute day)",
		}},
		// Years changed by proclamation.
		{1995, []string{
			"1995-01-02 New Year's Day (substitute day)", "1995-04-14 Good Friday",
			"1995-04-17 Easter Monday", "1995-05-08 Early May bank holiday (VE Day)",
			"1995-05-29 Spring bank holiday", "1995-08-28 Summer bank holiday",
			"1995-12-25 Christmas Day", "1995-12-26 Boxing Day",
		}},
		{1999, []string{
			"1999-01-01 New Year's Day", "1999-04-02 Good Friday", "1999-04-05 Easter Monday",
			"1999-05-03 Early May bank holiday", "1999-05-31 Spring bank holiday",
			"1999-08-30 Summer bank holiday", "1999-12-27 Christmas Day (substitute day)",
			"1999-12-28 Boxing Day (substitute day)", "1999-12-31 Millennium Day",
		}},
		{2000, []string{
			"2000-01-03 New Year's Day (substitute day)", "2000-04-21 Good Friday",
			"2000-04-24 Easter Monday", "2000-05-01 Early May bank holiday",
			"2000-05-29 Spring bank holiday", "2000-08-28 Summer bank holiday",
			"2000-12-25 Christmas Day", "2000-12-26 Boxing Day",
		}},
		{2002, []string{
			"2002-01-01 New Year's Day", "2002-03-29 Good Friday", "2002-04-01 Easter Monday",
			"2002-05-06 Early May bank holiday", "2002-06-03 Golden Jubilee bank holiday",
			"2002-06-04 Spring bank holiday", "2002-08-26 Summer bank holiday",
			"2002-12-25 Christmas Day", "2002-12-26 Boxing Day",
		}},
		{2011, []string{
			"2011-01-03 New Year's Day (substitute day)", "2011-04-22 Good Friday",
			"2011-04-25 Easter Monday", "2011-04-29 Royal wedding",
			"2011-05-02 Early May bank holiday", "2011-05-30 Spring bank holiday",
			"2011-08-29 Summer bank holiday", "2011-12-26 Boxing Day",
			"2011-12-27 Christmas Day (substitute day)",
		}},
		{2012, []string{
			"2012-01-02 New Year's Day (substitute day)", "2012-04-06 Good Friday",
			"2012-04-09 Easter Monday", "2012-05-07 Early May bank holiday",
			"2012-06-04 Spring bank holiday", "2012-06-05 Diamond Jubilee bank holiday",
			"2012-08-27 Summer bank holiday", "2012-12-25 Christmas Day", "2012-12-26 Boxing Day",
		}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.year), func(t *testing.T) {
			var got []string
			for _, h := range BankHolidays(tt.year) {
				got = append(got, h.Date.String()+" "+h.Name)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
			c := EnglandAndWales()
			for _, h := range BankHolidays(tt.year) {
				if c.IsWorkingDay(h.Date) {
					t.Errorf("%v is a working day", h.Date)
				}
				if name, ok := c.Holiday(h.Date); !ok || name != h.Name {
					t.Errorf("Holiday(%v) = %q, %v", h.Date, name, ok)
				}
			}
		})
	}
}

func TestEaster(t *testing.T) {
	tests := []struct{ year, month, day int }{
		{1818, 3, 22}, {1886, 4, 25}, {1943, 4, 25}, {1961, 4, 2}, {1995, 4, 16},
		{2000, 4, 23}, {2008, 3, 23}, {2011, 4, 24}, {2019, 4, 21}, {2024, 3, 31},
		{2025, 4, 20}, {2026, 4, 5}, {2027, 3, 28}, {2038, 4, 25}, {2285, 3, 22},
	}
	for _, tt := range tests {
		want := Date{tt.year, time.Month(tt.month), tt.day}
		if got := easter(tt.year); got != want {
			t.Errorf("easter(%d) = %v, want %v", tt.year, got, want)
		}
	}
}

// TestBankHolidaysRules checks the shape of every year's list from 1995 to
// 2100, and that the cached table agrees with BankHolidays.
func TestBankHolidaysRules(t *testing.T) {
	extra := map[int]int{1999: 1, 2002: 1, 2011: 1, 2012: 1, 2022: 2, 2023: 1}
	for y := 1995; y <= 2100; y++ {
		hs := BankHolidays(y)
		if len(hs) != 8+extra[y] {
			t.Errorf("%d has %d bank holidays", y, len(hs))
		}
		for i, h := range hs {
			n := h.Date.days()
			if h.Date.Year != y || !isWeekday(n) {
				t.Errorf("%v %s is not a weekday of %d", h.Date, h.Name, y)
			}
			if i > 0 && !hs[i-1].Date.Before(h.Date) {
				t.Errorf("%d: %v is not after %v", y, h.Date, hs[i-1].Date)
			}
			if name, ok := bankHoliday(n); !ok || name != h.Name {
				t.Errorf("table has %q for %v %s", name, h.Date, h.Name)
			}
		}
		want := map[string]time.Weekday{goodFriday: time.Friday, easterMonday: time.Monday}
		for _, h := range hs {
			if wd, ok := want[h.Name]; ok && h.Date.Weekday() != wd {
				t.Errorf("%s %v is a %v", h.Name, h.Date, h.Date.Weekday())
			}
			if (h.Name == earlyMay || h.Name == springHoliday || h.Name == summerHoliday) && h.Date.Weekday() != time.Monday && !slices.Contains([]int{2002, 2022}, y) {
				t.Errorf("%s %v is a %v", h.Name, h.Date, h.Date.Weekday())
			}
		}
	}
}

// TestChristmasSubstitutes checks the Christmas and Boxing Day holidays for
// Christmas on every day of the week.
func TestChristmasSubstitutes(t *testing.T) {
	want := map[time.Weekday][]string{
		time.Monday:    {"25 Christmas Day", "26 Boxing Day"},
		time.Tuesday:   {"25 Christmas Day", "26 Boxing Day"},
		time.Wednesday: {"25 Christmas Day", "26 Boxing Day"},
		time.Thursday:  {"25 Christmas Day", "26 Boxing Day"},
		time.Friday:    {"25 Christmas Day", "28 Boxing Day (substitute day)"},
		time.Saturday:  {"27 Christmas Day (substitute day)", "28 Boxing Day (substitute day)"},
		time.Sunday:    {"26 Boxing Day", "27 Christmas Day (substitute day)"},
	}
	seen := map[time.Weekday]bool{}
	for y := 2000; y <= 2100; y++ {
		wd := Date{y, time.December, 25}.Weekday()
		seen[wd] = true
		var got []string
		for _, h := range BankHolidays(y) {
			if h.Date.Month == time.December && h.Date.Day > 20 {
				got = append(got, fmt.Sprintf("%02d %s", h.Date.Day, h.Name))
			}
		}
		if !slices.Equal(got, want[wd]) {
			t.Errorf("%d (Christmas on %v): %q, want %q", y, wd, got, want[wd])
		}
	}
	if len(seen) != 7 {
		t.Errorf("only saw Christmas on %v", seen)
	}
}

func TestNewYearSubstitute(t *testing.T) {
	for y := 2000; y <= 2100; y++ {
		first := BankHolidays(y)[0]
		switch (Date{y, time.January, 1}).Weekday() {
		case time.Saturday:
			if first.Date != (Date{y, time.January, 3}) || first.Name != newYearsDay+substitute {
				t.Errorf("%d: %v %s", y, first.Date, first.Name)
			}
		case time.Sunday:
			if first.Date != (Date{y, time.January, 2}) || first.Name != newYearsDay+substitute {
				t.Errorf("%d: %v %s", y, first.Date, first.Name)
			}
		default:
			if first.Date != (Date{y, time.January, 1}) || first.Name != newYearsDay {
				t.Errorf("%d: %v %s", y, first.Date, first.Name)
			}
		}
	}
}

func TestBankHolidaysOutsideTable(t *testing.T) {
	for _, y := range []int{1600, 1899, 2200, 2500, 9999} {
		for _, h := range BankHolidays(y) {
			if name, ok := bankHoliday(h.Date.days()); !ok || name != h.Name {
				t.Errorf("bankHoliday(%v) = %q, %v; want %q", h.Date, name, ok, h.Name)
			}
		}
		if _, ok := bankHoliday(Date{y, time.March, 10}.days()); ok {
			t.Errorf("10 March %d is a holiday", y)
		}
	}
}
