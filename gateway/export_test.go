package gateway

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
)

// pagedRows serves rows in pages of two, failing on page failAt (from 1)
// if set.
type pagedRows struct {
	rows       []*reportingv1.AnswerRow
	returns    []*reportingv1.SubmissionRow
	calls      int
	failAt     int
	reqs       []*reportingv1.ListAnswerRowsRequest
	returnReqs []*reportingv1.ListSubmissionRowsRequest
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

// ListSubmissionRows serves returns in pages of two, two columns on
// each, failing on page failAt as ListAnswerRows does.
func (p *pagedRows) ListSubmissionRows(_ context.Context, in *reportingv1.ListSubmissionRowsRequest, _ ...grpc.CallOption) (*reportingv1.ListSubmissionRowsResponse, error) {
	p.calls++
	p.returnReqs = append(p.returnReqs, in)
	if p.calls == p.failAt {
		return nil, status.Error(codes.PermissionDenied, "not yours")
	}
	start := 0
	if in.GetPageToken() != "" {
		start = int(in.GetPageToken()[0] - '0')
	}
	end := min(start+2, len(p.returns))
	out := &reportingv1.ListSubmissionRowsResponse{Rows: p.returns[start:end], Columns: []*reportingv1.QuestionColumn{
		{Section: "S1", Key: "q1", Text: "Senior commitment", Type: "rating_scale"},
		{Section: "S1", Key: "q2", Text: "-1 or more?", Type: "number"}}}
	if end < len(p.returns) {
		out.NextPageToken = string(rune('0' + end))
	}
	return out, nil
}

func exportServer(p *pagedRows) http.Handler {
	mux := http.NewServeMux()
	ex := &export{mux: newServeMux(nil), client: p}
	mux.HandleFunc("GET "+answersCSV, ex.answers)
	mux.HandleFunc("GET "+submissionsCSV, ex.submissions)
	return mux
}

func TestExportSubmissionsCSV(t *testing.T) {
	handed := timestamppb.New(time.Date(2027, 3, 1, 10, 30, 0, 0, time.UTC))
	p := &pagedRows{returns: []*reportingv1.SubmissionRow{
		{Organisation: "organisations/ash", OrganisationName: "Ash School", OrganisationType: "school", Submission: "s/ash",
			State: "SUBMITTED", HandInTime: handed, LastActivityTime: handed, Values: []string{"Partly met", "4"}},
		{Organisation: "organisations/birch", OrganisationName: "Birch, School", Submission: "s/birch", State: "IN_PROGRESS",
			Overdue: true, Values: []string{"+44 a note", ""}},
		{Organisation: "organisations/cedar", OrganisationName: "Cedar", Submission: "s/cedar", State: "NOT_STARTED",
			Overdue: true, Values: []string{"", ""}},
	}}
	rec := httptest.NewRecorder()
	exportServer(p).ServeHTTP(rec, httptest.NewRequest("GET", "/v1/partnerships/north/campaigns/s11/submissions.csv?partnership=partnerships/south", nil))
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.Contains(rec.Header().Get("Content-Disposition"), "s11-submissions.csv") {
		t.Fatalf("%d %v", rec.Code, rec.Header())
	}
	records, err := csv.NewReader(strings.NewReader(rec.Body.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"organisation", "organisation_name", "organisation_type", "submission", "state", "overdue", "hand_in_time", "last_activity_time",
			"q1: Senior commitment", "q2: -1 or more?"},
		{"organisations/ash", "Ash School", "school", "s/ash", "SUBMITTED", "", "2027-03-01T10:30:00Z", "2027-03-01T10:30:00Z", "Partly met", "4"},
		// A value a spreadsheet would run as a formula is written as text.
		{"organisations/birch", "Birch, School", "", "s/birch", "IN_PROGRESS", "yes", "", "", "'+44 a note", ""},
		{"organisations/cedar", "Cedar", "", "s/cedar", "NOT_STARTED", "yes", "", "", "", ""},
	}
	if fmt.Sprint(records) != fmt.Sprint(want) {
		t.Fatalf("records\n%q\nwant\n%q", records, want)
	}
	if p.calls != 2 || p.returnReqs[0].GetCampaign() != "partnerships/north/campaigns/s11" ||
		p.returnReqs[0].GetPartnership() != "partnerships/south" || p.returnReqs[1].GetPageToken() != "2" {
		t.Fatalf("calls %d, requests %v", p.calls, p.returnReqs)
	}
	// Refused before the first row: an ordinary error answer.
	rec = httptest.NewRecorder()
	exportServer(&pagedRows{failAt: 1}).ServeHTTP(rec, httptest.NewRequest("GET", "/v1/partnerships/x/campaigns/y/submissions.csv", nil))
	if rec.Code != http.StatusForbidden {
		t.Fatalf("%d %s", rec.Code, rec.Body.String())
	}
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
