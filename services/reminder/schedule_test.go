package reminder_test

import (
	"context"
	"io"
	"mime/quotedprintable"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/cache"
	"github.com/assure-audit/assure/pkg/grpcserver"
	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/mail"
	"github.com/assure-audit/assure/pkg/testinfra"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	reminderv1 "github.com/assure-audit/assure/proto/gen/assure/reminder/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	"github.com/assure-audit/assure/services/reminder"
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
func london(s string) time.Time {
	loc, _ := time.LoadLocation("Europe/London")
	t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		panic(err)
	}
	return t
}

// principals and as are testinfra's, named short for the many calls.
type principals = testinfra.Principals

var as = testinfra.As

var staff = principals{
	"north-admin": {PersonID: "north-admin", Memberships: []authz.Membership{{Role: authz.PartnershipAdmin, Partnership: "north"}}},
	"north-qa":    {PersonID: "north-qa", Memberships: []authz.Membership{{Role: authz.QAOfficer, Partnership: "north"}}},
	"south-admin": {PersonID: "south-admin", Memberships: []authz.Membership{{Role: authz.PartnershipAdmin, Partnership: "south"}}},
}

func person(id, email string) *directoryv1.PersonCreated {
	return &directoryv1.PersonCreated{Person: &directoryv1.Person{Name: "people/" + id, Email: email, DisplayName: strings.ToUpper(id[:1]) + id[1:], Active: true}}
}

func membership(person string, role directoryv1.Role, scope string) *directoryv1.MembershipCreated {
	m := &directoryv1.Membership{Name: "people/" + person + "/memberships/" + person + "-" + role.String(), Role: role}
	if strings.HasPrefix(scope, "organisations/") {
		m.Scope = &directoryv1.Membership_Organisation{Organisation: scope}
	} else {
		m.Scope = &directoryv1.Membership_Partnership{Partnership: scope}
	}
	return &directoryv1.MembershipCreated{Membership: m}
}

// mailsTo returns the messages to one address.
func mailsTo(sink *testinfra.SMTPSink, email string) []testinfra.Mail {
	var out []testinfra.Mail
	for _, m := range sink.Mails() {
		if slices.Contains(m.To, email) {
			out = append(out, m)
		}
	}
	return out
}

