package gateway

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/assure-audit/assure/pkg/workdays"
	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
)

// sheetBurnUp is the workbook's sheet of the completion burn-up.
const sheetBurnUp = "Burn-up"

// Burn-up colours: returns started in orange, handed in in green, as in
// the completion bar.
const (
	startedColour  = "#F47738"
	handedInColour = "#00703C"
)

// burnUpSheet: a row per day of the burn-up with the returns started and
// handed in by its end, and a line chart of both against the returns in
// all.
func burnUpSheet(b *book, rep *reportingv1.CompletionReport) {
	const s = sheetBurnUp
	b.row(s, 1, 1, "Date", "Started", "Handed in", "Returns in all")
	b.bold(s, 1, 1, 4, 1)
	days := rep.GetOverTime()
	for i, d := range days {
		var date any = d.GetDate()
		if t, err := time.Parse(time.DateOnly, d.GetDate()); err == nil {
			date = t
		}
		b.row(s, 1, 2+i, date, d.GetStarted(), d.GetHandedIn(), rep.GetTotal())
	}
	code := "yyyy-mm-dd"
	b.style(s, 1, 2, 1, 1+len(days), "date", func() *excelize.Style { return &excelize.Style{CustomNumFmt: &code} })
	b.widths(s, 1, 12, 10, 10, 14)
	b.freeze(s, 0, 1)
	if len(days) == 0 || b.err != nil {
		return
	}
	last := 1 + len(days)
	series := func(col, name, colour string) excelize.ChartSeries {
		return excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$%s$1", s, col),
			Categories: fmt.Sprintf("'%s'!$A$2:$A$%d", s, last),
			Values:     fmt.Sprintf("'%s'!$%s$2:$%s$%d", s, col, col, last),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}},
			Line:       excelize.LineOptions{Width: 2.25},
			Marker:     excelize.ChartMarker{Symbol: "none"},
		}
	}
	b.fail(b.f.AddChart(s, "F2", &excelize.Chart{
		Type: excelize.Line,
		Series: []excelize.ChartSeries{
			series("B", "Started", startedColour),
			series("C", "Handed in", handedInColour),
			series("D", "Returns in all", "#505A5F"),
		},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Returns started and handed in"}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 720, Height: 360},
	}))
}

// burnUpChart is the burn-up drawn for the printable page.
type burnUpChart struct {
	// Started, HandedIn and Total are polyline points; Total is the line
	// of all returns.
	Started, HandedIn string
	TotalY            string
	// Due is the due date's line, when it falls within the days drawn.
	DueX                   string
	Left, Right, Top, Base string
	FirstDate, LastDate    string
	TotalLabel             string
	Alt                    string
	// Rows are some of the days, at most burnUpRows of them, for the
	// table beside the chart.
	Rows []burnUpRow
}

type burnUpRow struct {
	Date              string
	Started, HandedIn int32
}

// The burn-up's geometry, in SVG user units.
const (
	burnUpHeight = 200.0
	burnUpLeft   = 44.0
	burnUpRight  = 12.0
	burnUpTop    = 10.0
	burnUpBottom = 28.0
	// burnUpRows is how many days the table under the chart lists.
	burnUpRows = 12
)

// burnUpOf draws the burn-up; a campaign with no days has none.
func burnUpOf(rep *reportingv1.CompletionReport) *burnUpChart {
	days := rep.GetOverTime()
	if len(days) == 0 {
		return nil
	}
	total := max(rep.GetTotal(), 1)
	plotW := chartWidth - burnUpLeft - burnUpRight
	plotH := burnUpHeight - burnUpTop - burnUpBottom
	x := func(i int) float64 {
		if len(days) == 1 {
			return burnUpLeft
		}
		return burnUpLeft + plotW*float64(i)/float64(len(days)-1)
	}
	y := func(v int32) float64 { return burnUpTop + plotH*(1-float64(min(v, total))/float64(total)) }
	var started, handed []string
	for i, d := range days {
		started = append(started, units(x(i))+","+units(y(d.GetStarted())))
		handed = append(handed, units(x(i))+","+units(y(d.GetHandedIn())))
	}
	first, last := days[0], days[len(days)-1]
	c := &burnUpChart{
		Started: strings.Join(started, " "), HandedIn: strings.Join(handed, " "),
		TotalY: units(y(total)), Left: units(burnUpLeft), Right: units(chartWidth - burnUpRight),
		Top: units(burnUpTop), Base: units(burnUpTop + plotH),
		FirstDate: dayText(first.GetDate()), LastDate: dayText(last.GetDate()),
		TotalLabel: strconv.Itoa(int(rep.GetTotal())),
	}
	if due := rep.GetDueTime(); due != nil && len(days) > 1 {
		d := due.AsTime().In(workdays.London()).Format(time.DateOnly)
		if d >= first.GetDate() && d <= last.GetDate() {
			t0, _ := time.Parse(time.DateOnly, first.GetDate())
			t1, _ := time.Parse(time.DateOnly, last.GetDate())
			td, _ := time.Parse(time.DateOnly, d)
			c.DueX = units(burnUpLeft + plotW*td.Sub(t0).Hours()/t1.Sub(t0).Hours())
		}
	}
	c.Alt = fmt.Sprintf("Returns over time, %s to %s: by the last day %d of %d returns had been started and %d handed in.",
		c.FirstDate, c.LastDate, last.GetStarted(), rep.GetTotal(), last.GetHandedIn())
	step := (len(days) + burnUpRows - 1) / burnUpRows
	for i := len(days) - 1; i >= 0; i -= step {
		c.Rows = append([]burnUpRow{{Date: dayText(days[i].GetDate()), Started: days[i].GetStarted(), HandedIn: days[i].GetHandedIn()}}, c.Rows...)
	}
	return c
}

// dayText writes a date (YYYY-MM-DD) for people: "3 March 2027".
func dayText(date string) string {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return t.Format("2 January 2006")
}
