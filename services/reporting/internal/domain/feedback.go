package domain

import (
	"slices"

	"github.com/assure-audit/assure/pkg/form"
)

// FeedbackReport is one organisation's answers set beside those of its
// area, for sending back to the respondent. The area is the dataset's
// submissions, as the caller filtered them; it includes the organisation's
// own.
type FeedbackReport struct {
	Organisation, DisplayName, Submission string
	Ratings                               []FeedbackRating // rating questions in form order
	Numbers                               []FeedbackNumber // number questions in form order
}

// FeedbackRating is the organisation's answer to one rating question and
// the area's.
type FeedbackRating struct {
	Key, Text, Section string
	// Grade, Label, Colour, Score, Answered and NotApplicable are the
	// organisation's self-assessed grade, as in RatingCell.
	Grade, Label, Colour string
	Score                float64
	Answered             bool
	NotApplicable        bool
	// ModeratedGrade and ModeratedLabel are the grade QA recorded, if
	// any.
	ModeratedGrade, ModeratedLabel string
	// AreaDistribution, AreaAnswered and AreaMeanScore are the area's
	// answers, as in QuestionRatings.
	AreaDistribution []GradeCount
	AreaAnswered     int
	AreaMeanScore    float64
}

// FeedbackNumber is the organisation's answer to one number question and
// the area's.
type FeedbackNumber struct {
	Key, Text, Section, Unit string
	// Value is the organisation's answer as given; "" when it gave none.
	Value string
	// AreaCount, AreaMean, AreaMin and AreaMax are the area's answers, as
	// Count, Mean, Min and Max in NumericQuestion.
	AreaCount                  int
	AreaMean, AreaMin, AreaMax string
}

// Feedback reports the answers of submission beside those of d's
// submissions, or false if submission is not among them.
func Feedback(d Dataset, submission string) (FeedbackReport, bool) {
	i := slices.IndexFunc(d.Submissions, func(s SubmissionInfo) bool { return s.Name == submission })
	if i < 0 {
		return FeedbackReport{}, false
	}
	s := d.Submissions[i]
	own := d.Answers[s.Name]
	r := FeedbackReport{Organisation: s.Organisation, DisplayName: d.Organisations[s.Organisation].DisplayName, Submission: s.Name}
	for _, q := range questionsOfType(d.Form, form.TypeRatingScale) {
		area, _ := questionRatings(d, q)
		c := ratingCell(q, own[q.Key])
		r.Ratings = append(r.Ratings, FeedbackRating{Key: q.Key, Text: q.Text, Section: q.sectionCode,
			Grade: c.Grade, Label: c.Label, Colour: c.Colour, Score: c.Score, Answered: c.Answered, NotApplicable: c.NotApplicable,
			ModeratedGrade: c.ModeratedGrade, ModeratedLabel: c.ModeratedLabel,
			AreaDistribution: area.Distribution, AreaAnswered: area.Answered, AreaMeanScore: area.MeanScore})
	}
	for _, q := range questionsOfType(d.Form, form.TypeNumber) {
		area := numericQuestion(d, d.Submissions, q)
		value := ""
		if _, ok := parseDecimal(own[q.Key].Number); ok {
			value = own[q.Key].Number
		}
		r.Numbers = append(r.Numbers, FeedbackNumber{Key: q.Key, Text: q.Text, Section: q.sectionCode, Unit: area.Unit,
			Value: value, AreaCount: area.Count, AreaMean: area.Mean, AreaMin: area.Min, AreaMax: area.Max})
	}
	return r, true
}
