package submission_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/grpcserver"
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

// publishedVersion is a version with several question types, a condition,
// a question for schools only and a rating with an action row.
func publishedVersion() *templatev1.TemplateVersionPublished {
	return &templatev1.TemplateVersionPublished{Version: &templatev1.TemplateVersion{
		Name: version, Version: 1,
		Template: &templatev1.Template{Name: "partnerships/north/templates/s11", DisplayName: "S11",
			Sections: []*templatev1.Section{{Code: "S1", Title: "Leadership", Questions: []*templatev1.Question{
				{Key: "s1_rating", Text: "Rate", Required: true, Type: &templatev1.Question_Rating{Rating: &templatev1.RatingScale{
					Grades: []*templatev1.Grade{{Value: "red", Label: "Red", Score: 1}, {Value: "green", Label: "Green", Score: 2}}}}},
				{Key: "s1_evidence", Text: "Evidence", Type: &templatev1.Question_TextAnswer{TextAnswer: &templatev1.TextType{MaxLength: 50}}},
				{Key: "s1_lead", Text: "Who leads?", Type: &templatev1.Question_SingleChoice{SingleChoice: &templatev1.ChoiceType{
					Options: []*templatev1.Option{{Value: "board", Label: "Board"}, {Value: "chief", Label: "Chief"}}}}},
				{Key: "s1_policy", Text: "Is there a policy?", Required: true, Type: &templatev1.Question_YesNo{YesNo: &templatev1.YesNoType{}}},
				{Key: "s1_policy_date", Text: "When was it reviewed?", Required: true, VisibleIf: "answers.s1_policy == 'yes'",
					Type: &templatev1.Question_Date{Date: &templatev1.DateType{}}},
				{Key: "s1_children", Text: "Children on plans", Required: true, AppliesTo: []string{"school"},
					Type: &templatev1.Question_Number{Number: &templatev1.NumberType{Min: "0", Max: "1000", Integer: true}}},
				{Key: "s1_chronology", Text: "Chronology", Type: &templatev1.Question_Table{Table: &templatev1.TableType{
					Columns: []*templatev1.Column{{Key: "when", Title: "When", Required: true, Type: &templatev1.Column_Date{Date: &templatev1.DateType{}}}}}}},
				{Key: "s1_supervision", Text: "Rate supervision", ActionRow: true, ActionRequiredBelow: "good",
					Type: &templatev1.Question_Rating{Rating: &templatev1.RatingScale{Grades: []*templatev1.Grade{
						{Value: "poor", Label: "Poor", Score: 1}, {Value: "good", Label: "Good", Score: 2}}}}},
				{Key: "s1_declare", Text: "I confirm", Type: &templatev1.Question_Declaration{Declaration: &templatev1.DeclarationType{}}},
			}}}},
	}}
}

func org(id string, typ directoryv1.OrganisationType, partnerships ...string) *directoryv1.OrganisationCreated {
	return &directoryv1.OrganisationCreated{Organisation: &directoryv1.Organisation{
		Name: "organisations/" + id, DisplayName: id, Type: typ, Partnerships: partnerships}}
}

// violations returns the fields err names, failing unless it is
// InvalidArgument.
func violations(t *testing.T, err error) []string {
	t.Helper()
	if status.Code(err) != codes.InvalidArgument {
		t.Fatalf("want InvalidArgument, got %v", err)
	}
	var out []string
	for f := range testinfra.FieldViolations(t, err) {
		out = append(out, f)
	}
	slices.Sort(out)
	return out
}

// principals and as are testinfra's, named short for the many calls.
type principals = testinfra.Principals

var as = testinfra.As

func member(id string, ms ...authz.Membership) authz.Principal {
	return authz.Principal{PersonID: id, Memberships: ms,
		PartnershipHubs: map[string]string{"north": "h1", "south": "h1", "east": "h2"},
		OrganisationPartnerships: map[string][]string{"police": {"north", "south"}, "school": {"north"},
			"elsewhere": {"south"}, "academy": {"north"}}}
}

