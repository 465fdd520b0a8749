package mail_test

import (
	"testing"

	"github.com/assure-audit/assure/pkg/mail"
)

// FuzzTemplates checks that Check and Render never panic (nor hang) on
// any template text, and that Render fails whenever Check does.
func FuzzTemplates(f *testing.F) {
	def := mail.DefaultTemplates()
	f.Add(def.Subject, def.Text, def.HTML)
	f.Add("{{.RecipientName", "{{if}}", "<p>{{end}}")
	f.Add("s", "{{range 1000000000}}{{end}}", `<a href="{{if .Escalation}}">{{end}}`)
	f.Add("{{printf \"%0999d\" 1}}", `{{define "a"}}{{template "a" .}}{{end}}{{template "a" .}}`, "<script>var x = {{.Items}};</script>")
	f.Add("{{plural 2 \"a\" \"b\"}}", "{{range $i, $x := .Items}}{{$i}} {{$x.Campaign}} {{break}}{{end}}", "<style>p{color:{{.Partnership}}}</style>")
	f.Add("{{block \"x\" .}}y{{end}}", "{{with .Nope}}{{end}}", "{{html .Partnership | js | urlquery}}")
	sample := mail.SampleReminderData()
	f.Fuzz(func(t *testing.T, subject, text, html string) {
		tpl := mail.Templates{Subject: subject, Text: text, HTML: html}
		checkErr := tpl.Check()
		_, _, _, renderErr := tpl.Render(sample)
		if checkErr != nil && renderErr == nil {
			t.Errorf("Check failed (%v) but Render did not", checkErr)
		}
		_, _, _, _ = tpl.Render(nil)
		_, _, _, _ = tpl.Render(map[string]any{"Items": []int{1, 2}})
	})
}
