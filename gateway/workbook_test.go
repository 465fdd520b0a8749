package gateway

import (
	"archive/zip"
	"bytes"
	"context"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/assure-audit/assure/pkg/logging"
	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
)

// fakeReports answers the five report calls with fixed reports and
// records what it was asked and the authorization metadata each call
// carried. Other methods of the client are left nil: calling one panics.
type fakeReports struct {
	reportingv1.ReportingServiceClient
	mu         sync.Mutex
	completion *reportingv1.GetCompletionReportRequest
	ratings    *reportingv1.GetRatingsReportRequest
	moderation *reportingv1.GetModerationReportRequest
	numeric    *reportingv1.GetNumericReportRequest
	actions    *reportingv1.GetActionReportRequest
	auth       map[string][]string // method → authorization metadata
	fail       map[string]error    // method → error to answer
	empty      bool                // answer with reports of a campaign with no answers and no questions
}

func (f *fakeReports) record(ctx context.Context, method string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	md, _ := metadata.FromOutgoingContext(ctx)
	if f.auth == nil {
		f.auth = map[string][]string{}
	}
	f.auth[method] = md.Get("authorization")
	return f.fail[method]
}

func (f *fakeReports) GetCompletionReport(ctx context.Context, in *reportingv1.GetCompletionReportRequest, _ ...grpc.CallOption) (*reportingv1.CompletionReport, error) {
	f.mu.Lock()
	f.completion = in
	f.mu.Unlock()
	if err := f.record(ctx, "completion"); err != nil {
		return nil, err
	}
	if f.empty {
		return &reportingv1.CompletionReport{Campaign: in.GetCampaign()}, nil
	}
	return testCompletion(), nil
}

func (f *fakeReports) GetRatingsReport(ctx context.Context, in *reportingv1.GetRatingsReportRequest, _ ...grpc.CallOption) (*reportingv1.RatingsReport, error) {
	f.mu.Lock()
	f.ratings = in
	f.mu.Unlock()
	if err := f.record(ctx, "ratings"); err != nil {
		return nil, err
	}
	if f.empty {
		return &reportingv1.RatingsReport{Campaign: in.GetCampaign()}, nil
	}
	return testRatings(), nil
}

func (f *fakeReports) GetModerationReport(ctx context.Context, in *reportingv1.GetModerationReportRequest, _ ...grpc.CallOption) (*reportingv1.ModerationReport, error) {
	f.mu.Lock()
	f.moderation = in
	f.mu.Unlock()
	if err := f.record(ctx, "moderation"); err != nil {
		return nil, err
	}
	if f.empty {
		return &reportingv1.ModerationReport{Campaign: in.GetCampaign()}, nil
	}
	return &reportingv1.ModerationReport{Campaign: in.GetCampaign(), Gaps: []*reportingv1.ModerationGap{
		{Organisation: "organisations/ash", Section: "2", SelfMean: 2, ModeratedMean: 1, Gap: 1, Questions: 1},
		{Organisation: "organisations/birch", Section: "1", SelfMean: 2, ModeratedMean: 2.5, Gap: -0.5, Questions: 2},
	}}, nil
}

func (f *fakeReports) GetActionReport(ctx context.Context, in *reportingv1.GetActionReportRequest, _ ...grpc.CallOption) (*reportingv1.ActionReport, error) {
	f.mu.Lock()
	f.actions = in
	f.mu.Unlock()
	if err := f.record(ctx, "actions"); err != nil {
		return nil, err
	}
	if f.empty {
		return &reportingv1.ActionReport{Campaign: in.GetCampaign(), AsOfDate: "2027-03-01"}, nil
	}
	count := func(key, label string, total, complete, overdue int32) *reportingv1.ActionCount {
		return &reportingv1.ActionCount{Key: key, Label: label, Total: total, Complete: complete, Overdue: overdue}
	}
	return &reportingv1.ActionReport{Campaign: in.GetCampaign(), AsOfDate: "2027-03-01", Total: 3,
		ByStatus: []*reportingv1.ActionCount{count("NOT_STARTED", "", 1, 0, 1), count("ON_TRACK", "", 1, 0, 0),
			count("AT_RISK", "", 0, 0, 0), count("COMPLETE", "", 1, 1, 0), count("OVERDUE", "", 1, 0, 1)},
		// Birch's name comes from the other reports.
		ByOrganisation: []*reportingv1.ActionCount{count("organisations/birch", "", 2, 0, 1), count("organisations/ash", "Ash School", 1, 1, 0)},
		ByStandard:     []*reportingv1.ActionCount{count("1", "Leadership", 2, 0, 1), count("2", "Safer recruitment", 1, 1, 0)},
		Overdue: []*reportingv1.ActionRow{{Action: "a1", Organisation: "organisations/birch", Section: "1", QuestionKey: "q1",
			Title: "Train <all> staff", Owner: "DSL", DueDate: "2027-01-31", Status: "NOT_STARTED", Overdue: true}},
		OverTime: []*reportingv1.ActionMonth{{Month: "2026-12", Created: 3, Open: 3}, {Month: "2027-01", Completed: 1, Open: 2}},
	}, nil
}

