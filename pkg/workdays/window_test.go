package workdays

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func instant(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestLondon(t *testing.T) {
	if London().String() != "Europe/London" || UKOfficeHours().Location != London() {
		t.Fatalf("London() = %v", London())
	}
	if w := UKOfficeHours(); w.String() != "08:00-18:00" || w.Validate() != nil {
		t.Fatalf("UKOfficeHours() = %v, %v", w, w.Validate())
	}
	for _, tt := range []struct {
		at   string
		zone string
	}{
		{"2026-03-29T00:59:59Z", "GMT"}, {"2026-03-29T01:00:00Z", "BST"},
		{"2026-10-25T00:59:59Z", "BST"}, {"2026-10-25T01:00:00Z", "GMT"},
	} {
		if zone, _ := instant(tt.at).In(London()).Zone(); zone != tt.zone {
			t.Errorf("%s is %s in London, want %s", tt.at, zone, tt.zone)
		}
	}
}

func TestAt(t *testing.T) {
	tests := []struct {
		date   Date
		offset time.Duration
		loc    *time.Location
		want   string
	}{
		{mustDate("2026-01-05"), 8 * time.Hour, London(), "2026-01-05T08:00:00Z"},
		{mustDate("2026-06-01"), 8 * time.Hour, London(), "2026-06-01T07:00:00Z"},
		{mustDate("2026-03-29"), 0, London(), "2026-03-29T00:00:00Z"},
		{mustDate("2026-03-29"), 3 * time.Hour, London(), "2026-03-29T02:00:00Z"},
		{mustDate("2026-03-29"), 8 * time.Hour, London(), "2026-03-29T07:00:00Z"},
		{mustDate("2026-10-25"), 0, London(), "2026-10-24T23:00:00Z"},
		{mustDate("2026-10-25"), 8 * time.Hour, London(), "2026-10-25T08:00:00Z"},
		{mustDate("2026-10-25"), 24 * time.Hour, London(), "2026-10-26T00:00:00Z"},
		{mustDate("2026-10-25"), 18 * time.Hour, London(), "2026-10-25T18:00:00Z"},
		{Date{2026, time.June, 31}, 8 * time.Hour, London(), "2026-07-01T07:00:00Z"},
		{mustDate("2026-06-01"), 8*time.Hour + 30*time.Minute + 15*time.Second + 5, time.UTC, "2026-06-01T08:30:15.000000005Z"},
		{mustDate("2026-06-01"), 8 * time.Hour, nil, "2026-06-01T08:00:00Z"},
	}
	var c *Calendar
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got := c.At(tt.date, tt.offset, tt.loc)
			if want, _ := time.Parse(time.RFC3339Nano, tt.want); !got.Equal(want) {
				t.Errorf("At(%v, %v) = %v, want %s", tt.date, tt.offset, got.UTC(), tt.want)
			}
		})
	}
}

