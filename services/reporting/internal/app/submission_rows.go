package app

import (
	"context"
	"time"

	"github.com/assure-audit/assure/services/reporting/internal/domain"
)

// ReturnPage is one page of a campaign's returns flattened for export.
type ReturnPage struct {
	// Columns are the form's questions, the same on every page.
	Columns []domain.Column
	Rows    []domain.ReturnRow
	// Due is the campaign's due date; zero until known.
	Due time.Time
	// Next is where the page after starts; -1 at the end.
	Next int
}

// ReturnRows returns the campaign's returns f keeps, one row each, from
// the from'th (0, or a Next returned before) for at most limit returns.
// Returns with no answers are listed too. Only the answers of the returns
// on the page are read.
func (a *App) ReturnRows(ctx context.Context, campaign string, f domain.Filter, from, limit int) (ReturnPage, error) {
	c, d, err := a.header(ctx, campaign)
	if err != nil {
		return ReturnPage{}, err
	}
	p := ReturnPage{Columns: domain.Columns(d.Form), Due: c.Due, Next: -1}
	subs := d.Filtered(f).Submissions // in report order
	from = min(max(from, 0), len(subs))
	page := subs[from:min(from+limit, len(subs))]
	if from+len(page) < len(subs) {
		p.Next = from + len(page)
	}
	for i := 0; i < len(page); i += answerChunk {
		chunk := page[i:min(i+answerChunk, len(page))]
		names := make([]string, len(chunk))
		for j, s := range chunk {
			names[j] = s.Name
		}
		answers, _, err := a.repo.AnswersOf(ctx, names)
		if err != nil {
			return ReturnPage{}, err
		}
		for _, s := range chunk {
			p.Rows = append(p.Rows, domain.ReturnRowOf(d, s, answers[s.Name]))
		}
	}
	return p, nil
}
