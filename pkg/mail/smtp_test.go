package mail_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/assure-audit/assure/pkg/mail"
)

// received is one message as the test server got it.
type received struct {
	From string
	To   []string
	Data []byte
	User string // who logged in, or ""
	TLS  bool   // whether the session ran over TLS
}

// backend is a go-smtp backend that keeps what it receives, and can be
// told to log users in and to refuse recipients or data.
type backend struct {
	user, pass       string // when user is set, AUTH PLAIN is offered and required
	rcptErr, dataErr error

	mu   sync.Mutex
	msgs []received
}

func (b *backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	_, isTLS := c.TLSConnectionState()
	return &session{b: b, tls: isTLS}, nil
}

func (b *backend) messages() []received {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]received(nil), b.msgs...)
}

type session struct {
	b    *backend
	tls  bool
	user string
	cur  received
}

func (s *session) AuthMechanisms() []string {
	if s.b.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != s.b.user || password != s.b.pass {
			return smtp.ErrAuthFailed
		}
		s.user = username
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.b.user != "" && s.user == "" {
		return smtp.ErrAuthRequired
	}
	s.cur = received{From: from, User: s.user, TLS: s.tls}
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.b.rcptErr != nil {
		return s.b.rcptErr
	}
	s.cur.To = append(s.cur.To, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if s.b.dataErr != nil {
		return s.b.dataErr
	}
	s.cur.Data = data
	s.b.mu.Lock()
	s.b.msgs = append(s.b.msgs, s.cur)
	s.b.mu.Unlock()
	return nil
}

func (s *session) Reset()        { s.cur = received{} }
func (s *session) Logout() error { return nil }

// serverOpts says how to start a test server.
type serverOpts struct {
	starttls     bool // offer STARTTLS
	implicit     bool // speak TLS from the first byte
	insecureAuth bool // offer AUTH without TLS
	backend      *backend
}

// testCert is a self-signed certificate for 127.0.0.1 and localhost, and
// a pool that trusts it.
type testCert struct {
	cert tls.Certificate
	pool *x509.CertPool
}

var (
	certOnce sync.Once
	certVal  testCert
	certErr  error
)

// selfSigned returns the package's test certificate, made on first use.
func selfSigned(t *testing.T) testCert {
	t.Helper()
	certOnce.Do(func() {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			certErr = err
			return
		}
		tmpl := &x509.Certificate{
			SerialNumber:          big.NewInt(1),
			Subject:               pkix.Name{CommonName: "assure mail test"},
			NotBefore:             time.Now().Add(-time.Hour),
			NotAfter:              time.Now().Add(24 * time.Hour),
			KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
			ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
			BasicConstraintsValid: true,
			IsCA:                  true,
			IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
			DNSNames:              []string{"localhost"},
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
		if err != nil {
			certErr = err
			return
		}
		parsed, err := x509.ParseCertificate(der)
		if err != nil {
			certErr = err
			return
		}
		certVal.pool = x509.NewCertPool()
		certVal.pool.AddCert(parsed)
		certVal.cert = tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: parsed}
	})
	if certErr != nil {
		t.Fatal(certErr)
	}
	return certVal
}

