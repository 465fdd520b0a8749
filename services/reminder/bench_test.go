package reminder_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/smtp"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/cache"
	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/mail"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/pkg/testinfra"
	"github.com/assure-audit/assure/services/reminder"
)

// BenchmarkDueReminders20000 measures a hub's 20,000 due reminders: 10
// partnerships' campaigns of 2,000 organisations each, every one with its
// own lead, due today. It reports the time from the reminders falling due
// to the last message accepted by an SMTP server on loopback, and the rate
// at which the same server accepts messages from a plain Go client
// (net/smtp, one at a time) in the same run as the ceiling. The read model
// is loaded in bulk (what the directory's and submission service's events
// would have written); the schedule, rendering, the delivery records and
// sending are the service's own. Run with ASSURE_LOAD=1 (make bench).
func BenchmarkDueReminders20000(b *testing.B) {
	if os.Getenv("ASSURE_LOAD") == "" {
		b.Skip("load benchmark: set ASSURE_LOAD=1 (make bench)")
	}
	const partnerships, perCampaign = 10, 2000
	n := partnerships * perCampaign
	if v, err := strconv.Atoi(os.Getenv("ASSURE_LOAD_REMINDERS")); err == nil && v > 0 {
		n = v
	}
	per := n / partnerships
	sink := testinfra.StartSMTPSink(b)
	host, port := sink.HostPort()

	// The ceiling: the same sink, a plain client, one message at a time.
	const baseline = 2000
	start := time.Now()
	for i := 0; i < baseline; i++ {
		msg := fmt.Sprintf("To: x%d@example.org\r\nSubject: test %d\r\nMessage-ID: <b%d@bench>\r\n\r\nHello\r\n", i, i, i)
		if err := smtp.SendMail(sink.Addr, nil, "bench@example.org", []string{fmt.Sprintf("x%d@example.org", i)}, []byte(msg)); err != nil {
			b.Fatal(err)
		}
	}
	raw := float64(baseline) / time.Since(start).Seconds()

	db := testinfra.Databases(b, "reminder")["postgres"]
	bus := testinfra.Bus(b)
	due := london("2027-01-29 17:00") // a Friday
	clk := &clock{now: london("2027-01-28 20:00")}
	sender, err := mail.NewSMTP(mail.SMTPConfig{Host: host, Port: port, Security: "none", Timeout: 30 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	svc, err := reminder.New(ctx, reminder.Config{TickInterval: 100 * time.Millisecond},
		reminder.Deps{DB: db, Bus: bus, Logger: logging.Discard(), Leases: cache.NewMemory(), Mail: sender, Now: clk.Now})
	if err != nil {
		b.Fatal(err)
	}
	if err := loadHub(ctx, db, partnerships, per, due); err != nil {
		b.Fatal(err)
	}
	go func() { _ = svc.Run(ctx) }()
	before := len(sink.Mails())

	// Friday 08:00: the due-date reminders fall due.
	clk.Set(london("2027-01-29 08:00"))
	start = time.Now()
	deadline := start.Add(30 * time.Minute)
	for len(sink.Mails())-before < partnerships*per {
		if time.Now().After(deadline) {
			b.Fatalf("%d of %d messages after 30 minutes", len(sink.Mails())-before, partnerships*per)
		}
		time.Sleep(20 * time.Millisecond)
	}
	took := time.Since(start)
	b.ReportMetric(took.Seconds(), "s-due-to-last-accepted")
	b.ReportMetric(float64(partnerships*per)/took.Seconds(), "messages/s")
	b.ReportMetric(raw, "plain-client-messages/s")
	b.ReportMetric(float64(partnerships*per)/took.Seconds()/raw, "ratio")
	b.ReportMetric(0, "ns/op")
}

// loadHub writes the reminder's read model for a hub in bulk: each
// partnership's campaign, its organisations' outstanding submissions, and
// each organisation's lead.
func loadHub(ctx context.Context, db *store.DB, partnerships, per int, due time.Time) error {
	return db.InTx(ctx, func(tx *sql.Tx) error {
		for p := 0; p < partnerships; p++ {
			pid := fmt.Sprintf("p%02d", p)
			campaign := "partnerships/" + pid + "/campaigns/s175"
			if _, err := tx.ExecContext(ctx, `INSERT INTO reminder_campaigns (name, due_time, due_event_time, state, state_event_time,
				display_name, open_time, partnerships, details_event_time) VALUES ($1, $2, $3, 2, $3, $4, $5, $6, $3)`,
				campaign, due.UTC(), due.AddDate(0, -3, 0).UTC(), "Section 175 audit "+pid, due.AddDate(0, -3, 0).UTC(), `["`+pid+`"]`); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO reminder_names (name, display_name) VALUES ($1, $2)`,
				"partnerships/"+pid, "Partnership "+pid); err != nil {
				return err
			}
			for i := 0; i < per; i += 500 {
				var subs, people, members, names []any
				for j := i; j < min(i+500, per); j++ {
					org := fmt.Sprintf("organisations/%s-school-%05d", pid, j)
					person := fmt.Sprintf("%s-lead-%05d", pid, j)
					subs = append(subs, campaign+"/submissions/"+org[len("organisations/"):], campaign, org)
					people = append(people, person, person+"@schools.example", "Lead "+person)
					members = append(members, person, "organisation_lead", org)
					names = append(names, org, fmt.Sprintf("School %d of %s", j, pid))
				}
				for _, q := range []struct {
					sql   string
					args  []any
					extra string // constant columns after the parameters
				}{
					{`INSERT INTO reminder_submissions (name, campaign, organisation, status) VALUES `, subs, ", 0"},
					{`INSERT INTO reminder_people (id, email, display_name, active) VALUES `, people, ", TRUE"},
					{`INSERT INTO reminder_memberships (person_id, role, scope) VALUES `, members, ""},
					{`INSERT INTO reminder_names (name, display_name) VALUES `, names, ""},
				} {
					width := len(q.args) / min(500, per-i)
					if _, err := tx.ExecContext(ctx, q.sql+rows(len(q.args)/width, width, q.extra), q.args...); err != nil {
						return fmt.Errorf("%s: %w", q.sql, err)
					}
				}
			}
		}
		return nil
	})
}

// rows returns n groups of width placeholders, numbered from $1, each
// followed by extra.
func rows(n, width int, extra string) string {
	out := ""
	for r := 0; r < n; r++ {
		if r > 0 {
			out += ", "
		}
		out += "("
		for c := 0; c < width; c++ {
			if c > 0 {
				out += ", "
			}
			out += fmt.Sprintf("$%d", r*width+c+1)
		}
		out += extra + ")"
	}
	return out
}
