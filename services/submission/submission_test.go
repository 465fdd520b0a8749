package submission_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/testinfra"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"github.com/assure-audit/assure/services/submission"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

const version = "partnerships/north/templates/s11/versions/1"

func publishedVersion() *templatev1.TemplateVersionPublished {
	return &templatev1.TemplateVersionPublished{Version: &templatev1.TemplateVersion{
		Name: version, Version: 1,
		Template: &templatev1.Template{Name: "partnerships/north/templates/s11", DisplayName: "S11",
			Sections: []*templatev1.Section{{Code: "S1", Title: "Leadership", Questions: []*templatev1.Question{
				{Key: "s1_rating", Text: "Rate", Required: true, Type: &templatev1.Question_Rating{Rating: &templatev1.RatingScale{
					Grades: []*templatev1.Grade{{Value: "red", Label: "Red"}, {Value: "green", Label: "Green"}}}}},
				{Key: "s1_evidence", Text: "Evidence", Type: &templatev1.Question_TextAnswer{TextAnswer: &templatev1.TextType{MaxLength: 50}}},
			}}}},
	}}
}

func org(id string, partnerships ...string) *directoryv1.OrganisationCreated {
	return &directoryv1.OrganisationCreated{Organisation: &directoryv1.Organisation{
		Name: "organisations/" + id, DisplayName: id, Partnerships: partnerships}}
}