func TestNextSendTime(t *testing.T) {
	plain := EnglandAndWales()
	closed := EnglandAndWales(closures...)
	uk := UKOfficeHours()
	tests := []struct {
		name string
		cal  *Calendar
		w    Window
		t    string
		want string // "" means t itself
	}{
		{"before the window in winter", plain, uk, "2026-01-05T07:59:59Z", "2026-01-05T08:00:00Z"},
		{"at the start", plain, uk, "2026-01-05T08:00:00Z", ""},
		{"inside", plain, uk, "2026-01-05T12:00:00Z", ""},
		{"just before the end", plain, uk, "2026-01-05T17:59:59Z", ""},
		{"at the end", plain, uk, "2026-01-05T18:00:00Z", "2026-01-06T08:00:00Z"},
		{"before the window in summer", plain, uk, "2026-06-01T06:30:00Z", "2026-06-01T07:00:00Z"},
		{"inside in summer, given in UTC", plain, uk, "2026-06-01T07:30:00Z", ""},
		{"after the window in summer", plain, uk, "2026-06-01T17:30:00Z", "2026-06-02T07:00:00Z"},
		{"after midnight in London, not yet in UTC", plain, uk, "2026-06-01T23:30:00Z", "2026-06-02T07:00:00Z"},
		{"friday evening before the clocks go forward", plain, uk, "2026-03-27T18:30:00Z", "2026-03-30T07:00:00Z"},
		{"saturday before the clocks go forward", plain, uk, "2026-03-28T12:00:00Z", "2026-03-30T07:00:00Z"},
		{"as the clocks go forward", plain, uk, "2026-03-29T01:30:00+01:00", "2026-03-30T08:00:00+01:00"},
		{"monday after the clocks go forward", plain, uk, "2026-03-30T07:30:00+01:00", "2026-03-30T08:00:00+01:00"},
		{"friday evening before the clocks go back", plain, uk, "2026-10-23T18:00:00+01:00", "2026-10-26T08:00:00Z"},
		{"as the clocks go back", plain, uk, "2026-10-25T01:30:00Z", "2026-10-26T08:00:00Z"},
		{"monday after the clocks go back", plain, uk, "2026-10-26T07:30:00Z", "2026-10-26T08:00:00Z"},
		{"friday evening before a bank holiday monday", plain, uk, "2026-05-01T18:30:00+01:00", "2026-05-05T08:00:00+01:00"},
		{"friday evening before the late summer holiday", plain, uk, "2026-08-28T20:00:00+01:00", "2026-09-01T08:00:00+01:00"},
		{"inside the window on a bank holiday", plain, uk, "2026-08-31T10:00:00+01:00", "2026-09-01T08:00:00+01:00"},
		{"thursday evening before Easter", plain, uk, "2026-04-02T18:00:00+01:00", "2026-04-07T08:00:00+01:00"},
		{"christmas eve 2026", plain, uk, "2026-12-24T18:00:00Z", "2026-12-29T08:00:00Z"},
		{"christmas eve 2026 with closures", closed, uk, "2026-12-24T18:00:00Z", "2027-01-04T08:00:00Z"},
		{"christmas eve 2027", plain, uk, "2027-12-24T19:00:00Z", "2027-12-29T08:00:00Z"},
		{"new year's eve 2027", plain, uk, "2027-12-31T18:00:00Z", "2028-01-04T08:00:00Z"},
		{"on a closure day", closed, uk, "2026-03-11T09:00:00Z", "2026-03-12T08:00:00Z"},
		{"all-day window", plain, Window{0, 24 * time.Hour, London()}, "2026-03-13T23:59:00Z", ""},
		{"all-day window at the weekend", plain, Window{0, 24 * time.Hour, London()}, "2026-03-14T00:00:00Z", "2026-03-16T00:00:00Z"},
		{"nil location is UTC", plain, Window{8 * time.Hour, 18 * time.Hour, nil}, "2026-06-01T07:30:00Z", "2026-06-01T08:00:00Z"},
		{"other zone", plain, Window{9 * time.Hour, 17 * time.Hour, mustLoad("America/New_York")}, "2026-03-13T23:00:00Z", "2026-03-16T13:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := instant(tt.t)
			got := tt.cal.NextSendTime(in, tt.w)
			if tt.want == "" {
				if got != in {
					t.Errorf("NextSendTime(%s) = %v, want t itself", tt.t, got)
				}
				return
			}
			if want := instant(tt.want); !got.Equal(want) {
				t.Errorf("NextSendTime(%s) = %v, want %v", tt.t, got, want.In(tt.w.location()))
			}
			if got.Location() != tt.w.location() {
				t.Errorf("in %v, want %v", got.Location(), tt.w.location())
			}
		})
	}
}

// TestNextSendTimeProperty checks NextSendTime against a definition built
// from AddWorkingDays, for every quarter hour around the 2026 clock changes
// and random instants of 2019-2027.
func TestNextSendTimeProperty(t *testing.T) {
	c := EnglandAndWales(closures...)
	w := UKOfficeHours()
	var times []time.Time
	for _, from := range []string{"2026-03-26T00:00:00Z", "2026-10-22T00:00:00Z"} {
		for i := range 6 * 24 * 4 {
			times = append(times, instant(from).Add(time.Duration(i)*15*time.Minute))
		}
	}
	r := rand.New(rand.NewPCG(5, 6))
	start := instant("2019-01-01T00:00:00Z")
	for range 20000 {
		times = append(times, start.Add(time.Duration(r.Int64N(int64(9*365*24*time.Hour)))))
	}
	for _, tm := range times {
		first := c.AddWorkingDays(DateOf(tm, London()), 0)
		var want time.Time
		switch {
		case tm.Before(c.At(first, w.Start, London())):
			want = c.At(first, w.Start, London())
		case tm.Before(c.At(first, w.End, London())):
			want = tm
		default:
			want = c.At(c.AddWorkingDays(first, 1), w.Start, London())
		}
		if got := c.NextSendTime(tm, w); !got.Equal(want) {
			t.Fatalf("NextSendTime(%v) = %v, want %v", tm, got, want)
		}
		got := c.NextSendTime(tm, w).In(London())
		if h, m, s := got.Clock(); !got.Equal(tm) && (h != 8 || m != 0 || s != 0) {
			t.Fatalf("NextSendTime(%v) = %v, not 08:00 in London", tm, got)
		}
	}
}

