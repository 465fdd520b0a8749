package gateway

import (
	"context"
	"encoding/csv"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/timestamppb"

	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
)

const (
	// answersCSV and submissionsCSV are a campaign's answers, one row per
	// answer, and its returns, one row per return, as CSV, as ServeMux
	// patterns.
	answersCSV     = "/v1/partnerships/{p}/campaigns/{c}/answers.csv"
	submissionsCSV = "/v1/partnerships/{p}/campaigns/{c}/submissions.csv"
	// The routes in the style of the generated ones.
	answersPattern     = "/v1/{campaign=partnerships/*/campaigns/*}/answers.csv"
	submissionsPattern = "/v1/{campaign=partnerships/*/campaigns/*}/submissions.csv"
	// exportPage is how many answers each backend call brings, and
	// returnsPage how many returns.
	exportPage  = 5000
	returnsPage = 500
)

// rowsClient is the part of the reporting service the exports call.
type rowsClient interface {
	ListAnswerRows(ctx context.Context, in *reportingv1.ListAnswerRowsRequest, opts ...grpc.CallOption) (*reportingv1.ListAnswerRowsResponse, error)
	ListSubmissionRows(ctx context.Context, in *reportingv1.ListSubmissionRowsRequest, opts ...grpc.CallOption) (*reportingv1.ListSubmissionRowsResponse, error)
}

// export streams a campaign's answers or returns as CSV, page by page from
// the reporting service, so an export of any size holds one page in
// memory. Access is the reporting service's, as for its reports.
type export struct {
	mux    *runtime.ServeMux
	client rowsClient
}

// answerColumns head the CSV of answers.
var answerColumns = []string{"organisation", "organisation_name", "organisation_type", "submission", "state", "section",
	"question_key", "question_text", "question_type", "value", "score", "moderated", "update_time"}

// returnColumns head the CSV of returns, before a column per question.
var returnColumns = []string{"organisation", "organisation_name", "organisation_type", "submission", "state", "overdue",
	"hand_in_time", "last_activity_time"}

// csvPage is one page of an export: the header (read from the first page
// only) and the records, and the token of the next page.
type csvPage struct {
	header  []string
	records [][]string
	next    string
}

// answers answers GET {campaign}/answers.csv: one row per answer.
func (e *export) answers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	req := &reportingv1.ListAnswerRowsRequest{Campaign: campaignOfPath(r), OrganisationType: q.Get("organisationType"),
		Partnership: q.Get("partnership"), PageSize: exportPage}
	e.stream(w, r, reportingv1.ReportingService_ListAnswerRows_FullMethodName, answersPattern, "-answers.csv",
		func(ctx context.Context, token string) (csvPage, error) {
			req.PageToken = token
			page, err := e.client.ListAnswerRows(ctx, req)
			if err != nil {
				return csvPage{}, err
			}
			p := csvPage{header: answerColumns, next: page.GetNextPageToken()}
			for _, row := range page.GetRows() {
				p.records = append(p.records, []string{row.GetOrganisation(), cell(row.GetOrganisationName()), row.GetOrganisationType(),
					row.GetSubmission(), row.GetState(), cell(row.GetSection()), row.GetQuestionKey(), cell(row.GetQuestionText()),
					row.GetQuestionType(), cell(row.GetValue()), row.GetScore(), cell(row.GetModerated()), timeText(row.GetUpdateTime())})
			}
			return p, nil
		})
}

