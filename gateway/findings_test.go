package gateway

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
)

type fakeFindings struct {
	asked string
	err   error
}

func (f *fakeFindings) GetFindings(_ context.Context, in *caseauditv1.GetFindingsRequest, _ ...grpc.CallOption) (*caseauditv1.Findings, error) {
	f.asked = in.GetName()
	if f.err != nil {
		return nil, f.err
	}
	created := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	return &caseauditv1.Findings{Name: in.GetName(), RoundTheme: `Neglect <script>alert(1)</script>`,
		RoundState: caseauditv1.RoundState_ROUND_STATE_CLOSED, RoundCreateTime: timestamppb.New(created),
		RoundCloseTime: timestamppb.New(created.AddDate(0, 3, 0)), DaysTaken: 91,
		WorkingWell: []string{"Timely strategy discussions"}, Concerns: []string{"Fathers not seen"},
		Recommendations: []*caseauditv1.Recommendation{{Text: "Think family", Actions: []*caseauditv1.FindingAction{{
			Title: "Briefing for front-line staff", Owner: "Police", DueDate: "2027-03-31",
			Status:  caseauditv1.FindingActionStatus_FINDING_ACTION_STATUS_ON_TRACK,
			Updates: []*caseauditv1.FindingActionUpdate{{Time: timestamppb.New(created.AddDate(0, 4, 0)), Note: "Booked for March"}}}}}},
		Review: &caseauditv1.RoundReview{StaffHours: 64.5, NextTime: "Sample fewer cases"}}, nil
}

func findingsServer(f *fakeFindings) http.Handler {
	mux := http.NewServeMux()
	rf := &roundFindings{mux: newServeMux(nil), client: f}
	mux.HandleFunc("GET "+findingsHTML, rf.page)
	return mux
}

func TestRoundFindingsPage(t *testing.T) {
	f := &fakeFindings{}
	rec := httptest.NewRecorder()
	findingsServer(f).ServeHTTP(rec, httptest.NewRequest("GET", "/v1/partnerships/north/rounds/neglect/findings.html", nil))
	if rec.Code != 200 || f.asked != "partnerships/north/rounds/neglect/findings" ||
		rec.Header().Get("Content-Type") != "text/html; charset=utf-8" || !strings.Contains(rec.Header().Get("Content-Security-Policy"), "default-src 'none'") {
		t.Fatalf("%d %v asked %q", rec.Code, rec.Header(), f.asked)
	}
	page := rec.Body.String()
	if strings.Contains(page, "<script>") {
		t.Fatal("the theme is not escaped")
	}
	for _, want := range []string{
		"<title>Case audit findings: Neglect &lt;script&gt;alert(1)&lt;/script&gt;</title>",
		"<dt>Stage</dt><dd>Closed</dd>", "<dt>Time taken</dt><dd>91 days</dd>", "<dt>Staff time</dt><dd>64.5 hours</dd>",
		"<li>Timely strategy discussions</li>", "<li>Fathers not seen</li>", "<h3>1. Think family</h3>",
		`<tr><th scope="row">Briefing for front-line staff</th><td>Police</td><td>31 March 2027</td><td>On track</td><td>1 January 2027, 09:00 UTC: Booked for March</td></tr>`,
		"<p>Sample fewer cases</p>", "@media print",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// A refusal is the answer, as for the findings themselves.
	rec = httptest.NewRecorder()
	findingsServer(&fakeFindings{err: status.Error(codes.NotFound, "partnerships/x/rounds/y not found")}).ServeHTTP(rec,
		httptest.NewRequest("GET", "/v1/partnerships/x/rounds/y/findings.html", nil))
	if rec.Code != http.StatusNotFound {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
}