func TestParseWindow(t *testing.T) {
	tests := []struct {
		spec       string
		loc        *time.Location
		start, end time.Duration
		wantErr    string
	}{
		{"08:00-18:00", London(), 8 * time.Hour, 18 * time.Hour, ""},
		{"09:30-16:45", London(), 9*time.Hour + 30*time.Minute, 16*time.Hour + 45*time.Minute, ""},
		{"00:00-24:00", time.UTC, 0, 24 * time.Hour, ""},
		{"23:59-24:00", time.UTC, 23*time.Hour + 59*time.Minute, 24 * time.Hour, ""},
		{"", London(), 0, 0, "want start-end"},
		{"08:00", London(), 0, 0, "want start-end"},
		{"08:00–18:00", London(), 0, 0, "want start-end"}, // en dash
		{"8:00-18:00", London(), 0, 0, `start: "8:00" is not HH:MM`},
		{"08:00-18:0", London(), 0, 0, `end: "18:0" is not HH:MM`},
		{"08:00 - 18:00", London(), 0, 0, `start: "08:00 " is not HH:MM`},
		{"08:00-18:00-19:00", London(), 0, 0, `end: "18:00-19:00" is not HH:MM`},
		{"+8:00-18:00", London(), 0, 0, `start: "+8:00" is not HH:MM`},
		{"08h00-18:00", London(), 0, 0, `start: "08h00" is not HH:MM`},
		{"25:00-26:00", London(), 0, 0, "start: hour 25 is not 00-24"},
		{"08:60-18:00", London(), 0, 0, "start: minute 60 is not 00-59"},
		{"08:00-24:30", London(), 0, 0, "end: 24:30 is after 24:00"},
		{"18:00-08:00", London(), 0, 0, "start 18:00 is not before end 08:00"},
		{"08:00-08:00", London(), 0, 0, "start 08:00 is not before end 08:00"},
		{"24:00-24:00", London(), 0, 0, "start 24:00 is not before end 24:00"},
		{"08:00-18:00", nil, 0, 0, "no time zone given"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			w, err := ParseWindow(tt.spec, tt.loc)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to say %q", err, tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.spec) {
					t.Fatalf("err = %v, want it to quote the spec", err)
				}
				return
			}
			if err != nil || w.Start != tt.start || w.End != tt.end || w.Location != tt.loc {
				t.Fatalf("= %+v, %v", w, err)
			}
			if w.String() != tt.spec {
				t.Fatalf("String() = %s", w)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		w       Window
		wantErr string
	}{
		{UKOfficeHours(), ""},
		{Window{-time.Hour, time.Hour, time.UTC}, "start -01:00 is before 00:00"},
		{Window{time.Hour, 25 * time.Hour, time.UTC}, "end 25:00 is after 24:00"},
		{Window{time.Hour, time.Hour, time.UTC}, "start 01:00 is not before end 01:00"},
		{Window{time.Hour, 2 * time.Hour, nil}, "no time zone given"},
	}
	for _, tt := range tests {
		err := tt.w.Validate()
		if (err == nil) != (tt.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("%v.Validate() = %v, want %q", tt.w, err, tt.wantErr)
		}
	}
}

func TestNextSendTimeInvalidWindowTerminates(t *testing.T) {
	c := EnglandAndWales()
	at := instant("2026-05-01T12:00:00Z")
	for _, w := range []Window{
		{18 * time.Hour, 8 * time.Hour, London()},
		{8 * time.Hour, 8 * time.Hour, London()},
		{-30 * time.Hour, -20 * time.Hour, London()},
		{30 * time.Hour, 40 * time.Hour, London()},
		{},
	} {
		if got := c.NextSendTime(at, w); got.Before(at) && w.Start >= 0 {
			t.Errorf("%v: %v is before %v", w, got, at)
		}
	}
}

func FuzzParseWindow(f *testing.F) {
	for _, s := range []string{"08:00-18:00", "00:00-24:00", "18:00-08:00", "24:00-24:00", "8:00-18:00", "", "-", "99:99-99:99", "08:00-24:01"} {
		f.Add(s)
	}
	c := EnglandAndWales()
	times := []time.Time{instant("2026-03-27T18:30:00Z"), instant("2026-10-25T01:30:00Z"), instant("2026-06-01T12:00:00Z")}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseWindow(s, London())
		if err != nil {
			if !strings.HasPrefix(err.Error(), "workdays: window ") {
				t.Fatalf("error %q does not say what it is about", err)
			}
			return
		}
		if w.Validate() != nil || w.String() != s {
			t.Fatalf("%q gave %v (%v)", s, w, w.Validate())
		}
		if again, err := ParseWindow(w.String(), London()); err != nil || again != w {
			t.Fatalf("round trip of %q: %v, %v", s, again, err)
		}
		for _, tm := range times {
			got := c.NextSendTime(tm, w)
			local := got.In(London())
			y, m, dd := local.Date()
			offset := local.Sub(time.Date(y, m, dd, 0, 0, 0, 0, London()))
			if got.Before(tm) || !c.IsWorkingDay(DateOf(got, London())) {
				t.Fatalf("NextSendTime(%v, %v) = %v", tm, w, got)
			}
			// On the working days reached, midnight to the wall clock is
			// elapsed time (no clock change on a working day in London).
			if offset < w.Start || offset >= w.End {
				t.Fatalf("NextSendTime(%v, %v) = %v, outside the window", tm, w, local)
			}
		}
	})
}
