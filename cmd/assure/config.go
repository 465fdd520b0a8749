package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/assure-audit/assure/pkg/config"
)

// Config is everything the binary can be told, by flag or by the
// environment twin of each flag (ASSURE_<FLAG_NAME>).
type Config struct {
	Target          string
	DataDir         string
	HTTPAddr        string
	GRPCAddr        string
	PostgresURL     string
	NATSURL         string
	NATSPrefix      string
	NATSReplicas    int
	RedisURL        string
	RedisPrefix     string
	OTLPEndpoint    string
	LogLevel        string
	LogFormat       string
	ShutdownTimeout time.Duration
	MaxBodyBytes    int64
	// Sign-in.
	IssuerURL          string
	TokenAudience      string
	TokenTTL           time.Duration
	OIDCIssuers        string
	SignInURL          string
	BootstrapEmail     string
	BootstrapPassword  string
	PerPersonPerMinute int
	// SMTP is the mail server reminders go through; an empty host records
	// them without sending.
	SMTPHost, SMTPSecurity, SMTPUsername, SMTPPassword, MailFrom string
	SMTPPort                                                     int
	// ReminderTick is how often the reminder schedule runs; ReminderHold
	// how long a message being sent is left to its sender.
	ReminderTick, ReminderHold time.Duration
	// RebuildReporting has the reporting service clear its read model and
	// replay every event into it on start.
	RebuildReporting bool
	// Pprof serves Go's runtime profiles at /debug/pprof/ beside health
	// and metrics, in processes that do not run the gateway.
	Pprof bool
	// PerAddressPerMinute and PerTokenPerMinute are the gateway's budgets
	// (0: no limit).
	PerAddressPerMinute int
	PerTokenPerMinute   int
	// Addrs are the gRPC addresses of services run by other processes,
	// by service name.
	Addrs map[string]*string
}

// parseConfig reads flags over the environment.
func parseConfig(args []string, lookup func(string) (string, bool), out io.Writer) (Config, error) {
	var c Config
	fs := flag.NewFlagSet("assure", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&c.Target, "target", "all", "what to run: all, or a comma-separated list of "+strings.Join(targetNames(), ", "))
	fs.StringVar(&c.DataDir, "data-dir", "./data", "where the embedded databases and event streams live")
	fs.StringVar(&c.HTTPAddr, "http-addr", "localhost:8080", "REST, health and metrics address")
	fs.StringVar(&c.GRPCAddr, "grpc-addr", "localhost:9090", "gRPC address of the services run here")
	fs.StringVar(&c.PostgresURL, "postgres-url", "", "PostgreSQL URL; each service uses its own schema (empty: embedded SQLite in -data-dir)")
	fs.StringVar(&c.NATSURL, "nats-url", "", "NATS URL with JetStream (empty: embedded server storing in -data-dir)")
	fs.StringVar(&c.NATSPrefix, "nats-prefix", "assure", "prefix of every subject and stream name")
	fs.IntVar(&c.NATSReplicas, "nats-replicas", 1, "replicas of each stream (3 in a NATS cluster)")
	fs.StringVar(&c.RedisURL, "redis-url", "", "Redis URL (empty: an in-process cache)")
	fs.StringVar(&c.RedisPrefix, "redis-prefix", "assure:", "prefix of every Redis key")
	fs.StringVar(&c.OTLPEndpoint, "otlp-endpoint", "", "OTLP/gRPC endpoint (host:port) that receives traces")
	fs.StringVar(&c.LogLevel, "log-level", "info", "debug, info, warn or error")
	fs.StringVar(&c.LogFormat, "log-format", "json", "json or text")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", 20*time.Second, "how long a graceful stop may take")
	fs.Int64Var(&c.MaxBodyBytes, "max-body-bytes", 1<<20, "largest REST request body accepted")
	fs.StringVar(&c.IssuerURL, "issuer-url", "http://localhost:8080", "issuer name of the tokens the platform signs (the same for every process)")
	fs.StringVar(&c.TokenAudience, "token-audience", "assure", "audience that access tokens must name")
	fs.DurationVar(&c.TokenTTL, "token-ttl", time.Hour, "lifetime of the access tokens the platform signs")
	fs.StringVar(&c.OIDCIssuers, "oidc-issuers", "", "OpenID Connect providers whose tokens are accepted: issuer-url=audience,…")
	fs.StringVar(&c.SignInURL, "sign-in-url", "http://localhost:8080/signin", "address that emailed sign-in links point to")
	fs.StringVar(&c.BootstrapEmail, "bootstrap-admin-email", "admin@localhost", "email of the hub admin created on first start")
	fs.StringVar(&c.BootstrapPassword, "bootstrap-admin-password", "", "password of that hub admin (empty: sign in by the link printed on first start)")
	fs.IntVar(&c.PerPersonPerMinute, "rate-per-person", 1200, "calls a signed-in person may make per minute, counted in every process (0: no limit)")
	fs.StringVar(&c.SMTPHost, "smtp-host", "", "mail server for reminders (empty: reminders are recorded, listed by the API, not sent)")
	fs.IntVar(&c.SMTPPort, "smtp-port", 587, "mail server port")
	fs.StringVar(&c.SMTPSecurity, "smtp-security", "starttls", "starttls, tls (implicit, port 465) or none")
	fs.StringVar(&c.SMTPUsername, "smtp-username", "", "mail server user name")
	fs.StringVar(&c.SMTPPassword, "smtp-password", "", "mail server password")
	fs.StringVar(&c.MailFrom, "mail-from", "Assure reminders <reminders@localhost>", "who reminders come from")
	fs.DurationVar(&c.ReminderTick, "reminder-tick", time.Minute, "how often the reminder schedule runs")
	fs.DurationVar(&c.ReminderHold, "reminder-send-hold", 5*time.Minute, "how long a message being sent is left to its sender before another replica sends it again")
	fs.BoolVar(&c.RebuildReporting, "rebuild-reporting", false, "clear the reporting read model on start and rebuild it from the event streams")
	fs.BoolVar(&c.Pprof, "pprof", false, "serve Go's profiles at /debug/pprof/ on the health and metrics address (never where the gateway runs)")
	fs.IntVar(&c.PerAddressPerMinute, "rate-per-address", 600, "REST calls one client address may make per minute at the gateway (0: no limit)")
	fs.IntVar(&c.PerTokenPerMinute, "rate-per-token", 1200, "REST calls with one bearer token per minute at the gateway (0: no limit)")
	c.Addrs = map[string]*string{}
	for _, s := range serviceNames() {
		c.Addrs[s] = fs.String(s+"-addr", "", "gRPC address of the "+s+" service when another process runs it")
	}
	if err := config.Parse(fs, "ASSURE", args, lookup); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	return c, nil
}
