package submission_test

import (
	"bytes"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/testinfra"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// clock is a settable clock shared by the service and the test.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.now = t }

// version2 continues version 1: s1_rating is renamed s1_leadership,
// s1_evidence is merged with a new question and s1_lead changes type.
func version2() *templatev1.TemplateVersionPublished {
	v := publishedVersion()
	v.Version.Name = "partnerships/north/templates/s11/versions/2"
	v.Version.Version = 2
	qs := v.Version.Template.Sections[0].Questions
	qs[0].Key = "s1_leadership"
	qs[2].Type = &templatev1.Question_TextAnswer{TextAnswer: &templatev1.TextType{MaxLength: 50}}
	v.Version.Lineage = []*templatev1.Lineage{
		{Key: "s1_leadership", Kind: templatev1.LineageKind_LINEAGE_KIND_RENAMED, PreviousKeys: []string{"s1_rating"}},
		{Key: "s1_evidence", Kind: templatev1.LineageKind_LINEAGE_KIND_MERGED, PreviousKeys: []string{"s1_evidence", "s1_lead"}},
		{Key: "s1_lead", Kind: templatev1.LineageKind_LINEAGE_KIND_SAME, PreviousKeys: []string{"s1_lead"}},
		{Key: "s1_policy", Kind: templatev1.LineageKind_LINEAGE_KIND_SAME, PreviousKeys: []string{"s1_policy"}},
		{Key: "s1_children", Kind: templatev1.LineageKind_LINEAGE_KIND_SAME, PreviousKeys: []string{"s1_children"}},
	}
	return v
}

func answerOf(s *submissionv1.Submission, key string) *submissionv1.Answer {
	for _, a := range s.GetAnswers() {
		if a.GetQuestionKey() == key {
			return a
		}
	}
	return nil
}

// TestJourney runs a round end to end on both infrastructures: a
// consortium campaign reaching an organisation of two partnerships once,
// contributors saving side by side, QA returning and accepting, actions,
// evidence, the calendar, closing, and the next cycle brought forward.
func TestJourney(t *testing.T) {
	for _, in := range testinfra.Infras(t, "submission") {
		t.Run(in.Name, func(t *testing.T) {
			clk := &clock{now: time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)}
			c := start(t, in, clk.Now)
			admin, qa, exec := as("admin"), as("qa"), as("exec")
			lead, helper, school := as("police-lead"), as("police-helper"), as("school-lead")
			southAdmin, eastAdmin := as("south-admin"), as("east-admin")
			events := testinfra.CollectEvents(t, in.Bus, "submission")

			testinfra.Publish(t, in.Bus, "template", "version.published", publishedVersion())
			testinfra.Publish(t, in.Bus, "template", "version.published", version2())
			testinfra.Publish(t, in.Bus, "directory", "organisation.created", org("police", directoryv1.OrganisationType_ORGANISATION_TYPE_POLICE, "partnerships/north", "partnerships/south"))
			testinfra.Publish(t, in.Bus, "directory", "organisation.created", org("school", directoryv1.OrganisationType_ORGANISATION_TYPE_SCHOOL, "partnerships/north"))
			testinfra.Publish(t, in.Bus, "directory", "organisation.created", org("academy", directoryv1.OrganisationType_ORGANISATION_TYPE_SCHOOL, "partnerships/north"))
			testinfra.Publish(t, in.Bus, "directory", "organisation.created", org("elsewhere", directoryv1.OrganisationType_ORGANISATION_TYPE_SCHOOL, "partnerships/south"))
			for _, p := range []string{"north", "south"} {
				testinfra.Publish(t, in.Bus, "directory", "partnership.created", &directoryv1.PartnershipCreated{
					Partnership: &directoryv1.Partnership{Name: "partnerships/" + p, Hub: "hubs/h1"}})
			}
			testinfra.Publish(t, in.Bus, "directory", "consortium.created", &directoryv1.ConsortiumCreated{
				Consortium: &directoryv1.Consortium{Name: "hubs/h1/consortia/pan", Partnerships: []string{"partnerships/north", "partnerships/south"}}})

			due := clk.Now().Add(30 * 24 * time.Hour)
			// A pan-area campaign: the police, in both partnerships, and
			// every school of either.
			pan := &submissionv1.Campaign{DisplayName: "Pan-area Section 11", TemplateVersion: version,
				Organisations: []string{"organisations/police"}, AudienceTypes: []string{"school"},
				Consortium: "hubs/h1/consortia/pan", DueTime: timestamppb.New(due), QaRequired: true}
			var cp *submissionv1.Campaign
			var err error
			testinfra.Eventually(t, 5*time.Second, "copies from events", func() bool {
				cp, err = c.CreateCampaign(admin, &submissionv1.CreateCampaignRequest{Parent: "partnerships/north", CampaignId: "pan", Campaign: pan})
				return err == nil
			})
			if !slices.Equal(cp.GetPartnerships(), []string{"partnerships/north", "partnerships/south"}) {
				t.Fatalf("partnerships %v", cp.GetPartnerships())
			}
			// Bad campaigns name every problem.
			_, err = c.CreateCampaign(admin, &submissionv1.CreateCampaignRequest{Parent: "partnerships/north", Campaign: &submissionv1.Campaign{
				DisplayName: "x", TemplateVersion: version, AudienceTypes: []string{"spaceship"}, DueTime: pan.DueTime}})
			if got := violations(t, err); !slices.Equal(got, []string{"campaign.audience_types[0]"}) {
				t.Fatalf("bad audience %v", got)
			}
			_, err = c.CreateCampaign(admin, &submissionv1.CreateCampaignRequest{Parent: "partnerships/north", Campaign: &submissionv1.Campaign{
				DisplayName: "x", TemplateVersion: version, Organisations: []string{"organisations/elsewhere"},
				DueTime: pan.DueTime, CloseTime: timestamppb.New(due.Add(time.Hour)), OpenTime: timestamppb.New(due.Add(time.Minute))}})
			if got := violations(t, err); !slices.Equal(got, []string{"campaign.close_time", "campaign.open_time", "campaign.organisations[0]"}) {
				t.Fatalf("bad campaign %v", got)
			}
			if _, err := c.CreateCampaign(southAdmin, &submissionv1.CreateCampaignRequest{Parent: "partnerships/north", Campaign: pan}); status.Code(err) != codes.NotFound {
				t.Fatalf("another partnership's admin creating: %v", err)
			}

			cp, err = c.LaunchCampaign(admin, &submissionv1.LaunchCampaignRequest{Name: cp.GetName()})
			if err != nil || cp.GetState() != submissionv1.CampaignState_CAMPAIGN_STATE_OPEN || cp.GetSubmissionCount() != 4 {
				t.Fatalf("launch: %v %v", cp, err)
			}
			// South's staff see the campaign and only their organisations'
			// returns: the police (in both) once, and their school.
			if _, err := c.GetCampaign(southAdmin, &submissionv1.GetCampaignRequest{Name: cp.GetName()}); err != nil {
				t.Fatalf("south reads the shared campaign: %v", err)
			}
			list, err := c.ListSubmissions(southAdmin, &submissionv1.ListSubmissionsRequest{Parent: cp.GetName()})
			var names []string
			for _, s := range list.GetSubmissions() {
				names = append(names, s.GetOrganisation())
			}
			if err != nil || !slices.Equal(names, []string{"organisations/elsewhere", "organisations/police"}) {
				t.Fatalf("south's view: %v %v", names, err)
			}
			if _, err := c.GetSubmission(southAdmin, &submissionv1.GetSubmissionRequest{Name: cp.GetName() + "/submissions/school"}); status.Code(err) != codes.NotFound {
				t.Fatalf("south reading north's school: %v", err)
			}
			if _, err := c.GetCampaign(eastAdmin, &submissionv1.GetCampaignRequest{Name: cp.GetName()}); status.Code(err) != codes.NotFound {
				t.Fatalf("east reads the campaign: %v", err)
			}
			all, _ := c.ListSubmissions(admin, &submissionv1.ListSubmissionsRequest{Parent: cp.GetName()})
			if len(all.GetSubmissions()) != 4 {
				t.Fatalf("north's view: %v", all)
			}

			// Two contributors save different questions from the same read
			// without blocking each other; a save over a changed answer gets
			// the current value and who saved it.
			police := cp.GetName() + "/submissions/police"
			first, err := c.GetSubmission(lead, &submissionv1.GetSubmissionRequest{Name: police})
			if err != nil || first.GetProgress().GetRequired() == 0 || first.GetDueTime() == nil {
				t.Fatalf("read: %v %v", first, err)
			}
			if _, err := c.SaveAnswers(lead, &submissionv1.SaveAnswersRequest{Name: police, Etag: first.GetEtag(),
				Answers: []*submissionv1.Answer{{QuestionKey: "s1_rating", Grade: "red"}}}); err != nil {
				t.Fatal(err)
			}
			r, err := c.SaveAnswers(helper, &submissionv1.SaveAnswersRequest{Name: police, Etag: first.GetEtag(),
				Answers: []*submissionv1.Answer{{QuestionKey: "s1_evidence", Text: "Board minutes"}}})
			if err != nil || r.GetAnswers()[0].GetVersion() != 1 || r.GetAnswers()[0].GetUpdatePerson() != "people/police-helper" {
				t.Fatalf("a different question never conflicts: %v %v", r, err)
			}
			_, err = c.SaveAnswers(helper, &submissionv1.SaveAnswersRequest{Name: police, Etag: first.GetEtag(),
				Answers: []*submissionv1.Answer{{QuestionKey: "s1_rating", Grade: "green"}}})
			if status.Code(err) != codes.Aborted {
				t.Fatalf("conflict: %v", err)
			}
			var conflict *submissionv1.AnswerConflicts
			for _, d := range status.Convert(err).Details() {
				if m, ok := d.(*submissionv1.AnswerConflicts); ok {
					conflict = m
				}
			}
			if len(conflict.GetCurrent()) != 1 || conflict.GetCurrent()[0].GetGrade() != "red" ||
				conflict.GetCurrent()[0].GetUpdatePerson() != "people/police-lead" || conflict.GetCurrent()[0].GetVersion() != 1 {
				t.Fatalf("conflict detail: %v", conflict)
			}
			// Saving over it with the version seen wins; a retry of the same
			// save is harmless.
			for i := 0; i < 2; i++ {
				if _, err := c.SaveAnswers(helper, &submissionv1.SaveAnswersRequest{Name: police,
					Answers: []*submissionv1.Answer{{QuestionKey: "s1_rating", Grade: "green", Version: 1}}}); err != nil {
					t.Fatalf("save %d over the version seen: %v", i, err)
				}
			}
			hist, err := c.ListAnswerHistory(lead, &submissionv1.ListAnswerHistoryRequest{Name: police, QuestionKey: "s1_rating"})
			if err != nil || len(hist.GetChanges()) != 2 || hist.GetChanges()[0].GetPrevious().GetGrade() != "red" ||
				hist.GetChanges()[0].GetAnswer().GetUpdatePerson() != "people/police-helper" {
				t.Fatalf("history: %v %v", hist, err)
			}

			// Bad input: wrong type, unknown key, evidence of a refused type.
			_, err = c.SaveAnswers(lead, &submissionv1.SaveAnswersRequest{Name: police, Answers: []*submissionv1.Answer{
				{QuestionKey: "s1_children", Number: "lots"}, {QuestionKey: "s1_nope", Text: "x"}}})
			if got := violations(t, err); !slices.Equal(got, []string{"answers[0].number", "answers[1].key"}) {
				t.Fatalf("bad answers: %v", got)
			}
			_, err = c.UploadEvidence(lead, &submissionv1.UploadEvidenceRequest{Parent: police, FileName: "run.exe",
				ContentType: "application/x-msdownload", Content: []byte("MZ")})
			if got := violations(t, err); !slices.Equal(got, []string{"content_type"}) {
				t.Fatalf("refused type: %v", got)
			}
			pdf := bytes.Repeat([]byte("%PDF-1.7 policy "), 1000)
			ev, err := c.UploadEvidence(lead, &submissionv1.UploadEvidenceRequest{Parent: police, FileName: `C:\docs\policy.pdf`,
				ContentType: "application/pdf", Content: pdf})
			if err != nil || ev.GetFileName() != "policy.pdf" || ev.GetSizeBytes() != int64(len(pdf)) || len(ev.GetSha256()) != 64 {
				t.Fatalf("upload: %v %v", ev, err)
			}
			got, err := c.GetEvidenceContent(qa, &submissionv1.GetEvidenceContentRequest{Name: ev.GetName()})
			if err != nil || !bytes.Equal(got.GetContent(), pdf) {
				t.Fatalf("download: %v", err)
			}
			if _, err := c.GetEvidenceContent(school, &submissionv1.GetEvidenceContentRequest{Name: ev.GetName()}); status.Code(err) != codes.NotFound {
				t.Fatalf("another organisation's file: %v", err)
			}

			// Answers point only at files of their own submission.
			evID := ev.GetName()[strings.LastIndex(ev.GetName(), "/")+1:]
			_, err = c.SaveAnswers(lead, &submissionv1.SaveAnswersRequest{Name: police, Answers: []*submissionv1.Answer{
				{QuestionKey: "s1_rating", Grade: "green", Version: 2, Evidence: []*submissionv1.EvidenceRef{{Name: "x.pdf", Id: "someone-elses"}}}}})
			if got := violations(t, err); !slices.Equal(got, []string{"answers[0].evidence[0].id"}) {
				t.Fatalf("foreign evidence: %v", got)
			}
			if _, err := c.SaveAnswers(lead, &submissionv1.SaveAnswersRequest{Name: police, Answers: []*submissionv1.Answer{
				{QuestionKey: "s1_rating", Grade: "green", Version: 2, Evidence: []*submissionv1.EvidenceRef{{Name: "policy.pdf", Id: evID}}}}}); err != nil {
				t.Fatalf("evidence on an answer: %v", err)
			}

			// The lead assigns the section to the helper; the lead still
			// answers anything, a contributor only their sections.
			cur, _ := c.GetSubmission(lead, &submissionv1.GetSubmissionRequest{Name: police})
			if _, err := c.SetSectionAssignments(helper, &submissionv1.SetSectionAssignmentsRequest{Name: police, Etag: cur.GetEtag(),
				Assignments: []*submissionv1.SectionAssignment{{Section: "S1", People: []string{"people/police-helper"}}}}); status.Code(err) != codes.PermissionDenied {
				t.Fatalf("contributor assigning: %v", err)
			}
			_, err = c.SetSectionAssignments(lead, &submissionv1.SetSectionAssignmentsRequest{Name: police, Etag: cur.GetEtag(),
				Assignments: []*submissionv1.SectionAssignment{{Section: "S9", People: []string{"people/police-helper"}}}})
			if got := violations(t, err); !slices.Equal(got, []string{"assignments[0].section"}) {
				t.Fatalf("unknown section: %v", got)
			}
			cur, err = c.SetSectionAssignments(lead, &submissionv1.SetSectionAssignmentsRequest{Name: police, Etag: cur.GetEtag(),
				Assignments: []*submissionv1.SectionAssignment{{Section: "S1", People: []string{"people/police-helper"}}}})
			if err != nil || len(cur.GetAssignments()) != 1 {
				t.Fatalf("assign: %v %v", cur, err)
			}

			// Only the lead signs off; the full check names every gap.
			complete := []*submissionv1.Answer{{QuestionKey: "s1_policy", YesNo: "no"}, {QuestionKey: "s1_declare", Confirmed: true},
				{QuestionKey: "s1_lead", Choice: "board"}}
			if _, err := c.SaveAnswers(lead, &submissionv1.SaveAnswersRequest{Name: police, Etag: cur.GetEtag(), Answers: complete}); err != nil {
				t.Fatal(err)
			}
			cur, _ = c.GetSubmission(lead, &submissionv1.GetSubmissionRequest{Name: police})
			if cur.GetProgress().GetAnswered() != cur.GetProgress().GetRequired() {
				t.Fatalf("progress %v", cur.GetProgress())
			}
			if _, err := c.SubmitSubmission(helper, &submissionv1.SubmitSubmissionRequest{Name: police, Etag: cur.GetEtag()}); status.Code(err) != codes.PermissionDenied {
				t.Fatalf("contributor signing off: %v", err)
			}
			cur, err = c.SubmitSubmission(lead, &submissionv1.SubmitSubmissionRequest{Name: police, Etag: cur.GetEtag()})
			if err != nil || cur.GetState() != submissionv1.SubmissionState_SUBMISSION_STATE_SUBMITTED || cur.GetSubmitPerson() != "people/police-lead" {
				t.Fatalf("submit: %v %v", cur, err)
			}
			if _, err := c.SaveAnswers(lead, &submissionv1.SaveAnswersRequest{Name: police,
				Answers: []*submissionv1.Answer{{QuestionKey: "s1_lead", Choice: "chief", Version: 1}}}); status.Code(err) != codes.FailedPrecondition {
				t.Fatalf("save after submit: %v", err)
			}

			// QA returns it with a comment on one question: only that one
			// reopens. Executives may not return.
			ret := &submissionv1.ReturnSubmissionRequest{Name: police, Etag: cur.GetEtag(),
				Comments: []*submissionv1.QaComment{{QuestionKey: "s1_evidence", Text: "Which minutes? Give the date."}}}
			if _, err := c.ReturnSubmission(exec, ret); status.Code(err) != codes.PermissionDenied {
				t.Fatalf("executive returning: %v", err)
			}
			cur, err = c.ReturnSubmission(qa, ret)
			if err != nil || cur.GetState() != submissionv1.SubmissionState_SUBMISSION_STATE_RETURNED || !slices.Equal(cur.GetReopenedKeys(), []string{"s1_evidence"}) {
				t.Fatalf("return: %v %v", cur, err)
			}
			_, err = c.SaveAnswers(lead, &submissionv1.SaveAnswersRequest{Name: police, Etag: cur.GetEtag(),
				Answers: []*submissionv1.Answer{{QuestionKey: "s1_lead", Choice: "chief"}}})
			if got := violations(t, err); !slices.Equal(got, []string{"answers[0].question_key"}) {
				t.Fatalf("a question QA did not reopen: %v", got)
			}
			if _, err := c.SaveAnswers(helper, &submissionv1.SaveAnswersRequest{Name: police, Etag: cur.GetEtag(),
				Answers: []*submissionv1.Answer{{QuestionKey: "s1_evidence", Text: "Board minutes, 3 March"}}}); err != nil {
				t.Fatal(err)
			}
			cur, _ = c.GetSubmission(lead, &submissionv1.GetSubmissionRequest{Name: police})
			if cur, err = c.SubmitSubmission(lead, &submissionv1.SubmitSubmissionRequest{Name: police, Etag: cur.GetEtag()}); err != nil {
				t.Fatal(err)
			}
			if cur, err = c.AcceptSubmission(qa, &submissionv1.AcceptSubmissionRequest{Name: police, Etag: cur.GetEtag()}); err != nil ||
				cur.GetState() != submissionv1.SubmissionState_SUBMISSION_STATE_ACCEPTED || cur.GetAcceptPerson() != "people/qa" {
				t.Fatalf("accept: %v %v", cur, err)
			}

			// Actions: a due date before today is refused; updates keep a
			// trail and stay possible after the campaign closes.
			_, err = c.CreateAction(lead, &submissionv1.CreateActionRequest{Parent: police, Action: &submissionv1.PlanAction{
				QuestionKey: "s1_rating", Title: "Refresh training", Owner: "Head of safeguarding", DueDate: "2026-08-01"}})
			if got := violations(t, err); !slices.Equal(got, []string{"action.due_date"}) {
				t.Fatalf("past due date: %v", got)
			}
			act, err := c.CreateAction(lead, &submissionv1.CreateActionRequest{Parent: police, Action: &submissionv1.PlanAction{
				QuestionKey: "s1_rating", Title: "Refresh training", Owner: "Head of safeguarding", DueDate: "2026-10-05"}})
			if err != nil || act.GetSection() != "S1" || act.GetStatus() != submissionv1.ActionStatus_ACTION_STATUS_NOT_STARTED {
				t.Fatalf("create action: %v %v", act, err)
			}

			// The due date moves (an event), organisations join later, the
			// hub's calendar shows the campaign, and the campaign closes.
			cp, _ = c.GetCampaign(admin, &submissionv1.GetCampaignRequest{Name: cp.GetName()})
			moved := due.Add(7 * 24 * time.Hour)
			cp, err = c.UpdateCampaign(admin, &submissionv1.UpdateCampaignRequest{Campaign: &submissionv1.Campaign{Name: cp.GetName(),
				Etag: cp.GetEtag(), DueTime: timestamppb.New(moved)}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"due_time"}}})
			if err != nil || !cp.GetDueTime().AsTime().Equal(moved) {
				t.Fatalf("move due date: %v %v", cp, err)
			}
			if _, err := c.UpdateCampaign(admin, &submissionv1.UpdateCampaignRequest{Campaign: &submissionv1.Campaign{Name: cp.GetName(),
				Etag: cp.GetEtag(), TemplateVersion: version}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"template_version"}}}); status.Code(err) != codes.InvalidArgument {
				t.Fatalf("template of a launched campaign: %v", err)
			}
			other, err := c.CreateCampaign(admin, &submissionv1.CreateCampaignRequest{Parent: "partnerships/north", CampaignId: "schools",
				Campaign: &submissionv1.Campaign{DisplayName: "Section 175", TemplateVersion: version, Organisations: []string{"organisations/school"},
					DueTime: timestamppb.New(due)}})
			if err != nil {
				t.Fatal(err)
			}
			if other, err = c.AddCampaignOrganisations(admin, &submissionv1.AddCampaignOrganisationsRequest{Name: other.GetName(),
				Organisations: []string{"organisations/academy"}}); err != nil || len(other.GetOrganisations()) != 2 {
				t.Fatalf("add to a draft: %v %v", other, err)
			}
			if _, err := c.LaunchCampaign(admin, &submissionv1.LaunchCampaignRequest{Name: other.GetName()}); err != nil {
				t.Fatal(err)
			}
			cal, err := c.ListCampaignCalendar(southAdmin, &submissionv1.ListCampaignCalendarRequest{Hub: "hubs/h1"})
			if err != nil || len(cal.GetEntries()) != 2 || len(cal.GetClashes()) != 1 || cal.GetClashes()[0].GetSharedOrganisationCount() != 2 {
				t.Fatalf("calendar: %v %v", cal, err)
			}
			if _, err := c.ListCampaignCalendar(eastAdmin, &submissionv1.ListCampaignCalendarRequest{Hub: "hubs/h1"}); status.Code(err) != codes.NotFound {
				t.Fatalf("another hub's calendar: %v", err)
			}
			if cp, err = c.CloseCampaign(admin, &submissionv1.CloseCampaignRequest{Name: cp.GetName()}); err != nil ||
				cp.GetState() != submissionv1.CampaignState_CAMPAIGN_STATE_CLOSED {
				t.Fatalf("close: %v %v", cp, err)
			}
			schoolSub, _ := c.GetSubmission(school, &submissionv1.GetSubmissionRequest{Name: cp.GetName() + "/submissions/school"})
			if schoolSub.GetOverdue() || schoolSub.GetState() != submissionv1.SubmissionState_SUBMISSION_STATE_NOT_STARTED {
				t.Fatalf("school: %v", schoolSub)
			}
			if _, err := c.SaveAnswers(school, &submissionv1.SaveAnswersRequest{Name: schoolSub.GetName(),
				Answers: []*submissionv1.Answer{{QuestionKey: "s1_rating", Grade: "red"}}}); status.Code(err) != codes.FailedPrecondition {
				t.Fatalf("save after close: %v", err)
			}
			act, err = c.UpdateAction(lead, &submissionv1.UpdateActionRequest{Action: &submissionv1.PlanAction{Name: act.GetName(), Etag: act.GetEtag(),
				Status: submissionv1.ActionStatus_ACTION_STATUS_ON_TRACK, ProgressNote: "Half the staff trained"},
				UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"status", "progress_note"}}})
			if err != nil || len(act.GetUpdates()) != 2 || act.GetUpdates()[1].GetNote() != "Half the staff trained" {
				t.Fatalf("update after close: %v %v", act, err)
			}
			// The school's return is overdue once the due date passes.
			clk.Set(moved.Add(time.Hour))
			if s, _ := c.GetSubmission(school, &submissionv1.GetSubmissionRequest{Name: schoolSub.GetName()}); !s.GetOverdue() {
				t.Fatalf("overdue: %v", s)
			}
			if act, _ = c.GetAction(qa, &submissionv1.GetActionRequest{Name: act.GetName()}); !act.GetOverdue() {
				t.Fatalf("action overdue: %v", act)
			}

			// The next cycle on version 2 starts from the police's answers
			// where the lineage carries them.
			clk.Set(moved.Add(2 * time.Hour))
			next, err := c.CreateCampaign(admin, &submissionv1.CreateCampaignRequest{Parent: "partnerships/north", CampaignId: "pan-2027",
				Campaign: &submissionv1.Campaign{DisplayName: "Pan-area Section 11 2027", TemplateVersion: "partnerships/north/templates/s11/versions/2",
					Organisations: []string{"organisations/police"}, DueTime: timestamppb.New(moved.Add(60 * 24 * time.Hour)),
					SourceCampaign: cp.GetName()}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.LaunchCampaign(admin, &submissionv1.LaunchCampaignRequest{Name: next.GetName()}); err != nil {
				t.Fatal(err)
			}
			carried, err := c.GetSubmission(lead, &submissionv1.GetSubmissionRequest{Name: next.GetName() + "/submissions/police"})
			if err != nil {
				t.Fatal(err)
			}
			var keys []string
			for _, a := range carried.GetAnswers() {
				if !a.GetBroughtForward() {
					t.Fatalf("not marked brought forward: %v", a)
				}
				keys = append(keys, a.GetQuestionKey())
			}
			// Renamed and same carry; merged, changed type and questions the
			// lineage does not name do not.
			if !slices.Equal(keys, []string{"s1_leadership", "s1_policy"}) || answerOf(carried, "s1_leadership").GetGrade() != "green" {
				t.Fatalf("carried %v", keys)
			}
			// Confirming an answer clears the mark.
			r, err = c.SaveAnswers(lead, &submissionv1.SaveAnswersRequest{Name: carried.GetName(), Answers: []*submissionv1.Answer{
				{QuestionKey: "s1_policy", YesNo: "no", Version: 1}}})
			if err != nil || r.GetAnswers()[0].GetBroughtForward() || r.GetAnswers()[0].GetVersion() != 2 {
				t.Fatalf("confirm: %v %v", r, err)
			}

			// Every change was an event.
			mine, err := c.ListMySubmissions(lead, &submissionv1.ListMySubmissionsRequest{})
			if err != nil || len(mine.GetSubmissions()) != 2 || mine.GetSubmissions()[0].GetName() != carried.GetName() {
				t.Fatalf("my submissions: %v %v", mine, err)
			}
			want := []string{"CampaignUpdated", "SubmissionReturned", "SubmissionAccepted", "ActionChanged", "EvidenceUploaded", "CampaignClosed", "CampaignOrganisationsAdded"}
			seen := map[string]bool{}
			for _, typ := range testinfra.Types(events.Wait(t, 22)) {
				seen[typ] = true
			}
			for _, w := range want {
				if !seen["assure.submission.v1."+w] {
					t.Errorf("no %s event among %v", w, seen)
				}
			}
		})
	}
}