// startServer starts a go-smtp server on a loopback port and returns its
// backend and port.
func startServer(t *testing.T, o serverOpts) (*backend, int) {
	t.Helper()
	be := o.backend
	if be == nil {
		be = &backend{}
	}
	s := smtp.NewServer(be)
	s.Domain = "localhost"
	s.ReadTimeout = 10 * time.Second
	s.WriteTimeout = 10 * time.Second
	s.AllowInsecureAuth = o.insecureAuth
	s.ErrorLog = log.New(io.Discard, "", 0)
	cert := selfSigned(t)
	tlsCfg := &tls.Config{Certificates: []tls.Certificate{cert.cert}}
	if o.starttls {
		s.TLSConfig = tlsCfg
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if o.implicit {
		l = tls.NewListener(l, tlsCfg)
	}
	go func() { _ = s.Serve(l) }()
	t.Cleanup(func() { _ = s.Close() })
	return be, l.Addr().(*net.TCPAddr).Port
}

// newSender returns an SMTP sender for a test server on port that trusts
// the test certificate.
func newSender(t *testing.T, port int, security string, mod func(*mail.SMTPConfig)) *mail.SMTP {
	t.Helper()
	cfg := mail.SMTPConfig{
		Host:      "127.0.0.1",
		Port:      port,
		Security:  security,
		Timeout:   5 * time.Second,
		HeloName:  "assure.test",
		TLSConfig: &tls.Config{RootCAs: selfSigned(t).pool},
	}
	if mod != nil {
		mod(&cfg)
	}
	s, err := mail.NewSMTP(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// message returns a message exercising the encoder: a non-ASCII subject
// and name, both bodies, and lines that need dot-stuffing.
func message(id string) mail.Message {
	return mail.Message{
		ID:      id,
		From:    mail.Address{Name: "Assure reminders", Email: "reminders@assure.example.org"},
		To:      []mail.Address{{Name: "Siân Ó Briain", Email: "sian@example.org"}},
		Subject: "Reminder: Section 11 audit – return due Friday 30 January 2026, 5pm (café ✓)",
		Text:    "Dear Siân,\n\n.hidden line starting with a dot\n.\nafter a lone dot\n..two dots\nA very long line that goes on and on past the seventy-six characters that quoted-printable allows on one line, with = signs too.\n",
		HTML:    "<p>Dear Siân,</p>\n<p>Due <strong>Friday</strong> – 5pm</p>\n.\n<p>end</p>",
		Headers: map[string]string{
			"X-Assure-Reminder": "rem-123",
			"List-Unsubscribe":  "<https://assure.example.org/unsubscribe?t=abc>",
		},
	}
}

// parsed is a received message read back.
type parsed struct {
	header netmail.Header
	parts  map[string]string // media type → decoded body
	params map[string]string // media type → charset
}

// parseMessage reads data back with net/mail and mime/multipart.
func parseMessage(t *testing.T, data []byte) parsed {
	t.Helper()
	if bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\n")) {
		t.Errorf("message has a bare LF:\n%s", data)
	}
	for i, line := range strings.Split(string(data), "\r\n") {
		if len(line) > 998 {
			t.Errorf("line %d is %d bytes long", i, len(line))
		}
	}
	m, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("parse message: %v\n%s", err, data)
	}
	p := parsed{header: m.Header, parts: map[string]string{}, params: map[string]string{}}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	if mt != "multipart/alternative" {
		t.Fatalf("Content-Type %q, want multipart/alternative", mt)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		part, err := mr.NextPart() // decodes quoted-printable
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		pt, pp, err := mime.ParseMediaType(part.Header.Get("Content-Type"))
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(part)
		if err != nil {
			t.Fatal(err)
		}
		p.parts[pt] = string(body)
		p.params[pt] = pp["charset"]
	}
	return p
}

func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

func TestSMTPDelivers(t *testing.T) {
	for _, c := range []struct {
		name     string
		opts     serverOpts
		security string
		user     string
	}{
		{name: "starttls", opts: serverOpts{starttls: true}, security: mail.SecurityStartTLS},
		{name: "starttls-default", opts: serverOpts{starttls: true}, security: ""},
		{name: "starttls-auth", opts: serverOpts{starttls: true, backend: &backend{user: "relay", pass: "s3cret"}}, security: mail.SecurityStartTLS, user: "relay"},
		{name: "implicit-tls-auth", opts: serverOpts{implicit: true, backend: &backend{user: "relay", pass: "s3cret"}}, security: mail.SecurityTLS, user: "relay"},
		{name: "none", opts: serverOpts{}, security: mail.SecurityNone},
		{name: "none-auth-localhost", opts: serverOpts{insecureAuth: true, backend: &backend{user: "relay", pass: "s3cret"}}, security: mail.SecurityNone, user: "relay"},
	} {
		t.Run(c.name, func(t *testing.T) {
			be, port := startServer(t, c.opts)
			s := newSender(t, port, c.security, func(cfg *mail.SMTPConfig) {
				if c.user != "" {
					cfg.Username, cfg.Password = c.user, "s3cret"
				}
			})
			m := message("rem-abc@assure")
			before := time.Now().Add(-time.Second)
			if err := s.Send(context.Background(), m); err != nil {
				t.Fatal(err)
			}
			got := be.messages()
			if len(got) != 1 {
				t.Fatalf("server has %d messages, want 1", len(got))
			}
			r := got[0]
			if r.From != m.From.Email || len(r.To) != 1 || r.To[0] != "sian@example.org" {
				t.Errorf("envelope from %q to %q", r.From, r.To)
			}
			if wantTLS := c.security != mail.SecurityNone; r.TLS != wantTLS {
				t.Errorf("TLS = %v, want %v", r.TLS, wantTLS)
			}
			if r.User != c.user {
				t.Errorf("logged in as %q, want %q", r.User, c.user)
			}

			p := parseMessage(t, r.Data)
			h := p.header
			subject, err := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
			if err != nil || subject != m.Subject {
				t.Errorf("Subject %q (%v), want %q; raw %q", subject, err, m.Subject, h.Get("Subject"))
			}
			if date, err := h.Date(); err != nil || date.Before(before) || date.After(time.Now().Add(time.Second)) {
				t.Errorf("Date %q: %v, %v", h.Get("Date"), date, err)
			}
			if from, err := h.AddressList("From"); err != nil || len(from) != 1 || from[0].Address != m.From.Email || from[0].Name != m.From.Name {
				t.Errorf("From %v, %v", from, err)
			}
			if to, err := h.AddressList("To"); err != nil || len(to) != 1 || to[0].Address != "sian@example.org" || to[0].Name != "Siân Ó Briain" {
				t.Errorf("To %v, %v", to, err)
			}
			for k, want := range map[string]string{
				"Message-ID":        "<rem-abc@assure>",
				"MIME-Version":      "1.0",
				"X-Assure-Reminder": "rem-123",
				"List-Unsubscribe":  "<https://assure.example.org/unsubscribe?t=abc>",
				"Auto-Submitted":    "auto-generated",
			} {
				if got := h.Get(k); got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
			if got, want := p.parts["text/plain"], crlf(m.Text); got != want {
				t.Errorf("text part\n got %q\nwant %q", got, want)
			}
			if got, want := p.parts["text/html"], crlf(m.HTML); got != want {
				t.Errorf("html part\n got %q\nwant %q", got, want)
			}
			for typ, cs := range p.params {
				if !strings.EqualFold(cs, "utf-8") {
					t.Errorf("%s charset %q", typ, cs)
				}
			}
			if len(p.parts) != 2 {
				t.Errorf("parts %v, want text/plain and text/html", p.parts)
			}
		})
	}
}

// TestSMTPSinglePart checks a message with only one body is not multipart.
func TestSMTPSinglePart(t *testing.T) {
	for _, c := range []struct {
		name, text, html, wantType, wantBody string
	}{
		{name: "text", text: "Hello\n.\nbye", wantType: "text/plain", wantBody: "Hello\r\n.\r\nbye\r\n"},
		{name: "html", html: "<p>Héllo</p>\n", wantType: "text/html", wantBody: "<p>Héllo</p>\r\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			be, port := startServer(t, serverOpts{starttls: true})
			m := message("single@assure")
			m.Text, m.HTML = c.text, c.html
			if err := newSender(t, port, "", nil).Send(context.Background(), m); err != nil {
				t.Fatal(err)
			}
			got := be.messages()
			if len(got) != 1 {
				t.Fatalf("%d messages", len(got))
			}
			msg, err := netmail.ReadMessage(bytes.NewReader(got[0].Data))
			if err != nil {
				t.Fatal(err)
			}
			if mt, params, _ := mime.ParseMediaType(msg.Header.Get("Content-Type")); mt != c.wantType || params["charset"] != "UTF-8" {
				t.Errorf("Content-Type %q", msg.Header.Get("Content-Type"))
			}
			if cte := msg.Header.Get("Content-Transfer-Encoding"); cte != "quoted-printable" {
				t.Errorf("Content-Transfer-Encoding %q", cte)
			}
			body, err := io.ReadAll(quotedPrintable(msg.Body))
			if err != nil {
				t.Fatal(err)
			}
			if string(body) != c.wantBody {
				t.Errorf("body %q, want %q", body, c.wantBody)
			}
		})
	}
}

func TestSMTPAuthFailure(t *testing.T) {
	_, port := startServer(t, serverOpts{starttls: true, backend: &backend{user: "relay", pass: "s3cret"}})
	s := newSender(t, port, mail.SecurityStartTLS, func(cfg *mail.SMTPConfig) { cfg.Username, cfg.Password = "relay", "wrong" })
	err := s.Send(context.Background(), message("x@assure"))
	var tp *textproto.Error
	if !errors.Is(err, mail.ErrPermanent) || !errors.As(err, &tp) || tp.Code != 535 {
		t.Fatalf("err = %v, want a permanent 535", err)
	}
}

// TestSMTPAuthNotOffered checks a sender with credentials refuses a server
// that does not offer AUTH PLAIN rather than sending unauthenticated.
func TestSMTPAuthNotOffered(t *testing.T) {
	be, port := startServer(t, serverOpts{starttls: true})
	s := newSender(t, port, mail.SecurityStartTLS, func(cfg *mail.SMTPConfig) { cfg.Username, cfg.Password = "relay", "s3cret" })
	err := s.Send(context.Background(), message("x@assure"))
	if !errors.Is(err, mail.ErrPermanent) || !strings.Contains(err.Error(), "AUTH PLAIN") {
		t.Fatalf("err = %v, want a permanent error about AUTH PLAIN", err)
	}
	if n := len(be.messages()); n != 0 {
		t.Errorf("server got %d messages", n)
	}
}

func TestSMTPClassifiesReplies(t *testing.T) {
	for _, c := range []struct {
		name             string
		rcptErr, dataErr error
		want, notWant    error
		code             int
	}{
		{name: "rcpt-451", rcptErr: &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}, want: mail.ErrTemporary, notWant: mail.ErrPermanent, code: 451},
		{name: "rcpt-550", rcptErr: &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user here"}, want: mail.ErrPermanent, notWant: mail.ErrTemporary, code: 550},
		{name: "data-451", dataErr: &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "queue full, try later"}, want: mail.ErrTemporary, notWant: mail.ErrPermanent, code: 451},
		{name: "data-554", dataErr: &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "rejected as spam"}, want: mail.ErrPermanent, notWant: mail.ErrTemporary, code: 554},
	} {
		t.Run(c.name, func(t *testing.T) {
			be, port := startServer(t, serverOpts{starttls: true, backend: &backend{rcptErr: c.rcptErr, dataErr: c.dataErr}})
			err := newSender(t, port, "", nil).Send(context.Background(), message("x@assure"))
			if !errors.Is(err, c.want) || errors.Is(err, c.notWant) {
				t.Fatalf("err = %v, want it to match %v only", err, c.want)
			}
			var tp *textproto.Error
			if !errors.As(err, &tp) || tp.Code != c.code {
				t.Errorf("err = %v, want the server's %d reply", err, c.code)
			}
			var smtpErr *smtp.SMTPError
			errors.As(c.rcptErr, &smtpErr)
			errors.As(c.dataErr, &smtpErr)
			if !strings.Contains(err.Error(), smtpErr.Message) {
				t.Errorf("err = %v, want the server's text %q in it", err, smtpErr.Message)
			}
			if n := len(be.messages()); n != 0 {
				t.Errorf("server kept %d messages", n)
			}
		})
	}
}

func TestSMTPConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	err = newSender(t, port, "", nil).Send(context.Background(), message("x@assure"))
	if !errors.Is(err, mail.ErrTemporary) || errors.Is(err, mail.ErrPermanent) {
		t.Fatalf("err = %v, want temporary", err)
	}
}

// stalled starts a listener whose connections get greet (maybe nothing)
// and then no further answer.
func stalled(t *testing.T, greet string) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Go(func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			wg.Go(func() {
				defer c.Close()
				_, _ = io.WriteString(c, greet)
				go func() { _, _ = io.Copy(io.Discard, c) }()
				<-done
			})
		}
	})
	t.Cleanup(func() {
		l.Close()
		close(done)
		wg.Wait()
	})
	return l.Addr().(*net.TCPAddr).Port
}

func TestSMTPTimeout(t *testing.T) {
	for _, c := range []struct{ name, greet string }{
		{name: "no-greeting", greet: ""},
		{name: "no-answer-to-ehlo", greet: "220 localhost ESMTP\r\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			port := stalled(t, c.greet)
			s := newSender(t, port, "", func(cfg *mail.SMTPConfig) { cfg.Timeout = 300 * time.Millisecond })
			start := time.Now()
			err := s.Send(context.Background(), message("x@assure"))
			if !errors.Is(err, mail.ErrTemporary) {
				t.Fatalf("err = %v, want temporary", err)
			}
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("err = %v, want it to say the deadline passed", err)
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("Send took %v with a 300ms timeout", d)
			}
		})
	}
}

