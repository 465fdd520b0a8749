package gateway

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"github.com/xuri/excelize/v2"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
)

const (
	// reportXLSX and reportHTML are a campaign's reports as a workbook and
	// as a printable page, as ServeMux patterns.
	reportXLSX = "/v1/partnerships/{p}/campaigns/{c}/report.xlsx"
	reportHTML = "/v1/partnerships/{p}/campaigns/{c}/report.html"
	// The routes in the style of the generated ones.
	reportXLSXPattern = "/v1/{campaign=partnerships/*/campaigns/*}/report.xlsx"
	reportHTMLPattern = "/v1/{campaign=partnerships/*/campaigns/*}/report.html"
	// xlsxType is the media type of a workbook.
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// reportsClient is the part of the reporting service the report exports
// call.
type reportsClient interface {
	GetCompletionReport(ctx context.Context, in *reportingv1.GetCompletionReportRequest, opts ...grpc.CallOption) (*reportingv1.CompletionReport, error)
	GetRatingsReport(ctx context.Context, in *reportingv1.GetRatingsReportRequest, opts ...grpc.CallOption) (*reportingv1.RatingsReport, error)
	GetModerationReport(ctx context.Context, in *reportingv1.GetModerationReportRequest, opts ...grpc.CallOption) (*reportingv1.ModerationReport, error)
	GetNumericReport(ctx context.Context, in *reportingv1.GetNumericReportRequest, opts ...grpc.CallOption) (*reportingv1.NumericReport, error)
	GetActionReport(ctx context.Context, in *reportingv1.GetActionReportRequest, opts ...grpc.CallOption) (*reportingv1.ActionReport, error)
	GetTrendReport(ctx context.Context, in *reportingv1.GetTrendReportRequest, opts ...grpc.CallOption) (*reportingv1.TrendReport, error)
}

// reports serves a campaign's reports as one workbook and as one printable
// page. Each is made from the reporting service's own reports, called as
// the caller (the bearer token is forwarded as by the generated routes),
// so who may have them is exactly who may have the reports.
type reports struct {
	mux    *runtime.ServeMux
	client reportsClient
}

// campaignReports are the five reports of one campaign, as the caller may
// see them.
type campaignReports struct {
	campaign   string
	completion *reportingv1.CompletionReport
	ratings    *reportingv1.RatingsReport
	moderation *reportingv1.ModerationReport
	numeric    *reportingv1.NumericReport
	actions    *reportingv1.ActionReport
	// trends follow the questions from previousCampaign, when the caller
	// names one; nil otherwise.
	trends           *reportingv1.TrendReport
	previousCampaign string
	// organisationType and partnership are the filters asked for; they
	// narrow every report.
	organisationType, partnership string
}

// fetch asks the reporting service for the campaign's five reports at
// once. The first failure in report order is the answer's.
func (x *reports) fetch(r *http.Request, pattern string) (*campaignReports, error) {
	q := r.URL.Query()
	c := &campaignReports{
		campaign:         campaignOfPath(r),
		organisationType: q.Get("organisationType"),
		partnership:      q.Get("partnership"),
		previousCampaign: q.Get("previousCampaign"),
	}
	// call annotates the context as a generated route would for method,
	// so the call carries the caller's metadata, then makes it.
	call := func(method string, do func(ctx context.Context) error) error {
		ctx, err := runtime.AnnotateContext(r.Context(), x.mux, r, method, runtime.WithHTTPPathPattern(pattern))
		if err != nil {
			return err
		}
		return do(ctx)
	}
	var errs [6]error
	var wg sync.WaitGroup
	wg.Go(func() {
		errs[0] = call(reportingv1.ReportingService_GetCompletionReport_FullMethodName, func(ctx context.Context) (err error) {
			c.completion, err = x.client.GetCompletionReport(ctx, &reportingv1.GetCompletionReportRequest{Campaign: c.campaign,
				OrganisationType: c.organisationType, Partnership: c.partnership})
			return err
		})
	})
	wg.Go(func() {
		errs[1] = call(reportingv1.ReportingService_GetRatingsReport_FullMethodName, func(ctx context.Context) (err error) {
			c.ratings, err = x.client.GetRatingsReport(ctx, &reportingv1.GetRatingsReportRequest{Campaign: c.campaign,
				OrganisationType: c.organisationType, Partnership: c.partnership})
			return err
		})
	})
	wg.Go(func() {
		errs[2] = call(reportingv1.ReportingService_GetModerationReport_FullMethodName, func(ctx context.Context) (err error) {
			c.moderation, err = x.client.GetModerationReport(ctx, &reportingv1.GetModerationReportRequest{Campaign: c.campaign,
				OrganisationType: c.organisationType, Partnership: c.partnership})
			return err
		})
	})
	wg.Go(func() {
		errs[3] = call(reportingv1.ReportingService_GetNumericReport_FullMethodName, func(ctx context.Context) (err error) {
			c.numeric, err = x.client.GetNumericReport(ctx, &reportingv1.GetNumericReportRequest{Campaign: c.campaign,
				OrganisationType: c.organisationType, Partnership: c.partnership})
			return err
		})
	})
	wg.Go(func() {
		errs[4] = call(reportingv1.ReportingService_GetActionReport_FullMethodName, func(ctx context.Context) (err error) {
			c.actions, err = x.client.GetActionReport(ctx, &reportingv1.GetActionReportRequest{Campaign: c.campaign,
				OrganisationType: c.organisationType, Partnership: c.partnership})
			return err
		})
	})
	if c.previousCampaign != "" {
		wg.Go(func() {
			errs[5] = call(reportingv1.ReportingService_GetTrendReport_FullMethodName, func(ctx context.Context) (err error) {
				c.trends, err = x.client.GetTrendReport(ctx, &reportingv1.GetTrendReportRequest{Campaign: c.campaign,
					PreviousCampaign: c.previousCampaign, OrganisationType: c.organisationType, Partnership: c.partnership})
				return err
			})
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return c, nil
}

// workbook answers GET {campaign}/report.xlsx with the campaign's reports
// as a workbook, a sheet per report. The workbook is made whole in memory
// before a byte is written, so a failure is an ordinary error answer and
// never a cut-off file.
func (x *reports) workbook(w http.ResponseWriter, r *http.Request) {
	_, out := runtime.MarshalerForRequest(x.mux, r)
	c, err := x.fetch(r, reportXLSXPattern)
	if err != nil {
		runtime.HTTPError(r.Context(), x.mux, out, w, r, err)
		return
	}
	f, err := buildWorkbook(c)
	if err == nil {
		defer func() { _ = f.Close() }()
		// WriteTo would make this same buffer and then copy it out; made
		// here, its length is known and a failure leaves nothing written.
		buf, werr := f.WriteToBuffer()
		if werr == nil {
			h := w.Header()
			h.Set("Content-Type", xlsxType)
			h.Set("Content-Disposition", attachment(r.PathValue("c")+"-report.xlsx"))
			h.Set("Content-Length", strconv.Itoa(buf.Len()))
			h.Set("Cache-Control", "private, no-store")
			h.Set("X-Content-Type-Options", "nosniff")
			if _, err := buf.WriteTo(w); err != nil {
				panic(http.ErrAbortHandler) // the client went away
			}
			return
		}
		err = werr
	}
	runtime.HTTPError(r.Context(), x.mux, out, w, r, status.Errorf(codes.Internal, "make the workbook: %v", err))
}

// Sheet names.
const (
	sheetCompletion = "Completion"
	sheetRatings    = "Ratings"
	sheetStandards  = "Standards"
	sheetQuestions  = "Questions"
	sheetModeration = "Moderation"
	sheetNumbers    = "Numbers"
)

// book writes cells, keeping the first error so the sheets read as plain
// lists of cells; styles are made once per kind.
type book struct {
	f      *excelize.File
	err    error
	styles map[string]int
}

// set writes v (a string, a number, a time, or nil for nothing) at column
// col and row row, both from 1.
func (b *book) set(sheet string, col, row int, v any) {
	if b.err != nil || v == nil {
		return
	}
	ref, err := excelize.CoordinatesToCellName(col, row)
	if err == nil {
		err = b.f.SetCellValue(sheet, ref, v)
	}
	b.fail(err)
}

// row writes vs along row row from column col.
func (b *book) row(sheet string, col, row int, vs ...any) {
	for i, v := range vs {
		b.set(sheet, col+i, row, v)
	}
}

// style gives the cells from (col1, row1) to (col2, row2) the style named
// key, made from s the first time.
func (b *book) style(sheet string, col1, row1, col2, row2 int, key string, s func() *excelize.Style) {
	if b.err != nil || col2 < col1 || row2 < row1 {
		return
	}
	id, ok := b.styles[key]
	if !ok {
		var err error
		if id, err = b.f.NewStyle(s()); err != nil {
			b.fail(err)
			return
		}
		b.styles[key] = id
	}
	from, err := excelize.CoordinatesToCellName(col1, row1)
	if err != nil {
		b.fail(err)
		return
	}
	to, err := excelize.CoordinatesToCellName(col2, row2)
	if err == nil {
		err = b.f.SetCellStyle(sheet, from, to, id)
	}
	b.fail(err)
}

// bold, twoPlaces and when are the common styles.
func (b *book) bold(sheet string, col1, row1, col2, row2 int) {
	b.style(sheet, col1, row1, col2, row2, "bold", func() *excelize.Style {
		return &excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}
	})
}

func (b *book) twoPlaces(sheet string, col1, row1, col2, row2 int) {
	b.style(sheet, col1, row1, col2, row2, "0.00", func() *excelize.Style { return &excelize.Style{NumFmt: 2} })
}

func (b *book) when(sheet string, col1, row1, col2, row2 int) {
	code := "yyyy-mm-dd hh:mm"
	b.style(sheet, col1, row1, col2, row2, "when", func() *excelize.Style { return &excelize.Style{CustomNumFmt: &code} })
}

// filled gives a cell a grade's colour, the text in black or white,
// whichever reads better on it; a colour that is not #rrggbb leaves the
// cell as it is.
func (b *book) filled(sheet string, col, row int, colour string, bold bool) {
	colour, ok := hexColour(colour)
	if !ok {
		return
	}
	b.style(sheet, col, row, col, row, fmt.Sprintf("fill %s %t", colour, bold), func() *excelize.Style {
		return &excelize.Style{
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}},
			Font:      &excelize.Font{Color: textOn(colour), Bold: bold},
			Alignment: &excelize.Alignment{Vertical: "top", WrapText: bold},
		}
	})
}

// widths sets the widths of columns from col on.
func (b *book) widths(sheet string, col int, ws ...float64) {
	for i, w := range ws {
		if b.err != nil {
			return
		}
		name, err := excelize.ColumnNumberToName(col + i)
		if err == nil {
			err = b.f.SetColWidth(sheet, name, name, w)
		}
		b.fail(err)
	}
}

// freeze keeps the first cols columns and rows rows in view.
func (b *book) freeze(sheet string, cols, rows int) {
	if b.err != nil {
		return
	}
	ref, err := excelize.CoordinatesToCellName(cols+1, rows+1)
	if err == nil {
		err = b.f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: cols, YSplit: rows, TopLeftCell: ref, ActivePane: "bottomRight"})
	}
	b.fail(err)
}

