package caseaudit_test

import (
	"context"
	"testing"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/grpcserver"
	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/testinfra"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	"github.com/assure-audit/assure/services/caseaudit"
)

// principals and as are testinfra's, named short for the many calls.
type principals = testinfra.Principals

var as = testinfra.As

// guarded starts the service on in's infrastructure with cfg and d (its
// database and bus filled in, logging discarded unless d says otherwise)
// behind the access guard, people signed in, and returns a client.
func guarded(t *testing.T, in testinfra.Infra, people principals, cfg caseaudit.Config, d caseaudit.Deps) caseauditv1.CaseAuditServiceClient {
	t.Helper()
	d.DB, d.Bus = in.DB, in.Bus
	if d.Logger == nil {
		d.Logger = logging.Discard()
	}
	conn := testinfra.StartServiceWith(t, func(ctx context.Context) (*caseaudit.Service, error) {
		return caseaudit.New(ctx, cfg, d)
	}, func(s *caseaudit.Service) grpcserver.Options {
		return grpcserver.Options{Logger: d.Logger, Guard: &authz.Guard{Table: authz.Merge(authz.Infrastructure, s.AccessTable()),
			Auth: people, Log: authz.SlogAccessLog{Logger: d.Logger}}}
	})
	return caseauditv1.NewCaseAuditServiceClient(conn)
}
