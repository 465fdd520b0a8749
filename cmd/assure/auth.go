package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/assure-audit/assure/pkg/authn"
	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/cache"
	"github.com/assure-audit/assure/pkg/failure"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	"github.com/assure-audit/assure/services/directory"
	"github.com/go-jose/go-jose/v4"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// oidcIssuer is one external OpenID Connect provider whose access tokens
// are accepted, e.g. a council's Entra ID.
type oidcIssuer struct{ url, audience string }

// parseOIDCIssuers reads "https://issuer-a=audience-a,https://issuer-b=audience-b".
func parseOIDCIssuers(s string) ([]oidcIssuer, error) {
	var out []oidcIssuer
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		url, aud, ok := strings.Cut(part, "=")
		if !ok || !strings.HasPrefix(url, "https://") && !strings.HasPrefix(url, "http://") || aud == "" {
			return nil, fmt.Errorf("-oidc-issuers: %q is not issuer-url=audience", part)
		}
		out = append(out, oidcIssuer{url: url, audience: aud})
	}
	return out, nil
}

// buildGuard makes the guard of this process's gRPC server: every local
// service's access table, and an authenticator that verifies tokens
// itself (the built-in issuer's keys and any OpenID providers') and asks
// the directory who the person is: in-process when the directory runs
// here, over gRPC with the caller's own token otherwise.
func buildGuard(cfg Config, services map[string]service, dir *directory.Service, dirConn *grpc.ClientConn, c cache.Cache, access authz.AccessLog) (*authz.Guard, error) {
	tables := []authz.Table{authz.Infrastructure}
	for _, s := range services {
		tables = append(tables, s.AccessTable())
	}
	var keys func(ctx context.Context) (jose.JSONWebKeySet, error)
	var resolver authz.Resolver
	switch {
	case dir != nil:
		keys, resolver = dir.KeySet, dir.Resolver()
	case dirConn != nil:
		client := directoryv1.NewDirectoryServiceClient(dirConn)
		keys = func(ctx context.Context) (jose.JSONWebKeySet, error) { return remoteKeys(ctx, client) }
		resolver = remoteResolver{client: client}
	default:
		return nil, fmt.Errorf("no directory to authenticate callers: set -directory-addr")
	}
	issuers := []authn.IssuerConfig{{
		Issuer: cfg.IssuerURL, Audience: cfg.TokenAudience, Algorithms: []string{"EdDSA"}, Keys: authn.KeyFunc(keys),
	}}
	oidc, err := parseOIDCIssuers(cfg.OIDCIssuers)
	if err != nil {
		return nil, err
	}
	for _, o := range oidc {
		issuers = append(issuers, authn.IssuerConfig{Issuer: o.url, Audience: o.audience,
			Keys: authn.NewOIDC(o.url, &http.Client{Timeout: 10 * time.Second})})
	}
	verifier, err := authn.NewVerifier(issuers)
	if err != nil {
		return nil, err
	}
	return &authz.Guard{
		Table: authz.Merge(tables...),
		Auth:  &authz.Tokens{Verifier: verifier, Resolver: resolver, Cache: c},
		Log:   access,
		// Each person's calls are counted in the shared cache (Redis across
		// replicas), after their token has been verified.
		Counters:           c,
		PerPersonPerMinute: cfg.PerPersonPerMinute,
	}, nil
}

// remoteKeys fetches the built-in issuer's public keys from the directory.
func remoteKeys(ctx context.Context, c directoryv1.DirectoryServiceClient) (jose.JSONWebKeySet, error) {
	var set jose.JSONWebKeySet
	resp, err := c.GetSigningKeys(metadata.NewOutgoingContext(ctx, metadata.MD{}), &directoryv1.GetSigningKeysRequest{})
	if err != nil {
		return set, fmt.Errorf("fetch signing keys from the directory: %w", err)
	}
	if err := json.Unmarshal([]byte(resp.GetKeysJson()), &set); err != nil {
		return set, fmt.Errorf("directory signing keys: %w", err)
	}
	return set, nil
}

// remoteResolver asks the directory who the caller is, presenting the
// caller's own token so the directory verifies it too.
type remoteResolver struct {
	client directoryv1.DirectoryServiceClient
}

// Resolve implements authz.Resolver.
func (r remoteResolver) Resolve(ctx context.Context, _ authn.Claims, bearer string) (authz.Principal, error) {
	ctx = metadata.NewOutgoingContext(ctx, metadata.Pairs("authorization", "Bearer "+bearer))
	caller, err := r.client.GetCaller(ctx, &directoryv1.GetCallerRequest{})
	switch status.Code(err) {
	case codes.OK:
		return directory.PrincipalFromCaller(caller), nil
	case codes.Unauthenticated, codes.NotFound, codes.PermissionDenied:
		return authz.Principal{}, failure.Unauthenticated("%s", status.Convert(err).Message())
	default:
		return authz.Principal{}, failure.Unavailable(err, "cannot reach the directory to identify the caller; try again")
	}
}
