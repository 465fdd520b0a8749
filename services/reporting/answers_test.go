package reporting_test

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/testinfra"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"github.com/assure-audit/assure/services/reporting"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// answerFixture is a Section 11 version with two standards: S1 has two
// moderated ratings and a number, S2 a rating and a number.
func answerFixture() *templatev1.TemplateVersionPublished {
	grades := func() *templatev1.Question_Rating {
		return &templatev1.Question_Rating{Rating: &templatev1.RatingScale{Moderated: true, Grades: []*templatev1.Grade{
			{Value: "red", Label: "Not met", Colour: "#d4351c", Score: 1},
			{Value: "amber", Label: "Partly met", Colour: "#f47738", Score: 2},
			{Value: "green", Label: "Fully met", Colour: "#00703c", Score: 3},
			{Value: "na", Label: "Not applicable", NotApplicable: true}}}}
	}
	return &templatev1.TemplateVersionPublished{Version: &templatev1.TemplateVersion{
		Name: "partnerships/north/templates/s11/versions/1", Version: 1,
		Template: &templatev1.Template{Name: "partnerships/north/templates/s11", DisplayName: "S11", Sections: []*templatev1.Section{
			{Code: "S1", Title: "Leadership", Questions: []*templatev1.Question{
				{Key: "q1", Text: "Senior commitment", Type: grades()},
				{Key: "q2", Text: "Safeguarding lead", Type: grades()},
				{Key: "q3", Text: "Children on plans", Type: &templatev1.Question_Number{Number: &templatev1.NumberType{Unit: "children"}}},
			}},
			{Code: "S2", Title: "Training", Questions: []*templatev1.Question{
				{Key: "q4", Text: "Training is current", Type: grades()},
				{Key: "q5", Text: "Staff trained", Type: &templatev1.Question_Number{Number: &templatev1.NumberType{}}},
			}},
		}}}}
}

// answerOrgs are the organisations answerFixture is launched to: the
// police and schools, all of the north.
var answerOrgs = map[string]string{"police": "Northshire Police", "ash": "Ash School", "birch": "Birch School", "cedar": "Cedar School"}

// launchAnswerFixture publishes answerFixture, the organisations ids of
// answerOrgs and the launch of campaign to them, due two months after at.
func launchAnswerFixture(t *testing.T, bus *natsbus.Bus, campaign string, at time.Time, ids ...string) {
	t.Helper()
	testinfra.PublishAt(t, bus, "template", "version.published", at, answerFixture())
	launch := &submissionv1.CampaignLaunched{Campaign: &submissionv1.Campaign{Name: campaign, DisplayName: "Section 11 2026",
		TemplateVersion: "partnerships/north/templates/s11/versions/1", State: submissionv1.CampaignState_CAMPAIGN_STATE_OPEN,
		DueTime: timestamppb.New(at.AddDate(0, 2, 0))}}
	for _, id := range ids {
		typ := directoryv1.OrganisationType_ORGANISATION_TYPE_SCHOOL
		if id == "police" {
			typ = directoryv1.OrganisationType_ORGANISATION_TYPE_POLICE
		}
		testinfra.PublishAt(t, bus, "directory", "organisation.created", at, &directoryv1.OrganisationCreated{
			Organisation: &directoryv1.Organisation{Name: "organisations/" + id, DisplayName: answerOrgs[id], Type: typ,
				Partnerships: []string{"partnerships/north"}}})
		launch.Submissions = append(launch.Submissions, &submissionv1.LaunchedSubmission{Name: campaign + "/submissions/" + id,
			Organisation: "organisations/" + id, Partnerships: []string{"partnerships/north"}})
	}
	testinfra.PublishAt(t, bus, "submission", "campaign.launched", at, launch)
}