// people holds one person of each kind the tests need.
var people = principals{
	"admin":         member("admin", authz.Membership{Role: authz.PartnershipAdmin, Partnership: "north"}),
	"qa":            member("qa", authz.Membership{Role: authz.QAOfficer, Partnership: "north"}),
	"exec":          member("exec", authz.Membership{Role: authz.ExecutiveViewer, Partnership: "north"}),
	"south-admin":   member("south-admin", authz.Membership{Role: authz.PartnershipAdmin, Partnership: "south"}),
	"east-admin":    member("east-admin", authz.Membership{Role: authz.PartnershipAdmin, Partnership: "east"}),
	"police-lead":   member("police-lead", authz.Membership{Role: authz.OrganisationLead, Organisation: "police"}),
	"police-helper": member("police-helper", authz.Membership{Role: authz.Contributor, Organisation: "police"}),
	"school-lead":   member("school-lead", authz.Membership{Role: authz.OrganisationLead, Organisation: "school"}),
}

// start runs the service behind the same guard as production, with the
// test principals.
func start(t *testing.T, in testinfra.Infra, now func() time.Time) submissionv1.SubmissionServiceClient {
	conn := testinfra.StartServiceWith(t, func(ctx context.Context) (*submission.Service, error) {
		return submission.New(ctx, submission.Config{TickInterval: 50 * time.Millisecond},
			submission.Deps{DB: in.DB, Bus: in.Bus, Logger: logging.Discard(), Now: now})
	}, func(s *submission.Service) grpcserver.Options {
		return grpcserver.Options{MaxRecvBytes: 24 << 20, Guard: &authz.Guard{Table: authz.Merge(authz.Infrastructure, s.AccessTable()),
			Auth: people, Log: authz.SlogAccessLog{Logger: logging.Discard()}}}
	})
	return submissionv1.NewSubmissionServiceClient(conn)
}

