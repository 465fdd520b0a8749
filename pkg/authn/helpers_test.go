package authn_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// clock is a settable time source shared by the code under test and the
// tokens the tests sign.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock {
	return &clock{t: time.Date(2030, 3, 4, 9, 0, 0, 0, time.UTC)}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// claims returns a valid payload for iss and aud at now; edits adjust it
// (a nil value deletes the claim).
func claims(iss, aud string, now time.Time, edits map[string]any) map[string]any {
	c := map[string]any{
		"iss": iss,
		"sub": "person-1",
		"aud": aud,
		"exp": now.Add(5 * time.Minute).Unix(),
		"nbf": now.Unix(),
		"iat": now.Unix(),
		"jti": "id-1",
	}
	for k, v := range edits {
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
	}
	return c
}

// sign returns a compact JWT over payload signed with key under alg,
// naming kid in the header when it is not empty.
func sign(t testing.TB, alg jose.SignatureAlgorithm, key any, kid string, payload any) string {
	t.Helper()
	opts := (&jose.SignerOptions{}).WithType("JWT")
	if kid != "" {
		opts = opts.WithHeader("kid", kid)
	}
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, opts)
	if err != nil {
		t.Fatalf("signer %s: %v", alg, err)
	}
	tok, err := jwt.Signed(s).Claims(payload).Serialize()
	if err != nil {
		t.Fatalf("sign %s: %v", alg, err)
	}
	return tok
}

func rsaKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func ecKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// provider is an OpenID Connect provider on a loopback test server: it
// serves discovery and a key set, and counts what it is asked.
type provider struct {
	srv *httptest.Server

	mu       sync.Mutex
	issuer   string // issuer stated in discovery; the server's URL unless changed
	keys     []jose.JSONWebKey
	down     bool
	jwksWait time.Duration

	discoveries atomic.Int64
	jwksHits    atomic.Int64
}

func newProvider(t testing.TB, keys ...jose.JSONWebKey) *provider {
	t.Helper()
	p := &provider{keys: keys}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		p.discoveries.Add(1)
		p.mu.Lock()
		down, iss := p.down, p.issuer
		p.mu.Unlock()
		if down {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		writeJSON(w, map[string]any{
			"issuer":                 iss,
			"jwks_uri":               p.srv.URL + "/keys",
			"authorization_endpoint": p.srv.URL + "/authorize",
		})
	})
	mux.HandleFunc("GET /keys", func(w http.ResponseWriter, r *http.Request) {
		p.jwksHits.Add(1)
		p.mu.Lock()
		down, wait := p.down, p.jwksWait
		set := jose.JSONWebKeySet{Keys: append([]jose.JSONWebKey(nil), p.keys...)}
		p.mu.Unlock()
		time.Sleep(wait)
		if down {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		writeJSON(w, set)
	})
	p.srv = httptest.NewServer(mux)
	p.issuer = p.srv.URL
	t.Cleanup(p.srv.Close)
	return p
}

func (p *provider) URL() string { return p.srv.URL }

func (p *provider) setKeys(keys ...jose.JSONWebKey) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.keys = keys
}

func (p *provider) setDown(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
}

func (p *provider) setIssuer(iss string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.issuer = iss
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// pub returns the public JWK of a private key with kid and alg.
func pub(key any, kid, alg string) jose.JSONWebKey {
	k := jose.JSONWebKey{Key: key, KeyID: kid, Algorithm: alg, Use: "sig"}
	return k.Public()
}
