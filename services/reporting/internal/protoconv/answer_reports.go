package protoconv

import (
	"time"

	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
	"github.com/assure-audit/assure/services/reporting/internal/domain"
)

func gradeCounts(gs []domain.GradeCount) []*reportingv1.GradeCount {
	out := make([]*reportingv1.GradeCount, len(gs))
	for i, g := range gs {
		out[i] = &reportingv1.GradeCount{Value: g.Value, Label: g.Label, Colour: g.Colour, Score: g.Score,
			NotApplicable: g.NotApplicable, Count: int32(g.Count)}
	}
	return out
}

func questionRatings(q domain.QuestionRatings) *reportingv1.QuestionRatings {
	return &reportingv1.QuestionRatings{Key: q.Key, Text: q.Text, Section: q.Section, Distribution: gradeCounts(q.Distribution),
		Answered: int32(q.Answered), MeanScore: q.MeanScore}
}

// RatingsReport converts a ratings matrix.
func RatingsReport(campaign string, r domain.RatingsReport) *reportingv1.RatingsReport {
	out := &reportingv1.RatingsReport{Campaign: campaign}
	for _, q := range r.Questions {
		out.Questions = append(out.Questions, questionRatings(q))
	}
	for _, s := range r.Standards {
		out.Standards = append(out.Standards, &reportingv1.StandardRatings{Section: s.Section, Title: s.Title,
			Distribution: gradeCounts(s.Distribution), Answered: int32(s.Answered), MeanScore: s.MeanScore})
	}
	for _, row := range r.Rows {
		m := &reportingv1.RatingsRow{Organisation: row.Organisation, DisplayName: row.DisplayName, OrganisationType: row.Type,
			Submission: row.Submission}
		for _, c := range row.Cells {
			m.Cells = append(m.Cells, &reportingv1.RatingCell{Key: c.Key, Grade: c.Grade, Label: c.Label, Colour: c.Colour, Score: c.Score,
				Answered: c.Answered, NotApplicable: c.NotApplicable, ModeratedGrade: c.ModeratedGrade, ModeratedLabel: c.ModeratedLabel,
				Gap: c.Gap, HasGap: c.HasGap})
		}
		for _, sc := range row.StandardScores {
			m.StandardScores = append(m.StandardScores, &reportingv1.StandardScore{Section: sc.Section, MeanScore: sc.MeanScore,
				Answered: int32(sc.Answered)})
		}
		out.Rows = append(out.Rows, m)
	}
	return out
}

// NumericReport converts the number questions' figures.
func NumericReport(campaign string, r domain.NumericReport) *reportingv1.NumericReport {
	out := &reportingv1.NumericReport{Campaign: campaign}
	for _, q := range r.Questions {
		m := &reportingv1.NumericQuestion{Key: q.Key, Text: q.Text, Section: q.Section, Unit: q.Unit, Count: int32(q.Count),
			Total: q.Total, Mean: q.Mean, Min: q.Min, Max: q.Max}
		for _, t := range q.ByType {
			m.ByType = append(m.ByType, &reportingv1.TypeTotal{OrganisationType: t.Type, Count: int32(t.Count), Total: t.Total, Mean: t.Mean})
		}
		for _, v := range q.Values {
			m.Values = append(m.Values, &reportingv1.OrgValue{Organisation: v.Organisation, DisplayName: v.DisplayName,
				OrganisationType: v.Type, Submission: v.Submission, Value: v.Value})
		}
		out.Questions = append(out.Questions, m)
	}
	return out
}

// FeedbackReport converts one organisation's answers beside its area's.
func FeedbackReport(r domain.FeedbackReport) *reportingv1.FeedbackReport {
	out := &reportingv1.FeedbackReport{Organisation: r.Organisation, DisplayName: r.DisplayName, Submission: r.Submission}
	for _, q := range r.Ratings {
		out.Ratings = append(out.Ratings, &reportingv1.FeedbackRating{Grade: q.Grade, Label: q.Label, Colour: q.Colour,
			Area: &reportingv1.QuestionRatings{Key: q.Key, Text: q.Text, Section: q.Section, Distribution: gradeCounts(q.AreaDistribution),
				Answered: int32(q.AreaAnswered), MeanScore: q.AreaMeanScore}})
	}
	for _, n := range r.Numbers {
		out.Numbers = append(out.Numbers, &reportingv1.FeedbackNumber{Key: n.Key, Text: n.Text, Value: n.Value,
			Count: int32(n.AreaCount), Mean: n.AreaMean, Min: n.AreaMin, Max: n.AreaMax})
	}
	return out
}

