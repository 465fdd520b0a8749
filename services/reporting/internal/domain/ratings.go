package domain

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/assure-audit/assure/pkg/form"
)

// RatingsReport is how a campaign's organisations rated themselves on the
// rating-scale questions, question by question, standard by standard and
// organisation by organisation. Counts and scores are of the self-assessed
// grade; moderated grades appear beside it in the rows and in
// ModerationGaps.
type RatingsReport struct {
	Questions []QuestionRatings // rating-scale questions in form order
	// Standards are the sections that have rating questions, weakest
	// first: lowest mean score, ties in form order. Standards with no
	// scored answer come last, in form order.
	Standards []StandardRatings
	// Rows are one per submission of the dataset, ordered by organisation
	// display name (case-insensitively), organisation name, then
	// submission name.
	Rows []RatingsRow
}

// GradeCount is one grade of a scale and how many answers gave it.
type GradeCount struct {
	Value, Label, Colour string
	Score                float64
	NotApplicable        bool
	Count                int
}

// QuestionRatings is the distribution of one rating question's answers.
type QuestionRatings struct {
	Key, Text, Section string
	// Distribution lists every grade of the scale in scale order, zero
	// counts included.
	Distribution []GradeCount
	// Answered counts the answers with a grade of the scale, not
	// applicable included.
	Answered int
	// MeanScore is the mean score of the answered grades that are not
	// "not applicable"; 0 with none.
	MeanScore float64
}

// StandardRatings is the distribution of the answers to one section's
// rating questions taken together.
type StandardRatings struct {
	Section, Title string
	// Distribution is summed over the section's questions by grade value.
	// Questions may have different scales: every distinct value is listed
	// in first-seen order (questions in form order, grades in scale
	// order), with the label, colour and score of its first sighting.
	Distribution []GradeCount
	Answered     int
	// MeanScore is the mean over every scored answer of the section, each
	// answer counting once (question weights are not applied); 0 with none.
	MeanScore float64
}

// RatingsRow is one submission's ratings.
type RatingsRow struct {
	Organisation, DisplayName, Type, Submission string
	// Cells are one per rating question in form order.
	Cells []RatingCell
	// StandardScores are one per section with rating questions, in form
	// order.
	StandardScores []StandardScore
}

// RatingCell is one answer to a rating question. A grade that is not on
// the question's scale counts as no answer (and a moderated grade not on
// it as none).
type RatingCell struct {
	Key                  string
	Grade, Label, Colour string // empty Grade when unanswered
	Score                float64
	Answered             bool
	NotApplicable        bool
	// ModeratedGrade is the grade recorded by QA, if any.
	ModeratedGrade, ModeratedLabel string
	// Gap is the self-assessed score minus the moderated score when both
	// grades are scored (HasGap), else 0.
	Gap    float64
	HasGap bool
}

// StandardScore is one submission's result on one standard.
type StandardScore struct {
	Section string
	// MeanScore is the mean score of the answered cells that are scored;
	// 0 with none.
	MeanScore float64
	// Answered counts the answered cells, not applicable included.
	Answered int
}

// Ratings reports the rating-scale answers of d's submissions.
func Ratings(d Dataset) RatingsReport {
	qs := questionsOfType(d.Form, form.TypeRatingScale)
	subs := OrderedSubmissions(d)
	r := RatingsReport{Questions: make([]QuestionRatings, len(qs))}
	sums := make([]meanAcc, len(qs))
	for i, q := range qs {
		r.Questions[i], sums[i] = questionRatings(d, q)
	}
	sections := sectionsOf(qs)
	scored := make([]bool, len(sections))
	for j, sec := range sections {
		st := StandardRatings{Section: sec.Code, Title: d.Form.Sections[sec.index].Title}
		var acc meanAcc
		for i, q := range qs {
			if q.section == sec.index {
				st.Distribution = addCounts(st.Distribution, r.Questions[i].Distribution)
				st.Answered += r.Questions[i].Answered
				acc.sum, acc.n = acc.sum+sums[i].sum, acc.n+sums[i].n
			}
		}
		st.MeanScore, scored[j] = acc.mean(), acc.n > 0
		r.Standards = append(r.Standards, st)
	}
	r.Standards = weakestFirst(r.Standards, scored)
	for _, s := range subs {
		org := d.Organisations[s.Organisation]
		row := RatingsRow{Organisation: s.Organisation, DisplayName: org.DisplayName, Type: org.Type, Submission: s.Name}
		accs := make([]meanAcc, len(sections))
		answered := make([]int, len(sections))
		for _, q := range qs {
			c := ratingCell(q, d.Answers[s.Name][q.Key])
			row.Cells = append(row.Cells, c)
			j := slices.IndexFunc(sections, func(sec sectionRef) bool { return sec.index == q.section })
			if c.Answered {
				answered[j]++
			}
			if c.Answered && !c.NotApplicable {
				accs[j].add(c.Score)
			}
		}
		for j, sec := range sections {
			row.StandardScores = append(row.StandardScores, StandardScore{Section: sec.Code, MeanScore: accs[j].mean(), Answered: answered[j]})
		}
		r.Rows = append(r.Rows, row)
	}
	return r
}

