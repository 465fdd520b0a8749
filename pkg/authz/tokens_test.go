package authz_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/authn"
	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/cache"
)

// countingResolver answers with a fixed principal and counts lookups.
type countingResolver struct{ calls atomic.Int64 }

func (r *countingResolver) Resolve(_ context.Context, c authn.Claims, _ string) (authz.Principal, error) {
	r.calls.Add(1)
	time.Sleep(10 * time.Millisecond) // a lookup takes a while, so calls overlap
	return authz.Principal{PersonID: c.Subject, Memberships: []authz.Membership{{Role: authz.OrganisationLead, Organisation: "o"}}}, nil
}

func TestTokensResolveOncePerGeneration(t *testing.T) {
	key, err := authn.GenerateSigningKey()
	if err != nil {
		t.Fatal(err)
	}
	issuer := authn.NewIssuer("https://assure.test", "assure", key, time.Hour)
	token, _, err := issuer.Issue("pat", "pat@example.org", "Pat")
	if err != nil {
		t.Fatal(err)
	}
	verifier, err := authn.NewVerifier([]authn.IssuerConfig{{Issuer: "https://assure.test", Audience: "assure", Keys: authn.StaticKeys(key.Public())}})
	if err != nil {
		t.Fatal(err)
	}
	c := cache.NewMemory()
	r := &countingResolver{}
	tokens := &authz.Tokens{Verifier: verifier, Resolver: r, Cache: c}
	ctx := context.Background()
	call := func() {
		p, err := tokens.Authenticate(ctx, token)
		if err != nil || p.PersonID != "pat" || len(p.Memberships) != 1 {
			t.Errorf("authenticate: %+v %v", p, err)
		}
	}
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); call() }()
	}
	wg.Wait()
	call()
	if n := r.calls.Load(); n != 1 {
		t.Fatalf("50 concurrent calls and one more resolved %d times, want once", n)
	}
	// A change in the directory starts a new generation: the next call
	// resolves again.
	if err := authz.Bump(ctx, c); err != nil {
		t.Fatal(err)
	}
	call()
	if n := r.calls.Load(); n != 2 {
		t.Fatalf("after a directory change: %d lookups, want 2", n)
	}
	// Another process sharing the cache (a fresh Tokens) reuses the
	// shared answer without resolving.
	other := &authz.Tokens{Verifier: verifier, Resolver: r, Cache: c}
	if _, err := other.Authenticate(ctx, token); err != nil {
		t.Fatal(err)
	}
	if n := r.calls.Load(); n != 2 {
		t.Fatalf("another process: %d lookups, want 2", n)
	}
}
