package caseaudit_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/testinfra"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"github.com/assure-audit/assure/services/caseaudit"
)

// caseTemplateVersion is a case-audit template as today's tools have it:
// per domain a grade, whether it was evidenced, and good practice.
func caseTemplateVersion() *templatev1.TemplateVersionPublished {
	return &templatev1.TemplateVersionPublished{Version: &templatev1.TemplateVersion{
		Name: "partnerships/north/templates/mcfa/versions/1", Version: 1,
		Template: &templatev1.Template{Name: "partnerships/north/templates/mcfa", DisplayName: "Multi-agency case file audit",
			Sections: []*templatev1.Section{{Code: "D1", Title: "Early help", Questions: []*templatev1.Question{
				{Key: "d1_grade", Text: "Grade", Required: true, Type: &templatev1.Question_Rating{Rating: &templatev1.RatingScale{
					Moderated: true, Grades: []*templatev1.Grade{{Value: "good", Label: "Good", Score: 3},
						{Value: "ri", Label: "Requires improvement", Score: 2}, {Value: "inadequate", Label: "Inadequate", Score: 1}}}}},
				{Key: "d1_evidenced", Text: "Was it evidenced?", Required: true, Type: &templatev1.Question_YesNo{YesNo: &templatev1.YesNoType{}}},
				{Key: "d1_good_practice", Text: "Good practice", Type: &templatev1.Question_TextAnswer{TextAnswer: &templatev1.TextType{Multiline: true}}},
			}}}}}}
}