func (f *fakeReports) GetTrendReport(ctx context.Context, in *reportingv1.GetTrendReportRequest, _ ...grpc.CallOption) (*reportingv1.TrendReport, error) {
	if err := f.record(ctx, "trends"); err != nil {
		return nil, err
	}
	return &reportingv1.TrendReport{Campaign: in.GetCampaign(), PreviousCampaign: in.GetPreviousCampaign(),
		Questions: []*reportingv1.TrendQuestion{{Key: "q1", PreviousKey: "q1_old", Text: "Leadership is clear", ThenMean: 1.5, NowMean: 2.5,
			Improved: []*reportingv1.OrgChange{{Organisation: "organisations/ash", DisplayName: "Ash School", ThenLabel: "Not met", NowLabel: "Met", Change: 2}},
			Declined: []*reportingv1.OrgChange{{Organisation: "organisations/birch", ThenLabel: "Met", NowLabel: "Partly met", Change: -1}}}}}, nil
}

func (f *fakeReports) GetNumericReport(ctx context.Context, in *reportingv1.GetNumericReportRequest, _ ...grpc.CallOption) (*reportingv1.NumericReport, error) {
	f.mu.Lock()
	f.numeric = in
	f.mu.Unlock()
	if err := f.record(ctx, "numeric"); err != nil {
		return nil, err
	}
	if f.empty {
		return &reportingv1.NumericReport{Campaign: in.GetCampaign()}, nil
	}
	return testNumeric(), nil
}

// The display name tries to get a script into the summary page.
const testCampaignName = `North <script>alert("x")</script> & Co`

var testActivity = time.Date(2027, 3, 1, 10, 30, 0, 0, time.UTC)

func testCompletion() *reportingv1.CompletionReport {
	return &reportingv1.CompletionReport{
		Campaign: "partnerships/north/campaigns/s11", CampaignDisplayName: testCampaignName,
		Total: 3, NotStarted: 1, InProgress: 1, Submitted: 1, Overdue: 2,
		AsOfTime: timestamppb.New(testActivity.Add(time.Hour)),
		DueTime:  timestamppb.New(testDue),
		OverTime: testBurnUp(),
		// In organisation order, as the service sends them.
		Organisations: []*reportingv1.OrganisationCompletion{
			{Organisation: "organisations/ash", DisplayName: "Ash School", Submission: "partnerships/north/campaigns/s11/submissions/a",
				State: "SUBMITTED", LastActivityTime: timestamppb.New(testActivity)},
			{Organisation: "organisations/birch", DisplayName: "Birch Police", Submission: "partnerships/north/campaigns/s11/submissions/b",
				State: "IN_PROGRESS", LastActivityTime: timestamppb.New(testActivity.Add(-24 * time.Hour)), Overdue: true},
			{Organisation: "organisations/aaa", DisplayName: "Cedar Nursery", Submission: "partnerships/north/campaigns/s11/submissions/c",
				State: "NOT_STARTED", Overdue: true},
		},
	}
}

// testDue is 17:00 on 26 February 2027, in the burn-up's days.
var testDue = time.Date(2027, 2, 26, 17, 0, 0, 0, time.UTC)

