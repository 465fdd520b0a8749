package gateway

import (
	"context"
	_ "embed"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"

	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
)

const (
	// findingsHTML is a case-audit round's findings as a printable page, as
	// a ServeMux pattern, and findingsPattern the route in the style of the
	// generated ones.
	findingsHTML    = "/v1/partnerships/{p}/rounds/{r}/findings.html"
	findingsPattern = "/v1/{name=partnerships/*/rounds/*/findings}.html"
)

//go:embed findings.html.tmpl
var findingsTemplate string

var findingsPage = printable("findings", findingsTemplate)

// findingsClient is the part of the case-audit service the page calls.
type findingsClient interface {
	GetFindings(ctx context.Context, in *caseauditv1.GetFindingsRequest, opts ...grpc.CallOption) (*caseauditv1.Findings, error)
}

// roundFindings serves a round's findings as one printable page: what works
// well, the concerns, the recommendations with their actions, the review of
// the round. It is made from GetFindings, called as the caller, so whoever
// may read the findings (executives among them) may print them, and it
// holds nothing of the cases.
type roundFindings struct {
	mux    *runtime.ServeMux
	client findingsClient
}

type findingsView struct {
	Title, Theme, Resource, State, Started, Closed, DaysTaken, StaffHours, NextTime string
	WorkingWell, Concerns                                                           []string
	Recommendations                                                                 []recommendationView
}

type recommendationView struct {
	Number  int
	Text    string
	Actions []findingActionView
}

type findingActionView struct{ Title, Owner, Due, Status, Latest string }

var roundStates = map[caseauditv1.RoundState]string{caseauditv1.RoundState_ROUND_STATE_PLANNING: "Planning",
	caseauditv1.RoundState_ROUND_STATE_RETURNS_OPEN: "Returns open", caseauditv1.RoundState_ROUND_STATE_QA: "Quality assurance",
	caseauditv1.RoundState_ROUND_STATE_MODERATION: "Moderation", caseauditv1.RoundState_ROUND_STATE_FINDINGS: "Findings",
	caseauditv1.RoundState_ROUND_STATE_CLOSED: "Closed"}

var actionStatuses = map[caseauditv1.FindingActionStatus]string{caseauditv1.FindingActionStatus_FINDING_ACTION_STATUS_NOT_STARTED: "Not started",
	caseauditv1.FindingActionStatus_FINDING_ACTION_STATUS_ON_TRACK: "On track", caseauditv1.FindingActionStatus_FINDING_ACTION_STATUS_AT_RISK: "At risk",
	caseauditv1.FindingActionStatus_FINDING_ACTION_STATUS_COMPLETE: "Complete"}

func findingsViewOf(f *caseauditv1.Findings) findingsView {
	v := findingsView{Title: "Case audit findings: " + f.GetRoundTheme(), Theme: f.GetRoundTheme(),
		Resource: strings.TrimSuffix(f.GetName(), "/findings"), State: roundStates[f.GetRoundState()], WorkingWell: f.GetWorkingWell(),
		Concerns: f.GetConcerns(), NextTime: f.GetReview().GetNextTime(), Started: formatTime(f.GetRoundCreateTime()),
		Closed: formatTime(f.GetRoundCloseTime())}
	days := "days"
	if f.GetDaysTaken() == 1 {
		days = "day"
	}
	v.DaysTaken = fmt.Sprintf("%d %s", f.GetDaysTaken(), days)
	if h := f.GetReview().GetStaffHours(); h > 0 {
		v.StaffHours = strconv.FormatFloat(h, 'f', -1, 64) + " hours"
	}
	for i, r := range f.GetRecommendations() {
		rv := recommendationView{Number: i + 1, Text: r.GetText()}
		for _, a := range r.GetActions() {
			av := findingActionView{Title: a.GetTitle(), Owner: a.GetOwner(), Due: dayText(a.GetDueDate()), Status: actionStatuses[a.GetStatus()]}
			if u := a.GetUpdates(); len(u) > 0 {
				last := u[len(u)-1]
				av.Latest = strings.TrimSpace(formatTime(last.GetTime()) + ": " + last.GetNote())
			}
			rv.Actions = append(rv.Actions, av)
		}
		v.Recommendations = append(v.Recommendations, rv)
	}
	return v
}

// page answers GET {round}/findings.html.
func (x *roundFindings) page(w http.ResponseWriter, r *http.Request) {
	_, out := runtime.MarshalerForRequest(x.mux, r)
	name := "partnerships/" + r.PathValue("p") + "/rounds/" + r.PathValue("r") + "/findings"
	ctx, err := runtime.AnnotateContext(r.Context(), x.mux, r, caseauditv1.CaseAuditService_GetFindings_FullMethodName,
		runtime.WithHTTPPathPattern(findingsPattern))
	if err != nil {
		runtime.HTTPError(r.Context(), x.mux, out, w, r, err)
		return
	}
	f, err := x.client.GetFindings(ctx, &caseauditv1.GetFindingsRequest{Name: name})
	if err != nil {
		runtime.HTTPError(ctx, x.mux, out, w, r, err)
		return
	}
	writePrintable(w, r, x.mux, out, findingsPage, findingsViewOf(f))
}