// submissions answers GET {campaign}/submissions.csv: one row per return,
// returns not started included, with a column per question headed
// "key: text".
func (e *export) submissions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	req := &reportingv1.ListSubmissionRowsRequest{Campaign: campaignOfPath(r), OrganisationType: q.Get("organisationType"),
		Partnership: q.Get("partnership"), PageSize: returnsPage}
	e.stream(w, r, reportingv1.ReportingService_ListSubmissionRows_FullMethodName, submissionsPattern, "-submissions.csv",
		func(ctx context.Context, token string) (csvPage, error) {
			req.PageToken = token
			page, err := e.client.ListSubmissionRows(ctx, req)
			if err != nil {
				return csvPage{}, err
			}
			p := csvPage{header: returnColumns, next: page.GetNextPageToken()}
			if cols := page.GetColumns(); len(cols) > 0 {
				p.header = slices.Clone(returnColumns)
				for _, c := range cols {
					p.header = append(p.header, cell(c.GetKey()+": "+c.GetText()))
				}
			}
			for _, row := range page.GetRows() {
				overdue := ""
				if row.GetOverdue() {
					overdue = "yes"
				}
				rec := append(make([]string, 0, len(returnColumns)+len(row.GetValues())),
					row.GetOrganisation(), cell(row.GetOrganisationName()), row.GetOrganisationType(), row.GetSubmission(),
					row.GetState(), overdue, timeText(row.GetHandInTime()), timeText(row.GetLastActivityTime()))
				for _, v := range row.GetValues() {
					rec = append(rec, cell(v))
				}
				p.records = append(p.records, rec)
			}
			return p, nil
		})
}

// stream writes the pages fetch gives as CSV, as a call of method would
// be made for route pattern, until a page has no next token; the next page
// is fetched while one is written, so two at most are in memory. An error
// before the first row is an ordinary error answer; one after it aborts
// the response, so a client never takes a cut-off file for a whole one.
func (e *export) stream(w http.ResponseWriter, r *http.Request, method, pattern, suffix string,
	fetch func(ctx context.Context, token string) (csvPage, error)) {
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	_, out := runtime.MarshalerForRequest(e.mux, r)
	ctx, err := runtime.AnnotateContext(ctx, e.mux, r, method, runtime.WithHTTPPathPattern(pattern))
	if err != nil {
		runtime.HTTPError(r.Context(), e.mux, out, w, r, err)
		return
	}
	type fetched struct {
		page csvPage
		err  error
	}
	// ahead has room for the one page being fetched, so a fetch left
	// behind by a failed write ends without anyone reading it.
	ahead := make(chan fetched, 1)
	fetchAhead := func(token string) {
		go func() {
			page, err := fetch(ctx, token)
			ahead <- fetched{page, err}
		}()
	}
	fetchAhead("")
	var cw *csv.Writer
	flusher, _ := w.(http.Flusher)
	for {
		f := <-ahead
		if f.err != nil {
			if cw == nil {
				runtime.HTTPError(ctx, e.mux, out, w, r, f.err)
				return
			}
			panic(http.ErrAbortHandler)
		}
		if f.page.next != "" {
			fetchAhead(f.page.next)
		}
		if cw == nil {
			h := w.Header()
			h.Set("Content-Type", "text/csv; charset=utf-8")
			h.Set("Content-Disposition", attachment(r.PathValue("c")+suffix))
			h.Set("Cache-Control", "private, no-store")
			h.Set("X-Content-Type-Options", "nosniff")
			cw = csv.NewWriter(w)
			_ = cw.Write(f.page.header)
		}
		_ = cw.WriteAll(f.page.records)
		if err := cw.Error(); err != nil {
			panic(http.ErrAbortHandler) // the client went away
		}
		if flusher != nil {
			flusher.Flush()
		}
		if f.page.next == "" {
			return
		}
	}
}

// campaignOfPath is the campaign a route's path names.
func campaignOfPath(r *http.Request) string {
	return "partnerships/" + r.PathValue("p") + "/campaigns/" + r.PathValue("c")
}

// timeText writes a time as RFC 3339 in UTC; nothing when unset.
func timeText(ts *timestamppb.Timestamp) string {
	if ts == nil {
		return ""
	}
	return ts.AsTime().UTC().Format(time.RFC3339)
}

// cell keeps a value a person wrote from being taken for a formula by a
// spreadsheet: a leading =, +, -, @ or control character gets an
// apostrophe before it.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
