package gateway

import (
	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
)

// sheetTrends is the workbook's sheet of the trend report, there when the
// caller names the earlier campaign (?previousCampaign=…).
const sheetTrends = "Trends"

// trendsSheet: each question followed from the earlier campaign with its
// mean then and now and how many organisations improved or declined; then
// each organisation's change, question by question.
func trendsSheet(b *book, rep *reportingv1.TrendReport) {
	const s = sheetTrends
	b.row(s, 1, 1, "Earlier campaign", rep.GetPreviousCampaign())
	b.bold(s, 1, 1, 1, 1)
	b.row(s, 1, 3, "Key", "Key then", "Question", "Mean then", "Mean now", "Improved", "Declined")
	b.bold(s, 1, 3, 7, 3)
	qs := rep.GetQuestions()
	for i, q := range qs {
		b.row(s, 1, 4+i, q.GetKey(), q.GetPreviousKey(), q.GetText(), q.GetThenMean(), q.GetNowMean(),
			len(q.GetImproved()), len(q.GetDeclined()))
	}
	b.twoPlaces(s, 4, 4, 5, 3+len(qs))
	row := 5 + len(qs)
	b.row(s, 1, row, "Key", "Organisation", "Then", "Now", "Change")
	b.bold(s, 1, row, 5, row)
	for _, q := range qs {
		for _, ch := range append(append([]*reportingv1.OrgChange{}, q.GetImproved()...), q.GetDeclined()...) {
			row++
			b.row(s, 1, row, q.GetKey(), orgName(ch.GetDisplayName(), ch.GetOrganisation()), ch.GetThenLabel(), ch.GetNowLabel(), ch.GetChange())
		}
	}
	b.widths(s, 1, 12, 30, 50, 12, 12, 10, 10)
}