func (b *book) fail(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

// buildWorkbook lays the reports out as a workbook.
func buildWorkbook(c *campaignReports) (*excelize.File, error) {
	f := excelize.NewFile()
	b := &book{f: f, styles: map[string]int{}}
	b.fail(f.SetSheetName(f.GetSheetName(0), sheetCompletion))
	for _, s := range []string{sheetBurnUp, sheetRatings, sheetStandards, sheetQuestions, sheetModeration, sheetNumbers, sheetActions} {
		_, err := f.NewSheet(s)
		b.fail(err)
	}
	f.SetActiveSheet(0)
	b.fail(f.SetDocProps(&excelize.DocProperties{Title: "Reports: " + displayName(c), Creator: "Assure"}))
	names := organisationNames(c)
	completionSheet(b, c)
	burnUpSheet(b, c.completion)
	ratingsSheet(b, c.ratings)
	standardsSheet(b, c.ratings)
	questionsSheet(b, c.ratings)
	moderationSheet(b, c, names)
	numbersSheet(b, c.numeric)
	actionsSheet(b, c.actions, names)
	if c.trends != nil {
		_, err := f.NewSheet(sheetTrends)
		b.fail(err)
		trendsSheet(b, c.trends)
	}
	if b.err != nil {
		_ = f.Close()
		return nil, b.err
	}
	return f, nil
}

// completionSheet: the totals, then one row per organisation.
func completionSheet(b *book, c *campaignReports) {
	const s = sheetCompletion
	rep := c.completion
	b.row(s, 1, 1, "Campaign", displayName(c))
	b.row(s, 1, 2, "Resource name", c.campaign)
	b.row(s, 1, 3, "As of (UTC)", timeValue(rep.GetAsOfTime()))
	b.row(s, 1, 4, "Due (UTC)", timeValue(rep.GetDueTime()))
	b.when(s, 2, 3, 2, 4)
	b.row(s, 1, 5, "Total", rep.GetTotal())
	b.row(s, 1, 6, "Not started", rep.GetNotStarted())
	b.row(s, 1, 7, "In progress", rep.GetInProgress())
	b.row(s, 1, 8, "of which returned for revision", rep.GetReturned())
	b.row(s, 1, 9, "Submitted", rep.GetSubmitted())
	b.row(s, 1, 10, "of which accepted", rep.GetAccepted())
	b.row(s, 1, 11, "Overdue", rep.GetOverdue())
	b.row(s, 1, 12, "Filters", filterNote(c))
	b.bold(s, 1, 1, 1, 12)
	const head = 14
	b.row(s, 1, head, "Organisation", "State", "Overdue", "Last activity (UTC)", "Organisation resource", "Submission")
	b.bold(s, 1, head, 6, head)
	orgs := slices.Clone(rep.GetOrganisations())
	slices.SortStableFunc(orgs, func(a, o *reportingv1.OrganisationCompletion) int {
		return cmp.Compare(strings.ToLower(orgName(a.GetDisplayName(), a.GetOrganisation())),
			strings.ToLower(orgName(o.GetDisplayName(), o.GetOrganisation())))
	})
	for i, o := range orgs {
		var overdue any
		if o.GetOverdue() {
			overdue = "Overdue"
		}
		b.row(s, 1, head+1+i, orgName(o.GetDisplayName(), o.GetOrganisation()), stateLabel(o.GetState()), overdue,
			timeValue(o.GetLastActivityTime()), o.GetOrganisation(), o.GetSubmission())
	}
	b.when(s, 4, head+1, 4, head+len(orgs))
	b.widths(s, 1, 36, 22, 10, 20, 30, 40)
	b.freeze(s, 0, head)
}

// ratingsSheet: the matrix, one row per organisation and one column per
// rating question, each answer in its grade's colour; then each
// organisation's mean score per standard.
func ratingsSheet(b *book, rep *reportingv1.RatingsReport) {
	const s = sheetRatings
	qs := rep.GetQuestions()
	sections := ratedSections(rep)
	titles := map[string]string{}
	for _, st := range rep.GetStandards() {
		titles[st.GetSection()] = st.GetTitle()
	}
	b.row(s, 1, 1, "Organisation", "Type")
	b.row(s, 1, 2, "", "")
	for i, q := range qs {
		b.set(s, 3+i, 1, q.GetKey())
		b.set(s, 3+i, 2, q.GetText())
	}
	first := 3 + len(qs) // the first standard's column
	for j, sec := range sections {
		b.set(s, first+j, 1, "Mean "+sec)
		b.set(s, first+j, 2, titles[sec])
	}
	last := first + len(sections) - 1
	b.bold(s, 1, 1, max(last, 2), 2)
	col := map[string]int{} // question key → column
	for i, q := range qs {
		col[q.GetKey()] = 3 + i
	}
	sectionOf := map[string]string{}
	for _, q := range qs {
		sectionOf[q.GetKey()] = q.GetSection()
	}
	for i, row := range rep.GetRows() {
		n := 3 + i
		b.row(s, 1, n, orgName(row.GetDisplayName(), row.GetOrganisation()), row.GetOrganisationType())
		scored := map[string]int{}
		for _, cell := range row.GetCells() {
			c, ok := col[cell.GetKey()]
			if !ok || !cell.GetAnswered() {
				continue
			}
			b.set(s, c, n, cmp.Or(cell.GetLabel(), cell.GetGrade()))
			b.filled(s, c, n, cell.GetColour(), false)
			if !cell.GetNotApplicable() {
				scored[sectionOf[cell.GetKey()]]++
			}
		}
		for _, sc := range row.GetStandardScores() {
			if j := slices.Index(sections, sc.GetSection()); j >= 0 && scored[sc.GetSection()] > 0 {
				b.set(s, first+j, n, sc.GetMeanScore())
			}
		}
	}
	b.twoPlaces(s, first, 3, last, 2+len(rep.GetRows()))
	b.widths(s, 1, 36, 14)
	for i := range qs {
		b.widths(s, 3+i, 16)
	}
	for j := range sections {
		b.widths(s, first+j, 14)
	}
	b.freeze(s, 2, 2)
}

// standardsSheet: the standards weakest first, with their counts per
// grade.
func standardsSheet(b *book, rep *reportingv1.RatingsReport) {
	const s = sheetStandards
	var dists [][]*reportingv1.GradeCount
	for _, st := range rep.GetStandards() {
		dists = append(dists, st.GetDistribution())
	}
	grades := gradesOf(dists...)
	b.row(s, 1, 1, "Section", "Standard", "Mean score", "Answered")
	gradeHeaders(b, s, 5, 1, grades)
	b.bold(s, 1, 1, 4, 1)
	for i, st := range rep.GetStandards() {
		n := 2 + i
		b.row(s, 1, n, st.GetSection(), st.GetTitle(), meanOrNil(st.GetMeanScore(), st.GetDistribution()), st.GetAnswered())
		gradeCounts(b, s, 5, n, grades, st.GetDistribution())
	}
	b.twoPlaces(s, 3, 2, 3, 1+len(rep.GetStandards()))
	b.widths(s, 1, 10, 40, 12, 10)
	b.freeze(s, 2, 1)
}

// questionsSheet: each rating question's distribution and mean.
func questionsSheet(b *book, rep *reportingv1.RatingsReport) {
	const s = sheetQuestions
	var dists [][]*reportingv1.GradeCount
	for _, q := range rep.GetQuestions() {
		dists = append(dists, q.GetDistribution())
	}
	grades := gradesOf(dists...)
	b.row(s, 1, 1, "Key", "Section", "Question", "Mean score", "Answered")
	gradeHeaders(b, s, 6, 1, grades)
	b.bold(s, 1, 1, 5, 1)
	for i, q := range rep.GetQuestions() {
		n := 2 + i
		b.row(s, 1, n, q.GetKey(), q.GetSection(), q.GetText(), meanOrNil(q.GetMeanScore(), q.GetDistribution()), q.GetAnswered())
		gradeCounts(b, s, 6, n, grades, q.GetDistribution())
	}
	b.twoPlaces(s, 4, 2, 4, 1+len(rep.GetQuestions()))
	b.widths(s, 1, 12, 10, 50, 12, 10)
	b.freeze(s, 1, 1)
}

// moderationSheet: the gaps between self-assessed and moderated scores,
// largest first.
func moderationSheet(b *book, c *campaignReports, names map[string]string) {
	const s = sheetModeration
	titles := map[string]string{}
	for _, st := range c.ratings.GetStandards() {
		titles[st.GetSection()] = st.GetTitle()
	}
	b.row(s, 1, 1, "Organisation", "Section", "Standard", "Self-assessed mean", "Moderated mean", "Gap", "Questions", "Organisation resource")
	b.bold(s, 1, 1, 8, 1)
	gaps := c.moderation.GetGaps()
	for i, g := range gaps {
		b.row(s, 1, 2+i, orgName(names[g.GetOrganisation()], g.GetOrganisation()), g.GetSection(), titles[g.GetSection()],
			g.GetSelfMean(), g.GetModeratedMean(), g.GetGap(), g.GetQuestions(), g.GetOrganisation())
	}
	b.twoPlaces(s, 4, 2, 6, 1+len(gaps))
	b.widths(s, 1, 36, 10, 40, 18, 16, 10, 10, 30)
	b.freeze(s, 1, 1)
}

// numbersSheet: each number question's figures, overall and per
// organisation type; below them, each organisation's answers.
func numbersSheet(b *book, rep *reportingv1.NumericReport) {
	const s = sheetNumbers
	qs := rep.GetQuestions()
	var types []string
	for _, q := range qs {
		for _, t := range q.GetByType() {
			if !slices.Contains(types, t.GetOrganisationType()) {
				types = append(types, t.GetOrganisationType())
			}
		}
	}
	b.row(s, 1, 1, "Key", "Section", "Question", "Unit", "Count", "Total", "Mean", "Min", "Max")
	for j, t := range types {
		b.row(s, 10+3*j, 1, t+" count", t+" total", t+" mean")
	}
	b.bold(s, 1, 1, 9+3*len(types), 1)
	for i, q := range qs {
		n := 2 + i
		b.row(s, 1, n, q.GetKey(), q.GetSection(), q.GetText(), q.GetUnit(), q.GetCount(),
			decimal(q.GetTotal()), decimal(q.GetMean()), decimal(q.GetMin()), decimal(q.GetMax()))
		for _, t := range q.GetByType() {
			j := slices.Index(types, t.GetOrganisationType())
			b.row(s, 10+3*j, n, t.GetCount(), decimal(t.GetTotal()), decimal(t.GetMean()))
		}
	}
	// Each organisation's answers: a row per submission, a column per
	// question.
	head := len(qs) + 4
	b.set(s, 1, head-1, "Values by organisation")
	b.row(s, 1, head, "Organisation", "Type", "Submission")
	b.row(s, 1, head+1, "", "", "")
	for i, q := range qs {
		b.set(s, 4+i, head, q.GetKey())
		b.set(s, 4+i, head+1, q.GetText())
	}
	b.bold(s, 1, head-1, max(3+len(qs), 3), head+1)
	rows := map[string]int{} // submission → row
	for i, q := range qs {
		for _, v := range q.GetValues() {
			n, ok := rows[v.GetSubmission()]
			if !ok {
				n = head + 2 + len(rows)
				rows[v.GetSubmission()] = n
				b.row(s, 1, n, orgName(v.GetDisplayName(), v.GetOrganisation()), v.GetOrganisationType(), v.GetSubmission())
			}
			b.set(s, 4+i, n, decimal(v.GetValue()))
		}
	}
	b.widths(s, 1, 30, 14, 50, 10)
}

// gradeHeaders heads a column per grade from col along row, each in its
// grade's colour.
func gradeHeaders(b *book, sheet string, col, row int, grades []*reportingv1.GradeCount) {
	for i, g := range grades {
		b.set(sheet, col+i, row, cmp.Or(g.GetLabel(), g.GetValue()))
		b.filled(sheet, col+i, row, g.GetColour(), true)
		b.widths(sheet, col+i, 14)
	}
}

// gradeCounts writes dist's counts under the grade columns.
func gradeCounts(b *book, sheet string, col, row int, grades, dist []*reportingv1.GradeCount) {
	for _, g := range dist {
		if i := slices.IndexFunc(grades, func(h *reportingv1.GradeCount) bool { return h.GetValue() == g.GetValue() }); i >= 0 {
			b.set(sheet, col+i, row, g.GetCount())
		}
	}
}

// gradesOf lists the grades of the distributions by value, in first-seen
// order, with the label and colour of their first sighting.
func gradesOf(dists ...[]*reportingv1.GradeCount) []*reportingv1.GradeCount {
	var out []*reportingv1.GradeCount
	for _, d := range dists {
		for _, g := range d {
			if !slices.ContainsFunc(out, func(h *reportingv1.GradeCount) bool { return h.GetValue() == g.GetValue() }) {
				out = append(out, g)
			}
		}
	}
	return out
}

// scoredAnswers counts the answers of dist that have a score: those not
// "not applicable".
func scoredAnswers(dist []*reportingv1.GradeCount) int {
	n := 0
	for _, g := range dist {
		if !g.GetNotApplicable() {
			n += int(g.GetCount())
		}
	}
	return n
}

// meanOrNil is mean, or nothing when no answer was scored (the report
// says 0 then).
func meanOrNil(mean float64, dist []*reportingv1.GradeCount) any {
	if scoredAnswers(dist) == 0 {
		return nil
	}
	return mean
}

// ratedSections lists the standards of the rating questions in form order.
func ratedSections(rep *reportingv1.RatingsReport) []string {
	var out []string
	for _, q := range rep.GetQuestions() {
		if !slices.Contains(out, q.GetSection()) {
			out = append(out, q.GetSection())
		}
	}
	for _, row := range rep.GetRows() {
		for _, sc := range row.GetStandardScores() {
			if !slices.Contains(out, sc.GetSection()) {
				out = append(out, sc.GetSection())
			}
		}
	}
	return out
}

// organisationNames maps organisations/{o} to display names from the
// reports that carry them.
func organisationNames(c *campaignReports) map[string]string {
	names := map[string]string{}
	for _, o := range c.completion.GetOrganisations() {
		if o.GetDisplayName() != "" {
			names[o.GetOrganisation()] = o.GetDisplayName()
		}
	}
	for _, row := range c.ratings.GetRows() {
		if row.GetDisplayName() != "" {
			names[row.GetOrganisation()] = row.GetDisplayName()
		}
	}
	return names
}

// displayName is the campaign's display name, or its resource name.
func displayName(c *campaignReports) string {
	return cmp.Or(c.completion.GetCampaignDisplayName(), c.campaign)
}

// orgName is an organisation's display name, or its resource name.
func orgName(display, name string) string {
	return cmp.Or(display, name)
}

// filterNote says which organisations the reports cover.
func filterNote(c *campaignReports) string {
	var f []string
	if c.organisationType != "" {
		f = append(f, "organisation type "+c.organisationType)
	}
	if c.partnership != "" {
		f = append(f, "organisations of "+c.partnership)
	}
	if len(f) == 0 {
		return "none: every organisation of the campaign"
	}
	return strings.Join(f, "; ")
}

// stateLabel names a submission state for people.
func stateLabel(state string) string {
	switch state {
	case "NOT_STARTED":
		return "Not started"
	case "IN_PROGRESS":
		return "In progress"
	case "SUBMITTED":
		return "Submitted"
	case "RETURNED":
		return "Returned for revision"
	case "ACCEPTED":
		return "Accepted"
	}
	return state
}

// timeValue is ts in UTC, or nothing when unset.
func timeValue(ts *timestamppb.Timestamp) any {
	if ts == nil {
		return nil
	}
	return ts.AsTime().UTC()
}

// decimal is a decimal written as text as a number, text that is not one
// as it is, and nothing for nothing.
func decimal(s string) any {
	if s == "" {
		return nil
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		return v
	}
	return s
}

var hexPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// hexColour is c as #RRGGBB if it is a colour of that form.
func hexColour(c string) (string, bool) {
	if !hexPattern.MatchString(c) {
		return "", false
	}
	return strings.ToUpper(c), true
}

// textOn is the text colour, black or white, that contrasts more with the
// background colour #rrggbb (WCAG relative luminance).
func textOn(bg string) string {
	if luminance(bg) > 0.179 {
		return "#000000"
	}
	return "#FFFFFF"
}

func luminance(hex string) float64 {
	channel := func(i int) float64 {
		v, _ := strconv.ParseUint(hex[i:i+2], 16, 8)
		c := float64(v) / 255
		if c <= 0.04045 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*channel(1) + 0.7152*channel(3) + 0.0722*channel(5)
}

// formatTime writes a time for people: "3 March 2027, 14:05 UTC".
func formatTime(ts *timestamppb.Timestamp) string {
	if ts == nil {
		return ""
	}
	return ts.AsTime().UTC().Format("2 January 2006, 15:04 UTC")
}