// TestSchedule runs reminders end to end against a real SMTP server: the
// opening digest of a person who owes returns in two partnerships, the
// reminders before the due date across bank holidays, cancelling on
// submit, the escalation ladder with the executive summary, a temporary
// mail failure retried, chasing now, previews and the delivery history.
func TestSchedule(t *testing.T) {
	for _, in := range testinfra.Infras(t, "reminder") {
		t.Run(in.Name, func(t *testing.T) {
			sink := testinfra.StartSMTPSink(t)
			host, port := sink.HostPort()
			sender, err := mail.NewSMTP(mail.SMTPConfig{Host: host, Port: port, Security: "none", Timeout: 10 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			clk := &clock{now: london("2026-09-07 07:00")}
			conn := testinfra.StartServiceWith(t, func(ctx context.Context) (*reminder.Service, error) {
				return reminder.New(ctx, reminder.Config{TickInterval: 20 * time.Millisecond, SignInURL: "https://assure.example/signin"},
					reminder.Deps{DB: in.DB, Bus: in.Bus, Logger: logging.Discard(), Leases: cache.NewMemory(), Mail: sender, Now: clk.Now})
			}, func(s *reminder.Service) grpcserver.Options {
				return grpcserver.Options{Guard: &authz.Guard{Table: authz.Merge(authz.Infrastructure, s.AccessTable()), Auth: staff,
					Log: authz.SlogAccessLog{Logger: logging.Discard()}}}
			})
			c := reminderv1.NewReminderServiceClient(conn)
			delivered := testinfra.CollectEvents(t, in.Bus, "reminder")

			for _, p := range []*directoryv1.PartnershipCreated{
				{Partnership: &directoryv1.Partnership{Name: "partnerships/north", DisplayName: "Northshire Safeguarding Children Partnership"}},
				{Partnership: &directoryv1.Partnership{Name: "partnerships/south", DisplayName: "Southshire Partnership"}},
			} {
				testinfra.Publish(t, in.Bus, "directory", "partnership.created", p)
			}
			for _, o := range []string{"police", "school"} {
				testinfra.Publish(t, in.Bus, "directory", "organisation.created", &directoryv1.OrganisationCreated{
					Organisation: &directoryv1.Organisation{Name: "organisations/" + o, DisplayName: strings.ToUpper(o[:1]) + o[1:]}})
			}
			people := map[string]string{"pat": "pat@police.example", "sam": "sam@school.example", "sid": "sid@police.example",
				"ada": "ada@north.example", "eve": "eve@north.example", "old": "old@school.example"}
			sink.Refuse(people["old"]) // an address that no longer exists
			for id, email := range people {
				testinfra.Publish(t, in.Bus, "directory", "person.created", person(id, email))
			}
			for _, m := range []*directoryv1.MembershipCreated{
				membership("pat", directoryv1.Role_ROLE_ORGANISATION_LEAD, "organisations/police"),
				membership("sam", directoryv1.Role_ROLE_ORGANISATION_LEAD, "organisations/school"),
				membership("old", directoryv1.Role_ROLE_ORGANISATION_LEAD, "organisations/school"),
				membership("sid", directoryv1.Role_ROLE_SENIOR_CONTACT, "organisations/police"),
				membership("ada", directoryv1.Role_ROLE_PARTNERSHIP_ADMIN, "partnerships/north"),
				membership("eve", directoryv1.Role_ROLE_EXECUTIVE_VIEWER, "partnerships/north"),
			} {
				testinfra.Publish(t, in.Bus, "directory", "membership.created", m)
			}

			// Two campaigns open on Monday 7 September 2026 at 10:30: the
			// police owe a return to each, in two partnerships.
			open := london("2026-09-07 10:30")
			due := london("2027-01-05 17:00") // the Tuesday after the Christmas and New Year holidays
			camp := func(name, display string, orgs ...string) *submissionv1.CampaignLaunched {
				m := &submissionv1.CampaignLaunched{Campaign: &submissionv1.Campaign{Name: name, DisplayName: display,
					State: submissionv1.CampaignState_CAMPAIGN_STATE_OPEN, OpenTime: timestamppb.New(open), DueTime: timestamppb.New(due),
					AllowLate: true, Partnerships: []string{"partnerships/" + strings.Split(name, "/")[1]}}}
				m.Submissions = launchedSubmissions(name, orgs...)
				return m
			}
			north, south := "partnerships/north/campaigns/s11", "partnerships/south/campaigns/s11"
			testinfra.Publish(t, in.Bus, "submission", "campaign.launched", camp(north, "Section 11 audit 2026", "police", "school"))
			testinfra.Publish(t, in.Bus, "submission", "campaign.launched", camp(south, "Southshire Section 11", "police"))
			testinfra.Eventually(t, 5*time.Second, "campaigns known", func() bool {
				r, err := c.ListOutstandingSubmissions(as("north-admin"), &reminderv1.ListOutstandingSubmissionsRequest{Campaign: north})
				r2, err2 := c.ListOutstandingSubmissions(as("south-admin"), &reminderv1.ListOutstandingSubmissionsRequest{Campaign: south})
				return err == nil && err2 == nil && len(r.GetSubmissions()) == 2 && len(r2.GetSubmissions()) == 1
			})
			// Nothing before the campaigns open.
			time.Sleep(100 * time.Millisecond)
			if n := len(sink.Mails()); n != 0 {
				t.Fatalf("%d messages before opening", n)
			}

			// The preview shows who will be reminded, when and with what.
			preview, err := c.PreviewReminders(as("north-qa"), &reminderv1.PreviewRemindersRequest{Campaign: north,
				UntilTime: timestamppb.New(london("2026-12-31 00:00"))})
			if err != nil || len(preview.GetReminders()) < 2 || preview.GetReminders()[0].GetKind() != "opening" ||
				!preview.GetReminders()[0].GetSendTime().AsTime().Equal(open) {
				t.Fatalf("preview: %v %v", preview, err)
			}
			var previewed bool
			for _, r := range preview.GetReminders() {
				if r.GetKind() == "before_due" && r.GetOrganisation() == "organisations/police" && slices.Equal(r.GetRecipients(), []string{people["pat"]}) &&
					strings.Contains(r.GetText(), "Section 11 audit 2026") {
					previewed = true
				}
			}
			if !previewed {
				t.Fatalf("preview lacks the police's reminder before the due date: %v", preview)
			}

			// At opening, one digest to Pat listing both returns, one to Sam.
			clk.Set(open)
			testinfra.Eventually(t, 10*time.Second, "opening messages", func() bool { return len(sink.Mails()) == 2 })
			// The dead address is refused for good: recorded as failed, with
			// the server's reason, and not tried again.
			var dead *reminderv1.Delivery
			testinfra.Eventually(t, 10*time.Second, "refused delivery recorded", func() bool {
				r, err := c.ListDeliveries(as("north-qa"), &reminderv1.ListDeliveriesRequest{Campaign: north, Submission: north + "/submissions/school"})
				for _, d := range r.GetDeliveries() {
					if d.GetRecipient() == people["old"] && d.GetState() == reminderv1.DeliveryState_DELIVERY_STATE_FAILED {
						dead = d
					}
				}
				return err == nil && dead != nil
			})
			if !strings.Contains(dead.GetLastError(), "550") || dead.GetAttempts() != 1 {
				t.Fatalf("refused delivery: %v", dead)
			}
			pat := mailsTo(sink, people["pat"])
			if len(pat) != 1 || !strings.Contains(pat[0].Body, "Section 11 audit 2026") || !strings.Contains(pat[0].Body, "Southshire Section 11") {
				t.Fatalf("Pat's digest: %+v", pat)
			}
			// It says the returns opened, and each link signs in and opens
			// the return's page in the web app.
			if !strings.HasPrefix(pat[0].Subject, "Now open: ") || !strings.Contains(pat[0].Body, "has opened") {
				t.Errorf("opening digest reads as a reminder: %q", pat[0].Subject)
			}
			if want := "https://assure.example/signin?next=%2Frespond%2F" + strings.ReplaceAll(north, "/", "%2F") + "%2Fsubmissions%2F"; !strings.Contains(decodeQP(pat[0].Body), want) {
				t.Errorf("Pat's digest lacks a link like %s: %s", want, decodeQP(pat[0].Body))
			}
			// Nothing twice, however often the schedule runs.
			time.Sleep(200 * time.Millisecond)
			if n := len(sink.Mails()); n != 2 {
				t.Fatalf("%d messages after more runs, want 2", n)
			}

			// The school submits; 7 working days before the due date (the
			// Christmas, Boxing Day substitute and New Year holidays
			// skipped) only the police are reminded.
			testinfra.Publish(t, in.Bus, "submission", "submission.submitted", submittedAt(north, "school", london("2026-12-01 10:00")))
			testinfra.Eventually(t, 5*time.Second, "school handed in", func() bool {
				r, err := c.ListOutstandingSubmissions(as("north-admin"), &reminderv1.ListOutstandingSubmissionsRequest{Campaign: north})
				return err == nil && len(r.GetSubmissions()) == 1
			})
			// The police have answered three questions: the reminder says so.
			testinfra.Publish(t, in.Bus, "submission", "answers.saved", &submissionv1.AnswersSaved{Submission: north + "/submissions/police",
				Campaign: north, QuestionKeys: []string{"q1", "q2", "q3"}})
			testinfra.Eventually(t, 5*time.Second, "progress in the preview", func() bool {
				p, err := c.PreviewReminders(as("north-qa"), &reminderv1.PreviewRemindersRequest{Campaign: north,
					UntilTime: timestamppb.New(london("2027-01-05 00:00"))})
				return err == nil && len(p.GetReminders()) > 0 && strings.Contains(p.GetReminders()[0].GetText(), "3 questions answered so far")
			})
			sink.FailNext(1)                    // the mail server is busy once: the message is tried again
			clk.Set(london("2026-12-22 08:00")) // 5 Jan less 7 working days: Tue 22 Dec 2026
			testinfra.Eventually(t, 10*time.Second, "temporary failure recorded", func() bool { return sink.Attempts() == 3 })
			clk.Set(london("2026-12-22 08:02")) // past the first retry's backoff
			testinfra.Eventually(t, 10*time.Second, "7-day reminder after the retry", func() bool { return len(mailsTo(sink, people["pat"])) == 2 })
			if got := mailsTo(sink, people["sam"]); len(got) != 1 {
				t.Fatalf("the school was reminded after submitting: %d messages", len(got))
			}
			if m := mailsTo(sink, people["pat"])[1]; !strings.Contains(m.Body, "3 questions answered so far") {
				t.Fatalf("the reminder does not show progress:\n%s", m.Body)
			}

			// Ten working days overdue the ladder starts with the lead; five
			// more and the senior contact; five more and the partnership's
			// admins, with the executive's summary.
			clk.Set(london("2027-01-19 09:00")) // 5 Jan + 10 working days
			testinfra.Eventually(t, 10*time.Second, "escalation to the lead", func() bool {
				for _, m := range mailsTo(sink, people["pat"]) {
					if strings.Contains(m.Body, "escalat") || strings.Contains(strings.ToLower(m.Subject), "escalat") {
						return true
					}
				}
				return false
			})
			clk.Set(london("2027-01-26 09:00"))
			testinfra.Eventually(t, 10*time.Second, "escalation to the senior contact", func() bool { return len(mailsTo(sink, people["sid"])) == 1 })
			clk.Set(london("2027-02-02 09:00"))
			testinfra.Eventually(t, 10*time.Second, "escalation to the admin and summary to the executive", func() bool {
				return len(mailsTo(sink, people["ada"])) == 1 && len(mailsTo(sink, people["eve"])) == 1
			})
			if len(mailsTo(sink, people["sid"])) != 1 {
				t.Fatal("the senior contact was written to twice")
			}

			// Chasing now sends at once, once per request. What the ladder
			// sent is counted once every delivery it planned has gone.
			var hist *reminderv1.ListDeliveriesResponse
			allSent := func() bool {
				var err error
				hist, err = c.ListDeliveries(as("north-qa"), &reminderv1.ListDeliveriesRequest{Campaign: north, Submission: north + "/submissions/police", PageSize: 100})
				if err != nil {
					return false
				}
				for _, d := range hist.GetDeliveries() {
					if d.GetState() != reminderv1.DeliveryState_DELIVERY_STATE_SENT {
						return false
					}
				}
				return true
			}
			testinfra.Eventually(t, 10*time.Second, "the ladder's deliveries sent", allSent)
			before := len(mailsTo(sink, people["pat"]))
			for i := 0; i < 2; i++ {
				r, err := c.ChaseNow(as("north-admin"), &reminderv1.ChaseNowRequest{Campaign: north, RequestId: "chase-1"})
				if err != nil || (i == 0 && r.GetQueued() != 1) || (i == 1 && r.GetQueued() != 0) {
					t.Fatalf("chase %d: %v %v", i, r, err)
				}
			}
			testinfra.Eventually(t, 10*time.Second, "chased", func() bool { return len(mailsTo(sink, people["pat"])) == before+1 })
			if _, err := c.ChaseNow(as("north-qa"), &reminderv1.ChaseNowRequest{Campaign: north, RequestId: "x"}); status.Code(err) != codes.PermissionDenied {
				t.Fatalf("QA officer chasing: %v", err)
			}
			if _, err := c.ChaseNow(as("south-admin"), &reminderv1.ChaseNowRequest{Campaign: north, RequestId: "x"}); status.Code(err) != codes.NotFound {
				t.Fatalf("another partnership chasing: %v", err)
			}

			// The history per submission, each message once, every delivery
			// an event.
			// Every delivery is recorded sent once its message went (the
			// record follows the server's answer by a moment).
			testinfra.Eventually(t, 10*time.Second, "deliveries recorded sent", allSent)
			ids := map[string]bool{}
			for _, d := range hist.GetDeliveries() {
				if d.GetState() != reminderv1.DeliveryState_DELIVERY_STATE_SENT || d.GetMessageId() == "" || d.GetSubject() == "" {
					t.Fatalf("delivery %v", d)
				}
				ids[d.GetRecipient()+" "+d.GetReminder()] = true
			}
			if len(ids) != len(hist.GetDeliveries()) {
				t.Fatal("a reminder went to someone twice")
			}
			seen := map[string]bool{}
			for _, m := range sink.Mails() {
				if seen[m.MessageID] {
					t.Fatalf("message %s delivered twice", m.MessageID)
				}
				seen[m.MessageID] = true
			}
			if evs := delivered.Wait(t, len(hist.GetDeliveries())); len(evs) < len(hist.GetDeliveries()) {
				t.Fatalf("%d delivery events", len(evs))
			}

			// Sent back for revision, the school's return is chased again:
			// the latest reminder goes, not every one it missed.
			samBefore := len(mailsTo(sink, people["sam"]))
			testinfra.Publish(t, in.Bus, "submission", "submission.returned", returned(north, "school", london("2027-02-02 10:00")))
			clk.Set(london("2027-02-09 09:00")) // 5 Jan + 25 working days: the fifth overdue reminder
			testinfra.Eventually(t, 10*time.Second, "returned submission chased", func() bool {
				return len(mailsTo(sink, people["sam"])) == samBefore+1
			})
			// Everything planned so far has gone.
			nothingPending := func() bool {
				r, err := c.ListDeliveries(as("north-qa"), &reminderv1.ListDeliveriesRequest{Campaign: north, PageSize: 1000})
				if err != nil {
					return false
				}
				for _, d := range r.GetDeliveries() {
					if d.GetState() == reminderv1.DeliveryState_DELIVERY_STATE_PENDING {
						return false
					}
				}
				return true
			}
			testinfra.Eventually(t, 10*time.Second, "nothing pending", nothingPending)
			// Closed, the campaign is chased no more.
			closed := &submissionv1.CampaignClosed{Campaign: &submissionv1.Campaign{Name: north, DisplayName: "Section 11 audit 2026",
				State: submissionv1.CampaignState_CAMPAIGN_STATE_CLOSED, DueTime: timestamppb.New(due), AllowLate: true,
				Partnerships: []string{"partnerships/north"}}}
			testinfra.Publish(t, in.Bus, "submission", "campaign.closed", closed)
			testinfra.Eventually(t, 5*time.Second, "campaign closed", func() bool {
				r, err := c.ListOutstandingSubmissions(as("north-admin"), &reminderv1.ListOutstandingSubmissionsRequest{Campaign: north})
				return err == nil && len(r.GetSubmissions()) == 0
			})
			// A message the scheduler planned before the close may still
			// have been on its way: count the mails once it has gone.
			testinfra.Eventually(t, 10*time.Second, "nothing pending after the close", nothingPending)
			time.Sleep(100 * time.Millisecond)
			total := len(sink.Mails())
			clk.Set(london("2027-03-09 09:00"))
			time.Sleep(300 * time.Millisecond)
			for _, m := range sink.Mails()[total:] {
				if strings.Contains(m.Body, "Section 11 audit 2026") {
					t.Fatalf("a closed campaign was chased: %s", m.Subject)
				}
			}

			// The policy is editable, with the etag; a broken template is
			// refused naming the field.
			pol, err := c.GetReminderPolicy(as("north-qa"), &reminderv1.GetReminderPolicyRequest{Name: north + "/reminderPolicy"})
			if err != nil || !slices.Equal(pol.GetBeforeDueWorkingDays(), []int32{14, 7, 1}) || pol.GetSendingWindow() != "08:00-18:00" {
				t.Fatalf("default policy: %v %v", pol, err)
			}
			_, err = c.UpdateReminderPolicy(as("north-admin"), &reminderv1.UpdateReminderPolicyRequest{
				Policy:     &reminderv1.ReminderPolicy{Name: pol.GetName(), Etag: pol.GetEtag(), SubjectTemplate: "{{.Nope"},
				UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"subject_template"}}})
			if status.Code(err) != codes.InvalidArgument {
				t.Fatalf("broken template: %v", err)
			}
			pol, err = c.UpdateReminderPolicy(as("north-admin"), &reminderv1.UpdateReminderPolicyRequest{
				Policy:     &reminderv1.ReminderPolicy{Name: pol.GetName(), Etag: pol.GetEtag(), BeforeDueWorkingDays: []int32{10, 3}, SendingWindow: "09:00-17:00"},
				UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"beforeDueWorkingDays", "sendingWindow"}}})
			if err != nil || !slices.Equal(pol.GetBeforeDueWorkingDays(), []int32{10, 3}) || pol.GetEtag() != "1" {
				t.Fatalf("update policy: %v %v", pol, err)
			}
			if _, err := c.UpdateReminderPolicy(as("north-admin"), &reminderv1.UpdateReminderPolicyRequest{
				Policy:     &reminderv1.ReminderPolicy{Name: pol.GetName(), Etag: "0", OnDue: false},
				UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"on_due"}}}); status.Code(err) != codes.Aborted {
				t.Fatalf("stale etag: %v", err)
			}
		})
	}
}

// decodeQP undoes the quoted-printable encoding of a message body's parts.
func decodeQP(body string) string {
	b, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(body)))
	if err != nil {
		return body
	}
	return string(b)
}
