package reporting_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/testinfra"
	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	"github.com/assure-audit/assure/services/reporting"
)

// TestSubmissionRows lists the returns of answerFixture's form one row
// each, the one not started included, with values worked out by hand:
//
//	              q1          q2              q3  q4          q5  state
//	Ash School    Partly met  Not applicable  5   Partly met  –   in progress, overdue
//	Birch School  Not met     –               8   Not met     10  in progress, overdue
//	Cedar School  –           –               –   –           –   not started, overdue
//	Police        Fully met   Partly met      12  Not met     40  submitted
func TestSubmissionRows(t *testing.T) {
	at := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	now := at.AddDate(0, 3, 0) // a month after the due date
	for _, in := range testinfra.Infras(t, "reporting") {
		t.Run(in.Name, func(t *testing.T) {
			conn := testinfra.StartService(t, func(ctx context.Context) (*reporting.Service, error) {
				return reporting.New(ctx, reporting.Config{}, reporting.Deps{DB: in.DB, Bus: in.Bus, Logger: logging.Discard(),
					Now: func() time.Time { return now }})
			})
			c := reportingv1.NewReportingServiceClient(conn)
			ctx := context.Background()
			const campaign = "partnerships/north/campaigns/s11"
			launchAnswerFixture(t, in.Bus, campaign, at, "police", "ash", "birch", "cedar")
			save := func(org string, n int, answers ...*submissionv1.Answer) {
				var keys []string
				for _, a := range answers {
					keys = append(keys, a.GetQuestionKey())
				}
				when := at.Add(time.Duration(n) * time.Minute)
				testinfra.PublishAt(t, in.Bus, "submission", "answers.saved", when, &submissionv1.AnswersSaved{
					Submission: campaign + "/submissions/" + org, Campaign: campaign, QuestionKeys: keys, Answers: answers,
					State: submissionv1.SubmissionState_SUBMISSION_STATE_IN_PROGRESS, SaveTime: timestamppb.New(when)})
			}
			grade := func(key, g string) *submissionv1.Answer {
				return &submissionv1.Answer{QuestionKey: key, Grade: g, Version: 1}
			}
			number := func(key, n string) *submissionv1.Answer {
				return &submissionv1.Answer{QuestionKey: key, Number: n, Version: 1}
			}
			save("police", 2, &submissionv1.Answer{QuestionKey: "q1", Grade: "green", ModeratedGrade: "amber", Version: 1},
				grade("q2", "amber"), number("q3", "12"), grade("q4", "red"), number("q5", "40"))
			save("ash", 1, grade("q1", "amber"), grade("q2", "na"), number("q3", "5"), grade("q4", "amber"))
			save("birch", 1, grade("q1", "red"), number("q3", "8"), grade("q4", "red"), number("q5", "10"))
			testinfra.PublishAt(t, in.Bus, "submission", "submission.submitted", at.Add(3*time.Minute), submitted(campaign, "police", at.Add(3*time.Minute)))

			// list pages through the returns size at a time, giving each
			// row in one line.
			list := func(size int32, orgType string) (cols []string, rows []string) {
				t.Helper()
				token := ""
				for pages := 0; ; pages++ {
					page, err := c.ListSubmissionRows(ctx, &reportingv1.ListSubmissionRowsRequest{Campaign: campaign,
						OrganisationType: orgType, PageSize: size, PageToken: token})
					if err != nil || pages > 10 || size > 0 && len(page.GetRows()) > int(size) {
						t.Fatalf("size %d: page %d: %d rows, %v", size, pages, len(page.GetRows()), err)
					}
					cols = nil
					for _, c := range page.GetColumns() {
						cols = append(cols, fmt.Sprintf("%s %s %s %s", c.GetSection(), c.GetKey(), c.GetText(), c.GetType()))
					}
					for _, r := range page.GetRows() {
						times := func(ts *timestamppb.Timestamp) string {
							if ts == nil {
								return "-"
							}
							return ts.AsTime().Sub(at).String()
						}
						rows = append(rows, fmt.Sprintf("%s|%s|%s|%s|%s|overdue=%t|in=%s|last=%s|%s", r.GetOrganisation(), r.GetOrganisationName(),
							r.GetOrganisationType(), r.GetSubmission()[len(campaign):], r.GetState(), r.GetOverdue(),
							times(r.GetHandInTime()), times(r.GetLastActivityTime()), strings.Join(r.GetValues(), ";")))
					}
					if token = page.GetNextPageToken(); token == "" {
						return cols, rows
					}
				}
			}
			want := []string{
				"organisations/ash|Ash School|school|/submissions/ash|IN_PROGRESS|overdue=true|in=-|last=1m0s|Partly met;Not applicable;5;Partly met;",
				"organisations/birch|Birch School|school|/submissions/birch|IN_PROGRESS|overdue=true|in=-|last=1m0s|Not met;;8;Not met;10",
				"organisations/cedar|Cedar School|school|/submissions/cedar|NOT_STARTED|overdue=true|in=-|last=-|;;;;",
				"organisations/police|Northshire Police|police|/submissions/police|SUBMITTED|overdue=false|in=3m0s|last=3m0s|Fully met;Partly met;12;Not met;40",
			}
			testinfra.Eventually(t, 10*time.Second, "every event applied", func() bool {
				page, err := c.ListSubmissionRows(ctx, &reportingv1.ListSubmissionRowsRequest{Campaign: campaign})
				return err == nil && len(page.GetRows()) == 4 && page.GetRows()[3].GetState() == "SUBMITTED" &&
					strings.Join(page.GetRows()[0].GetValues(), ";") == "Partly met;Not applicable;5;Partly met;" &&
					strings.Join(page.GetRows()[1].GetValues(), ";") == "Not met;;8;Not met;10" && len(page.GetColumns()) == 5
			})
			if _, rows := list(0, ""); !slices.Equal(rows, want) {
				t.Errorf("rows %q\nwant %q", rows, want)
			}
			cols, _ := list(0, "")
			wantCols := []string{"S1 q1 Senior commitment rating_scale", "S1 q2 Safeguarding lead rating_scale", "S1 q3 Children on plans number",
				"S2 q4 Training is current rating_scale", "S2 q5 Staff trained number"}
			if !slices.Equal(cols, wantCols) {
				t.Errorf("columns %q, want %q", cols, wantCols)
			}
			// Every page size cuts the same rows.
			for _, size := range []int32{1, 2, 3, 4, 5} {
				if _, rows := list(size, ""); !slices.Equal(rows, want) {
					t.Errorf("page size %d gave %q", size, rows)
				}
			}
			// The filter keeps the schools, the one not started among them.
			if _, rows := list(2, "school"); !slices.Equal(rows, want[:3]) {
				t.Errorf("schools: %q", rows)
			}
			_, err := c.ListSubmissionRows(ctx, &reportingv1.ListSubmissionRowsRequest{Campaign: "partnerships/north/campaigns/nope"})
			if status.Code(err) != codes.NotFound {
				t.Errorf("unknown campaign: %v", err)
			}
			_, err = c.ListSubmissionRows(ctx, &reportingv1.ListSubmissionRowsRequest{Campaign: campaign, PageToken: "not a token"})
			if status.Code(err) != codes.InvalidArgument {
				t.Errorf("bad token: %v", err)
			}
		})
	}
}
