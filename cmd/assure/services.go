package main

import (
	"context"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"path/filepath"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/cache"
	"github.com/assure-audit/assure/pkg/mail"
	"github.com/assure-audit/assure/pkg/objectstore"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/pkg/telemetry"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"github.com/assure-audit/assure/services/caseaudit"
	"github.com/assure-audit/assure/services/directory"
	"github.com/assure-audit/assure/services/reminder"
	"github.com/assure-audit/assure/services/reporting"
	"github.com/assure-audit/assure/services/submission"
	"github.com/assure-audit/assure/services/template"
	"google.golang.org/grpc"
)

// service is what every service package's New returns.
type service interface {
	RegisterGRPC(grpc.ServiceRegistrar)
	AccessTable() authz.Table
	ServiceNames() []string
	Run(ctx context.Context) error
}

func wrap[S service](s S, err error) (service, error) {
	if err != nil {
		return nil, err
	}
	return s, nil
}

// buildService builds one service with the same constructor whatever the
// infrastructure.
func buildService(ctx context.Context, cfg Config, name string, db *store.DB, in *infra, tel *telemetry.Telemetry, conns map[string]*grpc.ClientConn, log *slog.Logger) (service, error) {
	switch name {
	case Directory:
		return wrap(directory.New(ctx, directory.Config{
			IssuerURL: cfg.IssuerURL, Audience: cfg.TokenAudience, TokenTTL: cfg.TokenTTL,
			SignInLinkBase: cfg.SignInURL, BootstrapEmail: cfg.BootstrapEmail, BootstrapPassword: cfg.BootstrapPassword,
		}, directory.Deps{DB: db, Bus: in.bus, Logger: log, Cache: in.cache,
			AccessLog: authz.SlogAccessLog{Logger: log.With("log", "access")}}))
	case Template:
		return wrap(template.New(ctx, template.Config{}, template.Deps{DB: db, Bus: in.bus, Logger: log}))
	case Submission:
		d := submission.Deps{DB: db, Bus: in.bus, Logger: log}
		if cc := conns[Template]; cc != nil {
			d.Templates = templatev1.NewTemplateServiceClient(cc)
		}
		if cc := conns[Directory]; cc != nil {
			d.Directory = directoryv1.NewDirectoryServiceClient(cc)
		}
		if cfg.PostgresURL == "" {
			// The embedded default keeps evidence files on disk beside the
			// databases; on PostgreSQL they stay in the service's schema,
			// which every replica shares.
			files, err := objectstore.NewDir(filepath.Join(cfg.DataDir, "evidence"))
			if err != nil {
				return nil, err
			}
			d.Files = files
		}
		return wrap(submission.New(ctx, submission.Config{}, d))
	case Reminder:
		from, err := netmail.ParseAddress(cfg.MailFrom)
		if err != nil {
			return nil, fmt.Errorf("-mail-from: %w", err)
		}
		d := reminder.Deps{DB: db, Bus: in.bus, Logger: log}
		if l, ok := in.cache.(cache.Leases); ok {
			d.Leases = l
		}
		if cfg.SMTPHost != "" {
			if d.Mail, err = mail.NewSMTP(mail.SMTPConfig{Host: cfg.SMTPHost, Port: cfg.SMTPPort, Security: cfg.SMTPSecurity,
				Username: cfg.SMTPUsername, Password: cfg.SMTPPassword}); err != nil {
				return nil, fmt.Errorf("smtp: %w", err)
			}
		}
		return wrap(reminder.New(ctx, reminder.Config{TickInterval: cfg.ReminderTick, SendHold: cfg.ReminderHold, SignInURL: cfg.SignInURL,
			From: mail.Address{Name: from.Name, Email: from.Address}}, d))
	case Reporting:
		return wrap(reporting.New(ctx, reporting.Config{Rebuild: cfg.RebuildReporting}, reporting.Deps{DB: db, Bus: in.bus, Logger: log,
			Cache: in.cache, MeterProvider: tel.MeterProvider}))
	case CaseAudit:
		return wrap(caseaudit.New(ctx, caseaudit.Config{}, caseaudit.Deps{DB: db, Bus: in.bus, Logger: log}))
	}
	return nil, fmt.Errorf("no service named %q", name)
}