// testBurnUp is ten days, 20 February to 1 March 2027: one return started
// on the 21st, another on the 24th and handed in on the 25th.
func testBurnUp() []*reportingv1.CompletionDay {
	var days []*reportingv1.CompletionDay
	started := []int32{0, 1, 1, 1, 2, 2, 2, 2, 2, 2}
	for i, s := range started {
		var handed int32
		if i >= 5 {
			handed = 1
		}
		days = append(days, &reportingv1.CompletionDay{
			Date: time.Date(2027, 2, 20+i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly), Started: s, HandedIn: handed})
	}
	return days
}

// The scale: three scored grades and not applicable.
func testScale(met, partly, notMet, na int32) []*reportingv1.GradeCount {
	return []*reportingv1.GradeCount{
		{Value: "met", Label: "Met", Colour: "#00703c", Score: 3, Count: met},
		{Value: "partly", Label: "Partly met", Colour: "#FFDD00", Score: 2, Count: partly},
		{Value: "not_met", Label: "Not met", Colour: "#D4351C", Score: 1, Count: notMet},
		{Value: "na", Label: "Not applicable", Colour: "#B1B4B6", NotApplicable: true, Count: na},
	}
}

func testCell(key, grade string) *reportingv1.RatingCell {
	for _, g := range testScale(0, 0, 0, 0) {
		if g.GetValue() == grade {
			c := &reportingv1.RatingCell{Key: key, Grade: g.GetValue(), Label: g.GetLabel(), Colour: g.GetColour(), Answered: true,
				NotApplicable: g.GetNotApplicable()}
			if !g.GetNotApplicable() {
				c.Score = g.GetScore()
			}
			return c
		}
	}
	return &reportingv1.RatingCell{Key: key}
}

func testRatings() *reportingv1.RatingsReport {
	return &reportingv1.RatingsReport{
		Campaign: "partnerships/north/campaigns/s11",
		Questions: []*reportingv1.QuestionRatings{
			{Key: "q1", Text: "Leadership is clear", Section: "1", Distribution: testScale(1, 1, 0, 1), Answered: 3, MeanScore: 2.5},
			{Key: "q2", Text: "Recruitment is safe", Section: "2", Distribution: testScale(0, 1, 1, 0), Answered: 2, MeanScore: 1.5},
		},
		Standards: []*reportingv1.StandardRatings{
			{Section: "2", Title: "Safer recruitment", Distribution: testScale(0, 1, 1, 0), Answered: 2, MeanScore: 1.5},
			{Section: "1", Title: "Leadership <and> accountability", Distribution: testScale(1, 1, 0, 1), Answered: 3, MeanScore: 2.5},
		},
		Rows: []*reportingv1.RatingsRow{
			{Organisation: "organisations/ash", DisplayName: "Ash School", OrganisationType: "school",
				Cells:          []*reportingv1.RatingCell{testCell("q1", "met"), testCell("q2", "partly")},
				StandardScores: []*reportingv1.StandardScore{{Section: "1", MeanScore: 3, Answered: 1}, {Section: "2", MeanScore: 2, Answered: 1}}},
			{Organisation: "organisations/birch", DisplayName: "Birch Police", OrganisationType: "police",
				Cells:          []*reportingv1.RatingCell{testCell("q1", "partly"), testCell("q2", "not_met")},
				StandardScores: []*reportingv1.StandardScore{{Section: "1", MeanScore: 2, Answered: 1}, {Section: "2", MeanScore: 1, Answered: 1}}},
			{Organisation: "organisations/aaa", DisplayName: "Cedar Nursery", OrganisationType: "early_years",
				Cells:          []*reportingv1.RatingCell{testCell("q1", "na"), testCell("q2", "")},
				StandardScores: []*reportingv1.StandardScore{{Section: "1", Answered: 1}, {Section: "2"}}},
		},
	}
}