func TestSubmission(t *testing.T) {
	for _, in := range testinfra.Infras(t, "submission") {
		t.Run(in.Name, func(t *testing.T) {
			ctx := context.Background()
			conn := testinfra.StartService(t, func(ctx context.Context) (*submission.Service, error) {
				return submission.New(ctx, submission.Config{}, submission.Deps{DB: in.DB, Bus: in.Bus, Logger: logging.Discard()})
			})
			c := submissionv1.NewSubmissionServiceClient(conn)
			campaign := &submissionv1.Campaign{DisplayName: "Section 11 2026", TemplateVersion: version,
				Organisations: []string{"organisations/police", "organisations/school"},
				DueTime:       timestamppb.New(time.Now().Add(30 * 24 * time.Hour))}
			create := func() (*submissionv1.Campaign, error) {
				return c.CreateCampaign(ctx, &submissionv1.CreateCampaignRequest{Parent: "partnerships/north", CampaignId: "s11-2026", Campaign: campaign})
			}
			// Before the template and directory events arrive, the version and
			// organisations are unknown.
			_, err := create()
			if f := testinfra.FieldViolations(t, err); !f["campaign.template_version"] {
				t.Fatalf("violations %v", f)
			}

			events := testinfra.CollectEvents(t, in.Bus, submission.Name)

			testinfra.Publish(t, in.Bus, "template", "version.published", publishedVersion())
			testinfra.Publish(t, in.Bus, "directory", "organisation.created", org("police", "north"))
			testinfra.Publish(t, in.Bus, "directory", "organisation.created", org("school", "north"))
			testinfra.Publish(t, in.Bus, "directory", "organisation.created", org("elsewhere", "south"))

			var cp *submissionv1.Campaign
			testinfra.Eventually(t, 5*time.Second, "copies of the version and organisations", func() bool {
				cp, err = create()
				return err == nil
			})
			if cp.GetState() != submissionv1.CampaignState_CAMPAIGN_STATE_DRAFT {
				t.Fatalf("created %v", cp)
			}
			// An organisation of another partnership is refused.
			_, err = c.CreateCampaign(ctx, &submissionv1.CreateCampaignRequest{Parent: "partnerships/north", Campaign: &submissionv1.Campaign{
				DisplayName: "x", TemplateVersion: version, Organisations: []string{"organisations/elsewhere"}, DueTime: campaign.DueTime}})
			if f := testinfra.FieldViolations(t, err); !f["campaign.organisations[0]"] {
				t.Fatalf("violations %v", f)
			}

			for i := 0; i < 2; i++ { // launching twice creates the submissions once
				l, err := c.LaunchCampaign(ctx, &submissionv1.LaunchCampaignRequest{Name: cp.GetName()})
				if err != nil || l.GetState() != submissionv1.CampaignState_CAMPAIGN_STATE_OPEN {
					t.Fatalf("launch %d: %v %v", i, l, err)
				}
			}
			list, err := c.ListSubmissions(ctx, &submissionv1.ListSubmissionsRequest{Parent: cp.GetName()})
			if err != nil || len(list.GetSubmissions()) != 2 {
				t.Fatalf("submissions: %v %v", list, err)
			}
			s := list.GetSubmissions()[0]
			if s.GetName() != cp.GetName()+"/submissions/police" {
				t.Fatalf("name %s", s.GetName())
			}

			grade := func(g string) *submissionv1.Answer {
				return &submissionv1.Answer{QuestionKey: "s1_rating", Value: &submissionv1.Answer_Grade{Grade: g}}
			}
			// Submitting with a required question unanswered names it.
			_, err = c.SubmitSubmission(ctx, &submissionv1.SubmitSubmissionRequest{Name: s.GetName(), Etag: s.GetEtag()})
			if f := testinfra.FieldViolations(t, err); !f["answers[s1_rating]"] {
				t.Fatalf("violations %v", f)
			}
			saved, err := c.SaveAnswers(ctx, &submissionv1.SaveAnswersRequest{Name: s.GetName(), Etag: s.GetEtag(), Answers: []*submissionv1.Answer{grade("red")}})
			if err != nil || saved.GetState() != submissionv1.SubmissionState_SUBMISSION_STATE_IN_PROGRESS {
				t.Fatalf("save: %v %v", saved, err)
			}
			// A save over a stale etag is refused with ABORTED.
			_, err = c.SaveAnswers(ctx, &submissionv1.SaveAnswersRequest{Name: s.GetName(), Etag: s.GetEtag(), Answers: []*submissionv1.Answer{grade("green")}})
			if status.Code(err) != codes.Aborted {
				t.Fatalf("stale save: %v", err)
			}
			_, err = c.SaveAnswers(ctx, &submissionv1.SaveAnswersRequest{Name: s.GetName(), Etag: saved.GetEtag(), Answers: []*submissionv1.Answer{grade("purple")}})
			if f := testinfra.FieldViolations(t, err); !f["answers[0]"] {
				t.Fatalf("violations %v", f)
			}
			done, err := c.SubmitSubmission(ctx, &submissionv1.SubmitSubmissionRequest{Name: s.GetName(), Etag: saved.GetEtag()})
			if err != nil || done.GetState() != submissionv1.SubmissionState_SUBMISSION_STATE_SUBMITTED || done.GetSubmitTime() == nil {
				t.Fatalf("submit: %v %v", done, err)
			}
			_, err = c.SaveAnswers(ctx, &submissionv1.SaveAnswersRequest{Name: s.GetName(), Etag: done.GetEtag(), Answers: []*submissionv1.Answer{grade("green")}})
			if status.Code(err) != codes.FailedPrecondition {
				t.Fatalf("save after submit: %v", err)
			}
			if _, err := c.GetSubmission(ctx, &submissionv1.GetSubmissionRequest{Name: cp.GetName() + "/submissions/nobody"}); status.Code(err) != codes.NotFound {
				t.Fatalf("missing submission: %v", err)
			}

			want := []string{"assure.submission.v1.CampaignCreated", "assure.submission.v1.CampaignLaunched",
				"assure.submission.v1.AnswersSaved", "assure.submission.v1.SubmissionSubmitted"}
			evs := events.Wait(t, len(want))
			if got := testinfra.Types(evs[:len(want)]); !slices.Equal(got, want) {
				t.Fatalf("events %v, want %v", testinfra.Types(evs), want)
			}
			var launched submissionv1.CampaignLaunched
			if err := proto.Unmarshal(evs[1].Data, &launched); err != nil || len(launched.GetSubmissions()) != 2 {
				t.Errorf("launched payload %v %v", &launched, err)
			}
		})
	}
}
