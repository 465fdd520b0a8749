package reminder_test

import (
	"context"
	"io"
	"mime/quotedprintable"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/cache"
	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/mail"
	"github.com/assure-audit/assure/pkg/testinfra"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	"github.com/assure-audit/assure/services/reminder"
)

// TestRiskAlerts: a flag of a child at immediate risk on a case reaches the
// police's safeguarding contact and north's admin at once, on a Sunday
// night, once each however often its event arrives; raised again, it
// reaches them again; the flag's text is not in the message (the event
// does not carry it).
func TestRiskAlerts(t *testing.T) {
	for _, in := range testinfra.Infras(t, "reminder") {
		t.Run(in.Name, func(t *testing.T) {
			sink := testinfra.StartSMTPSink(t)
			host, port := sink.HostPort()
			sender, err := mail.NewSMTP(mail.SMTPConfig{Host: host, Port: port, Security: "none", Timeout: 10 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			clk := &clock{now: london("2026-09-06 23:30")} // a Sunday night, outside the sending window
			testinfra.StartService(t, func(ctx context.Context) (*reminder.Service, error) {
				return reminder.New(ctx, reminder.Config{TickInterval: 20 * time.Millisecond, SignInURL: "https://assure.example/signin"},
					reminder.Deps{DB: in.DB, Bus: in.Bus, Logger: logging.Discard(), Leases: cache.NewMemory(), Mail: sender, Now: clk.Now})
			})
			testinfra.Publish(t, in.Bus, "directory", "organisation.created", &directoryv1.OrganisationCreated{
				Organisation: &directoryv1.Organisation{Name: "organisations/police", DisplayName: "Northshire Police"}})
			for id, email := range map[string]string{"pat": "pat@police.example", "sid": "sid@police.example", "ada": "ada@north.example"} {
				testinfra.Publish(t, in.Bus, "directory", "person.created", person(id, email))
			}
			for _, m := range []*directoryv1.MembershipCreated{
				membership("pat", directoryv1.Role_ROLE_ORGANISATION_LEAD, "organisations/police"),
				membership("sid", directoryv1.Role_ROLE_SENIOR_CONTACT, "organisations/police"),
				membership("ada", directoryv1.Role_ROLE_PARTNERSHIP_ADMIN, "partnerships/north"),
			} {
				testinfra.Publish(t, in.Bus, "directory", "membership.created", m)
			}
			flag := &caseauditv1.RiskFlag{Name: "partnerships/north/rounds/neglect/riskFlags/f1", CaseReference: "CASE-1",
				Agency: "organisations/police", Kind: caseauditv1.RiskKind_RISK_KIND_CHILD_AT_RISK, Sends: 1}
			// The directory's events may still be on their way: the flag
			// is published once they are in, then twice more.
			time.Sleep(300 * time.Millisecond)
			for range 3 {
				testinfra.Publish(t, in.Bus, "caseaudit", "risk.flagged", &caseauditv1.RiskFlagged{Flag: flag})
			}
			var mails []testinfra.Mail
			testinfra.Eventually(t, 10*time.Second, "two alerts", func() bool { mails = sink.Mails(); return len(mails) >= 2 })
			time.Sleep(200 * time.Millisecond)
			mails = sink.Mails()
			var to []string
			for _, m := range mails {
				to = append(to, strings.Join(m.To, ","))
				body, _ := io.ReadAll(quotedprintable.NewReader(strings.NewReader(m.Body)))
				if !strings.Contains(m.Subject, "Immediate risk flagged on case CASE-1: Northshire Police") ||
					!strings.Contains(string(body), "a child at immediate risk on case CASE-1") || !strings.Contains(string(body), flag.GetName()) {
					t.Fatalf("alert %q: %s", m.Subject, body)
				}
			}
			slices.Sort(to)
			if strings.Join(to, " ") != "ada@north.example sid@police.example" {
				t.Fatalf("alerts to %v (the lead is told only when there is no safeguarding contact)", to)
			}
			flag.Sends = 2
			testinfra.Publish(t, in.Bus, "caseaudit", "risk.flagged", &caseauditv1.RiskFlagged{Flag: flag})
			testinfra.Eventually(t, 10*time.Second, "the alerts raised again", func() bool { return len(sink.Mails()) == 4 })
			if last := sink.Mails()[3]; !strings.Contains(last.Subject, "Still not acknowledged (2)") {
				t.Fatalf("raised again: %q", last.Subject)
			}
		})
	}
}