func TestSMTPContextCancelled(t *testing.T) {
	port := stalled(t, "220 localhost ESMTP\r\n")
	s := newSender(t, port, "", func(cfg *mail.SMTPConfig) { cfg.Timeout = time.Minute })
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	err := s.Send(ctx, message("x@assure"))
	if !errors.Is(err, mail.ErrTemporary) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want temporary and context.Canceled", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Send took %v after its context was cancelled", d)
	}
}

func TestSMTPRequiresSTARTTLS(t *testing.T) {
	be, port := startServer(t, serverOpts{starttls: false})
	err := newSender(t, port, mail.SecurityStartTLS, nil).Send(context.Background(), message("x@assure"))
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") || !errors.Is(err, mail.ErrPermanent) {
		t.Fatalf("err = %v, want a permanent error about STARTTLS", err)
	}
	if n := len(be.messages()); n != 0 {
		t.Errorf("server got %d messages in clear", n)
	}
}

func TestSMTPUntrustedCertificate(t *testing.T) {
	for _, c := range []struct {
		name     string
		opts     serverOpts
		security string
	}{
		{name: "starttls", opts: serverOpts{starttls: true}, security: mail.SecurityStartTLS},
		{name: "implicit", opts: serverOpts{implicit: true}, security: mail.SecurityTLS},
	} {
		t.Run(c.name, func(t *testing.T) {
			be, port := startServer(t, c.opts)
			s := newSender(t, port, c.security, func(cfg *mail.SMTPConfig) { cfg.TLSConfig = nil })
			err := s.Send(context.Background(), message("x@assure"))
			var verr *tls.CertificateVerificationError
			if !errors.Is(err, mail.ErrPermanent) || !errors.As(err, &verr) {
				t.Fatalf("err = %v, want a permanent certificate error", err)
			}
			if n := len(be.messages()); n != 0 {
				t.Errorf("server got %d messages", n)
			}
		})
	}
}

