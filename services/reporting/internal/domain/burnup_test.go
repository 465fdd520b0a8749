package domain

import (
	"fmt"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/workdays"
)

func TestBurnUp(t *testing.T) {
	at := func(month time.Month, day, hour, min int) time.Time {
		return time.Date(2026, month, day, hour, min, 0, 0, time.UTC)
	}
	row := func(first, handedIn time.Time) Row {
		return Row{Progress: Progress{FirstActivity: first, FirstHandIn: handedIn}}
	}
	var never time.Time
	tests := []struct {
		name string
		c    Campaign
		rows []Row
		want string
	}{
		{"launch to the newest event, in UK time",
			Campaign{Launched: at(10, 1, 9, 0), AsOf: at(10, 5, 12, 0)},
			[]Row{
				row(at(10, 2, 10, 0), at(10, 3, 15, 0)),
				// 23:30 UTC on 2 October is 00:30 on the 3rd in London (BST).
				row(at(10, 2, 23, 30), never),
				row(never, never),
				row(at(10, 4, 8, 0), at(10, 4, 16, 0)),
			},
			"[{2026-10-01 0 0} {2026-10-02 1 0} {2026-10-03 2 1} {2026-10-04 3 2} {2026-10-05 3 2}]"},
		{"a return sent back still counts from its first hand-in",
			Campaign{Launched: at(11, 2, 9, 0), AsOf: at(11, 3, 9, 0)},
			[]Row{{Progress: Progress{Review: Returned, FirstActivity: at(11, 2, 10, 0), FirstHandIn: at(11, 2, 11, 0)}}},
			"[{2026-11-02 1 1} {2026-11-03 1 1}]"},
		{"activity before the launch is known starts the series",
			Campaign{AsOf: at(11, 3, 9, 0)},
			[]Row{row(at(11, 2, 10, 0), never)},
			"[{2026-11-02 1 0} {2026-11-03 1 0}]"},
		{"activity after the as-of time extends it",
			Campaign{Launched: at(11, 2, 9, 0), AsOf: at(11, 2, 9, 0)},
			[]Row{row(at(11, 4, 10, 0), at(11, 4, 11, 0))},
			"[{2026-11-02 0 0} {2026-11-03 0 0} {2026-11-04 1 1}]"},
		{"launched, nothing since", Campaign{Launched: at(11, 2, 9, 0)}, []Row{row(never, never)}, "[{2026-11-02 0 0}]"},
		{"nothing known", Campaign{AsOf: at(11, 2, 9, 0)}, []Row{row(never, never)}, "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fmt.Sprint(BurnUp(tt.c, tt.rows, workdays.London())); got != tt.want {
				t.Fatalf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestBurnUpLongCampaign: 730 days from 1 January 2025 to 31 December
// 2026 are given every second day, ending on the last.
func TestBurnUpLongCampaign(t *testing.T) {
	c := Campaign{Launched: time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC), AsOf: time.Date(2026, 12, 31, 12, 0, 0, 0, time.UTC)}
	rows := []Row{{Progress: Progress{FirstActivity: time.Date(2025, 1, 1, 13, 0, 0, 0, time.UTC)}}}
	days := BurnUp(c, rows, workdays.London())
	if len(days) != 365 || days[0] != (CompletionDay{"2025-01-02", 1, 0}) || days[364] != (CompletionDay{"2026-12-31", 1, 0}) {
		t.Fatalf("%d days from %+v to %+v", len(days), days[0], days[len(days)-1])
	}
}
