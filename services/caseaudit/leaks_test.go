package caseaudit_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/testinfra"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	"github.com/assure-audit/assure/services/caseaudit"
)

// TestNoCaseDetailLeaks plants a marker in every piece of case detail a
// round holds (why a case was sampled, an agency's own identifier, a
// chronology, a return's answers, QA's comment, a risk flag's description
// and its acknowledgement, moderation's dissent and notes), takes the
// round through its stages, and finds the marker in no event and no log
// line: case detail stays in the service, read only by those allowed.
func TestNoCaseDetailLeaks(t *testing.T) {
	people := principals{
		"admin": {PersonID: "admin", Memberships: []authz.Membership{{Role: authz.PartnershipAdmin, Partnership: "north"}}},
		"aud":   {PersonID: "aud"},
		"dsl":   {PersonID: "dsl", Memberships: []authz.Membership{{Role: authz.SeniorContact, Organisation: "police"}}},
	}
	for _, in := range testinfra.Infras(t, "caseaudit") {
		t.Run(in.Name, func(t *testing.T) {
			testinfra.Publish(t, in.Bus, "template", "version.published", caseTemplateVersion())
			logs := &syncBuffer{}
			logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			c := guarded(t, in, people, caseaudit.Config{RiskResendEvery: 20 * time.Millisecond}, caseaudit.Deps{Logger: logger})
			events := testinfra.CollectEvents(t, in.Bus, caseaudit.Name)
			must := func(_ any, err error) {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
			}
			due := time.Now().Add(30 * 24 * time.Hour)
			r, err := c.CreateRound(as("admin"), &caseauditv1.CreateRoundRequest{Parent: "partnerships/north", RoundId: "neglect",
				Round: &caseauditv1.Round{Theme: "Neglect", TemplateVersion: "partnerships/north/templates/mcfa/versions/1", Chair: "people/admin",
					ReturnsDueTime: timestamppb.New(due), ModerationTime: timestamppb.New(due.Add(7 * 24 * time.Hour)), KeyReaders: []string{"people/admin"},
					Cases: []*caseauditv1.Case{{Reference: "CASE-1", Agencies: []string{"organisations/police"}, SamplingNotes: marker + " sampling"}}}})
			if err != nil {
				t.Fatal(err)
			}
			name, police := r.GetName(), "organisations/police"
			must(c.SetCaseKey(as("admin"), &caseauditv1.SetCaseKeyRequest{Name: name, CaseReference: "CASE-1", Agency: police, Identifier: marker}))
			must(c.ReadCaseKeys(as("admin"), &caseauditv1.ReadCaseKeysRequest{Name: name}))
			must(c.AssignAuditor(as("admin"), &caseauditv1.AssignAuditorRequest{Name: name, CaseReference: "CASE-1", Agency: police, Auditor: "people/aud"}))
			must(c.AcceptAssignment(as("aud"), &caseauditv1.AcceptAssignmentRequest{Name: name, CaseReference: "CASE-1", Agency: police,
				Declaration: &caseauditv1.Declaration{Statement: marker + " no link"}}))
			last, err := c.AdvanceRound(as("admin"), &caseauditv1.AdvanceRoundRequest{Name: name, Etag: r.GetEtag(), State: caseauditv1.RoundState_ROUND_STATE_RETURNS_OPEN})
			must(last, err)
			must(c.SaveChronology(as("aud"), &caseauditv1.SaveChronologyRequest{Name: name, CaseReference: "CASE-1", Agency: police, Etag: "0",
				Entries: []*caseauditv1.ChronologyEntry{{Date: "2026-03-02", Event: marker + " event", Significance: marker}}}))
			var saved *caseauditv1.CaseReturn
			testinfra.Eventually(t, 10*time.Second, "the template's form", func() bool {
				saved, err = c.SaveCaseReturn(as("aud"), &caseauditv1.SaveCaseReturnRequest{Name: name, CaseReference: "CASE-1", Agency: police, Etag: "0",
					Answers: []*submissionv1.Answer{{QuestionKey: "d1_grade", Grade: "ri", Text: marker}, {QuestionKey: "d1_evidenced", YesNo: "yes"},
						{QuestionKey: "d1_good_practice", Text: marker}}})
				return err == nil
			})
			handed, err := c.SubmitCaseReturn(as("aud"), &caseauditv1.SubmitCaseReturnRequest{Name: name, CaseReference: "CASE-1", Agency: police, Etag: saved.GetEtag()})
			must(handed, err)
			must(c.ReviewCaseReturn(as("admin"), &caseauditv1.ReviewCaseReturnRequest{Name: name, CaseReference: "CASE-1", Agency: police,
				Etag: handed.GetEtag(), Comment: marker + " revise"}))
			flag, err := c.FlagRisk(as("aud"), &caseauditv1.FlagRiskRequest{Parent: name, CaseReference: "CASE-1", Agency: police,
				Kind: caseauditv1.RiskKind_RISK_KIND_CHILD_AT_RISK, Description: marker + " risk"})
			must(flag, err)
			time.Sleep(100 * time.Millisecond) // raised again meanwhile
			// It is raised again every 20 ms: acknowledge at the latest
			// etag, reading it again when a raising came in between.
			testinfra.Eventually(t, 10*time.Second, "the acknowledgement", func() bool {
				flags, err := c.ListRiskFlags(as("admin"), &caseauditv1.ListRiskFlagsRequest{Parent: name})
				must(flags, err)
				_, err = c.AcknowledgeRisk(as("dsl"), &caseauditv1.AcknowledgeRiskRequest{Name: flag.GetName(), Agency: police,
					Note: marker + " acted", Etag: flags.GetFlags()[0].GetEtag()})
				return err == nil
			})
			for _, s := range []caseauditv1.RoundState{caseauditv1.RoundState_ROUND_STATE_QA, caseauditv1.RoundState_ROUND_STATE_MODERATION} {
				last, err = c.AdvanceRound(as("admin"), &caseauditv1.AdvanceRoundRequest{Name: name, Etag: last.GetEtag(), State: s})
				must(last, err)
			}
			must(c.SaveCaseModeration(as("admin"), &caseauditv1.SaveCaseModerationRequest{Name: name, CaseReference: "CASE-1", Etag: "0",
				Domains: []*caseauditv1.DomainModeration{{Key: "d1_grade", AgreedGrade: "ri", Notes: marker,
					Dissent: []*caseauditv1.AgencyDissent{{Agency: police, Note: marker}}}}}))

			evs := events.Wait(t, 14)
			for _, ev := range evs {
				if bytes.Contains(ev.Data, []byte(marker)) {
					t.Errorf("event %s carries case detail", ev.Subject)
				}
			}
			if i := strings.Index(logs.String(), marker); i >= 0 {
				t.Errorf("the logs carry case detail: …%s…", logs.String()[max(0, i-200):i+len(marker)])
			}
			if len(evs) < 14 {
				t.Fatalf("only %d events: %v", len(evs), testinfra.Types(evs))
			}
		})
	}
}
