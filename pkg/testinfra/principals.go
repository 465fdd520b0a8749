package testinfra

import (
	"context"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/failure"
	"google.golang.org/grpc/metadata"
)

// Principals authenticates a bearer token that is the name of one of its
// principals, so a test's people sign in by name.
type Principals map[string]authz.Principal

// Authenticate returns the principal bearer names.
func (p Principals) Authenticate(_ context.Context, bearer string) (authz.Principal, error) {
	if pr, ok := p[bearer]; ok {
		return pr, nil
	}
	return authz.Principal{}, failure.Unauthenticated("unknown token")
}

// As is a context for calling a gRPC client as who, a name of Principals.
func As(who string) context.Context {
	return metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+who)
}