func testNumeric() *reportingv1.NumericReport {
	return &reportingv1.NumericReport{Campaign: "partnerships/north/campaigns/s11", Questions: []*reportingv1.NumericQuestion{
		{Key: "n1", Text: "Staff trained", Section: "3", Unit: "people", Count: 2, Total: "30.5", Mean: "15.25", Min: "10", Max: "20.5",
			ByType: []*reportingv1.TypeTotal{
				{OrganisationType: "police", Count: 1, Total: "20.5", Mean: "20.50"},
				{OrganisationType: "school", Count: 1, Total: "10", Mean: "10.00"},
			},
			Values: []*reportingv1.OrgValue{
				{Organisation: "organisations/ash", DisplayName: "Ash School", OrganisationType: "school", Submission: "s/a", Value: "10"},
				{Organisation: "organisations/birch", DisplayName: "Birch Police", OrganisationType: "police", Submission: "s/b", Value: "20.5"},
			}},
		{Key: "n2", Text: "Referrals made", Section: "3", Count: 1, Total: "7", Mean: "7.00", Min: "7", Max: "7",
			ByType: []*reportingv1.TypeTotal{{OrganisationType: "police", Count: 1, Total: "7", Mean: "7.00"}},
			Values: []*reportingv1.OrgValue{
				{Organisation: "organisations/birch", DisplayName: "Birch Police", OrganisationType: "police", Submission: "s/b", Value: "7"},
			}},
	}}
}

// reportsServer serves the two report routes over fake.
func reportsServer(fake *fakeReports) http.Handler {
	mux := http.NewServeMux()
	rep := &reports{mux: newServeMux(logging.Discard()), client: fake}
	mux.HandleFunc("GET "+reportXLSX, rep.workbook)
	mux.HandleFunc("GET "+reportHTML, rep.summary)
	return mux
}

func getReport(h http.Handler, path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Authorization", "Bearer tok-ann")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// sheetCells checks cells of one sheet: a string wants that text, a
// float64 a number of that value, nil an empty cell.
func sheetCells(t *testing.T, f *excelize.File, sheet string, want map[string]any) {
	t.Helper()
	for ref, w := range want {
		got, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatalf("%s!%s: %v", sheet, ref, err)
		}
		typ, _ := f.GetCellType(sheet, ref)
		number := typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset
		switch w := w.(type) {
		case nil:
			if got != "" {
				t.Errorf("%s!%s = %q, want it empty", sheet, ref, got)
			}
		case string:
			if got != w || number {
				t.Errorf("%s!%s = %q (type %v), want the text %q", sheet, ref, got, typ, w)
			}
		case float64:
			v, err := strconv.ParseFloat(got, 64)
			if err != nil || v != w || !number {
				t.Errorf("%s!%s = %q (type %v), want the number %v", sheet, ref, got, typ, w)
			}
		default:
			t.Fatalf("bad want %T", w)
		}
	}
}

// fillOf is the fill colour of a cell as RRGGBB, "" with none.
func fillOf(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.Fill.Type != "pattern" || len(st.Fill.Color) == 0 {
		return ""
	}
	c := strings.ToUpper(strings.TrimPrefix(st.Fill.Color[0], "#"))
	if len(c) == 8 { // ARGB
		c = c[2:]
	}
	return c
}