func TestSMTPConcurrent(t *testing.T) {
	be, port := startServer(t, serverOpts{starttls: true, backend: &backend{user: "relay", pass: "s3cret"}})
	s := newSender(t, port, "", func(cfg *mail.SMTPConfig) { cfg.Username, cfg.Password = "relay", "s3cret" })
	const n = 8
	errs := make(chan error, n)
	for i := range n {
		go func() { errs <- s.Send(context.Background(), message(fmt.Sprintf("rem-%d@assure", i))) }()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	ids := map[string]bool{}
	for _, r := range be.messages() {
		m, err := netmail.ReadMessage(bytes.NewReader(r.Data))
		if err != nil {
			t.Fatal(err)
		}
		ids[m.Header.Get("Message-ID")] = true
	}
	if len(ids) != n {
		t.Errorf("server got %d distinct messages, want %d", len(ids), n)
	}
}

// TestSMTPRejectsMalformed checks a malformed message fails permanently
// before any connection (the port here refuses connections, which would
// be a temporary failure).
func TestSMTPRejectsMalformed(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	s := newSender(t, port, "", nil)
	for name, mod := range map[string]func(*mail.Message){
		"bad-to":       func(m *mail.Message) { m.To = []mail.Address{{Email: "not an address"}} },
		"no-to":        func(m *mail.Message) { m.To = nil },
		"bad-from":     func(m *mail.Message) { m.From.Email = "nobody" },
		"no-body":      func(m *mail.Message) { m.Text, m.HTML = "", "" },
		"header-crlf":  func(m *mail.Message) { m.Headers["X-Evil"] = "a\r\nBcc: victim@example.org" },
		"subject-crlf": func(m *mail.Message) { m.Subject = "hi\nBcc: victim@example.org" },
	} {
		t.Run(name, func(t *testing.T) {
			m := message("x@assure")
			mod(&m)
			if err := s.Send(context.Background(), m); !errors.Is(err, mail.ErrPermanent) {
				t.Fatalf("err = %v, want permanent", err)
			}
		})
	}
}

func TestNewSMTP(t *testing.T) {
	for _, c := range []struct {
		name    string
		cfg     mail.SMTPConfig
		wantErr string
	}{
		{name: "defaults", cfg: mail.SMTPConfig{Host: "smtp.example.org"}},
		{name: "implicit", cfg: mail.SMTPConfig{Host: "smtp.example.org", Security: "tls", Username: "u", Password: "p"}},
		{name: "none-auth-localhost", cfg: mail.SMTPConfig{Host: "localhost", Security: "none", Username: "u"}},
		{name: "no-host", cfg: mail.SMTPConfig{}, wantErr: "no host"},
		{name: "bad-security", cfg: mail.SMTPConfig{Host: "h", Security: "ssl"}, wantErr: "security"},
		{name: "bad-port", cfg: mail.SMTPConfig{Host: "h", Port: 70000}, wantErr: "port"},
		{name: "negative-timeout", cfg: mail.SMTPConfig{Host: "h", Timeout: -time.Second}, wantErr: "timeout"},
		{name: "auth-in-clear", cfg: mail.SMTPConfig{Host: "smtp.example.org", Security: "none", Username: "u", Password: "p"}, wantErr: "in clear"},
		{name: "bad-helo", cfg: mail.SMTPConfig{Host: "h", HeloName: "a b"}, wantErr: "HELO"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := mail.NewSMTP(c.cfg)
			switch {
			case c.wantErr == "" && err != nil:
				t.Fatal(err)
			case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
				t.Fatalf("err = %v, want one saying %q", err, c.wantErr)
			}
		})
	}
}

func quotedPrintable(r io.Reader) io.Reader { return quotedprintable.NewReader(r) }
