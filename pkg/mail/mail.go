// Package mail sends email, chiefly the reminder service's reminders. A
// Message is one email; a Sender delivers it. Two senders share that
// contract: SMTP hands each message to a mail server (one connection per
// message, STARTTLS or implicit TLS, AUTH PLAIN only over TLS), and Recorder
// keeps messages in memory for tests and for the embedded default when no
// mail server is configured.
//
// Errors from Send are classified: errors.Is(err, ErrTemporary) for a
// failure worth retrying later (an SMTP 4xx reply, a network error, a
// timeout), errors.Is(err, ErrPermanent) for one that will fail again in
// the same way (an SMTP 5xx reply, a malformed message or address, a
// server that will not do what the configuration demands). The wrapped
// error keeps the server's reply, which errors.As can reach as a
// *textproto.Error.
//
// Templates holds the editable subject, plain-text and HTML bodies of a
// kind of email; DefaultTemplates gives the reminders' own, rendered with
// a ReminderData.
package mail

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
)

// Message is one email.
type Message struct {
	// ID is the Message-ID without angle brackets, e.g. "rem-abc@assure".
	// It should be deterministic per delivery, so that a receiver can drop
	// a resend. When empty, SMTP makes up a random one.
	ID string
	// From is the author; its Email is also the envelope sender.
	From Address
	// To lists the recipients, at least one.
	To []Address
	// Subject is the subject line, any Unicode text on one line.
	Subject string
	// Text and HTML are the bodies; at least one must be set. With both,
	// the email is multipart/alternative.
	Text, HTML string
	// Headers holds extra header fields, e.g. List-Unsubscribe or
	// X-Assure-Reminder; a value that is not ASCII is encoded. It cannot
	// set the fields the package writes itself or that would add
	// recipients (Date, From, Sender, To, Cc, Bcc, Subject, Message-ID,
	// MIME-Version, Content-Type, Content-Transfer-Encoding). It may set
	// Auto-Submitted, which otherwise is "auto-generated" (RFC 3834), so
	// that out-of-office replies are not sent back.
	Headers map[string]string
}

// Address is a mailbox: an optional display name and an email address.
type Address struct {
	Name, Email string
}

// String formats the address for a header, e.g. `"Ann Smith" <ann@example.org>`.
func (a Address) String() string {
	return (&mail.Address{Name: a.Name, Address: a.Email}).String()
}

// Sender delivers messages.
type Sender interface {
	// Send delivers m, returning an error that matches ErrTemporary or
	// ErrPermanent (errors.Is) when it fails.
	Send(ctx context.Context, m Message) error
}

// ErrTemporary is matched (errors.Is) by a failure worth retrying later:
// an SMTP 4xx reply, a network error, a timeout, a refused connection, a
// cancelled context.
var ErrTemporary = errors.New("mail: temporary failure")

// ErrPermanent is matched by a failure that retrying will not cure: an
// SMTP 5xx reply (e.g. 550 unknown user, 535 bad credentials), a malformed
// address or message, or a server that does not offer what the
// configuration requires (STARTTLS, AUTH PLAIN, a trusted certificate).
var ErrPermanent = errors.New("mail: permanent failure")

// permanent returns an error matching ErrPermanent with the given text.
func permanent(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrPermanent, fmt.Sprintf(format, args...))
}

// checkAddress returns nil if a is a usable address: an ASCII
// addr-spec, and a display name on one line.
func checkAddress(what string, a Address) error {
	if a.Email == "" {
		return permanent("%s: empty email address", what)
	}
	for _, r := range a.Email {
		if r <= ' ' || r > '~' {
			return permanent("%s: email address %q must be printable ASCII without spaces", what, a.Email)
		}
	}
	parsed, err := mail.ParseAddress(a.Email)
	if err != nil || parsed.Address != a.Email || parsed.Name != "" || strings.ContainsAny(a.Email, "<>") {
		return permanent("%s: malformed email address %q", what, a.Email)
	}
	if strings.ContainsAny(a.Name, "\r\n") {
		return permanent("%s: display name contains a line break", what)
	}
	return nil
}
