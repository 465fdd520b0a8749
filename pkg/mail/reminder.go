package mail

import (
	"fmt"
	"time"
)

// ReminderData is what the reminder templates (DefaultTemplates, and the
// edited versions of them) are rendered with.
type ReminderData struct {
	// RecipientName is how the email addresses its reader ("Dear ...").
	RecipientName string
	// Partnership is the safeguarding partnership's display name; the
	// default templates leave it out when it is empty (a digest across
	// partnerships).
	Partnership string
	// Items lists the returns reminded of: one, or several in a digest.
	Items []ReminderItem
	// SignInURL is where the reader signs in to Assure.
	SignInURL string
	// Escalation is true for an escalation, written to the person
	// escalated to rather than to the one completing the returns.
	Escalation bool
	// Opening is true for the notice that returns have opened, rather
	// than a reminder about them.
	Opening bool
}

// OverdueCount returns how many of the items are overdue; templates use
// it as {{.OverdueCount}}.
func (d ReminderData) OverdueCount() int {
	n := 0
	for _, it := range d.Items {
		if it.Overdue {
			n++
		}
	}
	return n
}

// ReminderItem is one return in a reminder.
type ReminderItem struct {
	// Campaign is the audit campaign's display name.
	Campaign string
	// Organisation is the display name of the organisation making the
	// return.
	Organisation string
	// Due is the deadline.
	Due time.Time
	// DueText is Due as people read it, e.g. "Friday 30 January 2026, 5pm"
	// (see FormatDue).
	DueText string
	// Overdue is true once Due has passed with the return unsubmitted.
	Overdue bool
	// WorkingDaysLeft counts the working days until Due.
	WorkingDaysLeft int
	// Answered of Required required questions have answers; with Required
	// unknown (0), Answered counts the questions answered so far.
	Answered, Required int
	// Link opens the return in Assure.
	Link string
}

// FormatDue returns t in loc (t's own location when loc is nil) as a
// British-English deadline: "Friday 30 January 2026, 5pm",
// "Friday 30 January 2026, 5:30pm", "Friday 30 January 2026, midday", and
// for 00:00, which is easily read as the end of the day named,
// "midnight at the start of Saturday 31 January 2026". Seconds are
// dropped.
func FormatDue(t time.Time, loc *time.Location) string {
	if loc != nil {
		t = t.In(loc)
	}
	date := t.Format("Monday 2 January 2006")
	h, m := t.Hour(), t.Minute()
	switch {
	case h == 0 && m == 0:
		return "midnight at the start of " + date
	case h == 12 && m == 0:
		return date + ", midday"
	}
	suffix := "am"
	if h >= 12 {
		suffix = "pm"
	}
	if h %= 12; h == 0 {
		h = 12
	}
	if m == 0 {
		return fmt.Sprintf("%s, %d%s", date, h, suffix)
	}
	return fmt.Sprintf("%s, %d:%02d%s", date, h, m, suffix)
}

// SampleReminderData returns a made-up digest of three returns, one of
// them overdue, for previews and for checking edited templates with
// Templates.CheckWith.
func SampleReminderData() ReminderData {
	loc := time.FixedZone("GMT", 0)
	due := func(y int, mo time.Month, d, h, mi int) (time.Time, string) {
		t := time.Date(y, mo, d, h, mi, 0, 0, loc)
		return t, FormatDue(t, nil)
	}
	d1, t1 := due(2026, time.January, 23, 17, 0)
	d2, t2 := due(2026, time.January, 30, 17, 0)
	d3, t3 := due(2026, time.February, 6, 12, 30)
	return ReminderData{
		RecipientName: "Sam Taylor",
		Partnership:   "Northshire Safeguarding Children Partnership",
		SignInURL:     "https://assure.example.org/sign-in",
		Items: []ReminderItem{
			{Campaign: "Section 11 audit 2026", Organisation: "Northshire Community Health", Due: d1, DueText: t1,
				Overdue: true, Answered: 12, Required: 20, Link: "https://assure.example.org/returns/1"},
			{Campaign: "Section 11 audit 2026", Organisation: "Northshire Youth Football League", Due: d2, DueText: t2,
				WorkingDaysLeft: 4, Answered: 20, Required: 20, Link: "https://assure.example.org/returns/2"},
			{Campaign: "Education safeguarding audit 2026", Organisation: "Hillside Primary School", Due: d3, DueText: t3,
				WorkingDaysLeft: 9, Answered: 0, Required: 35, Link: "https://assure.example.org/returns/3"},
		},
	}
}

// DefaultTemplates returns the reminders' own templates, rendered with a
// ReminderData: a reminder or digest to the person completing returns,
// or (Escalation) a message to the person escalated to.
func DefaultTemplates() Templates {
	return Templates{Subject: defaultSubject, Text: defaultText, HTML: defaultHTML}
}

const defaultSubject = `
{{- $n := len .Items -}}
{{- if .Escalation}}Escalation: {{else if .OverdueCount}}Overdue: {{else if .Opening}}Now open: {{else}}Reminder: {{end -}}
{{- if eq $n 1}}{{with index .Items 0}}{{.Campaign}} return for {{.Organisation}} {{if .Overdue}}was{{else}}is{{end}} due {{.DueText}}{{end -}}
{{- else}}{{$n}} safeguarding returns{{with .Partnership}} for {{.}}{{end}}{{end}}`

