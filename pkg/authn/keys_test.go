package authn_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/assure-audit/assure/pkg/authn"
)

// oidcVerifier trusts only p, discovered through NewOIDC with opts.
func oidcVerifier(t *testing.T, p *provider, c *clock, opts ...authn.Option) (*authn.Verifier, *authn.KeyCache) {
	t.Helper()
	keys := authn.NewOIDC(p.URL(), p.srv.Client(), append([]authn.Option{authn.WithClock(c.Now)}, opts...)...)
	v, err := authn.NewVerifier([]authn.IssuerConfig{{Issuer: p.URL(), Audience: oidcAud, Keys: keys}}, authn.WithClock(c.Now))
	if err != nil {
		t.Fatal(err)
	}
	return v, keys
}

func TestOIDCDiscoveryAndVerify(t *testing.T) {
	rk, ek := rsaKey(t), ecKey(t)
	p := newProvider(t, pub(rk, "rsa-1", "RS256"), pub(ek, "ec-1", ""))
	p.jwksWait = 50 * time.Millisecond // let concurrent first callers overlap
	c := newClock()
	v, _ := oidcVerifier(t, p, c)

	tokens := []string{
		sign(t, jose.RS256, rk, "rsa-1", claims(p.URL(), oidcAud, c.Now(), nil)),
		sign(t, jose.ES256, ek, "ec-1", claims(p.URL(), oidcAud, c.Now(), nil)),
	}
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Go(func() {
			if _, err := v.Verify(context.Background(), tokens[i%2]); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("Verify: %v", err)
	}
	if d, k := p.discoveries.Load(), p.jwksHits.Load(); d != 1 || k != 1 {
		t.Errorf("concurrent first callers made %d discoveries and %d key set fetches, want 1 and 1", d, k)
	}
}

func TestOIDCKeyRotationViaUnknownKid(t *testing.T) {
	oldKey, newKey := rsaKey(t), rsaKey(t)
	p := newProvider(t, pub(oldKey, "old", "RS256"))
	c := newClock()
	v, _ := oidcVerifier(t, p, c, authn.WithMinRefreshInterval(30*time.Second))
	ctx := context.Background()

	if _, err := v.Verify(ctx, sign(t, jose.RS256, oldKey, "old", claims(p.URL(), oidcAud, c.Now(), nil))); err != nil {
		t.Fatal(err)
	}
	p.setKeys(pub(newKey, "new", "RS256"))

	// Straight after a fetch the rate limit holds the new kid back …
	rotated := sign(t, jose.RS256, newKey, "new", claims(p.URL(), oidcAud, c.Now(), nil))
	if _, err := v.Verify(ctx, rotated); !errors.Is(err, authn.ErrUnauthenticated) {
		t.Fatalf("new kid within the minimum interval: %v", err)
	}
	if n := p.jwksHits.Load(); n != 1 {
		t.Fatalf("key set fetched %d times within the minimum interval, want 1", n)
	}
	// … and once it has passed, the unknown kid brings the new key in.
	c.Advance(31 * time.Second)
	rotated = sign(t, jose.RS256, newKey, "new", claims(p.URL(), oidcAud, c.Now(), nil))
	if _, err := v.Verify(ctx, rotated); err != nil {
		t.Fatalf("rotated key: %v", err)
	}
	if n := p.jwksHits.Load(); n != 2 {
		t.Errorf("key set fetched %d times, want 2", n)
	}
	// The old key is gone from the set, so its tokens are refused.
	if _, err := v.Verify(ctx, sign(t, jose.RS256, oldKey, "old", claims(p.URL(), oidcAud, c.Now(), nil))); !errors.Is(err, authn.ErrUnauthenticated) {
		t.Errorf("retired key still accepted: %v", err)
	}
}

func TestOIDCRefreshRateLimit(t *testing.T) {
	rk := rsaKey(t)
	p := newProvider(t, pub(rk, "rsa-1", "RS256"))
	c := newClock()
	v, _ := oidcVerifier(t, p, c) // default minimum interval
	ctx := context.Background()
	if _, err := v.Verify(ctx, sign(t, jose.RS256, rk, "rsa-1", claims(p.URL(), oidcAud, c.Now(), nil))); err != nil {
		t.Fatal(err)
	}

	flood := func() {
		t.Helper()
		var wg sync.WaitGroup
		var accepted atomic.Int64
		for g := range 8 {
			wg.Go(func() {
				for i := range 25 {
					tok := sign(t, jose.RS256, rk, fmt.Sprintf("unknown-%d-%d", g, i), claims(p.URL(), oidcAud, c.Now(), nil))
					if _, err := v.Verify(ctx, tok); !errors.Is(err, authn.ErrUnauthenticated) {
						accepted.Add(1)
					}
				}
			})
		}
		wg.Wait()
		if n := accepted.Load(); n != 0 {
			t.Fatalf("%d tokens with unknown kids were not refused", n)
		}
	}

	steps := []struct {
		advance time.Duration
		want    int64 // key set fetches in total after the flood
	}{
		{0, 1},                               // just fetched: no refresh at all
		{authn.DefaultMinRefreshInterval, 2}, // interval passed: exactly one refresh
		{time.Second, 2},                     // then nothing again
		{authn.DefaultMinRefreshInterval - 2*time.Second, 2},
		{2 * time.Second, 3},
	}
	for i, s := range steps {
		c.Advance(s.advance)
		flood()
		if n := p.jwksHits.Load(); n != s.want {
			t.Fatalf("step %d: %d key set fetches, want %d", i, n, s.want)
		}
	}

	// A minimum interval below the floor is raised to it.
	p2 := newProvider(t, pub(rk, "rsa-1", "RS256"))
	c2 := newClock()
	v2, _ := oidcVerifier(t, p2, c2, authn.WithMinRefreshInterval(time.Millisecond))
	for i := range 50 {
		c2.Advance(100 * time.Millisecond)
		tok := sign(t, jose.RS256, rk, fmt.Sprintf("unknown-%d", i), claims(p2.URL(), oidcAud, c2.Now(), nil))
		if _, err := v2.Verify(ctx, tok); !errors.Is(err, authn.ErrUnauthenticated) {
			t.Fatalf("unknown kid: %v", err)
		}
	}
	// 5 seconds of flood: the first fetch and nothing more.
	if n := p2.jwksHits.Load(); n != 1 {
		t.Errorf("with a 1ms minimum interval, %d key set fetches in 5s, want 1", n)
	}
}

func TestOIDCPeriodicRefreshDropsRetiredKey(t *testing.T) {
	oldKey, newKey := rsaKey(t), rsaKey(t)
	p := newProvider(t, pub(oldKey, "old", "RS256"), pub(newKey, "new", "RS256"))
	c := newClock()
	v, _ := oidcVerifier(t, p, c)
	ctx := context.Background()
	tok := func() string { return sign(t, jose.RS256, oldKey, "old", claims(p.URL(), oidcAud, c.Now(), nil)) }
	if _, err := v.Verify(ctx, tok()); err != nil {
		t.Fatal(err)
	}
	p.setKeys(pub(newKey, "new", "RS256"))

	// Within the refresh interval the cached set still holds the old key.
	c.Advance(authn.DefaultRefreshInterval - time.Minute)
	if _, err := v.Verify(ctx, tok()); err != nil {
		t.Fatalf("before the refresh interval: %v", err)
	}
	if n := p.jwksHits.Load(); n != 1 {
		t.Fatalf("%d key set fetches before the refresh interval, want 1", n)
	}

	// Past it, the next caller is served from the cache while the set is
	// fetched again in the background; then the retired key is gone.
	c.Advance(time.Minute)
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, err := v.Verify(ctx, tok())
		if errors.Is(err, authn.ErrUnauthenticated) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("retired key still accepted after the refresh interval (%v)", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n := p.jwksHits.Load(); n != 2 {
		t.Errorf("%d key set fetches, want 2", n)
	}
}

func TestOIDCDiscoveryIssuerMismatch(t *testing.T) {
	rk := rsaKey(t)
	p := newProvider(t, pub(rk, "rsa-1", "RS256"))
	p.setIssuer("https://impostor.test")
	c := newClock()
	v, keys := oidcVerifier(t, p, c)

	_, err := v.Verify(context.Background(), sign(t, jose.RS256, rk, "rsa-1", claims(p.URL(), oidcAud, c.Now(), nil)))
	if !errors.Is(err, authn.ErrUnauthenticated) {
		t.Fatalf("Verify with a mismatched discovery: %v", err)
	}
	if err := keys.Refresh(context.Background()); err == nil || !strings.Contains(err.Error(), "issuer") {
		t.Errorf("Refresh = %v, want an issuer mismatch", err)
	}
	if n := p.jwksHits.Load(); n != 0 {
		t.Errorf("key set fetched %d times from a mismatched provider", n)
	}

	// The issuer must match exactly, so a trailing slash is a mismatch too.
	p.setIssuer(p.URL() + "/")
	if err := keys.Refresh(context.Background()); err == nil {
		t.Error("Refresh accepted an issuer differing by a trailing slash")
	}
}

func TestOIDCProviderDownServesCachedKeys(t *testing.T) {
	rk := rsaKey(t)
	p := newProvider(t, pub(rk, "rsa-1", "RS256"))
	c := newClock()
	v, keys := oidcVerifier(t, p, c)
	ctx := context.Background()
	verify := func() error {
		_, err := v.Verify(ctx, sign(t, jose.RS256, rk, "rsa-1", claims(p.URL(), oidcAud, c.Now(), nil)))
		return err
	}
	if err := verify(); err != nil {
		t.Fatal(err)
	}

	p.setDown(true)
	c.Advance(2 * authn.DefaultRefreshInterval) // the cache is old: a refresh is due and fails
	if err := verify(); err != nil {
		t.Fatalf("provider down, known kid: %v", err)
	}
	if err := keys.Refresh(ctx); err == nil {
		t.Fatal("Refresh succeeded against a provider that is down")
	}
	if err := verify(); err != nil {
		t.Fatalf("after a failed refresh: %v", err)
	}

	// Fully gone: connections refused.
	p.srv.Close()
	c.Advance(2 * authn.DefaultRefreshInterval)
	if err := verify(); err != nil {
		t.Fatalf("provider gone, known kid: %v", err)
	}
	if err := keys.Refresh(ctx); err == nil {
		t.Fatal("Refresh succeeded against a closed provider")
	}
	if err := verify(); err != nil {
		t.Fatalf("provider gone, after a failed refresh: %v", err)
	}
}

func TestOIDCProviderDownFromTheStart(t *testing.T) {
	rk := rsaKey(t)
	p := newProvider(t, pub(rk, "rsa-1", "RS256"))
	p.setDown(true)
	c := newClock()
	v, _ := oidcVerifier(t, p, c)
	ctx := context.Background()
	tok := func() string { return sign(t, jose.RS256, rk, "rsa-1", claims(p.URL(), oidcAud, c.Now(), nil)) }

	if _, err := v.Verify(ctx, tok()); !errors.Is(err, authn.ErrUnauthenticated) {
		t.Fatalf("no keys yet: %v", err)
	}
	p.setDown(false)
	// Until the floor has passed the failure stands …
	if _, err := v.Verify(ctx, tok()); !errors.Is(err, authn.ErrUnauthenticated) {
		t.Fatalf("retry within the floor: %v", err)
	}
	// … then the next caller tries again.
	c.Advance(authn.MinRefreshFloor)
	if _, err := v.Verify(ctx, tok()); err != nil {
		t.Fatalf("after recovery: %v", err)
	}
	if d := p.discoveries.Load(); d != 2 {
		t.Errorf("%d discoveries, want 2", d)
	}
}

func TestKeyFunc(t *testing.T) {
	c := newClock()
	k1, err := authn.GenerateSigningKey()
	if err != nil {
		t.Fatal(err)
	}
	k2, err := authn.GenerateSigningKey()
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	set := jose.JSONWebKeySet{Keys: []jose.JSONWebKey{k1.Public()}}
	var calls atomic.Int64
	keys := authn.KeyFunc(func(ctx context.Context) (jose.JSONWebKeySet, error) {
		calls.Add(1)
		mu.Lock()
		defer mu.Unlock()
		return set, nil
	}, authn.WithClock(c.Now), authn.WithMinRefreshInterval(time.Minute))
	v, err := authn.NewVerifier([]authn.IssuerConfig{{Issuer: builtinIss, Audience: builtinAud, Keys: keys}}, authn.WithClock(c.Now))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	issue := func(k authn.SigningKey) string {
		tok, _, err := authn.NewIssuer(builtinIss, builtinAud, k, time.Minute, authn.WithClock(c.Now)).Issue("s", "", "")
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}

	if _, err := v.Verify(ctx, issue(k1)); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	set.Keys = append(set.Keys, k2.Public())
	mu.Unlock()
	c.Advance(time.Minute)
	if _, err := v.Verify(ctx, issue(k2)); err != nil {
		t.Fatalf("new key: %v", err)
	}
	if _, err := v.Verify(ctx, issue(k1)); err != nil {
		t.Fatalf("old key during rotation: %v", err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("fetched %d times, want 2", n)
	}
}

func TestKeySourcesDropUnusableKeys(t *testing.T) {
	k, err := authn.GenerateSigningKey()
	if err != nil {
		t.Fatal(err)
	}
	secret := jose.JSONWebKey{Key: []byte("0123456789abcdef0123456789abcdef"), KeyID: k.ID}
	enc := k.Public()
	enc.Use = "enc"
	private := jose.JSONWebKey{Key: k.Private, KeyID: k.ID}

	tests := []struct {
		name string
		keys []jose.JSONWebKey
		want int
	}{
		{"symmetric key", []jose.JSONWebKey{secret}, 0},
		{"encryption key", []jose.JSONWebKey{enc}, 0},
		{"private key reduced to public", []jose.JSONWebKey{private}, 1},
		{"mixed", []jose.JSONWebKey{secret, enc, k.Public()}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := authn.StaticKeys(tt.keys...).Keys(context.Background(), k.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want {
				t.Fatalf("got %d keys, want %d", len(got), tt.want)
			}
			for _, g := range got {
				if !g.IsPublic() {
					t.Errorf("key %q is not public", g.KeyID)
				}
			}

			fn := authn.KeyFunc(func(context.Context) (jose.JSONWebKeySet, error) {
				return jose.JSONWebKeySet{Keys: tt.keys}, nil
			})
			got, err = fn.Keys(context.Background(), k.ID)
			if tt.want == 0 {
				if err == nil {
					t.Errorf("KeyFunc with no usable key: got %d keys and no error", len(got))
				}
				return
			}
			if err != nil || len(got) != tt.want {
				t.Errorf("KeyFunc: %d keys, %v; want %d", len(got), err, tt.want)
			}
		})
	}
}

func TestKeyCacheCallerGivesUp(t *testing.T) {
	release := make(chan struct{})
	keys := authn.KeyFunc(func(ctx context.Context) (jose.JSONWebKeySet, error) {
		select {
		case <-release:
		case <-ctx.Done():
		}
		return jose.JSONWebKeySet{}, errors.New("stopped")
	})
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := keys.Keys(ctx, "k"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Keys = %v, want the caller's deadline", err)
	}
}