func TestSubmission(t *testing.T) {
	for _, in := range testinfra.Infras(t, "submission") {
		t.Run(in.Name, func(t *testing.T) {
			ctx := as("admin")
			c := start(t, in, nil)
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
			testinfra.Publish(t, in.Bus, "directory", "organisation.created", org("police", directoryv1.OrganisationType_ORGANISATION_TYPE_POLICE, "north"))
			testinfra.Publish(t, in.Bus, "directory", "organisation.created", org("school", directoryv1.OrganisationType_ORGANISATION_TYPE_SCHOOL, "north"))
			testinfra.Publish(t, in.Bus, "directory", "organisation.created", org("elsewhere", directoryv1.OrganisationType_ORGANISATION_TYPE_POLICE, "south"))

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

			lead := func(name string) context.Context { return as(authz.Segment(name, "submissions") + "-lead") }
			save := func(name, etag string, answers ...*submissionv1.Answer) (*submissionv1.Submission, error) {
				_, err := c.SaveAnswers(lead(name), &submissionv1.SaveAnswersRequest{Name: name, Etag: etag, Answers: answers})
				if err != nil {
					return nil, err
				}
				return c.GetSubmission(lead(name), &submissionv1.GetSubmissionRequest{Name: name})
			}
			submit := func(name, etag string) (*submissionv1.Submission, error) {
				return c.SubmitSubmission(lead(name), &submissionv1.SubmitSubmissionRequest{Name: name, Etag: etag})
			}
			grade := func(g string) *submissionv1.Answer { return &submissionv1.Answer{QuestionKey: "s1_rating", Grade: g} }
			// Submitting an empty police return names every required, shown
			// question and the declaration; the review date is hidden by its
			// condition and the number applies to schools only.
			_, err = submit(s.GetName(), s.GetEtag())
			if got, want := violations(t, err), []string{"answers.s1_declare.confirmed", "answers.s1_policy", "answers.s1_rating"}; !slices.Equal(got, want) {
				t.Fatalf("violations %v, want %v", got, want)
			}
			// A draft takes a partial set of valid answers.
			saved, err := save(s.GetName(), s.GetEtag(), grade("red"),
				&submissionv1.Answer{QuestionKey: "s1_lead", Choice: "board"},
				&submissionv1.Answer{QuestionKey: "s1_chronology", Rows: []*submissionv1.TableRow{
					{Cells: []*submissionv1.TableCell{{Column: "when", Value: "2026-01-05"}}}}})
			if err != nil || saved.GetState() != submissionv1.SubmissionState_SUBMISSION_STATE_IN_PROGRESS || len(saved.GetAnswers()) != 3 {
				t.Fatalf("save: %v %v", saved, err)
			}
			// The review date is not shown until there is a policy.
			read, err := c.GetSubmission(ctx, &submissionv1.GetSubmissionRequest{Name: s.GetName()})
			if err != nil || !slices.Contains(read.GetHiddenKeys(), "s1_policy_date") {
				t.Fatalf("hidden keys before a policy: %v %v", read.GetHiddenKeys(), err)
			}
			// A save over a stale etag is refused with ABORTED.
			if _, err = save(s.GetName(), s.GetEtag(), grade("green")); status.Code(err) != codes.Aborted {
				t.Fatalf("stale save: %v", err)
			}
			// Bad values are refused, each with its path.
			_, err = save(s.GetName(), saved.GetEtag(), grade("purple"),
				&submissionv1.Answer{QuestionKey: "s1_lead", Choice: "nobody"},
				&submissionv1.Answer{QuestionKey: "s1_policy", YesNo: "partly"},
				&submissionv1.Answer{QuestionKey: "s1_children", Number: "-1"},
				&submissionv1.Answer{QuestionKey: "s1_policy_date", Date: "2026-02-30"},
				&submissionv1.Answer{QuestionKey: "s1_lead_typo", Choice: "board"})
			want := []string{"answers[0].grade", "answers[1].choice", "answers[2].yes_no", "answers[3].number", "answers[4].date", "answers[5].key"}
			if got := violations(t, err); !slices.Equal(got, want) {
				t.Fatalf("violations %v, want %v", got, want)
			}
			// Actions go only on a question that offers an action row, and
			// each names what, who and a due date.
			_, err = save(s.GetName(), saved.GetEtag(), &submissionv1.Answer{QuestionKey: "s1_lead", Choice: "board",
				Actions: []*submissionv1.Action{{What: "Appoint a lead", Who: "Board", Due: "2026-06-30"}}})
			if got := violations(t, err); !slices.Equal(got, []string{"answers[0].actions"}) {
				t.Fatalf("actions without an action row: %v", got)
			}
			_, err = save(s.GetName(), saved.GetEtag(), &submissionv1.Answer{QuestionKey: "s1_lead", Choice: "board",
				Actions: []*submissionv1.Action{{Who: "Board", Due: "soon"}}})
			if got, want := violations(t, err), []string{"answers[0].actions[0].due", "answers[0].actions[0].what"}; !slices.Equal(got, want) {
				t.Fatalf("incomplete action: %v, want %v", got, want)
			}
			// A question with an action row takes actions; bad ones are
			// refused with their paths.
			action := &submissionv1.Action{What: "Monthly supervision for every lead", Who: "Head of service", Due: "2026-09-30"}
			_, err = save(s.GetName(), saved.GetEtag(), &submissionv1.Answer{QuestionKey: "s1_supervision", Grade: "poor",
				Actions: []*submissionv1.Action{action, {What: "  ", Who: "Board", Due: "2026-02-30"}}})
			if got, want := violations(t, err), []string{"answers[0].actions[1].due", "answers[0].actions[1].what"}; !slices.Equal(got, want) {
				t.Fatalf("bad actions: %v, want %v", got, want)
			}
			// A policy makes its review date required, and a poor rating
			// given without an action needs one.
			saved, err = save(s.GetName(), saved.GetEtag(), &submissionv1.Answer{QuestionKey: "s1_policy", YesNo: "yes"},
				&submissionv1.Answer{QuestionKey: "s1_declare", Confirmed: true},
				&submissionv1.Answer{QuestionKey: "s1_supervision", Grade: "poor"})
			if err != nil {
				t.Fatal(err)
			}
			_, err = submit(s.GetName(), saved.GetEtag())
			if got, want := violations(t, err), []string{"answers.s1_policy_date", "answers.s1_supervision.actions"}; !slices.Equal(got, want) {
				t.Fatalf("violations %v, want %v", got, want)
			}
			saved, err = save(s.GetName(), saved.GetEtag(), &submissionv1.Answer{QuestionKey: "s1_policy_date", Date: "2026-03-31"},
				&submissionv1.Answer{QuestionKey: "s1_supervision", Grade: "poor", Actions: []*submissionv1.Action{action}})
			if err != nil {
				t.Fatal(err)
			}
			// The actions are kept with the answer.
			got, err := c.GetSubmission(ctx, &submissionv1.GetSubmissionRequest{Name: s.GetName()})
			if err != nil {
				t.Fatal(err)
			}
			if slices.Contains(got.GetHiddenKeys(), "s1_policy_date") {
				t.Fatalf("the review date still hidden with a policy: %v", got.GetHiddenKeys())
			}
			for _, a := range got.GetAnswers() {
				if a.GetQuestionKey() == "s1_supervision" && (len(a.GetActions()) != 1 || !proto.Equal(a.GetActions()[0], action)) {
					t.Fatalf("actions kept: %v", a.GetActions())
				}
			}
			done, err := submit(s.GetName(), saved.GetEtag())
			if err != nil || done.GetState() != submissionv1.SubmissionState_SUBMISSION_STATE_SUBMITTED || done.GetSubmitTime() == nil {
				t.Fatalf("submit: %v %v", done, err)
			}
			// The action row joined the plan at submit.
			plan, err := c.ListActions(lead(s.GetName()), &submissionv1.ListActionsRequest{Parent: s.GetName()})
			if err != nil || len(plan.GetActions()) != 1 || plan.GetActions()[0].GetTitle() != action.GetWhat() ||
				plan.GetActions()[0].GetSection() != "S1" || plan.GetActions()[0].GetDueDate() != action.GetDue() {
				t.Fatalf("plan from action rows: %v %v", plan, err)
			}
			if _, err = save(s.GetName(), done.GetEtag(), grade("green")); status.Code(err) != codes.FailedPrecondition {
				t.Fatalf("save after submit: %v", err)
			}

			// The school must also give its numbers; with no policy the
			// review date stays hidden.
			school := list.GetSubmissions()[1]
			saved, err = save(school.GetName(), school.GetEtag(), grade("green"),
				&submissionv1.Answer{QuestionKey: "s1_policy", YesNo: "no"}, &submissionv1.Answer{QuestionKey: "s1_declare", Confirmed: true})
			if err != nil {
				t.Fatal(err)
			}
			_, err = submit(school.GetName(), saved.GetEtag())
			if got := violations(t, err); !slices.Equal(got, []string{"answers.s1_children"}) {
				t.Fatalf("school violations %v", got)
			}
			saved, err = save(school.GetName(), saved.GetEtag(), &submissionv1.Answer{QuestionKey: "s1_children", Number: "12"})
			if err != nil {
				t.Fatal(err)
			}
			if done, err := submit(school.GetName(), saved.GetEtag()); err != nil || done.GetAnswers()[0].GetNumber() != "12" {
				t.Fatalf("school submit: %v %v", done, err)
			}
			if _, err := c.GetSubmission(ctx, &submissionv1.GetSubmissionRequest{Name: cp.GetName() + "/submissions/nobody"}); status.Code(err) != codes.NotFound {
				t.Fatalf("missing submission: %v", err)
			}

			want = []string{"assure.submission.v1.CampaignCreated", "assure.submission.v1.CampaignLaunched",
				"assure.submission.v1.AnswersSaved", "assure.submission.v1.AnswersSaved", "assure.submission.v1.AnswersSaved",
				"assure.submission.v1.SubmissionSubmitted"}
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
