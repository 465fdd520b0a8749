package mail_test

import (
	"strings"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/mail"
)

func TestDefaultTemplatesCheck(t *testing.T) {
	if err := mail.DefaultTemplates().Check(); err != nil {
		t.Fatal(err)
	}
	if err := mail.DefaultTemplates().CheckWith(mail.SampleReminderData()); err != nil {
		t.Fatal(err)
	}
}

func TestDefaultTemplatesRender(t *testing.T) {
	digest := mail.SampleReminderData()
	digest.Items[2].Organisation = `Smith & Sons <b>Ltd</b>`

	escalation := mail.SampleReminderData()
	escalation.Escalation = true
	escalation.RecipientName = "Jo Bloggs"

	single := mail.SampleReminderData()
	single.Items = single.Items[1:2]
	single.Items[0].WorkingDaysLeft = 1
	single.Items[0].Answered = 7

	opening := mail.SampleReminderData()
	opening.Items = opening.Items[1:2]
	opening.Opening = true

	singleOverdue := mail.SampleReminderData()
	singleOverdue.Items = singleOverdue.Items[:1]
	singleOverdue.Escalation = true

	noPartnership := mail.SampleReminderData()
	noPartnership.Partnership = ""

	for _, c := range []struct {
		name       string
		data       mail.ReminderData
		subject    string
		text, html []string // substrings each must contain
		notText    []string
	}{
		{
			name:    "digest",
			data:    digest,
			subject: "Overdue: 3 safeguarding returns for Northshire Safeguarding Children Partnership",
			text: []string{
				"Dear Sam Taylor,",
				"1 of the 3 safeguarding returns below is overdue.",
				"Section 11 audit 2026 – Northshire Community Health",
				"Due: Friday 23 January 2026, 5pm – OVERDUE",
				"12 of 20 required questions answered",
				"Open this return: https://assure.example.org/returns/1",
				"Due: Friday 30 January 2026, 5pm (4 working days left)",
				"20 of 20 required questions answered – ready to submit",
				"Education safeguarding audit 2026 – Smith & Sons <b>Ltd</b>",
				"Due: Friday 6 February 2026, 12:30pm (9 working days left)",
				"0 of 35 required questions answered",
				"https://assure.example.org/returns/3",
				"Please sign in to Assure to complete and submit them.",
				"Sign in to Assure: https://assure.example.org/sign-in",
			},
			html: []string{
				`<html lang="en-GB">`,
				"<p style=\"margin:0 0 16px;\">Dear Sam Taylor,</p>",
				"1 of the 3 safeguarding returns below is overdue.",
				"<strong>Section 11 audit 2026</strong> – Northshire Community Health",
				`Due: Friday 23 January 2026, 5pm – <strong style="color:#d4351c;">overdue</strong>`,
				"12 of 20 required questions answered",
				`<a href="https://assure.example.org/returns/1" style="color:#1d70b8;">Open the Section 11 audit 2026 return for Northshire Community Health</a>`,
				"Smith &amp; Sons &lt;b&gt;Ltd&lt;/b&gt;",
				`<a href="https://assure.example.org/sign-in"`,
			},
			notText: []string{"escalation", "<no value>"},
		},
		{
			name:    "escalation",
			data:    escalation,
			subject: "Escalation: 3 safeguarding returns for Northshire Safeguarding Children Partnership",
			text: []string{
				"Dear Jo Bloggs,",
				"You are receiving this because you are the escalation contact for Northshire Safeguarding Children Partnership.",
				"1 of the 3 safeguarding returns below is overdue.",
				"Please follow up with the organisations concerned.",
				"12 of 20 required questions answered",
			},
			html: []string{
				"escalation contact for Northshire Safeguarding Children Partnership",
				"Please follow up with the organisations concerned.",
			},
			notText: []string{"complete and submit", "<no value>"},
		},
		{
			name:    "single",
			data:    single,
			subject: "Reminder: Section 11 audit 2026 return for Northshire Youth Football League is due Friday 30 January 2026, 5pm",
			text: []string{
				"The safeguarding return below has not been submitted yet.",
				"(1 working day left)",
				"7 of 20 required questions answered",
				"complete and submit it.",
			},
			html:    []string{"(1 working day left)", "7 of 20 required questions answered"},
			notText: []string{"ready to submit", "OVERDUE"},
		},
		{
			name:    "opening",
			data:    opening,
			subject: "Now open: Section 11 audit 2026 return for Northshire Youth Football League is due Friday 30 January 2026, 5pm",
			text: []string{
				"Northshire Safeguarding Children Partnership has opened a safeguarding return for you to complete.",
				"complete and submit it.",
			},
			html:    []string{"<title>Now open from", "has opened a safeguarding return for you to complete."},
			notText: []string{"This is a reminder"},
		},
		{
			name:    "single-overdue-escalation",
			data:    singleOverdue,
			subject: "Escalation: Section 11 audit 2026 return for Northshire Community Health was due Friday 23 January 2026, 5pm",
			text: []string{
				"The safeguarding return below is overdue.",
				"Please follow up with the organisation concerned.",
			},
			html: []string{"The safeguarding return below is overdue."},
		},
		{
			name:    "no-partnership",
			data:    noPartnership,
			subject: "Overdue: 3 safeguarding returns",
			text: []string{
				"This is a reminder from Assure. 1 of the 3",
				"This is an automated message from Assure. Replies",
			},
			html:    []string{"<title>Reminder from Assure</title>", "This is a reminder from Assure.", "automated message from Assure. Replies"},
			notText: []string{" for .", "from .", "behalf of ."},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			subject, text, html, err := mail.DefaultTemplates().Render(c.data)
			if err != nil {
				t.Fatal(err)
			}
			if subject != c.subject {
				t.Errorf("subject\n got %q\nwant %q", subject, c.subject)
			}
			for _, s := range c.text {
				if !strings.Contains(text, s) {
					t.Errorf("text lacks %q:\n%s", s, text)
				}
			}
			for _, s := range c.notText {
				if strings.Contains(text, s) {
					t.Errorf("text has %q:\n%s", s, text)
				}
			}
			for _, s := range c.html {
				if !strings.Contains(html, s) {
					t.Errorf("html lacks %q:\n%s", s, html)
				}
			}
			if strings.Contains(html, "<img") || strings.Contains(html, "<no value>") {
				t.Errorf("html has an image or a missing value:\n%s", html)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	good := mail.Templates{Subject: "Hi {{.RecipientName}}", Text: "Dear {{.RecipientName}}", HTML: "<p>{{.RecipientName}}</p>"}
	for _, c := range []struct {
		name    string
		mod     func(*mail.Templates)
		wantErr string // "" for none; else a substring
	}{
		{name: "good", mod: func(*mail.Templates) {}},
		{name: "no-html", mod: func(t *mail.Templates) { t.HTML = "" }},
		{name: "subject-unclosed", mod: func(t *mail.Templates) { t.Subject = "Hi {{.RecipientName" }, wantErr: "subject template"},
		{name: "subject-empty", mod: func(t *mail.Templates) { t.Subject = "  " }, wantErr: "subject template"},
		{name: "text-bad-if", mod: func(t *mail.Templates) { t.Text = "{{if}}x{{end}}" }, wantErr: "text template"},
		{name: "text-no-end", mod: func(t *mail.Templates) { t.Text = "{{range .Items}}x" }, wantErr: "text template"},
		{name: "text-unknown-function", mod: func(t *mail.Templates) { t.Text = "{{shout .RecipientName}}" }, wantErr: "text template"},
		{name: "text-empty", mod: func(t *mail.Templates) { t.Text = "" }, wantErr: "text template"},
		{name: "html-stray-end", mod: func(t *mail.Templates) { t.HTML = "<p>{{end}}</p>" }, wantErr: "html template"},
		{name: "html-ambiguous-context", mod: func(t *mail.Templates) { t.HTML = `<a href="{{if .Escalation}}">{{end}}x` }, wantErr: "html template"},
		{name: "too-long", mod: func(t *mail.Templates) { t.Text = strings.Repeat("x", mail.MaxTemplateLen+1) }, wantErr: "text template"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tpl := good
			c.mod(&tpl)
			err := tpl.Check()
			switch {
			case c.wantErr == "" && err != nil:
				t.Fatal(err)
			case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
				t.Fatalf("err = %v, want one naming %q", err, c.wantErr)
			}
			if c.wantErr != "" {
				// Render fails the same way.
				if _, _, _, rerr := tpl.Render(mail.SampleReminderData()); rerr == nil {
					t.Errorf("Render succeeded where Check said %v", err)
				}
			}
		})
	}
}

func TestRenderMissing(t *testing.T) {
	for _, c := range []struct {
		name    string
		tpl     mail.Templates
		data    any
		wantErr string
	}{
		{name: "unknown-field-text", tpl: mail.Templates{Subject: "s", Text: "{{.Nope}}"}, data: mail.SampleReminderData(), wantErr: "text template"},
		{name: "unknown-field-subject", tpl: mail.Templates{Subject: "{{.Partnershp}}", Text: "t"}, data: mail.SampleReminderData(), wantErr: "subject template"},
		{name: "unknown-item-field-html", tpl: mail.Templates{Subject: "s", Text: "t", HTML: "{{range .Items}}{{.Deadline}}{{end}}"}, data: mail.SampleReminderData(), wantErr: "html template"},
		{name: "missing-map-key", tpl: mail.Templates{Subject: "s", Text: "{{.name}}"}, data: map[string]any{"other": 1}, wantErr: "text template"},
		{name: "map-key-present", tpl: mail.Templates{Subject: "s {{.name}}", Text: "{{.name}}"}, data: map[string]any{"name": "Ann"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, _, err := c.tpl.Render(c.data)
			switch {
			case c.wantErr == "" && err != nil:
				t.Fatal(err)
			case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
				t.Fatalf("err = %v, want one naming %q", err, c.wantErr)
			}
			if c.wantErr != "" {
				if err := c.tpl.CheckWith(c.data); err == nil {
					t.Error("CheckWith passed a template that fails to render")
				}
			}
		})
	}
}

func TestRenderSubjectOneLine(t *testing.T) {
	tpl := mail.Templates{Subject: "  Reminder:\n{{.Partnership}}\r\n\tdue  soon ", Text: "x"}
	subject, text, html, err := tpl.Render(mail.SampleReminderData())
	if err != nil {
		t.Fatal(err)
	}
	if want := "Reminder: Northshire Safeguarding Children Partnership due soon"; subject != want {
		t.Errorf("subject %q, want %q", subject, want)
	}
	if text != "x" || html != "" {
		t.Errorf("text %q html %q", text, html)
	}
	if _, _, _, err := (mail.Templates{Subject: "{{if false}}x{{end}}", Text: "x"}).Render(nil); err == nil {
		t.Error("a subject rendering empty was accepted")
	}
}

// TestRenderBounded checks templates that would run for ever or build
// huge text fail quickly instead.
func TestRenderBounded(t *testing.T) {
	for _, c := range []struct{ name, text string }{
		{"long-range", "{{range 1000000000000}}{{end}}"},
		{"nested-ranges", "{{range 100000}}{{range 100000}}{{end}}{{end}}"},
		{"range-over-variable", "{{$n := 1000000000}}{{with $n}}{{range .}}{{end}}{{end}}"},
		{"recursion", `{{define "a"}}{{template "a" .}}{{end}}{{template "a" .}}`},
		{"doubling", `{{define "a"}}{{template "b" .}}{{template "b" .}}{{end}}{{define "b"}}{{template "c" .}}{{template "c" .}}{{end}}{{define "c"}}{{template "d" .}}{{template "d" .}}{{end}}{{define "d"}}{{range 1000}}{{end}}{{end}}{{range 1000}}{{template "a" .}}{{end}}`},
		{"long-output", `{{range 50000}}{{printf "%0900d" 0}}{{end}}`},
		{"wide-printf", `{{printf "%01000000d" 0}}`},
		{"star-width", `{{printf "%*d" 1000000 0}}`},
		{"string-doubling", `{{$s := "xxxxxxxxxxxxxxxx"}}{{range 64}}{{$s = print $s $s}}{{end}}{{len $s}}`},
		{"printf-doubling", `{{$s := "xxxxxxxxxxxxxxxx"}}{{range 64}}{{$s = printf "%s%s" $s $s}}{{end}}{{len $s}}`},
		{"escaper-blowup", `{{$s := "&&&&&&&&&&&&&&&&"}}{{range 64}}{{$s = html $s $s}}{{end}}{{len $s}}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			for _, tpl := range []mail.Templates{
				{Subject: "s", Text: c.text},
				{Subject: "s", Text: "t", HTML: c.text},
			} {
				_, _, _, err := tpl.Render(mail.SampleReminderData())
				if err == nil {
					t.Errorf("rendering %q succeeded", c.text)
				}
				t.Log(err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

func TestFormatDue(t *testing.T) {
	bst := time.FixedZone("BST", 3600)
	for _, c := range []struct {
		t    time.Time
		loc  *time.Location
		want string
	}{
		{time.Date(2026, 1, 30, 17, 0, 0, 0, time.UTC), nil, "Friday 30 January 2026, 5pm"},
		{time.Date(2026, 1, 30, 17, 30, 59, 0, time.UTC), nil, "Friday 30 January 2026, 5:30pm"},
		{time.Date(2026, 3, 2, 9, 5, 0, 0, time.UTC), nil, "Monday 2 March 2026, 9:05am"},
		{time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC), nil, "Monday 2 March 2026, midday"},
		{time.Date(2026, 3, 2, 12, 30, 0, 0, time.UTC), nil, "Monday 2 March 2026, 12:30pm"},
		{time.Date(2026, 3, 2, 0, 30, 0, 0, time.UTC), nil, "Monday 2 March 2026, 12:30am"},
		{time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC), nil, "midnight at the start of Saturday 31 January 2026"},
		{time.Date(2026, 7, 3, 16, 0, 0, 0, time.UTC), bst, "Friday 3 July 2026, 5pm"},
		{time.Date(2026, 7, 3, 23, 15, 0, 0, time.UTC), bst, "Saturday 4 July 2026, 12:15am"},
	} {
		if got := mail.FormatDue(c.t, c.loc); got != c.want {
			t.Errorf("FormatDue(%v, %v) = %q, want %q", c.t, c.loc, got, c.want)
		}
	}
}

func TestOverdueCount(t *testing.T) {
	d := mail.SampleReminderData()
	if n := d.OverdueCount(); n != 1 {
		t.Errorf("OverdueCount = %d, want 1", n)
	}
	var empty mail.ReminderData
	if n := empty.OverdueCount(); n != 0 {
		t.Errorf("OverdueCount of nothing = %d", n)
	}
}
