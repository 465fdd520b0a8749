package domain

import (
	"crypto/sha256"
	"slices"
	"strings"

	"github.com/assure-audit/assure/pkg/form"
)

// MinimumGroup is the fewest organisations a benchmark shows a figure for:
// smaller groups could identify an organisation.
const MinimumGroup = 5

// BenchmarkCell is one partnership's figure on one standard.
type BenchmarkCell struct {
	Section string
	// Mean is the mean, over the organisations that answered, of each
	// organisation's mean score on the standard.
	Mean          float64
	Organisations int
	Suppressed    bool
}

// BenchmarkRow is one partnership's row.
type BenchmarkRow struct {
	// Partnership is the id, for the caller's own partnerships only.
	Partnership string
	Label       string
	Cells       []BenchmarkCell
}

// Benchmark compares partnerships on the standards of the first dataset's
// form (by section code): each partnership's datasets (its campaigns) are
// taken together. The caller's own partnerships (own) come first under
// their ids; the others are anonymised as "Partnership A", "B" … in an
// order that does not follow their names. A figure of fewer than
// MinimumGroup organisations is suppressed.
func Benchmark(hub string, byPartnership map[string][]Dataset, own func(string) bool) ([]string, []BenchmarkRow) {
	var sections []string
	pids := make([]string, 0, len(byPartnership))
	for pid, ds := range byPartnership {
		pids = append(pids, pid)
		if sections == nil && len(ds) > 0 {
			for _, s := range ds[0].Form.Sections {
				sections = append(sections, s.Code)
			}
		}
	}
	// Own first by id; others by a digest of hub and id.
	key := func(pid string) string {
		if own(pid) {
			return "0" + pid
		}
		sum := sha256.Sum256([]byte(hub + "\x00" + pid))
		return "1" + string(sum[:])
	}
	slices.SortFunc(pids, func(a, b string) int { return strings.Compare(key(a), key(b)) })
	var rows []BenchmarkRow
	anon := 0
	for _, pid := range pids {
		row := BenchmarkRow{Label: pid}
		if own(pid) {
			row.Partnership = pid
		} else {
			row.Label = "Partnership " + anonLabel(anon)
			anon++
		}
		for _, sec := range sections {
			row.Cells = append(row.Cells, standardFigure(byPartnership[pid], sec))
		}
		rows = append(rows, row)
	}
	return sections, rows
}

// standardFigure is the mean of each organisation's mean score on the
// section, over a partnership's datasets.
func standardFigure(ds []Dataset, section string) BenchmarkCell {
	perOrg := map[string]*meanAcc{}
	for _, d := range ds {
		for _, q := range questionsOfType(d.Form, form.TypeRatingScale) {
			if q.sectionCode != section {
				continue
			}
			for _, s := range d.Submissions {
				g, ok := q.grade(d.Answers[s.Name][q.Key].Grade)
				if !ok || g.NotApplicable {
					continue
				}
				if perOrg[s.Organisation] == nil {
					perOrg[s.Organisation] = &meanAcc{}
				}
				perOrg[s.Organisation].add(g.Score)
			}
		}
	}
	c := BenchmarkCell{Section: section, Organisations: len(perOrg)}
	if c.Organisations < MinimumGroup {
		return BenchmarkCell{Section: section, Suppressed: true}
	}
	var all meanAcc
	for _, m := range perOrg {
		all.add(m.mean())
	}
	c.Mean = all.mean()
	return c
}

// anonLabel is A, B … Z, AA, AB ….
func anonLabel(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}
