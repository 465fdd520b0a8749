package gateway

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
)

// pagedRows serves rows in pages of two, failing on page failAt (from 1)
// if set.
type pagedRows struct {
	rows   []*reportingv1.AnswerRow
	calls  int
	failAt int
	reqs   []*reportingv1.ListAnswerRowsRequest
}

func (p *pagedRows) ListAnswerRows(_ context.Context, in *reportingv1.ListAnswerRowsRequest, _ ...grpc.CallOption) (*reportingv1.ListAnswerRowsResponse, error) {
	p.calls++
	p.reqs = append(p.reqs, in)
	if p.calls == p.failAt {
		return nil, status.Error(codes.NotFound, "partnerships/x/campaigns/y not found")
	}
	start := 0
	if in.GetPageToken() != "" {
		start = int(in.GetPageToken()[0] - '0')
	}
	end := min(start+2, len(p.rows))
	out := &reportingv1.ListAnswerRowsResponse{Rows: p.rows[start:end]}
	if end < len(p.rows) {
		out.NextPageToken = string(rune('0' + end))
	}
	return out, nil
}

func exportServer(p *pagedRows) http.Handler {
	mux := http.NewServeMux()
	ex := &export{mux: newServeMux(nil), client: p}
	mux.HandleFunc("GET "+answersCSV, ex.answers)
	return mux
}

func TestExportAnswersCSV(t *testing.T) {
	rows := []*reportingv1.AnswerRow{
		{Organisation: "organisations/ash", OrganisationName: "Ash School", QuestionKey: "q1", Value: "Partly met", Score: "2"},
		{Organisation: "organisations/ash", OrganisationName: "Ash School", QuestionKey: "q2", Value: "=HYPERLINK(\"http://x\")"},
		{Organisation: "organisations/birch", OrganisationName: "Birch, School", QuestionKey: "q1", Value: "line one\nline two"},
	}
	p := &pagedRows{rows: rows}
	rec := httptest.NewRecorder()
	exportServer(p).ServeHTTP(rec, httptest.NewRequest("GET", "/v1/partnerships/north/campaigns/s11/answers.csv?organisationType=school", nil))
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.Contains(rec.Header().Get("Content-Disposition"), "s11-answers.csv") {
		t.Fatalf("%d %v", rec.Code, rec.Header())
	}
	records, err := csv.NewReader(strings.NewReader(rec.Body.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 4 || records[0][0] != "organisation" || records[1][9] != "Partly met" || records[3][1] != "Birch, School" ||
		records[3][9] != "line one\nline two" {
		t.Fatalf("records %q", records)
	}
	// A value a spreadsheet would run as a formula is written as text.
	if records[2][9] != `'=HYPERLINK("http://x")` {
		t.Fatalf("formula not neutralised: %q", records[2][9])
	}
	if p.calls != 2 || p.reqs[0].GetCampaign() != "partnerships/north/campaigns/s11" || p.reqs[0].GetOrganisationType() != "school" ||
		p.reqs[1].GetPageToken() != "2" {
		t.Fatalf("calls %d, requests %v", p.calls, p.reqs)
	}
}

func TestExportAnswersErrors(t *testing.T) {
	// Refused before the first row: an ordinary error answer.
	rec := httptest.NewRecorder()
	exportServer(&pagedRows{failAt: 1}).ServeHTTP(rec, httptest.NewRequest("GET", "/v1/partnerships/x/campaigns/y/answers.csv", nil))
	if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "not found") {
		t.Fatalf("%d %s", rec.Code, rec.Body.String())
	}
	// Failing after rows were written: the response is aborted, never
	// passed off as a whole file.
	p := &pagedRows{rows: make([]*reportingv1.AnswerRow, 5), failAt: 2}
	for i := range p.rows {
		p.rows[i] = &reportingv1.AnswerRow{QuestionKey: "q"}
	}
	defer func() {
		if r := recover(); r != http.ErrAbortHandler {
			t.Fatalf("a failure mid-export must abort the response, got %v", r)
		}
	}()
	exportServer(p).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/v1/partnerships/x/campaigns/y/answers.csv", nil))
}