func orgChanges(cs []domain.OrgChange) []*reportingv1.OrgChange {
	out := make([]*reportingv1.OrgChange, len(cs))
	for i, c := range cs {
		out[i] = &reportingv1.OrgChange{Organisation: c.Organisation, DisplayName: c.DisplayName, ThenLabel: c.ThenLabel,
			NowLabel: c.NowLabel, Change: c.Change}
	}
	return out
}

// TrendReport converts the trends between two campaigns.
func TrendReport(campaign, previous string, r domain.TrendReport) *reportingv1.TrendReport {
	out := &reportingv1.TrendReport{Campaign: campaign, PreviousCampaign: previous}
	for _, q := range r.Questions {
		out.Questions = append(out.Questions, &reportingv1.TrendQuestion{Key: q.Key, Text: q.Text, PreviousKey: q.PreviousKey,
			Then: gradeCounts(q.Then), Now: gradeCounts(q.Now), ThenMean: q.ThenMean, NowMean: q.NowMean,
			Improved: orgChanges(q.Improved), Declined: orgChanges(q.Declined), Unchanged: int32(q.Unchanged)})
	}
	return out
}

func actionCounts(cs []domain.ActionCount) []*reportingv1.ActionCount {
	out := make([]*reportingv1.ActionCount, len(cs))
	for i, c := range cs {
		out[i] = &reportingv1.ActionCount{Key: c.Key, Label: c.Label, Total: int32(c.Total), Complete: int32(c.Complete), Overdue: int32(c.Overdue)}
	}
	return out
}

// ActionReport converts an action plan report.
func ActionReport(campaign string, r domain.ActionReport) *reportingv1.ActionReport {
	out := &reportingv1.ActionReport{Campaign: campaign, AsOfDate: r.AsOf, Total: int32(r.Total), ByStatus: actionCounts(r.ByStatus),
		ByOrganisation: actionCounts(r.ByOrganisation), ByStandard: actionCounts(r.ByStandard)}
	for _, a := range r.Overdue {
		out.Overdue = append(out.Overdue, &reportingv1.ActionRow{Action: a.Name, Organisation: a.Organisation, OrganisationName: a.OrganisationName, Section: a.Section,
			QuestionKey: a.QuestionKey, Title: a.Title, Owner: a.Owner, DueDate: a.DueDate, Status: a.Status.String(), Overdue: true})
	}
	for _, m := range r.OverTime {
		out.OverTime = append(out.OverTime, &reportingv1.ActionMonth{Month: m.Month, Created: int32(m.Created), Completed: int32(m.Completed), Open: int32(m.Open)})
	}
	return out
}

// SubmissionRows converts a page of returns: the form's columns and a row
// per return, overdue judged at now against the due date.
func SubmissionRows(columns []domain.Column, rows []domain.ReturnRow, due, now time.Time) *reportingv1.ListSubmissionRowsResponse {
	out := &reportingv1.ListSubmissionRowsResponse{}
	for _, c := range columns {
		out.Columns = append(out.Columns, &reportingv1.QuestionColumn{Section: c.Section, Key: c.Key, Text: c.Text, Type: c.Type})
	}
	for _, r := range rows {
		out.Rows = append(out.Rows, &reportingv1.SubmissionRow{
			Organisation: r.Organisation, OrganisationName: r.OrganisationName, OrganisationType: r.OrganisationType,
			Submission: r.Submission, State: r.State.String(), Overdue: domain.Overdue(r.State, due, now),
			HandInTime: timestamp(r.FirstHandIn), LastActivityTime: timestamp(r.LastActivity), Values: r.Values,
		})
	}
	return out
}