const defaultText = `
{{- $n := len .Items -}}
Dear {{.RecipientName}},

{{if .Escalation -}}
You are receiving this because you are the escalation contact{{with .Partnership}} for {{.}}{{end}}.
{{- else -}}
{{if .Opening}}{{or .Partnership "Assure"}} has opened {{plural $n "a safeguarding return" "safeguarding returns"}} for you to complete.{{else}}This is a reminder from {{or .Partnership "Assure"}}.{{end}}
{{- end}} {{if eq .OverdueCount $n -}}
{{if eq $n 1}}The safeguarding return below is overdue.{{else}}The {{$n}} safeguarding returns below are overdue.{{end}}
{{- else if .OverdueCount -}}
{{.OverdueCount}} of the {{$n}} safeguarding returns below {{plural .OverdueCount "is" "are"}} overdue.
{{- else -}}
The safeguarding {{plural $n "return" "returns"}} below {{plural $n "has" "have"}} not been submitted yet.
{{- end}}
{{range .Items}}
{{.Campaign}} – {{.Organisation}}
  Due: {{.DueText}}
{{- if .Overdue}} – OVERDUE
{{- else if eq .WorkingDaysLeft 0}} (less than one working day left)
{{- else}} ({{.WorkingDaysLeft}} working {{plural .WorkingDaysLeft "day" "days"}} left)
{{- end}}
{{- if .Required}}
  Progress: {{.Answered}} of {{.Required}} required questions answered
{{- if ge .Answered .Required}} – ready to submit{{end}}
{{- else if .Answered}}
  Progress: {{.Answered}} {{plural .Answered "question" "questions"}} answered so far
{{- else}}
  Progress: not started yet
{{- end}}
{{- with .Link}}
  Open this return: {{.}}
{{- end}}
{{end}}
{{if .Escalation -}}
Please follow up with the {{plural $n "organisation" "organisations"}} concerned.
{{- else -}}
Please sign in to Assure to complete and submit {{plural $n "it" "them"}}.
{{- end}}

Sign in to Assure: {{.SignInURL}}

This is an automated message from Assure{{with .Partnership}} on behalf of {{.}}{{end}}. Replies to this email are not read.
`

const defaultHTML = `
{{- $n := len .Items -}}
<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{if .Escalation}}Escalation{{else if .Opening}}Now open{{else}}Reminder{{end}} from {{or .Partnership "Assure"}}</title>
</head>
<body style="margin:0;padding:24px;background:#ffffff;color:#0b0c0c;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;">
<div style="max-width:640px;">
<p style="margin:0 0 16px;">Dear {{.RecipientName}},</p>
<p style="margin:0 0 16px;">
{{- if .Escalation}}You are receiving this because you are the escalation contact{{with .Partnership}} for {{.}}{{end}}.
{{- else if .Opening}}{{or .Partnership "Assure"}} has opened {{plural (len .Items) "a safeguarding return" "safeguarding returns"}} for you to complete.
{{- else}}This is a reminder from {{or .Partnership "Assure"}}.{{end}}
{{if eq .OverdueCount $n -}}
{{if eq $n 1}}The safeguarding return below is overdue.{{else}}The {{$n}} safeguarding returns below are overdue.{{end}}
{{- else if .OverdueCount -}}
{{.OverdueCount}} of the {{$n}} safeguarding returns below {{plural .OverdueCount "is" "are"}} overdue.
{{- else -}}
The safeguarding {{plural $n "return" "returns"}} below {{plural $n "has" "have"}} not been submitted yet.
{{- end}}</p>
<ul style="margin:0 0 16px;padding-left:20px;">
{{- range .Items}}
<li style="margin:0 0 16px;">
<strong>{{.Campaign}}</strong> – {{.Organisation}}<br>
Due: {{.DueText}}
{{- if .Overdue}} – <strong style="color:#d4351c;">overdue</strong>
{{- else if eq .WorkingDaysLeft 0}} (less than one working day left)
{{- else}} ({{.WorkingDaysLeft}} working {{plural .WorkingDaysLeft "day" "days"}} left){{end}}
{{- if .Required}}<br>
{{.Answered}} of {{.Required}} required questions answered{{if ge .Answered .Required}} – ready to submit{{end}}
{{- else if .Answered}}<br>
{{.Answered}} {{plural .Answered "question" "questions"}} answered so far
{{- else}}<br>
Not started yet
{{- end}}
{{- if .Link}}<br>
<a href="{{.Link}}" style="color:#1d70b8;">Open the {{.Campaign}} return for {{.Organisation}}</a>
{{- end}}
</li>
{{- end}}
</ul>
<p style="margin:0 0 16px;">
{{- if .Escalation}}Please follow up with the {{plural $n "organisation" "organisations"}} concerned.
{{- else}}Please sign in to Assure to complete and submit {{plural $n "it" "them"}}.{{end}}</p>
<p style="margin:0 0 24px;"><a href="{{.SignInURL}}" style="display:inline-block;padding:8px 16px;background:#00703c;color:#ffffff;font-weight:bold;text-decoration:none;">Sign in to Assure</a></p>
<p style="margin:0 0 16px;">If the button does not work, copy this address into your browser: {{.SignInURL}}</p>
<p style="margin:0;color:#505a5f;font-size:14px;">This is an automated message from Assure{{with .Partnership}} on behalf of {{.}}{{end}}. Replies to this email are not read.</p>
</div>
</body>
</html>
`