func TestReportWorkbook(t *testing.T) {
	fake := &fakeReports{}
	rec := getReport(reportsServer(fake), "/v1/partnerships/north/campaigns/s11/report.xlsx")
	if rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	h := rec.Header()
	if h.Get("Content-Type") != xlsxType || h.Get("Content-Disposition") != "attachment; filename*=UTF-8''s11-report.xlsx" ||
		h.Get("Cache-Control") != "private, no-store" || h.Get("Content-Length") != strconv.Itoa(rec.Body.Len()) {
		t.Fatalf("headers %v", h)
	}
	f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	if got, want := f.GetSheetList(), []string{"Completion", "Burn-up", "Ratings", "Standards", "Questions", "Moderation", "Numbers", "Actions"}; !slices.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}

	sheetCells(t, f, "Completion", map[string]any{
		"A1": "Campaign", "B1": testCampaignName, "B2": "partnerships/north/campaigns/s11",
		"A4": "Due (UTC)", "A5": "Total", "B5": 3.0, "B6": 1.0, "B7": 1.0, "B8": 0.0, "B9": 1.0, "B10": 0.0,
		"A11": "Overdue", "B11": 2.0,
		"A14": "Organisation", "B14": "State", "C14": "Overdue", "D14": "Last activity (UTC)",
		// By display name.
		"A15": "Ash School", "B15": "Submitted", "C15": nil, "E15": "organisations/ash", "F15": "partnerships/north/campaigns/s11/submissions/a",
		"A16": "Birch Police", "B16": "In progress", "C16": "Overdue",
		"A17": "Cedar Nursery", "B17": "Not started", "C17": "Overdue", "D17": nil,
	})
	// Times are dates in the workbook, shown to the minute.
	for ref, want := range map[string]string{"D15": "2027-03-01 10:30", "B3": "2027-03-01 11:30", "B4": "2027-02-26 17:00"} {
		if v, _ := f.GetCellValue("Completion", ref); v != want {
			t.Errorf("Completion!%s shown as %q, want %q", ref, v, want)
		}
	}

	sheetCells(t, f, "Actions", map[string]any{
		"A1": "Actions", "B1": 3.0, "B2": "2027-03-01",
		"A4": "By status", "A6": "Not started", "C6": 1.0, "E6": 1.0, "A9": "Complete", "D9": 1.0, "A10": "Overdue", "C10": 1.0,
		"A12": "By organisation, most overdue first", "A14": "Birch Police", "B14": "organisations/birch", "C14": 2.0, "E14": 1.0,
		"A15": "Ash School", "D15": 1.0,
		"A17": "By standard, most overdue first", "A19": "1", "B19": "Leadership", "C19": 2.0, "E19": 1.0, "A20": "2",
		"A22": "Overdue actions, soonest due first", "A24": "Birch Police", "B24": "1", "C24": "q1", "D24": "Train <all> staff",
		"E24": "DSL", "F24": "2027-01-31", "G24": "Not started", "A25": nil,
		"A26": "Month by month", "A28": "2026-12", "C28": 3.0, "D28": 0.0, "E28": 3.0, "A29": "2027-01", "D29": 1.0, "E29": 2.0, "A30": nil,
	})

	// The burn-up, a row per day, charted.
	sheetCells(t, f, "Burn-up", map[string]any{
		"A1": "Date", "B1": "Started", "C1": "Handed in", "D1": "Returns in all",
		"B2": 0.0, "C2": 0.0, "D2": 3.0, "B3": 1.0, "B6": 2.0, "C6": 0.0, "C7": 1.0, "B11": 2.0, "C11": 1.0, "A12": nil,
	})
	for ref, want := range map[string]string{"A2": "2027-02-20", "A11": "2027-03-01"} {
		if v, _ := f.GetCellValue("Burn-up", ref); v != want {
			t.Errorf("Burn-up!%s shown as %q, want %q", ref, v, want)
		}
	}
	chart := html.UnescapeString(zipped(t, rec.Body.Bytes(), "xl/charts/chart1.xml"))
	for _, want := range []string{"<lineChart>", "'Burn-up'!$B$2:$B$11", "'Burn-up'!$C$2:$C$11", "'Burn-up'!$A$2:$A$11",
		"Returns started and handed in", `<a:srgbClr val="F47738">`, `<a:srgbClr val="00703C">`} {
		if !strings.Contains(chart, want) {
			t.Errorf("burn-up chart lacks %q", want)
		}
	}

	sheetCells(t, f, "Ratings", map[string]any{
		"A1": "Organisation", "B1": "Type", "C1": "q1", "D1": "q2", "E1": "Mean 1", "F1": "Mean 2",
		"C2": "Leadership is clear", "D2": "Recruitment is safe", "E2": "Leadership <and> accountability", "F2": "Safer recruitment",
		"A3": "Ash School", "B3": "school", "C3": "Met", "D3": "Partly met", "E3": 3.0, "F3": 2.0,
		"A4": "Birch Police", "C4": "Partly met", "D4": "Not met", "E4": 2.0, "F4": 1.0,
		// Not applicable is shown but not scored; unanswered is empty.
		"A5": "Cedar Nursery", "C5": "Not applicable", "D5": nil, "E5": nil, "F5": nil,
	})
	for ref, want := range map[string]string{"C3": "00703C", "D3": "FFDD00", "C4": "FFDD00", "D4": "D4351C", "C5": "B1B4B6", "D5": "", "A3": ""} {
		if got := fillOf(t, f, "Ratings", ref); got != want {
			t.Errorf("Ratings!%s filled %q, want %q", ref, got, want)
		}
	}
	if v, _ := f.GetCellValue("Ratings", "E3"); v != "3.00" {
		t.Errorf("mean shown as %q", v)
	}

	sheetCells(t, f, "Standards", map[string]any{
		"A1": "Section", "B1": "Standard", "C1": "Mean score", "D1": "Answered",
		"E1": "Met", "F1": "Partly met", "G1": "Not met", "H1": "Not applicable",
		"A2": "2", "B2": "Safer recruitment", "C2": 1.5, "D2": 2.0, "E2": 0.0, "F2": 1.0, "G2": 1.0, "H2": 0.0,
		"A3": "1", "B3": "Leadership <and> accountability", "C3": 2.5, "D3": 3.0, "E3": 1.0, "F3": 1.0, "G3": 0.0, "H3": 1.0,
	})
	if got := fillOf(t, f, "Standards", "G1"); got != "D4351C" {
		t.Errorf("grade header filled %q", got)
	}

	sheetCells(t, f, "Questions", map[string]any{
		"A1": "Key", "C1": "Question", "D1": "Mean score", "E1": "Answered", "F1": "Met", "I1": "Not applicable",
		"A2": "q1", "B2": "1", "C2": "Leadership is clear", "D2": 2.5, "E2": 3.0, "F2": 1.0, "G2": 1.0, "H2": 0.0, "I2": 1.0,
		"A3": "q2", "D3": 1.5, "E3": 2.0, "F3": 0.0, "H3": 1.0,
	})

	sheetCells(t, f, "Moderation", map[string]any{
		"A1": "Organisation", "D1": "Self-assessed mean", "F1": "Gap",
		"A2": "Ash School", "B2": "2", "C2": "Safer recruitment", "D2": 2.0, "E2": 1.0, "F2": 1.0, "G2": 1.0, "H2": "organisations/ash",
		"A3": "Birch Police", "B3": "1", "F3": -0.5, "G3": 2.0,
	})

	sheetCells(t, f, "Numbers", map[string]any{
		"A1": "Key", "E1": "Count", "F1": "Total", "G1": "Mean", "H1": "Min", "I1": "Max",
		"J1": "police count", "K1": "police total", "L1": "police mean", "M1": "school count", "N1": "school total", "O1": "school mean",
		"A2": "n1", "C2": "Staff trained", "D2": "people", "E2": 2.0, "F2": 30.5, "G2": 15.25, "H2": 10.0, "I2": 20.5,
		"J2": 1.0, "K2": 20.5, "L2": 20.5, "M2": 1.0, "N2": 10.0, "O2": 10.0,
		"A3": "n2", "E3": 1.0, "F3": 7.0, "J3": 1.0, "M3": nil,
		// Each organisation's answers, a column per question.
		"A5": "Values by organisation", "A6": "Organisation", "D6": "n1", "E6": "n2", "D7": "Staff trained",
		"A8": "Ash School", "B8": "school", "D8": 10.0, "E8": nil,
		"A9": "Birch Police", "D9": 20.5, "E9": 7.0,
	})

	// The calls went as the caller's, unfiltered.
	for _, m := range []string{"completion", "ratings", "moderation", "numeric"} {
		if got := fake.auth[m]; len(got) != 1 || got[0] != "Bearer tok-ann" {
			t.Errorf("%s call carried authorization %q", m, got)
		}
	}
	if fake.completion.GetCampaign() != "partnerships/north/campaigns/s11" || fake.ratings.GetOrganisationType() != "" ||
		fake.numeric.GetPartnership() != "" {
		t.Errorf("requests %v %v %v", fake.completion, fake.ratings, fake.numeric)
	}
}

