package testinfra

import (
	"errors"
	"io"
	"mime"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Mail is one message an SMTP sink accepted.
type Mail struct {
	From      string
	To        []string
	MessageID string
	Subject   string
	Header    mail.Header
	Body      string
}

// SMTPSink is a real SMTP server on loopback that keeps what it accepts,
// for tests of code that sends mail. FailNext makes it refuse the next
// messages with a temporary error, as a busy server does.
type SMTPSink struct {
	Addr string

	mu       sync.Mutex
	mails    []Mail
	failNext int
	attempts int
	refused  map[string]bool
}

// Refuse makes the sink refuse mail to address for good (550 no such
// user), as a mail server does for an address that does not exist.
func (s *SMTPSink) Refuse(address string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refused == nil {
		s.refused = map[string]bool{}
	}
	s.refused[strings.ToLower(address)] = true
}

// StartSMTPSink starts a sink that stops when the test ends.
func StartSMTPSink(t testing.TB) *SMTPSink {
	t.Helper()
	s := &SMTPSink{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &sinkSession{sink: s}, nil }))
	srv.Domain = "sink.test"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = 30 * time.Second
	srv.WriteTimeout = 30 * time.Second
	srv.MaxMessageBytes = 10 << 20
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = l.Addr().String()
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return s
}

// HostPort returns the sink's host and port.
func (s *SMTPSink) HostPort() (string, int) {
	host, port, _ := net.SplitHostPort(s.Addr)
	var p int
	for _, c := range port {
		p = p*10 + int(c-'0')
	}
	return host, p
}

// FailNext makes the next n messages fail with 451 (try again later).
func (s *SMTPSink) FailNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext = n
}

// Mails returns what was accepted, in order.
func (s *SMTPSink) Mails() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mails...)
}

// Attempts counts the messages offered, accepted or not.
func (s *SMTPSink) Attempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempts
}

type sinkSession struct {
	sink *SMTPSink
	from string
	to   []string
}

func (x *sinkSession) Reset()        { x.from, x.to = "", nil }
func (x *sinkSession) Logout() error { return nil }
func (x *sinkSession) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}
func (x *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.sink.mu.Lock()
	refused := x.sink.refused[strings.ToLower(to)]
	x.sink.mu.Unlock()
	if refused {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
	}
	x.to = append(x.to, to)
	return nil
}

func (x *sinkSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s := x.sink
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attempts++
	if s.failNext > 0 {
		s.failNext--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "busy, try again later"}
	}
	m, err := mail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		return errors.New("unreadable message")
	}
	body, _ := io.ReadAll(m.Body)
	s.mails = append(s.mails, Mail{From: x.from, To: append([]string(nil), x.to...),
		MessageID: strings.Trim(m.Header.Get("Message-Id"), "<>"), Subject: decodeHeader(m.Header.Get("Subject")), Header: m.Header, Body: string(body)})
	return nil
}

// decodeHeader decodes RFC 2047 encoded words, as in a UTF-8 subject.
func decodeHeader(v string) string {
	d, err := (&mime.WordDecoder{}).DecodeHeader(v)
	if err != nil {
		return v
	}
	return d
}
