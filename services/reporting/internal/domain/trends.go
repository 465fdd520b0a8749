package domain

import (
	"cmp"
	"slices"

	"github.com/assure-audit/assure/pkg/form"
)

// TrendReport follows rating questions from an earlier campaign to a
// later one.
type TrendReport struct {
	Questions []TrendQuestion
}

// TrendQuestion is one rating question then and now.
type TrendQuestion struct {
	Key, Text, PreviousKey string
	Then, Now              []GradeCount
	ThenMean, NowMean      float64
	// Improved and Declined are the organisations scored both times whose
	// score rose or fell, the largest change first; Unchanged counts the
	// rest.
	Improved, Declined []OrgChange
	Unchanged          int
}

// OrgChange is one organisation's grade then and now.
type OrgChange struct {
	Organisation, DisplayName string
	ThenLabel, NowLabel       string
	Change                    float64
}

// Trends compares the rating questions of now with those of then that
// trace maps them to (a key of now to the key of the same question then,
// through the template lineage). Organisations are matched by name; one
// not scored both times counts in the distributions only.
func Trends(now, then Dataset, trace map[string]string) TrendReport {
	thenQs := map[string]sectionQuestion{}
	for _, q := range questionsOfType(then.Form, form.TypeRatingScale) {
		thenQs[q.Key] = q
	}
	// The grade each organisation gave then, by question key then.
	thenGrades := map[string]map[string]string{}
	for _, s := range then.Submissions {
		for key, a := range then.Answers[s.Name] {
			if thenGrades[s.Organisation] == nil {
				thenGrades[s.Organisation] = map[string]string{}
			}
			thenGrades[s.Organisation][key] = a.Grade
		}
	}
	var out TrendReport
	for _, q := range questionsOfType(now.Form, form.TypeRatingScale) {
		prevKey, ok := trace[q.Key]
		if !ok {
			continue
		}
		pq, ok := thenQs[prevKey]
		if !ok {
			continue
		}
		nowR, _ := questionRatings(now, q)
		thenR, _ := questionRatings(then, pq)
		tq := TrendQuestion{Key: q.Key, Text: q.Text, PreviousKey: prevKey, Then: thenR.Distribution, Now: nowR.Distribution,
			ThenMean: thenR.MeanScore, NowMean: nowR.MeanScore}
		for _, s := range OrderedSubmissions(now) {
			g, okNow := q.grade(now.Answers[s.Name][q.Key].Grade)
			p, okThen := pq.grade(thenGrades[s.Organisation][prevKey])
			if !okNow || !okThen || g.NotApplicable || p.NotApplicable {
				continue
			}
			c := OrgChange{Organisation: s.Organisation, DisplayName: now.Organisations[s.Organisation].DisplayName,
				ThenLabel: p.Label, NowLabel: g.Label, Change: g.Score - p.Score}
			switch {
			case c.Change > 0:
				tq.Improved = append(tq.Improved, c)
			case c.Change < 0:
				tq.Declined = append(tq.Declined, c)
			default:
				tq.Unchanged++
			}
		}
		byChange := func(a, b OrgChange) int { return cmp.Compare(abs(b.Change), abs(a.Change)) }
		slices.SortStableFunc(tq.Improved, byChange)
		slices.SortStableFunc(tq.Declined, byChange)
		out.Questions = append(out.Questions, tq)
	}
	return out
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