// TestCaseReturns: the police's accepted auditor writes its return on the
// case against the round's template as it goes (a grade not on the scale
// refused), hands it in once everything required is there, QA sends it
// back with a comment, it is revised and handed in again, and QA accepts
// it. Nobody else writes it; its events carry no answers.
func TestCaseReturns(t *testing.T) {
	people := principals{
		"admin": {PersonID: "admin", Memberships: []authz.Membership{{Role: authz.PartnershipAdmin, Partnership: "north"}}},
		"aud":   {PersonID: "aud"},
		"aud-h": {PersonID: "aud-h"},
	}
	for _, in := range testinfra.Infras(t, "caseaudit") {
		t.Run(in.Name, func(t *testing.T) {
			testinfra.Publish(t, in.Bus, "template", "version.published", caseTemplateVersion())
			c := guarded(t, in, people, caseaudit.Config{}, caseaudit.Deps{Logger: logging.Discard()})
			events := testinfra.CollectEvents(t, in.Bus, caseaudit.Name)
			r, err := c.CreateRound(as("admin"), &caseauditv1.CreateRoundRequest{Parent: "partnerships/north", RoundId: "neglect",
				Round: &caseauditv1.Round{Theme: "Neglect", TemplateVersion: "partnerships/north/templates/mcfa/versions/1", Chair: "people/admin",
					ReturnsDueTime: timestamppb.New(time.Now().Add(30 * 24 * time.Hour)),
					ModerationTime: timestamppb.New(time.Now().Add(40 * 24 * time.Hour)),
					Cases:          []*caseauditv1.Case{{Reference: "CASE-1", Agencies: []string{"organisations/police", "organisations/health"}}}}})
			if err != nil {
				t.Fatal(err)
			}
			for agency, aud := range map[string]string{"police": "aud", "health": "aud-h"} {
				if _, err := c.AssignAuditor(as("admin"), &caseauditv1.AssignAuditorRequest{Name: r.GetName(), CaseReference: "CASE-1",
					Agency: "organisations/" + agency, Auditor: "people/" + aud}); err != nil {
					t.Fatal(err)
				}
				if _, err := c.AcceptAssignment(as(aud), &caseauditv1.AcceptAssignmentRequest{Name: r.GetName(), CaseReference: "CASE-1",
					Agency: "organisations/" + agency, Declaration: &caseauditv1.Declaration{}}); err != nil {
					t.Fatal(err)
				}
			}
			opened, err := c.AdvanceRound(as("admin"), &caseauditv1.AdvanceRoundRequest{Name: r.GetName(), Etag: r.GetEtag(),
				State: caseauditv1.RoundState_ROUND_STATE_RETURNS_OPEN})
			if err != nil {
				t.Fatal(err)
			}
			save := func(who, etag string, answers ...*submissionv1.Answer) (*caseauditv1.CaseReturn, error) {
				return c.SaveCaseReturn(as(who), &caseauditv1.SaveCaseReturnRequest{Name: r.GetName(), CaseReference: "CASE-1",
					Agency: "organisations/police", Etag: etag, Answers: answers})
			}
			var first *caseauditv1.CaseReturn
			testinfra.Eventually(t, 10*time.Second, "the template's form", func() bool {
				first, err = save("aud", "0", &submissionv1.Answer{QuestionKey: "d1_grade", Grade: "ri", Text: marker})
				return status.Code(err) != codes.Unavailable
			})
			if err != nil || first.GetState() != caseauditv1.CaseReturnState_CASE_RETURN_STATE_DRAFT || first.GetEtag() != "1" {
				t.Fatalf("first save: %v %v", first, err)
			}
			if _, err := save("aud", "1", &submissionv1.Answer{QuestionKey: "d1_grade", Grade: "excellent"}); status.Code(err) != codes.InvalidArgument {
				t.Fatalf("a grade not on the scale: %v", err)
			}
			if _, err := save("aud-h", "1"); status.Code(err) != codes.NotFound {
				t.Fatalf("health's auditor writing the police's return: %v", err)
			}
			submit := func(etag string) (*caseauditv1.CaseReturn, error) {
				return c.SubmitCaseReturn(as("aud"), &caseauditv1.SubmitCaseReturnRequest{Name: r.GetName(), CaseReference: "CASE-1",
					Agency: "organisations/police", Etag: etag})
			}
			if _, err := submit("1"); status.Code(err) != codes.InvalidArgument || !strings.Contains(err.Error(), "d1_evidenced") {
				t.Fatalf("handing in without d1_evidenced: %v", err)
			}
			second, err := save("aud", "1", &submissionv1.Answer{QuestionKey: "d1_evidenced", YesNo: "yes"})
			if err != nil || len(second.GetAnswers()) != 2 {
				t.Fatalf("second save: %v %v", second, err)
			}
			handed, err := submit(second.GetEtag())
			if err != nil || handed.GetState() != caseauditv1.CaseReturnState_CASE_RETURN_STATE_SUBMITTED {
				t.Fatalf("submit: %v %v", handed, err)
			}
			review := func(etag string, accept bool, comment string) (*caseauditv1.CaseReturn, error) {
				return c.ReviewCaseReturn(as("admin"), &caseauditv1.ReviewCaseReturnRequest{Name: r.GetName(), CaseReference: "CASE-1",
					Agency: "organisations/police", Etag: etag, Accept: accept, Comment: comment})
			}
			back, err := review(handed.GetEtag(), false, "Say what evidence there was")
			if err != nil || back.GetState() != caseauditv1.CaseReturnState_CASE_RETURN_STATE_RETURNED || back.GetQaComment() != "Say what evidence there was" {
				t.Fatalf("sent back: %v %v", back, err)
			}
			revised, err := save("aud", back.GetEtag(), &submissionv1.Answer{QuestionKey: "d1_good_practice", Text: "Prompt referral"})
			if err != nil {
				t.Fatal(err)
			}
			if handed, err = submit(revised.GetEtag()); err != nil {
				t.Fatal(err)
			}
			accepted, err := review(handed.GetEtag(), true, "")
			if err != nil || accepted.GetState() != caseauditv1.CaseReturnState_CASE_RETURN_STATE_ACCEPTED || accepted.GetReviewedBy() != "people/admin" {
				t.Fatalf("accept: %v %v", accepted, err)
			}
			list, err := c.ListCaseReturns(as("admin"), &caseauditv1.ListCaseReturnsRequest{Parent: r.GetName()})
			if err != nil || len(list.GetReturns()) != 1 || len(list.GetReturns()[0].GetAnswers()) != 3 {
				t.Fatalf("list: %v %v", list, err)
			}
			// Health grades it good; the police's return said requires
			// improvement. The meeting agrees requires improvement, health
			// dissenting.
			if _, err := c.SaveCaseReturn(as("aud-h"), &caseauditv1.SaveCaseReturnRequest{Name: r.GetName(), CaseReference: "CASE-1",
				Agency: "organisations/health", Etag: "0", Answers: []*submissionv1.Answer{{QuestionKey: "d1_grade", Grade: "good"}}}); err != nil {
				t.Fatal(err)
			}
			moderation := &caseauditv1.SaveCaseModerationRequest{Name: r.GetName(), CaseReference: "CASE-1", Etag: "0",
				Domains: []*caseauditv1.DomainModeration{{Key: "d1_grade", AgreedGrade: "ri", Notes: "Evidence thin",
					Dissent: []*caseauditv1.AgencyDissent{{Agency: "organisations/health", Note: "We saw it as good"}}}}}
			if _, err := c.SaveCaseModeration(as("admin"), moderation); status.Code(err) != codes.FailedPrecondition {
				t.Fatalf("moderating while returns are open: %v", err)
			}
			last := opened
			for _, s := range []caseauditv1.RoundState{caseauditv1.RoundState_ROUND_STATE_QA, caseauditv1.RoundState_ROUND_STATE_MODERATION} {
				if last, err = c.AdvanceRound(as("admin"), &caseauditv1.AdvanceRoundRequest{Name: r.GetName(), Etag: last.GetEtag(), State: s}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := c.SaveCaseModeration(as("aud"), moderation); status.Code(err) != codes.NotFound {
				t.Fatalf("an auditor recording the moderation: %v", err)
			}
			agreed, err := c.SaveCaseModeration(as("admin"), moderation)
			if err != nil || agreed.GetEtag() != "1" {
				t.Fatalf("moderation: %v %v", agreed, err)
			}
			seen, err := c.GetCaseModeration(as("aud"), &caseauditv1.GetCaseModerationRequest{Name: r.GetName(), CaseReference: "CASE-1"})
			if err != nil || len(seen.GetDomains()) != 1 {
				t.Fatalf("the auditor reads the moderation: %v %v", seen, err)
			}
			if !proto.Equal(agreed, seen) {
				t.Fatalf("the save answered %v, a read %v", agreed, seen)
			}
			d := seen.GetDomains()[0]
			var grades []string
			for _, g := range d.GetAgencyGrades() {
				grades = append(grades, g.GetAgency()+"="+g.GetGrade())
			}
			if strings.Join(grades, " ") != "organisations/health=good organisations/police=ri" || d.GetAgreedGrade() != "ri" ||
				d.GetDissent()[0].GetNote() != "We saw it as good" || d.GetText() != "Grade" {
				t.Fatalf("domain %v", d)
			}
			for _, ev := range events.Wait(t, 10) {
				if bytes.Contains(ev.Data, []byte(marker)) || bytes.Contains(ev.Data, []byte("Say what evidence")) {
					t.Fatalf("event %s carries a return's answers or QA's comment", ev.Subject)
				}
			}
		})
	}
}