// TestAnswerReports checks every answer report against figures worked out
// by hand from three returns:
//
//	             q1 (S1)            q2 (S1)  q3   q4 (S2)  q5
//	police       green, QA amber    amber    12   red      40
//	ash school   amber              n/a      5    amber    –
//	birch school red, QA red        –        8    red      10
func TestAnswerReports(t *testing.T) {
	for _, in := range testinfra.Infras(t, "reporting") {
		t.Run(in.Name, func(t *testing.T) {
			conn := testinfra.StartService(t, func(ctx context.Context) (*reporting.Service, error) {
				return reporting.New(ctx, reporting.Config{}, reporting.Deps{DB: in.DB, Bus: in.Bus, Logger: logging.Discard()})
			})
			c := reportingv1.NewReportingServiceClient(conn)
			ctx := context.Background()
			const campaign = "partnerships/north/campaigns/s11"
			at := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
			launchAnswerFixture(t, in.Bus, campaign, at, "police", "ash", "birch")
			save := func(org string, n int, answers ...*submissionv1.Answer) {
				var keys []string
				for _, a := range answers {
					keys = append(keys, a.GetQuestionKey())
				}
				testinfra.PublishAt(t, in.Bus, "submission", "answers.saved", at.Add(time.Duration(n)*time.Minute), &submissionv1.AnswersSaved{
					Submission: campaign + "/submissions/" + org, Campaign: campaign, QuestionKeys: keys, Answers: answers,
					State: submissionv1.SubmissionState_SUBMISSION_STATE_IN_PROGRESS, SaveTime: timestamppb.New(at.Add(time.Duration(n) * time.Minute))})
			}
			grade := func(key, g string, v int64) *submissionv1.Answer {
				return &submissionv1.Answer{QuestionKey: key, Grade: g, Version: v}
			}
			number := func(key, n string, v int64) *submissionv1.Answer {
				return &submissionv1.Answer{QuestionKey: key, Number: n, Version: v}
			}
			// A later version arrives before an earlier one: the later wins.
			save("police", 2, &submissionv1.Answer{QuestionKey: "q1", Grade: "green", ModeratedGrade: "amber", Version: 2},
				grade("q2", "amber", 1), number("q3", "12", 1), grade("q4", "red", 1), number("q5", "40", 1))
			save("police", 1, grade("q1", "red", 1))
			save("ash", 1, grade("q1", "amber", 1), grade("q2", "na", 1), number("q3", "5", 1), grade("q4", "amber", 1))
			save("birch", 1, &submissionv1.Answer{QuestionKey: "q1", Grade: "red", ModeratedGrade: "red", Version: 1},
				number("q3", "8", 1), grade("q4", "red", 1), number("q5", "10", 1))

			var ratings *reportingv1.RatingsReport
			testinfra.Eventually(t, 10*time.Second, "every answer applied", func() bool {
				var err error
				ratings, err = c.GetRatingsReport(ctx, &reportingv1.GetRatingsReportRequest{Campaign: campaign})
				return err == nil && len(ratings.GetRows()) == 3 && ratings.GetRows()[2].GetCells()[0].GetGrade() == "green" &&
					ratings.GetRows()[1].GetCells()[2].GetGrade() == "red"
			})
			near := func(what string, got, want float64) {
				t.Helper()
				if math.Abs(got-want) > 1e-9 {
					t.Errorf("%s = %v, want %v", what, got, want)
				}
			}
			counts := func(gs []*reportingv1.GradeCount) []int32 {
				var out []int32
				for _, g := range gs {
					out = append(out, g.GetCount())
				}
				return out
			}
			// q1: red, amber, green: one each; mean (1+2+3)/3 = 2.
			q1 := ratings.GetQuestions()[0]
			if q1.GetKey() != "q1" || !slices.Equal(counts(q1.GetDistribution()), []int32{1, 1, 1, 0}) || q1.GetAnswered() != 3 ||
				q1.GetDistribution()[2].GetColour() != "#00703c" {
				t.Fatalf("q1 %v", q1)
			}
			near("q1 mean", q1.GetMeanScore(), 2)
			// q2: amber and n/a; the mean is of the scored one: 2.
			near("q2 mean", ratings.GetQuestions()[1].GetMeanScore(), 2)
			if ratings.GetQuestions()[1].GetAnswered() != 2 {
				t.Errorf("q2 answered %d, want 2", ratings.GetQuestions()[1].GetAnswered())
			}
			// q4: red, amber, red: mean 4/3. S2 (4/3) is weaker than S1
			// ((3+2+1+2)/4 = 2) and comes first.
			near("q4 mean", ratings.GetQuestions()[2].GetMeanScore(), 4.0/3)
			if ratings.GetStandards()[0].GetSection() != "S2" || ratings.GetStandards()[1].GetSection() != "S1" {
				t.Fatalf("standards %v", ratings.GetStandards())
			}
			near("S1 mean", ratings.GetStandards()[1].GetMeanScore(), 2)
			near("S2 mean", ratings.GetStandards()[0].GetMeanScore(), 4.0/3)
			// Rows by name: Ash, Birch, Northshire Police; the police's q1
			// is green against QA's amber: a gap of 3-2 = 1.
			var names []string
			for _, r := range ratings.GetRows() {
				names = append(names, r.GetDisplayName())
			}
			if !slices.Equal(names, []string{"Ash School", "Birch School", "Northshire Police"}) {
				t.Fatalf("rows %v", names)
			}
			police := ratings.GetRows()[2].GetCells()[0]
			if police.GetLabel() != "Fully met" || police.GetModeratedLabel() != "Partly met" || !police.GetHasGap() {
				t.Fatalf("police q1 %v", police)
			}
			near("police q1 gap", police.GetGap(), 1)

			// Schools only: q1 is amber and red, mean 1.5.
			schools, err := c.GetRatingsReport(ctx, &reportingv1.GetRatingsReportRequest{Campaign: campaign, OrganisationType: "school"})
			if err != nil || len(schools.GetRows()) != 2 {
				t.Fatalf("schools %v %v", schools, err)
			}
			near("schools q1 mean", schools.GetQuestions()[0].GetMeanScore(), 1.5)

			// Moderation: the police in S1 (self 3, QA 2: gap 1), then Birch
			// (1 and 1: gap 0).
			mod, err := c.GetModerationReport(ctx, &reportingv1.GetModerationReportRequest{Campaign: campaign})
			if err != nil || len(mod.GetGaps()) != 2 || mod.GetGaps()[0].GetOrganisation() != "organisations/police" {
				t.Fatalf("moderation %v %v", mod, err)
			}
			near("police S1 gap", mod.GetGaps()[0].GetGap(), 1)
			near("birch S1 gap", mod.GetGaps()[1].GetGap(), 0)

			// Numbers: q3 is 12, 5 and 8: total 25, mean 25/3 = 8.33, from 5
			// to 12; the police 12 (mean 12.00), the schools 13 (mean 6.50).
			// q5 is 40 and 10: total 50, mean 25.00.
			num, err := c.GetNumericReport(ctx, &reportingv1.GetNumericReportRequest{Campaign: campaign})
			if err != nil || len(num.GetQuestions()) != 2 {
				t.Fatalf("numeric %v %v", num, err)
			}
			q3 := num.GetQuestions()[0]
			if q3.GetCount() != 3 || q3.GetTotal() != "25" || q3.GetMean() != "8.33" || q3.GetMin() != "5" || q3.GetMax() != "12" ||
				q3.GetUnit() != "children" {
				t.Fatalf("q3 %v", q3)
			}
			if len(q3.GetByType()) != 2 || q3.GetByType()[0].GetOrganisationType() != "police" || q3.GetByType()[0].GetTotal() != "12" ||
				q3.GetByType()[1].GetOrganisationType() != "school" || q3.GetByType()[1].GetTotal() != "13" || q3.GetByType()[1].GetMean() != "6.50" {
				t.Fatalf("q3 by type %v", q3.GetByType())
			}
			if q5 := num.GetQuestions()[1]; q5.GetTotal() != "50" || q5.GetMean() != "25.00" || q5.GetCount() != 2 {
				t.Fatalf("q5 %v", q5)
			}

			// Feedback for Ash: amber on q1 beside the area's one of each;
			// 5 on q3 beside the area's mean 8.33.
			fb, err := c.GetFeedbackReport(ctx, &reportingv1.GetFeedbackReportRequest{Submission: campaign + "/submissions/ash"})
			if err != nil || fb.GetRatings()[0].GetLabel() != "Partly met" || !slices.Equal(counts(fb.GetRatings()[0].GetArea().GetDistribution()), []int32{1, 1, 1, 0}) {
				t.Fatalf("feedback %v %v", fb, err)
			}
			if n := fb.GetNumbers()[0]; n.GetValue() != "5" || n.GetMean() != "8.33" || n.GetCount() != 3 {
				t.Fatalf("feedback numbers %v", n)
			}
			// Completion of the schools only: Ash and Birch, both in
			// progress; of partnership south (no one here): nothing.
			comp, err := c.GetCompletionReport(ctx, &reportingv1.GetCompletionReportRequest{Campaign: campaign, OrganisationType: "school"})
			if err != nil || comp.GetTotal() != 2 || comp.GetInProgress() != 2 || len(comp.GetOrganisations()) != 2 ||
				comp.GetOrganisations()[0].GetOrganisation() != "organisations/ash" || comp.GetOrganisations()[1].GetOrganisation() != "organisations/birch" {
				t.Fatalf("completion of schools %v %v", comp, err)
			}
			if comp, err := c.GetCompletionReport(ctx, &reportingv1.GetCompletionReportRequest{Campaign: campaign, Partnership: "partnerships/south"}); err != nil || comp.GetTotal() != 0 {
				t.Fatalf("completion of south %v %v", comp, err)
			}
			if comp, err := c.GetCompletionReport(ctx, &reportingv1.GetCompletionReportRequest{Campaign: campaign, Partnership: "partnerships/north"}); err != nil || comp.GetTotal() != 3 {
				t.Fatalf("completion of north %v %v", comp, err)
			}
			// Beside police forces only, Ash still counts itself: q1 is
			// police green and Ash amber; q3 is (12 + 5)/2 = 8.50.
			fb, err = c.GetFeedbackReport(ctx, &reportingv1.GetFeedbackReportRequest{Submission: campaign + "/submissions/ash", OrganisationType: "police"})
			if err != nil || !slices.Equal(counts(fb.GetRatings()[0].GetArea().GetDistribution()), []int32{0, 1, 1, 0}) {
				t.Fatalf("feedback beside police %v %v", fb, err)
			}
			if n := fb.GetNumbers()[0]; n.GetMean() != "8.50" || n.GetCount() != 2 {
				t.Fatalf("feedback numbers beside police %v", n)
			}

			// The next cycle answers version 2, in which q1 is renamed q1b and
			// q4 is new: the police fell from green to amber on it (-1), Ash
			// rose from amber to green (+1), Birch stayed red.
			v2 := answerFixture()
			v2.Version.Name, v2.Version.Version = "partnerships/north/templates/s11/versions/2", 2
			v2.Version.Template.Sections[0].Questions[0].Key = "q1b"
			v2.Version.Lineage = []*templatev1.Lineage{
				{Key: "q1b", Kind: templatev1.LineageKind_LINEAGE_KIND_RENAMED, PreviousKeys: []string{"q1"}},
				{Key: "q2", Kind: templatev1.LineageKind_LINEAGE_KIND_SAME, PreviousKeys: []string{"q2"}},
				{Key: "q3", Kind: templatev1.LineageKind_LINEAGE_KIND_SAME, PreviousKeys: []string{"q3"}},
				{Key: "q4", Kind: templatev1.LineageKind_LINEAGE_KIND_NEW},
				{Key: "q5", Kind: templatev1.LineageKind_LINEAGE_KIND_SAME, PreviousKeys: []string{"q5"}},
			}
			testinfra.PublishAt(t, in.Bus, "template", "version.published", at, v2)
			const next = "partnerships/north/campaigns/s11-2027"
			launch2 := &submissionv1.CampaignLaunched{Campaign: &submissionv1.Campaign{Name: next, DisplayName: "Section 11 2027",
				TemplateVersion: v2.Version.Name, State: submissionv1.CampaignState_CAMPAIGN_STATE_OPEN, DueTime: timestamppb.New(at.AddDate(1, 0, 0))}}
			for _, id := range []string{"police", "ash", "birch"} {
				launch2.Submissions = append(launch2.Submissions, &submissionv1.LaunchedSubmission{Name: next + "/submissions/" + id,
					Organisation: "organisations/" + id, Partnerships: []string{"partnerships/north"}})
			}
			testinfra.PublishAt(t, in.Bus, "submission", "campaign.launched", at, launch2)
			for org, g := range map[string]string{"police": "amber", "ash": "green", "birch": "red"} {
				testinfra.PublishAt(t, in.Bus, "submission", "answers.saved", at.AddDate(1, 0, 0), &submissionv1.AnswersSaved{
					Submission: next + "/submissions/" + org, Campaign: next, QuestionKeys: []string{"q1b", "q4"},
					Answers: []*submissionv1.Answer{{QuestionKey: "q1b", Grade: g, Version: 1}, {QuestionKey: "q4", Grade: "green", Version: 1}}})
			}
			var trend *reportingv1.TrendReport
			testinfra.Eventually(t, 10*time.Second, "the next cycle applied", func() bool {
				var err error
				trend, err = c.GetTrendReport(ctx, &reportingv1.GetTrendReportRequest{Campaign: next, PreviousCampaign: campaign})
				return err == nil && len(trend.GetQuestions()) > 0 && trend.GetQuestions()[0].GetNow()[0].GetCount()+
					trend.GetQuestions()[0].GetNow()[1].GetCount()+trend.GetQuestions()[0].GetNow()[2].GetCount() == 3
			})
			// q1b (from q1) and q2 trace back; q4 is new and does not.
			if len(trend.GetQuestions()) != 2 || trend.GetQuestions()[0].GetPreviousKey() != "q1" || trend.GetQuestions()[1].GetKey() != "q2" {
				t.Fatalf("trend questions %v", trend.GetQuestions())
			}
			q1b := trend.GetQuestions()[0]
			if len(q1b.GetImproved()) != 1 || q1b.GetImproved()[0].GetOrganisation() != "organisations/ash" || q1b.GetImproved()[0].GetNowLabel() != "Fully met" ||
				len(q1b.GetDeclined()) != 1 || q1b.GetDeclined()[0].GetOrganisation() != "organisations/police" || q1b.GetUnchanged() != 1 {
				t.Fatalf("q1b changes %v", q1b)
			}
			near("ash change", q1b.GetImproved()[0].GetChange(), 1)
			near("police change", q1b.GetDeclined()[0].GetChange(), -1)
			near("q1b mean then", q1b.GetThenMean(), 2)
			near("q1b mean now", q1b.GetNowMean(), 2) // (2+3+1)/3
			if _, err := c.GetTrendReport(ctx, &reportingv1.GetTrendReportRequest{Campaign: next, PreviousCampaign: "partnerships/south/campaigns/x"}); err == nil {
				t.Fatal("a trend across partnerships must be refused")
			}

			// Action plans: the police's S1 action was due in 2020 and is on
			// track (overdue); its S2 action is due in 2099; Ash completed its
			// S1 action in November (an older report of it, at risk, comes
			// late and changes nothing).
			action := func(org, id, section, due string, st submissionv1.ActionStatus, etag string, updated time.Time) *submissionv1.ActionChanged {
				return &submissionv1.ActionChanged{Organisation: "organisations/" + org, Action: &submissionv1.PlanAction{
					Name: campaign + "/submissions/" + org + "/actions/" + id, Section: section, Title: "Action " + id, Owner: "Lead",
					DueDate: due, Status: st, Etag: etag, CreateTime: timestamppb.New(at), UpdateTime: timestamppb.New(updated)}}
			}
			testinfra.PublishAt(t, in.Bus, "submission", "action.created", at, action("police", "a1", "S1", "2020-01-01", submissionv1.ActionStatus_ACTION_STATUS_ON_TRACK, "1", at))
			testinfra.PublishAt(t, in.Bus, "submission", "action.created", at, action("police", "a2", "S2", "2099-12-31", submissionv1.ActionStatus_ACTION_STATUS_NOT_STARTED, "1", at))
			done := time.Date(2026, 11, 15, 10, 0, 0, 0, time.UTC)
			testinfra.PublishAt(t, in.Bus, "submission", "action.updated", done, action("ash", "a3", "S1", "2020-06-01", submissionv1.ActionStatus_ACTION_STATUS_COMPLETE, "2", done))
			testinfra.PublishAt(t, in.Bus, "submission", "action.created", at, action("ash", "a3", "S1", "2020-06-01", submissionv1.ActionStatus_ACTION_STATUS_AT_RISK, "1", at))
			var acts *reportingv1.ActionReport
			testinfra.Eventually(t, 10*time.Second, "actions applied", func() bool {
				var err error
				acts, err = c.GetActionReport(ctx, &reportingv1.GetActionReportRequest{Campaign: campaign})
				return err == nil && acts.GetTotal() == 3
			})
			statuses := map[string]int32{}
			for _, st := range acts.GetByStatus() {
				statuses[st.GetKey()] = st.GetTotal()
			}
			if statuses["NOT_STARTED"] != 1 || statuses["ON_TRACK"] != 1 || statuses["AT_RISK"] != 0 || statuses["COMPLETE"] != 1 || statuses["OVERDUE"] != 1 {
				t.Fatalf("by status %v", acts.GetByStatus())
			}
			if o := acts.GetByOrganisation(); o[0].GetKey() != "organisations/police" || o[0].GetTotal() != 2 || o[0].GetOverdue() != 1 ||
				o[1].GetKey() != "organisations/ash" || o[1].GetComplete() != 1 || o[1].GetOverdue() != 0 {
				t.Fatalf("by organisation %v", o)
			}
			if sec := acts.GetByStandard(); sec[0].GetKey() != "S1" || sec[0].GetTotal() != 2 || sec[0].GetOverdue() != 1 || sec[0].GetLabel() != "Leadership" {
				t.Fatalf("by standard %v", sec)
			}
			if len(acts.GetOverdue()) != 1 || acts.GetOverdue()[0].GetTitle() != "Action a1" ||
				acts.GetOverdue()[0].GetOrganisationName() != "Northshire Police" {
				t.Fatalf("overdue %v", acts.GetOverdue())
			}
			// October: 3 created, 3 open; November: 1 completed, 2 open.
			if m := acts.GetOverTime(); len(m) != 2 || m[0].GetMonth() != "2026-10" || m[0].GetCreated() != 3 || m[0].GetOpen() != 3 ||
				m[1].GetMonth() != "2026-11" || m[1].GetCompleted() != 1 || m[1].GetOpen() != 2 {
				t.Fatalf("over time %v", m)
			}

			// The export: 5 + 4 + 4 = 13 rows, by organisation name, in form
			// order, paged.
			var rows []*reportingv1.AnswerRow
			token := ""
			for pages := 0; ; pages++ {
				page, err := c.ListAnswerRows(ctx, &reportingv1.ListAnswerRowsRequest{Campaign: campaign, PageSize: 5, PageToken: token})
				if err != nil || pages > 3 {
					t.Fatalf("rows: %v", err)
				}
				rows = append(rows, page.GetRows()...)
				if token = page.GetNextPageToken(); token == "" {
					break
				}
			}
			if len(rows) != 13 || rows[0].GetOrganisationName() != "Ash School" || rows[0].GetQuestionKey() != "q1" ||
				rows[0].GetValue() != "Partly met" || rows[0].GetScore() != "2" || rows[12].GetQuestionKey() != "q5" || rows[12].GetValue() != "40" {
				t.Fatalf("%d rows: first %v last %v", len(rows), rows[0], rows[len(rows)-1])
			}
			// Every page size cuts the same rows: within a return, at its
			// end, or one row at a time.
			for _, size := range []int32{1, 3, 4, 8, 13, 14} {
				var got []string
				token := ""
				for {
					page, err := c.ListAnswerRows(ctx, &reportingv1.ListAnswerRowsRequest{Campaign: campaign, PageSize: size, PageToken: token})
					if err != nil || len(page.GetRows()) > int(size) {
						t.Fatalf("size %d: %d rows, %v", size, len(page.GetRows()), err)
					}
					for _, r := range page.GetRows() {
						got = append(got, r.GetSubmission()+" "+r.GetQuestionKey())
					}
					if token = page.GetNextPageToken(); token == "" {
						break
					}
				}
				var want []string
				for _, r := range rows {
					want = append(want, r.GetSubmission()+" "+r.GetQuestionKey())
				}
				if !slices.Equal(got, want) {
					t.Errorf("page size %d gave %v, want %v", size, got, want)
				}
			}
			// A ratings matrix built before a save is not served after it:
			// Birch's q4 goes from red to green.
			before, err := c.GetRatingsReport(ctx, &reportingv1.GetRatingsReportRequest{Campaign: campaign})
			if err != nil || before.GetRows()[1].GetCells()[2].GetGrade() != "red" {
				t.Fatalf("birch q4 before %v %v", before.GetRows()[1], err)
			}
			save("birch", 30, grade("q4", "green", 2))
			testinfra.Eventually(t, 10*time.Second, "birch's new q4 in the matrix", func() bool {
				r, err := c.GetRatingsReport(ctx, &reportingv1.GetRatingsReportRequest{Campaign: campaign})
				return err == nil && r.GetRows()[1].GetCells()[2].GetGrade() == "green"
			})
			// The same for the moderation and number reports, each built
			// and kept above: QA moves Birch's q1 to amber (self 1, QA 2:
			// gap −1, now first by size with the police's 1), and Birch's q5
			// goes from 10 to 20 (q5 total 60, mean 30.00).
			save("birch", 31, &submissionv1.Answer{QuestionKey: "q1", Grade: "red", ModeratedGrade: "amber", Version: 2}, number("q5", "20", 2))
			testinfra.Eventually(t, 10*time.Second, "birch's new moderated q1 and q5 in the reports", func() bool {
				mod, err := c.GetModerationReport(ctx, &reportingv1.GetModerationReportRequest{Campaign: campaign})
				if err != nil || len(mod.GetGaps()) != 2 {
					return false
				}
				var birch float64
				for _, g := range mod.GetGaps() {
					if g.GetOrganisation() == "organisations/birch" {
						birch = g.GetGap()
					}
				}
				num, err := c.GetNumericReport(ctx, &reportingv1.GetNumericReportRequest{Campaign: campaign})
				return err == nil && math.Abs(birch+1) < 1e-9 && num.GetQuestions()[1].GetTotal() == "60" && num.GetQuestions()[1].GetMean() == "30.00"
			})
		})
	}
}
