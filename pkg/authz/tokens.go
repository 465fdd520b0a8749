package authz

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/assure-audit/assure/pkg/authn"
	"github.com/assure-audit/assure/pkg/cache"
	"github.com/assure-audit/assure/pkg/failure"
)

// Resolver finds the active person behind verified claims and what they
// hold. The directory answers this; other services ask it, passing on the
// caller's own token.
type Resolver interface {
	Resolve(ctx context.Context, claims authn.Claims, bearer string) (Principal, error)
}

// Tokens authenticates bearer tokens: it verifies the token itself (each
// service does, rather than trusting a header), then resolves the person,
// caching the answer briefly so a page of calls costs one lookup.
type Tokens struct {
	Verifier *authn.Verifier
	Resolver Resolver
	Cache    cache.Cache
	// TTL bounds how long a resolved principal is reused (default 30s): a
	// deactivated person or a removed membership takes effect within it.
	TTL time.Duration
}

// Authenticate implements Authenticator.
func (t *Tokens) Authenticate(ctx context.Context, bearer string) (Principal, error) {
	claims, err := t.Verifier.Verify(ctx, bearer)
	if err != nil {
		return Principal{}, failure.Unauthenticated("the access token is not valid: %v", err)
	}
	sum := sha256.Sum256([]byte(bearer))
	key := "principal:" + hex.EncodeToString(sum[:])
	if t.Cache != nil {
		// Any change in the directory starts a new generation, so a
		// principal cached before it is not used after it.
		if gen, err := t.Cache.Get(ctx, GenerationKey); err == nil {
			key += ":" + hex.EncodeToString(gen)
		}
		// A miss or a cache outage costs a lookup, not the call.
		if b, err := t.Cache.Get(ctx, key); err == nil {
			var p Principal
			if json.Unmarshal(b, &p) == nil {
				return p, nil
			}
		}
	}
	p, err := t.Resolver.Resolve(ctx, claims, bearer)
	if err != nil {
		return Principal{}, err
	}
	if t.Cache != nil {
		ttl := t.TTL
		if ttl == 0 {
			ttl = 30 * time.Second
		}
		if left := time.Until(claims.Expiry); left < ttl {
			ttl = left
		}
		if b, err := json.Marshal(p); err == nil && ttl > 0 {
			_ = t.Cache.Set(ctx, key, b, ttl)
		}
	}
	return p, nil
}

// GenerationKey is the cache key of the directory's generation: a counter
// the directory bumps after every change to people, memberships,
// partnerships or organisations.
const GenerationKey = "authz:generation"

// Bump starts a new directory generation, so every principal cached
// before now is resolved again on its next use.
func Bump(ctx context.Context, c cache.Cache) error {
	_, err := c.Incr(ctx, GenerationKey, 24*time.Hour)
	return err
}
