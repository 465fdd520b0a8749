package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Values of SMTPConfig.Security.
const (
	// SecurityNone sends in clear. AUTH is then allowed only to localhost.
	SecurityNone = "none"
	// SecurityStartTLS (the default) connects in clear and upgrades with
	// STARTTLS before anything else; a server that does not offer STARTTLS
	// is refused.
	SecurityStartTLS = "starttls"
	// SecurityTLS speaks TLS from the first byte (implicit TLS, port 465).
	SecurityTLS = "tls"
)

// DefaultTimeout bounds one whole SMTP exchange when SMTPConfig.Timeout
// is zero.
const DefaultTimeout = 30 * time.Second

// SMTPConfig configures an SMTP sender.
type SMTPConfig struct {
	// Host is the mail server's host name or IP address; it is also the
	// name its TLS certificate must carry (unless TLSConfig.ServerName
	// says otherwise).
	Host string
	// Port defaults to 587 for "starttls", 465 for "tls" and 25 for "none".
	Port int
	// Security is "none", "starttls" (the default) or "tls" (implicit TLS).
	Security string
	// Username and Password, when Username is set, log in with AUTH PLAIN,
	// which is done only over TLS or to localhost.
	Username, Password string
	// HeloName is the name given in EHLO; it defaults to "localhost".
	HeloName string
	// Timeout bounds each Send from dialling to the server's acceptance of
	// the message; it defaults to DefaultTimeout.
	Timeout time.Duration
	// TLSConfig, when set, is used (cloned) for STARTTLS and implicit TLS,
	// e.g. with custom RootCAs in tests. Its ServerName defaults to Host.
	TLSConfig *tls.Config
}

// SMTP is a Sender that hands each message to a mail server over a
// connection of its own. It is safe for concurrent use.
type SMTP struct {
	host     string
	addr     string
	security string
	username string
	password string
	helo     string
	timeout  time.Duration
	tls      *tls.Config
}

var _ Sender = (*SMTP)(nil)

// NewSMTP checks cfg and returns an SMTP sender. It does not connect.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	s := &SMTP{
		host:     cfg.Host,
		security: cfg.Security,
		username: cfg.Username,
		password: cfg.Password,
		helo:     cfg.HeloName,
		timeout:  cfg.Timeout,
	}
	if s.host == "" {
		return nil, errors.New("mail: smtp: no host")
	}
	if strings.ContainsAny(s.host, " \t\r\n/") {
		return nil, fmt.Errorf("mail: smtp: malformed host %q", s.host)
	}
	port := cfg.Port
	switch s.security {
	case "":
		s.security = SecurityStartTLS
		fallthrough
	case SecurityStartTLS:
		if port == 0 {
			port = 587
		}
	case SecurityTLS:
		if port == 0 {
			port = 465
		}
	case SecurityNone:
		if port == 0 {
			port = 25
		}
	default:
		return nil, fmt.Errorf("mail: smtp: security %q is not one of %q, %q, %q", s.security, SecurityNone, SecurityStartTLS, SecurityTLS)
	}
	if port < 1 || port > 65535 {
		return nil, fmt.Errorf("mail: smtp: port %d out of range", port)
	}
	s.addr = net.JoinHostPort(s.host, strconv.Itoa(port))
	if s.helo == "" {
		s.helo = "localhost"
	}
	if strings.ContainsAny(s.helo, " \t\r\n") {
		return nil, fmt.Errorf("mail: smtp: malformed HELO name %q", s.helo)
	}
	if s.timeout < 0 {
		return nil, fmt.Errorf("mail: smtp: negative timeout %v", s.timeout)
	}
	if s.timeout == 0 {
		s.timeout = DefaultTimeout
	}
	if s.username != "" && s.security == SecurityNone && !isLocalhost(s.host) {
		return nil, fmt.Errorf("mail: smtp: AUTH PLAIN would send the password in clear to %s; use security %q or %q", s.host, SecurityStartTLS, SecurityTLS)
	}
	if cfg.TLSConfig != nil {
		s.tls = cfg.TLSConfig.Clone()
	} else {
		s.tls = &tls.Config{}
	}
	if s.tls.ServerName == "" {
		s.tls.ServerName = s.host
	}
	if s.tls.MinVersion == 0 {
		s.tls.MinVersion = tls.VersionTLS12
	}
	return s, nil
}

