package mail

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func validMessage() Message {
	return Message{
		ID:      "rem-1@assure",
		From:    Address{Name: "Assure", Email: "reminders@assure.example.org"},
		To:      []Address{{Name: "Ann", Email: "ann@example.org"}},
		Subject: "Reminder",
		Text:    "Hello",
	}
}

func TestValidate(t *testing.T) {
	for _, c := range []struct {
		name    string
		mod     func(*Message)
		wantErr string // "" for valid; else a substring
	}{
		{name: "valid", mod: func(*Message) {}},
		{name: "html-only", mod: func(m *Message) { m.Text, m.HTML = "", "<p>x</p>" }},
		{name: "no-id", mod: func(m *Message) { m.ID = "" }},
		{name: "extra-headers", mod: func(m *Message) {
			m.Headers = map[string]string{"List-Unsubscribe": "<mailto:u@x>", "Reply-To": "office@example.org", "Auto-Submitted": "auto-replied"}
		}},
		{name: "unicode-name", mod: func(m *Message) { m.To[0].Name = "Zoë \"the\" <Boss>" }},
		{name: "empty-from", mod: func(m *Message) { m.From.Email = "" }, wantErr: "from"},
		{name: "bad-from", mod: func(m *Message) { m.From.Email = "reminders" }, wantErr: "malformed"},
		{name: "angle-brackets", mod: func(m *Message) { m.To[0].Email = "<ann@example.org>" }, wantErr: "malformed"},
		{name: "name-in-email", mod: func(m *Message) { m.To[0].Email = "Ann <ann@example.org>" }, wantErr: "to[0]"},
		{name: "non-ascii-email", mod: func(m *Message) { m.To[0].Email = "zoë@example.org" }, wantErr: "ASCII"},
		{name: "name-crlf", mod: func(m *Message) { m.To[0].Name = "Ann\r\nBcc: x@y" }, wantErr: "line break"},
		{name: "no-recipient", mod: func(m *Message) { m.To = nil }, wantErr: "no recipient"},
		{name: "subject-crlf", mod: func(m *Message) { m.Subject = "a\nb" }, wantErr: "subject"},
		{name: "no-body", mod: func(m *Message) { m.Text = "" }, wantErr: "neither"},
		{name: "id-brackets", mod: func(m *Message) { m.ID = "<rem-1@assure>" }, wantErr: "message ID"},
		{name: "id-no-at", mod: func(m *Message) { m.ID = "rem-1" }, wantErr: "message ID"},
		{name: "id-space", mod: func(m *Message) { m.ID = "rem 1@assure" }, wantErr: "message ID"},
		{name: "reserved-header", mod: func(m *Message) { m.Headers = map[string]string{"subject": "x"} }, wantErr: "cannot be set"},
		{name: "bcc-header", mod: func(m *Message) { m.Headers = map[string]string{"Bcc": "x@y"} }, wantErr: "cannot be set"},
		{name: "duplicate-header", mod: func(m *Message) { m.Headers = map[string]string{"X-A": "1", "x-a": "2"} }, wantErr: "twice"},
		{name: "header-name-space", mod: func(m *Message) { m.Headers = map[string]string{"X A": "1"} }, wantErr: "not allowed"},
		{name: "header-name-colon", mod: func(m *Message) { m.Headers = map[string]string{"X:A": "1"} }, wantErr: "not allowed"},
		{name: "header-value-crlf", mod: func(m *Message) { m.Headers = map[string]string{"X-A": "1\r\nBcc: x@y"} }, wantErr: "line break"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := validMessage()
			c.mod(&m)
			err := m.validate()
			switch {
			case c.wantErr == "" && err != nil:
				t.Fatal(err)
			case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr) || !errors.Is(err, ErrPermanent)):
				t.Fatalf("err = %v, want a permanent one saying %q", err, c.wantErr)
			}
		})
	}
}

func TestComposeHeaders(t *testing.T) {
	m := validMessage()
	m.ID = ""
	m.Subject = strings.Repeat("Reminder: a return is due – please complete it ", 4)
	m.To = append(m.To, Address{Name: "Bartholomew Featherstonehaugh-Cholmondeley", Email: "bartholomew.featherstonehaugh@example.org"},
		Address{Name: "Zoë Ångström", Email: "zoe@example.org"})
	m.Headers = map[string]string{"Auto-Submitted": "auto-replied", "X-Assure-Reminder": "r-1"}
	raw, err := m.compose(time.Date(2026, 1, 30, 17, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	head, _, ok := strings.Cut(string(raw), "\r\n\r\n")
	if !ok {
		t.Fatalf("no blank line after the header:\n%s", raw)
	}
	for _, line := range strings.Split(head, "\r\n") {
		if len(line) > maxLine {
			t.Errorf("header line of %d characters: %q", len(line), line)
		}
		if strings.TrimSpace(line) == "" {
			t.Errorf("blank header line in\n%s", head)
		}
	}
	for _, want := range []string{
		"Date: Fri, 30 Jan 2026 17:00:00 +0000\r\n",
		"@assure.example.org>\r\n",
		"Auto-Submitted: auto-replied\r\n",
		"X-Assure-Reminder: r-1\r\n",
		"MIME-Version: 1.0\r\n",
		"Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable",
	} {
		if !strings.Contains(head, want) {
			t.Errorf("header lacks %q:\n%s", want, head)
		}
	}
	if strings.Count(head, "Auto-Submitted") != 1 {
		t.Errorf("Auto-Submitted given twice:\n%s", head)
	}
	if !strings.HasSuffix(string(raw), "\r\n") {
		t.Errorf("message does not end with CRLF: %q", raw)
	}
}

func TestFold(t *testing.T) {
	for _, line := range []string{
		"Subject: short",
		"Subject: " + strings.Repeat("word ", 40),
		"Subject: two  spaces and  " + strings.Repeat("x", 100) + " then more words after the long one",
		"X-Long: " + strings.Repeat("y", 200),
	} {
		folded := fold(line)
		if unfolded := strings.ReplaceAll(folded, "\r\n", ""); unfolded != line {
			t.Errorf("fold(%q) unfolds to %q", line, unfolded)
		}
		for _, l := range strings.Split(folded, "\r\n")[1:] {
			if !strings.HasPrefix(l, " ") || strings.TrimSpace(l) == "" {
				t.Errorf("fold(%q): bad continuation line %q", line, l)
			}
		}
	}
}
