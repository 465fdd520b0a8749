package gateway

import (
	"bytes"
	"cmp"
	_ "embed"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/assure-audit/assure/pkg/workdays"
	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
)

//go:embed summary.html.tmpl
var summaryTemplate string

//go:embed print_style.html.tmpl
var printStyleTemplate string

// printable parses a printable page's template with the style every
// printable page shares; every value is escaped by html/template.
func printable(name, page string) *template.Template {
	return template.Must(template.Must(template.New(name).Parse(page)).Parse(printStyleTemplate))
}

// summaryPage renders the printable summary of a campaign's reports.
var summaryPage = printable("summary", summaryTemplate)

// summaryCSP lets the page use its own inline styles and nothing else: no
// scripts, no fetches, no frames.
const summaryCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// writePrintable renders page with data and sends it as a self-contained
// page under summaryCSP; it is made whole before a byte is written, so a
// failure is an ordinary error answer.
func writePrintable(w http.ResponseWriter, r *http.Request, mux *runtime.ServeMux, out runtime.Marshaler, page *template.Template, data any) {
	var buf bytes.Buffer
	if err := page.Execute(&buf, data); err != nil {
		runtime.HTTPError(r.Context(), mux, out, w, r, status.Errorf(codes.Internal, "render the page: %v", err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", summaryCSP)
	h.Set("Referrer-Policy", "no-referrer")
	if _, err := buf.WriteTo(w); err != nil {
		panic(http.ErrAbortHandler) // the client went away
	}
}

// summary answers GET {campaign}/report.html with a printable summary of
// the campaign's reports: one self-contained page, charts drawn as inline
// SVG, ready to print on A4.
func (x *reports) summary(w http.ResponseWriter, r *http.Request) {
	_, out := runtime.MarshalerForRequest(x.mux, r)
	c, err := x.fetch(r, reportHTMLPattern)
	if err != nil {
		runtime.HTTPError(r.Context(), x.mux, out, w, r, err)
		return
	}
	writePrintable(w, r, x.mux, out, summaryPage, summaryView(c))
}

// The charts' geometry, in SVG user units: about a pixel each when the
// page is printed on A4.
const (
	chartWidth = 680.0
	labelWidth = 230.0 // the standards' names, left of the bars
	valueWidth = 90.0  // the score, right of the bars
	barHeight  = 18.0
	rowHeight  = 26.0
	axisHeight = 22.0
	// titleRunes is how much of a standard's name fits beside a bar; the
	// whole name is in the bar's title and the table.
	titleRunes = 34
)

// Completion colours: grey, orange and green, each with its text colour.
var stateColours = map[string]string{"not started": "#B1B4B6", "in progress": "#F47738", "submitted": "#00703C"}

// view is the page's data: text to escape and geometry already worked out.
type view struct {
	Title, Campaign, Resource, AsOf, Filters string
	Completion                               completionView
	BurnUp                                   *burnUpChart
	Standards                                []standardView
	ScoreChart                               scoreChart
	Grades                                   []gradeView
	Distribution                             distChart
	Gaps                                     []gapView
	Numbers                                  []numberView
	Actions                                  actionsView
}

type completionView struct {
	Total, NotStarted, InProgress, Submitted int32
	Summary                                  string
	// Due says when returns were due and how many are overdue, once a due
	// date is known.
	Due    string
	States []stateView
	Alt    string
}

type stateView struct {
	Label, Colour, TextColour, Percent string
	Count                              int32
	X, Width, TextX                    string
	ShowCount                          bool
}

type standardView struct {
	Section, Title, Mean string
	Answered             int32
	Counts               []int32 // per grade of view.Grades
}

type scoreChart struct {
	Height, AxisY, BarsWidth string
	Ticks                    []tick
	Bars                     []scoreBar
	Alt                      string
}

type tick struct{ X, Label string }

type scoreBar struct {
	Label, Full, Mean, Alt  string
	Y, TextY, Width, ValueX string
}

type gradeView struct{ Label, Colour string }

type distChart struct {
	Height string
	Rows   []distRow
	Alt    string
}

type distRow struct {
	Label, Full, Alt, Y, TextY string
	Empty                      bool
	Segments                   []segment
}

type segment struct {
	X, Width, TextX, Colour, TextColour, Title string
	Count                                      int32
	ShowCount                                  bool
}

type gapView struct {
	Organisation, Section, Title, Self, Moderated, Gap string
	Questions                                          int32
}

type numberView struct {
	Key, Text, Unit, Total, Mean, Min, Max string
	Count                                  int32
	ByType                                 []string
}

// summaryView works out what the page shows.
func summaryView(c *campaignReports) view {
	name := displayName(c)
	v := view{
		Title:    "Summary report: " + name,
		Campaign: name,
		Resource: c.campaign,
		AsOf:     formatTime(c.completion.GetAsOfTime()),
	}
	if c.organisationType != "" || c.partnership != "" {
		v.Filters = filterNote(c)
	}
	v.Completion = completionOf(c.completion)
	v.BurnUp = burnUpOf(c.completion)
	v.Actions = actionsOf(c.actions, organisationNames(c))
	titles := map[string]string{}
	for _, st := range c.ratings.GetStandards() {
		titles[st.GetSection()] = st.GetTitle()
	}
	var dists [][]*reportingv1.GradeCount
	for _, st := range c.ratings.GetStandards() {
		dists = append(dists, st.GetDistribution())
	}
	grades := gradesOf(dists...)
	for _, g := range grades {
		v.Grades = append(v.Grades, gradeView{Label: cmp.Or(g.GetLabel(), g.GetValue()), Colour: colourOr(g.GetColour())})
	}
	for _, st := range c.ratings.GetStandards() {
		sv := standardView{Section: st.GetSection(), Title: st.GetTitle(), Mean: meanText(st.GetMeanScore(), st.GetDistribution()),
			Answered: st.GetAnswered(), Counts: make([]int32, len(grades))}
		for _, g := range st.GetDistribution() {
			for i, h := range grades {
				if h.GetValue() == g.GetValue() {
					sv.Counts[i] += g.GetCount()
				}
			}
		}
		v.Standards = append(v.Standards, sv)
	}
	v.ScoreChart = scoreChartOf(c.ratings)
	v.Distribution = distChartOf(c.ratings)
	names := organisationNames(c)
	for _, g := range c.moderation.GetGaps() {
		v.Gaps = append(v.Gaps, gapView{Organisation: orgName(names[g.GetOrganisation()], g.GetOrganisation()),
			Section: g.GetSection(), Title: titles[g.GetSection()], Self: twoPlaces(g.GetSelfMean()),
			Moderated: twoPlaces(g.GetModeratedMean()), Gap: signed(g.GetGap()), Questions: g.GetQuestions()})
	}
	for _, q := range c.numeric.GetQuestions() {
		nv := numberView{Key: q.GetKey(), Text: q.GetText(), Unit: q.GetUnit(), Count: q.GetCount(),
			Total: q.GetTotal(), Mean: q.GetMean(), Min: q.GetMin(), Max: q.GetMax()}
		for _, t := range q.GetByType() {
			answers := "answers"
			if t.GetCount() == 1 {
				answers = "answer"
			}
			nv.ByType = append(nv.ByType, fmt.Sprintf("%s: %d %s, total %s, mean %s", t.GetOrganisationType(), t.GetCount(), answers, t.GetTotal(), t.GetMean()))
		}
		v.Numbers = append(v.Numbers, nv)
	}
	return v
}

// completionOf draws the completion counts as one stacked bar.
func completionOf(rep *reportingv1.CompletionReport) completionView {
	cv := completionView{Total: rep.GetTotal(), NotStarted: rep.GetNotStarted(), InProgress: rep.GetInProgress(), Submitted: rep.GetSubmitted()}
	cv.Summary = fmt.Sprintf("%d of %d organisations have submitted (%s).", cv.Submitted, cv.Total, percent(cv.Submitted, cv.Total))
	if due := rep.GetDueTime(); due != nil {
		returns := "returns are"
		if rep.GetOverdue() == 1 {
			returns = "return is"
		}
		cv.Due = fmt.Sprintf("Returns are due by %s; %d %s overdue.", due.AsTime().In(workdays.London()).Format("2 January 2006, 15:04"),
			rep.GetOverdue(), returns)
	}
	x := 0.0
	var alt []string
	for _, s := range []struct {
		label string
		count int32
	}{{"Submitted", cv.Submitted}, {"In progress", cv.InProgress}, {"Not started", cv.NotStarted}} {
		colour := stateColours[strings.ToLower(s.label)]
		width := 0.0
		if cv.Total > 0 {
			width = chartWidth * float64(s.count) / float64(cv.Total)
		}
		cv.States = append(cv.States, stateView{Label: s.label, Colour: colour, TextColour: textOn(colour), Count: s.count,
			Percent: percent(s.count, cv.Total), X: units(x), Width: units(width), TextX: units(x + width/2), ShowCount: width >= 24})
		alt = append(alt, fmt.Sprintf("%s %d (%s)", strings.ToLower(s.label), s.count, percent(s.count, cv.Total)))
		x += width
	}
	cv.Alt = fmt.Sprintf("Completion of %d returns: %s.", cv.Total, strings.Join(alt, ", "))
	return cv
}

// scoreChartOf draws the standards' mean scores as bars, weakest first, on
// a scale from 0 to the highest score a grade carries.
func scoreChartOf(rep *reportingv1.RatingsReport) scoreChart {
	top := 0.0
	for _, q := range rep.GetQuestions() {
		for _, g := range q.GetDistribution() {
			if !g.GetNotApplicable() {
				top = max(top, g.GetScore())
			}
		}
	}
	for _, st := range rep.GetStandards() {
		top = max(top, st.GetMeanScore())
	}
	if top <= 0 {
		top = 1
	}
	bars := chartWidth - labelWidth - valueWidth
	n := len(rep.GetStandards())
	sc := scoreChart{Height: units(float64(n)*rowHeight + axisHeight), AxisY: units(float64(n) * rowHeight), BarsWidth: units(bars)}
	step := tickStep(top)
	for t := 0.0; t <= top+1e-9; t += step {
		sc.Ticks = append(sc.Ticks, tick{X: units(labelWidth + bars*t/top), Label: strconv.FormatFloat(t, 'f', -1, 64)})
	}
	var alt []string
	for i, st := range rep.GetStandards() {
		full := standardName(st.GetSection(), st.GetTitle())
		y := float64(i) * rowHeight
		b := scoreBar{Label: shorten(full, titleRunes), Full: full, Y: units(y + (rowHeight-barHeight)/2), TextY: units(y + rowHeight/2)}
		if scoredAnswers(st.GetDistribution()) == 0 {
			b.Mean, b.Width, b.ValueX = "no scored answers", "0", units(labelWidth+4)
			b.Alt = full + ": no scored answers"
		} else {
			width := bars * st.GetMeanScore() / top
			b.Mean, b.Width, b.ValueX = twoPlaces(st.GetMeanScore()), units(width), units(labelWidth+width+4)
			b.Alt = fmt.Sprintf("%s: mean score %s of %s, %d answers", full, b.Mean, strconv.FormatFloat(top, 'f', -1, 64), st.GetAnswered())
		}
		alt = append(alt, b.Alt)
		sc.Bars = append(sc.Bars, b)
	}
	sc.Alt = "Mean score per standard, weakest first. " + strings.Join(alt, "; ") + "."
	return sc
}

// distChartOf draws each standard's answers as one bar stacked by grade,
// in the grades' colours, each part as wide as its share of the answers.
func distChartOf(rep *reportingv1.RatingsReport) distChart {
	bars := chartWidth - labelWidth - 10
	n := len(rep.GetStandards())
	dc := distChart{Height: units(float64(n) * rowHeight)}
	var alt []string
	for i, st := range rep.GetStandards() {
		full := standardName(st.GetSection(), st.GetTitle())
		y := float64(i) * rowHeight
		row := distRow{Label: shorten(full, titleRunes), Full: full, Y: units(y + (rowHeight-barHeight)/2), TextY: units(y + rowHeight/2)}
		total := int32(0)
		for _, g := range st.GetDistribution() {
			total += g.GetCount()
		}
		var parts []string
		x := labelWidth
		for _, g := range st.GetDistribution() {
			if g.GetCount() == 0 || total == 0 {
				continue
			}
			label := cmp.Or(g.GetLabel(), g.GetValue())
			width := bars * float64(g.GetCount()) / float64(total)
			colour := colourOr(g.GetColour())
			share := fmt.Sprintf("%s %d of %d (%s)", label, g.GetCount(), total, percent(g.GetCount(), total))
			row.Segments = append(row.Segments, segment{X: units(x), Width: units(width), TextX: units(x + width/2), Colour: colour,
				TextColour: textOn(colour), Count: g.GetCount(), ShowCount: width >= 20, Title: share})
			parts = append(parts, share)
			x += width
		}
		if total == 0 {
			row.Empty = true
			row.Alt = full + ": no answers"
		} else {
			row.Alt = full + ": " + strings.Join(parts, ", ")
		}
		alt = append(alt, row.Alt)
		dc.Rows = append(dc.Rows, row)
	}
	dc.Alt = "Grades given per standard. " + strings.Join(alt, "; ") + "."
	return dc
}

// tickStep is a step for the axis from 0 to top: 1 for the usual scales,
// coarser for long ones, finer for short ones.
func tickStep(top float64) float64 {
	switch {
	case top > 20:
		return math.Ceil(top / 10)
	case top > 10:
		return 2
	case top >= 2:
		return 1
	}
	return 0.25
}

// standardName is a standard's code and title together.
func standardName(section, title string) string {
	if title == "" {
		return section
	}
	if section == "" {
		return title
	}
	return section + " " + title
}

// shorten cuts s to n runes, ending in an ellipsis when cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// meanText is a mean score for people, or a dash when no answer was
// scored.
func meanText(mean float64, dist []*reportingv1.GradeCount) string {
	if scoredAnswers(dist) == 0 {
		return "–"
	}
	return twoPlaces(mean)
}

func twoPlaces(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// signed writes a gap with its sign: +0.50, −1.00, 0.00.
func signed(v float64) string {
	switch s := twoPlaces(v); {
	case v > 0 && s != "0.00":
		return "+" + s
	case v < 0 && s != "-0.00":
		return "−" + strings.TrimPrefix(s, "-")
	default:
		return "0.00"
	}
}

// percent is n of total as a whole percentage.
func percent(n, total int32) string {
	if total == 0 {
		return "0%"
	}
	return strconv.Itoa(int(math.Round(100*float64(n)/float64(total)))) + "%"
}

// units writes a length in SVG user units.
func units(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// colourOr is c when it is a #rrggbb colour, else a neutral grey.
func colourOr(c string) string {
	if h, ok := hexColour(c); ok {
		return h
	}
	return "#B1B4B6"
}
