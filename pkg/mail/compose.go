package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"slices"
	"strings"
	"time"
)

// reserved lists the header fields (lower case) that compose writes itself
// and Message.Headers cannot set.
var reserved = map[string]bool{
	"date": true, "from": true, "to": true, "cc": true, "bcc": true,
	"subject": true, "message-id": true, "mime-version": true,
	"content-type": true, "content-transfer-encoding": true,
	"sender": true,
}

// maxLine is the longest header line written before folding is attempted;
// RFC 5322 recommends 78 characters and forbids more than 998.
const maxLine = 78

// validate checks everything about m that would stop it from being sent,
// returning an error matching ErrPermanent.
func (m Message) validate() error {
	if err := checkAddress("from", m.From); err != nil {
		return err
	}
	if len(m.To) == 0 {
		return permanent("no recipient")
	}
	for i, a := range m.To {
		if err := checkAddress(fmt.Sprintf("to[%d]", i), a); err != nil {
			return err
		}
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return permanent("subject contains a line break")
	}
	if m.Text == "" && m.HTML == "" {
		return permanent("message has neither a text nor an HTML body")
	}
	if m.ID != "" {
		if err := checkMessageID(m.ID); err != nil {
			return err
		}
	}
	seen := map[string]bool{}
	for k, v := range m.Headers {
		lk := strings.ToLower(k)
		switch {
		case k == "":
			return permanent("empty header name")
		case reserved[lk]:
			return permanent("header %q is written by the package and cannot be set", k)
		case seen[lk]:
			return permanent("header %q given twice (names are case-insensitive)", k)
		case strings.ContainsAny(v, "\r\n"):
			return permanent("header %q: value contains a line break", k)
		}
		seen[lk] = true
		for i := 0; i < len(k); i++ {
			if c := k[i]; c <= ' ' || c > '~' || c == ':' {
				return permanent("header name %q: character %q is not allowed", k, c)
			}
		}
	}
	return nil
}

// checkMessageID checks id is a msg-id without its angle brackets:
// printable ASCII, no spaces or brackets, with an '@' between two
// non-empty parts.
func checkMessageID(id string) error {
	at := strings.LastIndexByte(id, '@')
	if at <= 0 || at == len(id)-1 || len(id) > 250 {
		return permanent("message ID %q must look like left@right", id)
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; c <= ' ' || c > '~' || c == '<' || c == '>' || c == '"' || c == '\\' || c == '(' || c == ')' || c == ',' || c == ';' || c == ':' {
			return permanent("message ID %q: character %q is not allowed", id, c)
		}
	}
	return nil
}

// randomID returns a fresh message ID at the domain of from.
func randomID(from string) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	domain := "assure"
	if at := strings.LastIndexByte(from, '@'); at >= 0 && at < len(from)-1 {
		domain = from[at+1:]
	}
	return hex.EncodeToString(b) + "@" + domain
}

// compose returns m as an RFC 5322 message with CRLF line endings, dated
// now. It validates m first; with no ID it makes up a random one.
func (m Message) compose(now time.Time) ([]byte, error) {
	if err := m.validate(); err != nil {
		return nil, err
	}
	id := m.ID
	if id == "" {
		id = randomID(m.From.Email)
	}
	var b bytes.Buffer
	header := func(name, value string) { b.WriteString(fold(name+": "+value) + "\r\n") }
	header("Date", now.Format(time.RFC1123Z))
	header("From", m.From.String())
	to := make([]string, len(m.To))
	for i, a := range m.To {
		to[i] = a.String()
	}
	header("To", strings.Join(to, ", "))
	header("Subject", encodeText(m.Subject))
	header("Message-ID", "<"+id+">")
	header("MIME-Version", "1.0")
	extra := map[string]string{"Auto-Submitted": "auto-generated"}
	for k, v := range m.Headers {
		if strings.EqualFold(k, "Auto-Submitted") {
			delete(extra, "Auto-Submitted")
		}
		extra[k] = v
	}
	for _, k := range slices.Sorted(maps.Keys(extra)) {
		header(k, encodeText(extra[k]))
	}

	switch {
	case m.Text != "" && m.HTML != "":
		mw := multipart.NewWriter(&b)
		header("Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": mw.Boundary()}))
		b.WriteString("\r\n")
		for _, p := range []struct{ typ, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
			w, err := mw.CreatePart(textproto.MIMEHeader{
				"Content-Type":              {p.typ + "; charset=UTF-8"},
				"Content-Transfer-Encoding": {"quoted-printable"},
			})
			if err != nil {
				return nil, fmt.Errorf("mail: compose %s part: %w", p.typ, err)
			}
			if err := writeQP(w, p.body); err != nil {
				return nil, fmt.Errorf("mail: compose %s part: %w", p.typ, err)
			}
		}
		if err := mw.Close(); err != nil {
			return nil, fmt.Errorf("mail: compose: %w", err)
		}
	default:
		typ, body := "text/plain", m.Text
		if body == "" {
			typ, body = "text/html", m.HTML
		}
		header("Content-Type", typ+"; charset=UTF-8")
		header("Content-Transfer-Encoding", "quoted-printable")
		b.WriteString("\r\n")
		if err := writeQP(&b, body); err != nil {
			return nil, fmt.Errorf("mail: compose %s body: %w", typ, err)
		}
		if !strings.HasSuffix(body, "\n") && !strings.HasSuffix(body, "\r") {
			b.WriteString("\r\n")
		}
	}
	return b.Bytes(), nil
}

// writeQP writes body to w quoted-printable, its line breaks as CRLF.
func writeQP(w io.Writer, body string) error {
	qp := quotedprintable.NewWriter(w)
	if _, err := io.WriteString(qp, body); err != nil {
		return err
	}
	return qp.Close()
}

// encodeText returns s as header text: unchanged when it is printable
// ASCII, otherwise as RFC 2047 encoded-words (mime.QEncoding, UTF-8).
func encodeText(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' {
			return mime.QEncoding.Encode("utf-8", s)
		}
	}
	return s
}

// fold breaks a header line longer than maxLine at spaces, continuing on
// lines that start with a space, so that unfolding gives it back.
func fold(line string) string {
	if len(line) <= maxLine {
		return line
	}
	var b strings.Builder
	cur := 0 // length of the current output line
	for i, word := range strings.Split(line, " ") {
		switch {
		case i == 0:
		case cur+1+len(word) > maxLine && cur > 0 && strings.TrimSpace(word) != "":
			b.WriteString("\r\n")
			cur = 0
		default:
			// Keep short (or empty, from doubled spaces) words on the line.
		}
		if i > 0 {
			b.WriteByte(' ')
			cur++
		}
		b.WriteString(word)
		cur += len(word)
	}
	return b.String()
}
