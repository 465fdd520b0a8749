package workdays

import (
	"strings"
	"testing"
	"time"
)

func TestDayNumbersMatchTime(t *testing.T) {
	// Every 13th day from about 1700 to 2300, and a few far-off years.
	check := func(n int) {
		t.Helper()
		want := time.Unix(int64(n)*86400, 0).UTC()
		got := fromDays(n)
		if got.Year != want.Year() || got.Month != want.Month() || got.Day != want.Day() {
			t.Fatalf("fromDays(%d) = %v, want %v", n, got, want.Format(time.DateOnly))
		}
		if got.days() != n {
			t.Fatalf("%v.days() = %d, want %d", got, got.days(), n)
		}
		if got.Weekday() != want.Weekday() {
			t.Fatalf("%v.Weekday() = %v, want %v", got, got.Weekday(), want.Weekday())
		}
		if isWeekday(n) != (want.Weekday() != time.Saturday && want.Weekday() != time.Sunday) {
			t.Fatalf("isWeekday(%v) wrong", got)
		}
	}
	for n := -100000; n <= 120000; n += 13 {
		check(n)
	}
	for _, n := range []int{-719528, -719162, -1, 0, 1, 2932896, 3000000} {
		check(n)
	}
}

func TestWeekdaysBefore(t *testing.T) {
	for a := -30; a < 30; a++ {
		for b := a; b < a+30; b++ {
			want := 0
			for n := a; n < b; n++ {
				if isWeekday(n) {
					want++
				}
			}
			if got := weekdaysBefore(b) - weekdaysBefore(a); got != want {
				t.Fatalf("weekdays in [%d, %d) = %d, want %d", a, b, got, want)
			}
		}
	}
}

func TestDateNormalises(t *testing.T) {
	tests := []struct {
		in   Date
		want string
	}{
		{Date{2026, time.April, 31}, "2026-05-01"},
		{Date{2024, time.February, 30}, "2024-03-01"},
		{Date{2026, time.March, 0}, "2026-02-28"},
		{Date{2026, 13, 1}, "2027-01-01"},
		{Date{2026, 0, 1}, "2025-12-01"},
		{Date{2026, -11, 1}, "2025-01-01"},
		{Date{2026, time.January, 366}, "2027-01-01"},
		{Date{2026, time.January, -1}, "2025-12-30"},
		{Date{10000, time.January, 1}, "10000-01-01"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.in.String(); got != tt.want {
				t.Errorf("%#v.String() = %s, want %s", tt.in, got, tt.want)
			}
			tm := time.Date(tt.in.Year, tt.in.Month, tt.in.Day, 12, 0, 0, 0, time.UTC)
			if got := DateOf(tm, time.UTC); got != tt.in.norm() {
				t.Errorf("norm() = %v, time.Date gives %v", tt.in.norm(), got)
			}
		})
	}
}

func TestAddDaysBeforeAfter(t *testing.T) {
	d := Date{2026, time.December, 31}
	tests := []struct {
		n    int
		want Date
	}{
		{0, d},
		{1, Date{2027, time.January, 1}},
		{-365, Date{2025, time.December, 31}},
		{59, Date{2027, time.February, 28}},
		{60, Date{2027, time.March, 1}},
		{-1036, Date{2024, time.February, 29}},
	}
	for _, tt := range tests {
		got := d.AddDays(tt.n)
		if got != tt.want {
			t.Errorf("AddDays(%d) = %v, want %v", tt.n, got, tt.want)
		}
		if tt.n > 0 && (!d.Before(got) || d.After(got) || !got.After(d)) {
			t.Errorf("order of %v and %v", d, got)
		}
		if tt.n == 0 && (d.Before(got) || d.After(got)) {
			t.Errorf("%v is before or after itself", d)
		}
	}
	if !(Date{2026, time.February, 30}).After(Date{2026, time.March, 1}) {
		t.Error("Before and After must compare normalised dates")
	}
}

func TestDateOf(t *testing.T) {
	// 23:30 UTC on 1 June is 00:30 BST on 2 June.
	tm := time.Date(2026, time.June, 1, 23, 30, 0, 0, time.UTC)
	if got, want := DateOf(tm, London()), (Date{2026, time.June, 2}); got != want {
		t.Errorf("in London = %v, want %v", got, want)
	}
	if got, want := DateOf(tm, nil), (Date{2026, time.June, 1}); got != want {
		t.Errorf("in own zone = %v, want %v", got, want)
	}
	if got, want := DateOf(tm.In(London()), time.UTC), (Date{2026, time.June, 1}); got != want {
		t.Errorf("in UTC = %v, want %v", got, want)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    Date
		wantErr string
	}{
		{"2026-03-29", Date{2026, time.March, 29}, ""},
		{"2024-02-29", Date{2024, time.February, 29}, ""},
		{"2000-02-29", Date{2000, time.February, 29}, ""},
		{"0000-01-01", Date{0, time.January, 1}, ""},
		{"9999-12-31", Date{9999, time.December, 31}, ""},
		{"2026-02-29", Date{}, "February 2026 has days 01-28"},
		{"1900-02-29", Date{}, "February 1900 has days 01-28"},
		{"2026-04-31", Date{}, "April 2026 has days 01-30"},
		{"2026-00-10", Date{}, "month 00 is not 01-12"},
		{"2026-13-10", Date{}, "month 13 is not 01-12"},
		{"2026-01-00", Date{}, "has days 01-31"},
		{"2026-3-29", Date{}, "is not YYYY-MM-DD"},
		{"26-03-29", Date{}, "is not YYYY-MM-DD"},
		{"2026/03/29", Date{}, "is not YYYY-MM-DD"},
		{"+026-03-29", Date{}, "is not YYYY-MM-DD"},
		{"2026-03-29T00:00", Date{}, "is not YYYY-MM-DD"},
		{" 2026-03-2", Date{}, "is not YYYY-MM-DD"},
		{"", Date{}, "is not YYYY-MM-DD"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to say %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("= %v, %v; want %v", got, err, tt.want)
			}
			if got.String() != tt.in {
				t.Fatalf("String() = %s", got)
			}
		})
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-03-29", "2024-02-29", "2026-02-29", "0000-01-01", "9999-12-31", "", "2026-3-29", "-001-01-01", "２０２６-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.norm() != d {
			t.Fatalf("%q gave unnormalised %#v", s, d)
		}
		if d.String() != s {
			t.Fatalf("%q gave %v", s, d)
		}
		if again, err := ParseDate(d.String()); err != nil || again != d {
			t.Fatalf("round trip of %q: %v, %v", s, again, err)
		}
	})
}