// TestReportsEmpty: a campaign with nothing to report still makes a
// workbook and a page.
// TestReportWorkbookTrends: naming the earlier campaign adds the trend
// report's sheet; without it there is none (TestReportWorkbook).
func TestReportWorkbookTrends(t *testing.T) {
	rec := getReport(reportsServer(&fakeReports{}), "/v1/partnerships/north/campaigns/s11/report.xlsx?previousCampaign=partnerships/north/campaigns/s11-2024")
	if rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	if got := f.GetSheetList(); got[len(got)-1] != "Trends" {
		t.Fatalf("sheets %q", got)
	}
	sheetCells(t, f, "Trends", map[string]any{
		"B1": "partnerships/north/campaigns/s11-2024",
		"A4": "q1", "B4": "q1_old", "C4": "Leadership is clear", "D4": 1.5, "E4": 2.5, "F4": 1.0, "G4": 1.0,
		"A6": "Key", "A7": "q1", "B7": "Ash School", "C7": "Not met", "D7": "Met", "E7": 2.0,
		"B8": "organisations/birch", "E8": -1.0, "A9": nil,
	})
}

func TestReportsEmpty(t *testing.T) {
	h := reportsServer(&fakeReports{empty: true})
	rec := getReport(h, "/v1/partnerships/north/campaigns/s11/report.xlsx")
	if rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	sheetCells(t, f, "Completion", map[string]any{"B1": "partnerships/north/campaigns/s11", "B5": 0.0, "B11": 0.0, "A15": nil})
	sheetCells(t, f, "Burn-up", map[string]any{"A1": "Date", "A2": nil})
	if c := zipped(t, rec.Body.Bytes(), "xl/charts/chart1.xml"); c != "" {
		t.Errorf("a chart of no days: %s", c)
	}
	sheetCells(t, f, "Ratings", map[string]any{"A1": "Organisation", "C1": nil, "A3": nil})
	rec = getReport(h, "/v1/partnerships/north/campaigns/s11/report.html")
	if rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	for _, s := range []string{"<title>Summary report: partnerships/north/campaigns/s11</title>", "0 of 0 organisations have submitted (0%).",
		"no rating questions", "No moderated grades", "no number questions", "No actions have been planned"} {
		if !strings.Contains(rec.Body.String(), s) {
			t.Errorf("page lacks %q", s)
		}
	}
}

