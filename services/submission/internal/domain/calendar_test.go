package domain

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// windowed is a launched campaign open from open to due with orgs.
func windowed(id string, open, due time.Time, orgs ...string) *Campaign {
	return &Campaign{ID: id, State: CampaignOpen, CampaignSpec: CampaignSpec{Organisations: orgs, OpenTime: open, DueTime: due}}
}

func TestWindow(t *testing.T) {
	due := t0.Add(10 * day)
	tests := []struct {
		name      string
		c         Campaign
		wantStart time.Time
		wantEnd   time.Time
	}{
		{"open time", Campaign{CreateTime: t0.Add(-day), LaunchTime: t0,
			CampaignSpec: CampaignSpec{OpenTime: t0.Add(day), DueTime: due}}, t0.Add(day), due},
		{"launch time", Campaign{CreateTime: t0.Add(-day), LaunchTime: t0, CampaignSpec: CampaignSpec{DueTime: due}}, t0, due},
		{"create time of a draft", Campaign{CreateTime: t0.Add(-day), CampaignSpec: CampaignSpec{DueTime: due}}, t0.Add(-day), due},
		{"close time", Campaign{LaunchTime: t0, CampaignSpec: CampaignSpec{DueTime: due, CloseTime: due.Add(day), AllowLate: true}},
			t0, due.Add(day)},
	}
	for _, tt := range tests {
		start, end := tt.c.Window()
		if !start.Equal(tt.wantStart) || !end.Equal(tt.wantEnd) {
			t.Errorf("%s: window %v–%v, want %v–%v", tt.name, start, end, tt.wantStart, tt.wantEnd)
		}
	}
}

func TestClashes(t *testing.T) {
	d := func(n int) time.Time { return t0.Add(time.Duration(n) * day) }
	many := func(prefix string, n int) []string {
		var out []string
		for i := range n {
			out = append(out, fmt.Sprintf("%s%02d", prefix, i))
		}
		return out
	}
	type want struct {
		first, second string
		start, end    time.Time
		count         int
		shared        []string
	}
	tests := []struct {
		name      string
		campaigns []*Campaign
		want      []want
	}{
		{"overlap with shared organisations", []*Campaign{
			windowed("c1", d(0), d(10), "z", "b", "a", "x"),
			windowed("c2", d(5), d(20), "a", "y", "z"),
		}, []want{{"c1", "c2", d(5), d(10), 2, []string{"a", "z"}}}},
		{"one inside the other", []*Campaign{
			windowed("c1", d(0), d(30), "a"),
			windowed("c2", d(5), d(10), "a"),
		}, []want{{"c1", "c2", d(5), d(10), 1, []string{"a"}}}},
		{"windows that only touch", []*Campaign{
			windowed("c1", d(0), d(10), "a"),
			windowed("c2", d(10), d(20), "a"),
		}, nil},
		{"apart", []*Campaign{
			windowed("c1", d(0), d(10), "a"),
			windowed("c2", d(11), d(20), "a"),
		}, nil},
		{"no shared organisations", []*Campaign{
			windowed("c1", d(0), d(10), "a", "b"),
			windowed("c2", d(5), d(20), "c", "d"),
		}, nil},
		{"late returns overlap", []*Campaign{
			{ID: "c1", CampaignSpec: CampaignSpec{Organisations: []string{"a"}, OpenTime: d(0), DueTime: d(10), CloseTime: d(15), AllowLate: true}},
			windowed("c2", d(12), d(20), "a"),
		}, []want{{"c1", "c2", d(12), d(15), 1, []string{"a"}}}},
		{"launch time when no open time", []*Campaign{
			{ID: "c1", LaunchTime: d(8), CampaignSpec: CampaignSpec{Organisations: []string{"a"}, DueTime: d(20)}},
			windowed("c2", d(0), d(9), "a"),
		}, []want{{"c1", "c2", d(8), d(9), 1, []string{"a"}}}},
		{"open time before launch time", []*Campaign{
			{ID: "c1", LaunchTime: d(0), CampaignSpec: CampaignSpec{Organisations: []string{"a"}, OpenTime: d(9), DueTime: d(20)}},
			windowed("c2", d(0), d(9), "a"),
		}, nil},
		{"capped organisations", []*Campaign{
			windowed("c1", d(0), d(10), many("o", 30)...),
			windowed("c2", d(0), d(10), many("o", 25)...),
		}, []want{{"c1", "c2", d(0), d(10), 25, many("o", MaxClashOrganisations)}}},
		{"most shared first", []*Campaign{
			windowed("c1", d(0), d(10), "a", "b", "c", "d"),
			windowed("c2", d(0), d(10), "a", "e", "f"),
			windowed("c3", d(0), d(10), "b", "c", "d", "e", "f"),
		}, []want{
			{"c1", "c3", d(0), d(10), 3, []string{"b", "c", "d"}},
			{"c2", "c3", d(0), d(10), 2, []string{"e", "f"}},
			{"c1", "c2", d(0), d(10), 1, []string{"a"}},
		}},
		{"none", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Clashes(tt.campaigns)
			if len(got) != len(tt.want) {
				t.Fatalf("%d clashes, want %d: %+v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				g := got[i]
				if g.First.ID != w.first || g.Second.ID != w.second || !g.Start.Equal(w.start) || !g.End.Equal(w.end) ||
					g.SharedCount != w.count || !slices.Equal(g.SharedOrganisation, w.shared) {
					t.Errorf("clash %d: %s/%s %v–%v %d %v, want %+v", i, g.First.ID, g.Second.ID, g.Start, g.End, g.SharedCount,
						g.SharedOrganisation, w)
				}
			}
		})
	}
}

func TestClashesLeaveAudiencesAlone(t *testing.T) {
	c1 := windowed("c1", t0, t0.Add(day), "z", "a")
	c2 := windowed("c2", t0, t0.Add(day), "a", "z")
	Clashes([]*Campaign{c1, c2})
	if !slices.Equal(c1.Organisations, []string{"z", "a"}) || !slices.Equal(c2.Organisations, []string{"a", "z"}) {
		t.Fatalf("audiences reordered: %v %v", c1.Organisations, c2.Organisations)
	}
}
