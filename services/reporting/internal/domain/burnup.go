package domain

import (
	"time"
)

// CompletionDay is one day of a campaign's burn-up.
type CompletionDay struct {
	// Date is the day, YYYY-MM-DD, in the partnerships' time zone.
	Date string
	// Started and HandedIn count the returns first saved, and first
	// handed in, by the day's end.
	Started, HandedIn int
}

// maxBurnUpDays bounds the burn-up of a campaign left open for years: it
// steps by as many days at a time as keep it within this many points.
const maxBurnUpDays = 400

// BurnUp is the burn-up of rows in loc: from the day the campaign was
// launched (or the first activity, if earlier or the launch is unknown) to
// the day of its newest event, how many returns had been started and first
// handed in by each day's end. A return handed in and sent back still
// counts as handed in on the day it first was. No activity and no known
// launch give no days.
func BurnUp(c Campaign, rows []Row, loc *time.Location) []CompletionDay {
	day := func(t time.Time) time.Time {
		y, m, d := t.In(loc).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	var first, last time.Time
	see := func(t time.Time) {
		if t.IsZero() {
			return
		}
		d := day(t)
		if first.IsZero() || d.Before(first) {
			first = d
		}
		if d.After(last) {
			last = d
		}
	}
	see(c.Launched)
	started, handed := map[time.Time]int{}, map[time.Time]int{}
	for _, r := range rows {
		if !r.FirstActivity.IsZero() {
			see(r.FirstActivity)
			started[day(r.FirstActivity)]++
		}
		if !r.FirstHandIn.IsZero() {
			see(r.FirstHandIn)
			handed[day(r.FirstHandIn)]++
		}
	}
	if first.IsZero() {
		return nil
	}
	if !c.AsOf.IsZero() && day(c.AsOf).After(last) {
		last = day(c.AsOf)
	}
	days := int(last.Sub(first).Hours()/24) + 1
	step := (days + maxBurnUpDays - 1) / maxBurnUpDays
	out := make([]CompletionDay, 0, (days+step-1)/step)
	s, h := 0, 0
	for i, d := 0, first; !d.After(last); i, d = i+1, d.AddDate(0, 0, 1) {
		s += started[d]
		h += handed[d]
		if i%step == step-1 || d.Equal(last) {
			out = append(out, CompletionDay{Date: d.Format(time.DateOnly), Started: s, HandedIn: h})
		}
	}
	return out
}