func TestReportQueryPassedThrough(t *testing.T) {
	for _, path := range []string{"report.xlsx", "report.html"} {
		fake := &fakeReports{}
		rec := getReport(reportsServer(fake), "/v1/partnerships/north/campaigns/s11/"+path+"?organisationType=school&partnership=partnerships/south")
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
		}
		const campaign = "partnerships/north/campaigns/s11"
		for _, r := range []interface {
			GetCampaign() string
			GetOrganisationType() string
			GetPartnership() string
		}{fake.completion, fake.ratings, fake.moderation, fake.numeric, fake.actions} {
			if r.GetCampaign() != campaign || r.GetOrganisationType() != "school" || r.GetPartnership() != "partnerships/south" {
				t.Errorf("%s: request %v", path, r)
			}
		}
	}
}

func TestReportErrors(t *testing.T) {
	for _, path := range []string{"report.xlsx", "report.html"} {
		// A refusal from any of the reports is the answer, as for the
		// report itself.
		for method, code := range map[string]int{"ratings": http.StatusNotFound, "completion": http.StatusForbidden, "actions": http.StatusNotFound} {
			err := status.Error(codes.NotFound, "partnerships/north/campaigns/s11 not found")
			if code == http.StatusForbidden {
				err = status.Error(codes.PermissionDenied, "not yours")
			}
			fake := &fakeReports{fail: map[string]error{method: err}}
			rec := getReport(reportsServer(fake), "/v1/partnerships/north/campaigns/s11/"+path)
			if rec.Code != code || !strings.Contains(rec.Body.String(), status.Convert(err).Message()) {
				t.Errorf("%s, %s failing: %d %s", path, method, rec.Code, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json" || rec.Header().Get("Content-Disposition") != "" {
				t.Errorf("%s, %s failing: headers %v", path, method, rec.Header())
			}
		}
	}
}

// TestReportRoutes checks the gateway serves both routes itself: with no
// reporting service behind the connection, the calls are refused as
// unimplemented, not answered with the "/v1/" routes' not found.
func TestReportRoutes(t *testing.T) {
	_, h := serve(t, Config{})
	for _, path := range []string{"report.xlsx", "report.html"} {
		rec := do(h, "GET", "/v1/partnerships/p1/campaigns/c1/"+path, "", nil, "Authorization", "Bearer tok-ann")
		if rec.Code != http.StatusNotImplemented {
			t.Errorf("%s: %d %s", path, rec.Code, rec.Body)
		}
	}
}

// zipped is the file name of the zip archive b, or "" if it has none.
func zipped(t *testing.T, b []byte, name string) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := z.Open(name)
	if err != nil {
		return ""
	}
	defer func() { _ = f.Close() }()
	data, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