// isLocalhost reports whether host is one that net/smtp lets AUTH PLAIN
// reach in clear.
func isLocalhost(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// Send delivers m over a new connection. Every recipient must be accepted,
// or nothing is sent. The whole exchange is bounded by the configured
// timeout and by ctx.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	raw, err := m.compose(time.Now())
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()

	step := "connect"
	fail := func(err error) error { return s.classify(ctx, step, err) }

	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", s.addr)
	if err != nil {
		return fail(err)
	}
	defer conn.Close()
	deadline, _ := ctx.Deadline()
	if err := conn.SetDeadline(deadline); err != nil {
		return fail(err)
	}
	// Cancelling ctx interrupts whatever read or write is under way.
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	if s.security == SecurityTLS {
		step = "TLS handshake"
		tc := tls.Client(conn, s.tls)
		if err := tc.HandshakeContext(ctx); err != nil {
			return fail(err)
		}
		conn = tc
	}
	step = "greeting"
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		return fail(err)
	}
	defer c.Close()
	step = "EHLO"
	if err := c.Hello(s.helo); err != nil {
		return fail(err)
	}
	// Noop sends EHLO (falling back to HELO) first and reports its failure,
	// which Extension below would hide.
	if err := c.Noop(); err != nil {
		return fail(err)
	}
	if s.security == SecurityStartTLS {
		step = "STARTTLS"
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return fail(permanent("server %s does not offer STARTTLS; refusing to send in clear (security %q)", s.addr, SecurityStartTLS))
		}
		if err := c.StartTLS(s.tls); err != nil {
			return fail(err)
		}
	}
	if s.username != "" {
		step = "AUTH"
		ok, mechs := c.Extension("AUTH")
		if !ok || !slices.Contains(strings.Fields(strings.ToUpper(mechs)), "PLAIN") {
			return fail(permanent("server %s does not offer AUTH PLAIN (offers %q)", s.addr, mechs))
		}
		if err := c.Auth(smtp.PlainAuth("", s.username, s.password, s.host)); err != nil {
			return fail(err)
		}
	}
	step = "MAIL FROM:<" + m.From.Email + ">"
	if err := c.Mail(m.From.Email); err != nil {
		return fail(err)
	}
	for _, a := range m.To {
		step = "RCPT TO:<" + a.Email + ">"
		if err := c.Rcpt(a.Email); err != nil {
			return fail(err)
		}
	}
	step = "DATA"
	w, err := c.Data()
	if err != nil {
		return fail(err)
	}
	if _, err := w.Write(raw); err != nil {
		return fail(err)
	}
	step = "end of DATA"
	if err := w.Close(); err != nil {
		return fail(err)
	}
	// The server has accepted the message: a failing QUIT changes nothing.
	_ = c.Quit()
	return nil
}

// classify wraps err, which happened at step, in ErrTemporary or
// ErrPermanent.
func (s *SMTP) classify(ctx context.Context, step string, err error) error {
	if errors.Is(err, ErrPermanent) || errors.Is(err, ErrTemporary) {
		return fmt.Errorf("mail: smtp %s: %s: %w", s.addr, step, err)
	}
	class := ErrTemporary
	var (
		tp  *textproto.Error
		cve *tls.CertificateVerificationError
		uae x509.UnknownAuthorityError
		he  x509.HostnameError
		cie x509.CertificateInvalidError
		rhe tls.RecordHeaderError
	)
	switch {
	case errors.As(err, &tp):
		if tp.Code >= 500 && tp.Code < 600 {
			class = ErrPermanent
		}
	case errors.As(err, &cve), errors.As(err, &uae), errors.As(err, &he), errors.As(err, &cie):
		// The server's certificate is not trusted: a configuration problem.
		class = ErrPermanent
	case errors.As(err, &rhe):
		// The server does not speak TLS where it was configured to.
		class = ErrPermanent
	}
	ctxErr := ctx.Err()
	if ctxErr == nil && errors.Is(err, os.ErrDeadlineExceeded) {
		// The connection's deadline is the context's, whose own error may
		// not be set yet.
		ctxErr = context.DeadlineExceeded
	}
	if ctxErr != nil && !errors.Is(err, ctxErr) {
		return fmt.Errorf("%w: smtp %s: %s: %w (%w)", class, s.addr, step, err, ctxErr)
	}
	return fmt.Errorf("%w: smtp %s: %s: %w", class, s.addr, step, err)
}