// weakestFirst orders standards by mean score, lowest first, those not
// scored last, keeping form order among equals.
func weakestFirst(standards []StandardRatings, scored []bool) []StandardRatings {
	idx := make([]int, len(standards))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if scored[a] != scored[b] {
			if scored[a] {
				return -1
			}
			return 1
		}
		return cmp.Compare(standards[a].MeanScore, standards[b].MeanScore)
	})
	out := make([]StandardRatings, len(idx))
	for i, j := range idx {
		out[i] = standards[j]
	}
	return out
}

// questionRatings counts the answers of d's submissions to q, returning the
// sum and number of scored answers too.
func questionRatings(d Dataset, q sectionQuestion) (QuestionRatings, meanAcc) {
	qr := QuestionRatings{Key: q.Key, Text: q.Text, Section: q.sectionCode}
	for _, g := range q.grades() {
		qr.Distribution = append(qr.Distribution, GradeCount{Value: g.Value, Label: g.Label, Colour: g.Colour, Score: g.Score, NotApplicable: g.NotApplicable})
	}
	var acc meanAcc
	for _, s := range d.Submissions {
		i := slices.IndexFunc(qr.Distribution, func(g GradeCount) bool { return g.Value == d.Answers[s.Name][q.Key].Grade })
		if i < 0 {
			continue
		}
		qr.Distribution[i].Count++
		qr.Answered++
		if !qr.Distribution[i].NotApplicable {
			acc.add(qr.Distribution[i].Score)
		}
	}
	qr.MeanScore = acc.mean()
	return qr, acc
}

// addCounts adds the counts of more to dist by grade value, appending the
// values dist lacks.
func addCounts(dist, more []GradeCount) []GradeCount {
	for _, g := range more {
		if i := slices.IndexFunc(dist, func(h GradeCount) bool { return h.Value == g.Value }); i >= 0 {
			dist[i].Count += g.Count
		} else {
			dist = append(dist, g)
		}
	}
	return dist
}

// ratingCell is answer a to rating question q.
func ratingCell(q sectionQuestion, a form.Answer) RatingCell {
	c := RatingCell{Key: q.Key}
	self, okSelf := q.grade(a.Grade)
	if okSelf {
		c.Grade, c.Label, c.Colour, c.Answered, c.NotApplicable = self.Value, self.Label, self.Colour, true, self.NotApplicable
		if !self.NotApplicable {
			c.Score = self.Score
		}
	}
	mod, okMod := q.grade(a.ModeratedGrade)
	if okMod {
		c.ModeratedGrade, c.ModeratedLabel = mod.Value, mod.Label
	}
	if okSelf && okMod && !self.NotApplicable && !mod.NotApplicable {
		c.Gap, c.HasGap = self.Score-mod.Score, true
	}
	return c
}

// ModerationGap compares an organisation's self-assessment on one standard
// with the moderated grades QA recorded.
type ModerationGap struct {
	Organisation, Section string
	// SelfMean and ModeratedMean are the mean self-assessed and moderated
	// scores over the Questions rating questions where both grades are
	// recorded and scored; Gap is SelfMean minus ModeratedMean, positive
	// when the organisation rated itself higher than QA did.
	SelfMean, ModeratedMean, Gap float64
	Questions                    int
}

