package authz

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sync"
	"time"

	"github.com/assure-audit/assure/pkg/authn"
	"github.com/assure-audit/assure/pkg/cache"
	"github.com/assure-audit/assure/pkg/failure"
	"golang.org/x/sync/singleflight"
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

	// local keeps decoded principals in this process too, under the same
	// key (token and directory generation), so a busy caller's calls do
	// not each fetch and decode a large principal; resolving collapses
	// concurrent lookups of one token into one.
	mu       sync.Mutex
	local    map[string]localPrincipal
	resolves singleflight.Group
}

type localPrincipal struct {
	p       Principal
	expires time.Time
}

// maxLocal bounds the principals kept in process; past it they are
// dropped all at once (they are cheap to fetch again).
const maxLocal = 10000

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
		if p, ok := t.fromLocal(key); ok {
			return p, nil
		}
	}
	v, err, _ := t.resolves.Do(key, func() (any, error) {
		// Callers waiting on this lookup must not fail because the one
		// that started it gave up.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if t.Cache != nil {
			// A miss or a cache outage costs a lookup, not the call.
			if b, err := t.Cache.Get(ctx, key); err == nil {
				var p Principal
				if json.Unmarshal(b, &p) == nil {
					t.keepLocal(key, p, t.ttl(claims))
					return p, nil
				}
			}
		}
		p, err := t.Resolver.Resolve(ctx, claims, bearer)
		if err != nil {
			return Principal{}, err
		}
		if ttl := t.ttl(claims); t.Cache != nil && ttl > 0 {
			if b, err := json.Marshal(p); err == nil {
				_ = t.Cache.Set(ctx, key, b, ttl)
			}
			t.keepLocal(key, p, ttl)
		}
		return p, nil
	})
	if err != nil {
		return Principal{}, err
	}
	return v.(Principal), nil
}

// ttl is how long a principal resolved for claims may be reused.
func (t *Tokens) ttl(claims authn.Claims) time.Duration {
	ttl := t.TTL
	if ttl == 0 {
		ttl = 30 * time.Second
	}
	if left := time.Until(claims.Expiry); left < ttl {
		ttl = left
	}
	return ttl
}

func (t *Tokens) fromLocal(key string) (Principal, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.local[key]
	if !ok || time.Now().After(e.expires) {
		return Principal{}, false
	}
	return e.p, true
}

func (t *Tokens) keepLocal(key string, p Principal, ttl time.Duration) {
	if ttl <= 0 {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.local == nil || len(t.local) >= maxLocal {
		t.local = map[string]localPrincipal{}
	}
	t.local[key] = localPrincipal{p: p, expires: time.Now().Add(ttl)}
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
