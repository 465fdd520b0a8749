package form

// Tally is a weighted score over the rated questions of a section or of
// the whole form.
type Tally struct {
	// Rated is the number of ratings counted: shown rating questions with
	// a grade other than not applicable.
	Rated int `json:"rated"`
	// Weight is the total weight of what was counted.
	Weight float64 `json:"weight"`
	// Mean is the weighted mean of the grade scores. Overall, it is the
	// mean of the section means weighted by section weight; it mixes
	// scales if sections use different ones.
	Mean float64 `json:"mean"`
	// Percent places each grade on its own scale, lowest grade 0 and
	// highest 100, and takes the same weighted mean; it compares across
	// scales.
	Percent float64 `json:"percent"`
}

// SectionScore is the score of one section: from the organisation's own
// grades and from the moderated grades recorded so far.
type SectionScore struct {
	Code      string `json:"code"`
	Self      Tally  `json:"self"`
	Moderated Tally  `json:"moderated"`
}

// Scores are the scores of a return, per section in form order and overall.
type Scores struct {
	Sections  []SectionScore `json:"sections"`
	Self      Tally          `json:"self"`
	Moderated Tally          `json:"moderated"`
}

// Score scores the rated questions shown to an organisation of type
// orgType. Within a section each grade counts by its question's weight;
// overall each section with at least one rating counts by the section's
// weight. Sections with no ratings score zero with Rated 0.
func (c *Compiled) Score(answers map[string]Answer, orgType string) Scores {
	shown := c.shown(answers, orgType)
	out := Scores{Sections: make([]SectionScore, len(c.sections))}
	var self, mod acc
	for i, s := range c.sections {
		var ss, ms acc
		for _, q := range s.questions {
			if q.typ != TypeRatingScale || !shown[q.idx] {
				continue
			}
			a := answers[q.key]
			ss.add(q, a.Grade, q.weight)
			ms.add(q, a.ModeratedGrade, q.weight)
		}
		out.Sections[i] = SectionScore{Code: s.code, Self: ss.tally(), Moderated: ms.tally()}
		self.addTally(out.Sections[i].Self, s.weight)
		mod.addTally(out.Sections[i].Moderated, s.weight)
	}
	out.Self, out.Moderated = self.tally(), mod.tally()
	return out
}

// acc accumulates weighted scores.
type acc struct {
	rated              int
	weight, sum, pcSum float64
}

func (t *acc) add(q *question, grade string, w float64) {
	if grade == "" {
		return
	}
	g, ok := gradeOf(q.grades, grade)
	if !ok || g.NotApplicable {
		return
	}
	pc := 0.0
	if q.maxScore > q.minScore {
		pc = (g.Score - q.minScore) / (q.maxScore - q.minScore) * 100
	}
	t.rated++
	t.weight += w
	t.sum += w * g.Score
	t.pcSum += w * pc
}

func (t *acc) addTally(s Tally, w float64) {
	if s.Rated == 0 {
		return
	}
	t.rated += s.Rated
	t.weight += w
	t.sum += w * s.Mean
	t.pcSum += w * s.Percent
}

func (t *acc) tally() Tally {
	if t.rated == 0 || t.weight == 0 {
		return Tally{}
	}
	return Tally{Rated: t.rated, Weight: t.weight, Mean: t.sum / t.weight, Percent: t.pcSum / t.weight}
}
