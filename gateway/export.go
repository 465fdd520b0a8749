package gateway

import (
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"

	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
)

const (
	// answersCSV is a campaign's answers as CSV, as a ServeMux pattern.
	answersCSV = "/v1/partnerships/{p}/campaigns/{c}/answers.csv"
	// answersPattern is the route in the style of the generated ones.
	answersPattern = "/v1/{campaign=partnerships/*/campaigns/*}/answers.csv"
	// exportPage is how many rows each backend call brings.
	exportPage = 5000
)

// answerRowsClient is the part of the reporting service the export calls.
type answerRowsClient interface {
	ListAnswerRows(ctx context.Context, in *reportingv1.ListAnswerRowsRequest, opts ...grpc.CallOption) (*reportingv1.ListAnswerRowsResponse, error)
}

// export streams a campaign's answers as CSV, one row per answer, page by
// page from the reporting service, so an export of any size holds one page
// in memory. Access is the reporting service's, as for its reports.
type export struct {
	mux    *runtime.ServeMux
	client answerRowsClient
}

// answerColumns head the CSV.
var answerColumns = []string{"organisation", "organisation_name", "organisation_type", "submission", "state", "section",
	"question_key", "question_text", "question_type", "value", "score", "moderated", "update_time"}

// answers answers GET {campaign}/answers.csv. An error before the first
// row is an ordinary error answer; one after it aborts the response, so a
// client never takes a cut-off file for a whole one.
func (e *export) answers(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	_, out := runtime.MarshalerForRequest(e.mux, r)
	ctx, err := runtime.AnnotateContext(ctx, e.mux, r, reportingv1.ReportingService_ListAnswerRows_FullMethodName,
		runtime.WithHTTPPathPattern(answersPattern))
	if err != nil {
		runtime.HTTPError(r.Context(), e.mux, out, w, r, err)
		return
	}
	campaign := "partnerships/" + r.PathValue("p") + "/campaigns/" + r.PathValue("c")
	q := r.URL.Query()
	req := &reportingv1.ListAnswerRowsRequest{Campaign: campaign, OrganisationType: q.Get("organisationType"),
		Partnership: q.Get("partnership"), PageSize: exportPage}
	var cw *csv.Writer
	flusher, _ := w.(http.Flusher)
	for {
		page, err := e.client.ListAnswerRows(ctx, req)
		if err != nil {
			if cw == nil {
				runtime.HTTPError(ctx, e.mux, out, w, r, err)
				return
			}
			panic(http.ErrAbortHandler)
		}
		if cw == nil {
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
			w.Header().Set("Content-Disposition", attachment(r.PathValue("c")+"-answers.csv"))
			w.Header().Set("Cache-Control", "private, no-store")
			w.Header().Set("X-Content-Type-Options", "nosniff")
			cw = csv.NewWriter(w)
			_ = cw.Write(answerColumns)
		}
		for _, row := range page.GetRows() {
			at := ""
			if row.GetUpdateTime() != nil {
				at = row.GetUpdateTime().AsTime().UTC().Format(time.RFC3339)
			}
			_ = cw.Write([]string{row.GetOrganisation(), cell(row.GetOrganisationName()), row.GetOrganisationType(), row.GetSubmission(),
				row.GetState(), cell(row.GetSection()), row.GetQuestionKey(), cell(row.GetQuestionText()), row.GetQuestionType(),
				cell(row.GetValue()), row.GetScore(), cell(row.GetModerated()), at})
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			panic(http.ErrAbortHandler) // the client went away
		}
		if flusher != nil {
			flusher.Flush()
		}
		if page.GetNextPageToken() == "" {
			return
		}
		req.PageToken = page.GetNextPageToken()
	}
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