// ModerationGaps reports, per organisation of d's submissions and
// standard, how far the self-assessment and the moderation differ, for the
// pairs with at least one question graded both ways. They are ordered by
// largest absolute gap first; ties in row order (as in RatingsReport),
// then form order. An organisation with several submissions is taken as
// one.
func ModerationGaps(d Dataset) []ModerationGap {
	type key struct {
		org     string
		section int
	}
	type acc struct{ self, mod meanAcc }
	qs := questionsOfType(d.Form, form.TypeRatingScale)
	var order []key
	accs := map[key]*acc{}
	for _, s := range OrderedSubmissions(d) {
		for _, q := range qs {
			c := ratingCell(q, d.Answers[s.Name][q.Key])
			if !c.HasGap {
				continue
			}
			k := key{s.Organisation, q.section}
			a := accs[k]
			if a == nil {
				a = &acc{}
				accs[k] = a
				order = append(order, k)
			}
			mod, _ := q.grade(c.ModeratedGrade)
			a.self.add(c.Score)
			a.mod.add(mod.Score)
		}
	}
	var gaps []ModerationGap
	for _, k := range order {
		a := accs[k]
		self, mod := a.self.mean(), a.mod.mean()
		gaps = append(gaps, ModerationGap{Organisation: k.org, Section: d.Form.Sections[k.section].Code,
			SelfMean: self, ModeratedMean: mod, Gap: self - mod, Questions: a.self.n})
	}
	slices.SortStableFunc(gaps, func(a, b ModerationGap) int { return cmp.Compare(math.Abs(b.Gap), math.Abs(a.Gap)) })
	return gaps
}

// meanAcc accumulates a mean.
type meanAcc struct {
	sum float64
	n   int
}

func (m *meanAcc) add(x float64) { m.sum += x; m.n++ }

// mean is 0 with nothing added.
func (m meanAcc) mean() float64 {
	if m.n == 0 {
		return 0
	}
	return m.sum / float64(m.n)
}

// sectionQuestion is a question with the section holding it.
type sectionQuestion struct {
	form.Question
	section     int // index in the form
	sectionCode string
}

// questionsOfType lists f's questions of type t in form order.
func questionsOfType(f form.Form, t form.Type) []sectionQuestion {
	var out []sectionQuestion
	for i, s := range f.Sections {
		for _, q := range s.Questions {
			if q.Type == t {
				out = append(out, sectionQuestion{Question: q, section: i, sectionCode: s.Code})
			}
		}
	}
	return out
}

// grades are the question's scale, in scale order; none without one.
func (q sectionQuestion) grades() []form.Grade {
	if q.Scale == nil {
		return nil
	}
	return q.Scale.Grades
}

// grade finds value on the question's scale.
func (q sectionQuestion) grade(value string) (form.Grade, bool) {
	if value == "" {
		return form.Grade{}, false
	}
	i := slices.IndexFunc(q.grades(), func(g form.Grade) bool { return g.Value == value })
	if i < 0 {
		return form.Grade{}, false
	}
	return q.grades()[i], true
}

// sectionRef is a section of the form holding questions of interest.
type sectionRef struct {
	index int
	Code  string
}

// sectionsOf lists, in form order, the sections holding qs.
func sectionsOf(qs []sectionQuestion) []sectionRef {
	var out []sectionRef
	for _, q := range qs {
		if len(out) == 0 || out[len(out)-1].index != q.section {
			out = append(out, sectionRef{index: q.section, Code: q.sectionCode})
		}
	}
	return out
}

// OrderedSubmissions are d's submissions ordered by organisation display
// name (case-insensitively, then exactly), organisation name, then
// submission name.
func OrderedSubmissions(d Dataset) []SubmissionInfo {
	type keyed struct {
		lower, name string
		s           SubmissionInfo
	}
	ks := make([]keyed, len(d.Submissions))
	for i, s := range d.Submissions {
		name := d.Organisations[s.Organisation].DisplayName
		ks[i] = keyed{lower: strings.ToLower(name), name: name, s: s}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(a.lower, b.lower), cmp.Compare(a.name, b.name),
			cmp.Compare(a.s.Organisation, b.s.Organisation), cmp.Compare(a.s.Name, b.s.Name))
	})
	subs := make([]SubmissionInfo, len(ks))
	for i, k := range ks {
		subs[i] = k.s
	}
	return subs
}
