package domain

import (
	"sort"
	"time"
)

// Clash is two campaigns open at the same time that reach the same
// organisations.
type Clash struct {
	First, Second      *Campaign
	Start, End         time.Time
	SharedCount        int
	SharedOrganisation []string // up to MaxClashOrganisations, sorted
}

// MaxClashOrganisations bounds the organisations a clash lists.
const MaxClashOrganisations = 20

// Window is when a campaign is open to answers: from its open time (or
// launch) to its final close.
func (c *Campaign) Window() (time.Time, time.Time) {
	start := c.OpenTime
	if start.IsZero() {
		start = c.LaunchTime
	}
	if start.IsZero() {
		start = c.CreateTime
	}
	return start, c.FinalClose()
}

// Clashes finds the pairs of campaigns whose windows overlap and whose
// audiences share organisations, most shared first.
func Clashes(cs []*Campaign) []Clash {
	sets := make([]map[string]bool, len(cs))
	for i, c := range cs {
		sets[i] = make(map[string]bool, len(c.Organisations))
		for _, o := range c.Organisations {
			sets[i][o] = true
		}
	}
	var out []Clash
	for i := range cs {
		si, ei := cs[i].Window()
		for j := i + 1; j < len(cs); j++ {
			sj, ej := cs[j].Window()
			start, end := later(si, sj), earlier(ei, ej)
			if !start.Before(end) {
				continue
			}
			small, big := cs[i].Organisations, sets[j]
			if len(small) > len(cs[j].Organisations) {
				small, big = cs[j].Organisations, sets[i]
			}
			var shared []string
			for _, o := range small {
				if big[o] {
					shared = append(shared, o)
				}
			}
			if len(shared) == 0 {
				continue
			}
			sort.Strings(shared)
			cl := Clash{First: cs[i], Second: cs[j], Start: start, End: end, SharedCount: len(shared), SharedOrganisation: shared}
			if len(shared) > MaxClashOrganisations {
				cl.SharedOrganisation = shared[:MaxClashOrganisations]
			}
			out = append(out, cl)
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].SharedCount > out[b].SharedCount })
	return out
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
