package authn_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/assure-audit/assure/pkg/authn"
)

const (
	builtinIss = "https://assure.test"
	builtinAud = "assure"
	oidcAud    = "assure-api"
	edOnlyIss  = "https://eddsa-only.test"
)

// world is a Verifier trusting the built-in issuer, an OIDC provider with an
// RSA and an EC key, and an issuer that allows EdDSA only although its key
// set also holds an RSA key.
type world struct {
	clock    *clock
	verifier *authn.Verifier
	issuer   *authn.Issuer
	signing  authn.SigningKey
	prov     *provider
	rsa      any // *rsa.PrivateKey of the provider, kid "rsa-1"
	rsaPub   jose.JSONWebKey
	ec       any // *ecdsa.PrivateKey of the provider, kid "ec-1"
	edOnly   ed25519.PrivateKey
	edOnlyRS any // *rsa.PrivateKey in the EdDSA-only issuer's set, kid "rsa-x"
}

func newWorld(t testing.TB) *world {
	t.Helper()
	w := &world{clock: newClock()}
	var err error
	if w.signing, err = authn.GenerateSigningKey(); err != nil {
		t.Fatal(err)
	}
	w.issuer = authn.NewIssuer(builtinIss, builtinAud, w.signing, 5*time.Minute, authn.WithClock(w.clock.Now))

	rk, ek := rsaKey(t), ecKey(t)
	w.rsa, w.ec = rk, ek
	w.rsaPub = pub(rk, "rsa-1", "RS256")
	w.prov = newProvider(t, w.rsaPub, pub(ek, "ec-1", "ES256"))

	_, w.edOnly, _ = ed25519.GenerateKey(rand.Reader)
	otherRSA := rsaKey(t)
	w.edOnlyRS = otherRSA

	w.verifier, err = authn.NewVerifier([]authn.IssuerConfig{
		{Issuer: builtinIss, Audience: builtinAud, Keys: authn.StaticKeys(w.signing.Public())},
		{Issuer: w.prov.URL(), Audience: oidcAud, Keys: authn.NewOIDC(w.prov.URL(), w.prov.srv.Client(), authn.WithClock(w.clock.Now))},
		{Issuer: edOnlyIss, Audience: builtinAud, Algorithms: []string{"EdDSA"},
			Keys: authn.StaticKeys(pub(w.edOnly, "ed-2", ""), pub(otherRSA, "rsa-x", ""))},
	}, authn.WithClock(w.clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// builtin returns a token of the built-in issuer's key with edited claims.
func (w *world) builtin(t testing.TB, edits map[string]any) string {
	return sign(t, jose.EdDSA, w.signing.Private, w.signing.ID, claims(builtinIss, builtinAud, w.clock.Now(), edits))
}

// b64 is the base64 of JWT segments.
var b64 = base64.RawURLEncoding

// unsigned builds a token from a raw header and payload with the given
// signature segment.
func unsigned(header, payload any, sig string) string {
	h, _ := json.Marshal(header)
	p, _ := json.Marshal(payload)
	return b64.EncodeToString(h) + "." + b64.EncodeToString(p) + "." + sig
}

func TestVerifyRefusesForgeries(t *testing.T) {
	w := newWorld(t)
	now := w.clock.Now()
	provClaims := func(edits map[string]any) map[string]any {
		return claims(w.prov.URL(), oidcAud, now, edits)
	}

	rsaDER, err := x509.MarshalPKIXPublicKey(w.rsaPub.Key)
	if err != nil {
		t.Fatal(err)
	}
	rsaPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: rsaDER})
	rsaJWK, err := json.Marshal(w.rsaPub)
	if err != nil {
		t.Fatal(err)
	}
	edJWK, err := json.Marshal(w.signing.Public())
	if err != nil {
		t.Fatal(err)
	}
	edRaw := []byte(w.signing.Private.Public().(ed25519.PublicKey))

	_, stranger, _ := ed25519.GenerateKey(rand.Reader)
	attackerEC := ecKey(t)

	valid := w.builtin(t, nil)
	parts := strings.Split(valid, ".")

	tests := []struct {
		name  string
		why   string // the refusal must give this reason
		token string
	}{
		{"alg none", "algorithm not accepted", unsigned(map[string]any{"alg": "none", "kid": w.signing.ID}, claims(builtinIss, builtinAud, now, nil), "")},
		{"alg none with a signature", "algorithm not accepted", unsigned(map[string]any{"alg": "none", "kid": w.signing.ID}, claims(builtinIss, builtinAud, now, nil), parts[2])},
		{"alg NONE", "algorithm not accepted", unsigned(map[string]any{"alg": "NONE"}, claims(builtinIss, builtinAud, now, nil), "")},
		{"no alg", "algorithm not accepted", unsigned(map[string]any{"kid": w.signing.ID}, claims(builtinIss, builtinAud, now, nil), parts[2])},
		{"HS256 keyed with the RSA public key PEM", "algorithm not accepted", sign(t, jose.HS256, rsaPEM, "rsa-1", provClaims(nil))},
		{"HS256 keyed with the RSA public key DER", "algorithm not accepted", sign(t, jose.HS256, rsaDER, "rsa-1", provClaims(nil))},
		{"HS256 keyed with the RSA public JWK JSON", "algorithm not accepted", sign(t, jose.HS256, rsaJWK, "rsa-1", provClaims(nil))},
		{"HS512 keyed with the RSA public JWK JSON", "algorithm not accepted", sign(t, jose.HS512, rsaJWK, "rsa-1", provClaims(nil))},
		{"HS256 keyed with the Ed25519 public key", "algorithm not accepted", sign(t, jose.HS256, edRaw, w.signing.ID, claims(builtinIss, builtinAud, now, nil))},
		{"HS256 keyed with the Ed25519 public JWK JSON", "algorithm not accepted", sign(t, jose.HS256, edJWK, w.signing.ID, claims(builtinIss, builtinAud, now, nil))},
		{"unknown kid", "no signing key", sign(t, jose.EdDSA, w.signing.Private, "no-such-key", claims(builtinIss, builtinAud, now, nil))},
		{"unknown kid at the provider", "no signing key", sign(t, jose.RS256, w.rsa, "rsa-9", provClaims(nil))},
		{"wrong issuer: built-in key claiming the provider", "no signing key", sign(t, jose.EdDSA, w.signing.Private, w.signing.ID, provClaims(map[string]any{"aud": oidcAud}))},
		{"wrong issuer: provider key claiming the built-in issuer", "no signing key", sign(t, jose.RS256, w.rsa, "rsa-1", claims(builtinIss, builtinAud, now, nil))},
		{"issuer not configured", "issuer not accepted", w.builtin(t, map[string]any{"iss": "https://evil.test"})},
		{"issuer differs by a trailing slash", "issuer not accepted", w.builtin(t, map[string]any{"iss": builtinIss + "/"})},
		{"no issuer", "issuer not accepted", w.builtin(t, map[string]any{"iss": nil})},
		{"issuer not a string", "malformed claims", w.builtin(t, map[string]any{"iss": 7})},
		{"wrong audience", "another audience", w.builtin(t, map[string]any{"aud": "someone-else"})},
		{"wrong audience list", "another audience", w.builtin(t, map[string]any{"aud": []string{"a", "b"}})},
		{"audience of another configured issuer", "another audience", w.builtin(t, map[string]any{"aud": oidcAud})},
		{"missing audience", "no audience", w.builtin(t, map[string]any{"aud": nil})},
		{"empty audience list", "no audience", w.builtin(t, map[string]any{"aud": []string{}})},
		{"audience not a string", "malformed claims", w.builtin(t, map[string]any{"aud": 1})},
		{"expired", "expired", w.builtin(t, map[string]any{"exp": now.Add(-time.Minute).Unix()})},
		{"expired beyond the leeway", "expired", w.builtin(t, map[string]any{"exp": now.Add(-31 * time.Second).Unix()})},
		{"not yet valid", "not yet valid", w.builtin(t, map[string]any{"nbf": now.Add(5 * time.Minute).Unix()})},
		{"missing exp", "no expiry", w.builtin(t, map[string]any{"exp": nil})},
		{"exp null", "no expiry", w.builtin(t, map[string]any{"exp": json.RawMessage("null")})},
		{"exp a string", "malformed claims", w.builtin(t, map[string]any{"exp": "tomorrow"})},
		{"exp overflowing", "malformed claims", w.builtin(t, map[string]any{"exp": 1e300})},
		{"iat in the future", "in the future", w.builtin(t, map[string]any{"iat": now.Add(5 * time.Minute).Unix()})},
		{"no subject", "no subject", w.builtin(t, map[string]any{"sub": nil})},
		{"tampered payload", "invalid signature", parts[0] + "." + b64.EncodeToString(mustJSON(claims(builtinIss, builtinAud, now, map[string]any{"sub": "admin"}))) + "." + parts[2]},
		{"tampered header", "invalid signature", b64.EncodeToString([]byte(`{"alg":"EdDSA","kid":"`+w.signing.ID+`","x":1}`)) + "." + parts[1] + "." + parts[2]},
		{"signature from another key with the right kid", "invalid signature", sign(t, jose.EdDSA, stranger, w.signing.ID, claims(builtinIss, builtinAud, now, nil))},
		{"signature from another key without kid", "invalid signature", sign(t, jose.EdDSA, stranger, "", claims(builtinIss, builtinAud, now, nil))},
		{"ES256 from another key naming the RSA kid", "no signing key", sign(t, jose.ES256, attackerEC, "rsa-1", provClaims(nil))},
		{"ES256 from another key naming the EC kid", "invalid signature", sign(t, jose.ES256, attackerEC, "ec-1", provClaims(nil))},
		{"RS256 when only EdDSA allowed", "algorithm not accepted", sign(t, jose.RS256, w.edOnlyRS, "rsa-x", claims(edOnlyIss, builtinAud, now, nil))},
		{"RS256 without kid when only EdDSA allowed", "algorithm not accepted", sign(t, jose.RS256, w.edOnlyRS, "", claims(edOnlyIss, builtinAud, now, nil))},
		{"embedded attacker jwk", "invalid signature", embeddedJWK(t, stranger, w.signing.ID, claims(builtinIss, builtinAud, now, nil))},
		{"JSON serialization", "malformed token", jsonSerialized(t, w.signing, claims(builtinIss, builtinAud, now, nil))},
		{"truncated signature", "invalid signature", valid[:len(valid)-10]},
		{"no signature", "invalid signature", parts[0] + "." + parts[1] + "."},
		{"two segments", "malformed token", parts[0] + "." + parts[1]},
		{"four segments", "malformed token", valid + ".x"},
		{"payload not JSON", "malformed claims", parts[0] + "." + b64.EncodeToString([]byte("hello")) + "." + parts[2]},
		{"garbage", "malformed token", "not-a-token"},
		{"dots", "malformed token", "..."},
		{"bad base64", "malformed token", "%%%.%%%.%%%"},
		{"bearer prefix left on", "malformed token", "Bearer " + valid},
		{"too large", "too large", w.builtin(t, map[string]any{"pad": strings.Repeat("x", authn.MaxTokenSize)})},
		{"empty string", "empty token", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := w.verifier.Verify(context.Background(), tt.token)
			if !errors.Is(err, authn.ErrUnauthenticated) {
				t.Fatalf("Verify = %+v, %v; want ErrUnauthenticated", got, err)
			}
			if !strings.Contains(err.Error(), tt.why) {
				t.Errorf("refused for %q, want %q", err, tt.why)
			}
			if got.Subject != "" {
				t.Errorf("refusal returned claims %+v", got)
			}
			if tt.token != "" && strings.Contains(err.Error(), tt.token) {
				t.Errorf("error echoes the token: %v", err)
			}
		})
	}
}

func TestVerifyAccepts(t *testing.T) {
	w := newWorld(t)
	now := w.clock.Now()
	tok, exp, err := w.issuer.Issue("person-42", "ada@example.org", "Ada Lovelace")
	if err != nil {
		t.Fatal(err)
	}
	if want := now.Add(5 * time.Minute); !exp.Equal(want) {
		t.Errorf("Issue expiry = %v, want %v", exp, want)
	}
	prov := func(edits map[string]any) map[string]any { return claims(w.prov.URL(), oidcAud, now, edits) }

	tests := []struct {
		name    string
		token   string
		iss     string
		subject string
	}{
		{"EdDSA from the built-in Issuer", tok, builtinIss, "person-42"},
		{"RS256 from the provider", sign(t, jose.RS256, w.rsa, "rsa-1", prov(nil)), w.prov.URL(), "person-1"},
		{"ES256 from the provider", sign(t, jose.ES256, w.ec, "ec-1", prov(nil)), w.prov.URL(), "person-1"},
		{"RS256 without kid", sign(t, jose.RS256, w.rsa, "", prov(nil)), w.prov.URL(), "person-1"},
		{"ES256 without kid", sign(t, jose.ES256, w.ec, "", prov(nil)), w.prov.URL(), "person-1"},
		{"audience in a list", sign(t, jose.RS256, w.rsa, "rsa-1", prov(map[string]any{"aud": []string{"other", oidcAud}})), w.prov.URL(), "person-1"},
		{"expired within the leeway", w.builtin(t, map[string]any{"exp": now.Add(-20 * time.Second).Unix()}), builtinIss, "person-1"},
		{"nbf within the leeway", w.builtin(t, map[string]any{"nbf": now.Add(20 * time.Second).Unix()}), builtinIss, "person-1"},
		{"iat within the leeway", w.builtin(t, map[string]any{"iat": now.Add(20 * time.Second).Unix()}), builtinIss, "person-1"},
		{"no nbf nor iat", w.builtin(t, map[string]any{"nbf": nil, "iat": nil}), builtinIss, "person-1"},
		{"EdDSA on the EdDSA-only issuer", sign(t, jose.EdDSA, w.edOnly, "ed-2", claims(edOnlyIss, builtinAud, now, nil)), edOnlyIss, "person-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := w.verifier.Verify(context.Background(), tt.token)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if c.Issuer != tt.iss || c.Subject != tt.subject {
				t.Errorf("claims = %+v, want iss %q sub %q", c, tt.iss, tt.subject)
			}
			if c.Expiry.IsZero() || len(c.Audience) == 0 {
				t.Errorf("claims lack exp or aud: %+v", c)
			}
		})
	}

	c, err := w.verifier.Verify(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	want := authn.Claims{
		Issuer: builtinIss, Subject: "person-42", Email: "ada@example.org", Name: "Ada Lovelace",
		Audience: []string{builtinAud}, Expiry: now.Add(5 * time.Minute), NotBefore: now, IssuedAt: now, ID: c.ID,
	}
	if c.ID == "" || !equalClaims(c, want) {
		t.Errorf("issued claims = %+v, want %+v", c, want)
	}
}

func equalClaims(a, b authn.Claims) bool {
	return a.Issuer == b.Issuer && a.Subject == b.Subject && a.Email == b.Email && a.Name == b.Name &&
		strings.Join(a.Audience, ",") == strings.Join(b.Audience, ",") && a.ID == b.ID &&
		a.Expiry.Equal(b.Expiry) && a.NotBefore.Equal(b.NotBefore) && a.IssuedAt.Equal(b.IssuedAt)
}

func TestVerifyLeewayOption(t *testing.T) {
	c := newClock()
	key, err := authn.GenerateSigningKey()
	if err != nil {
		t.Fatal(err)
	}
	strict, err := authn.NewVerifier([]authn.IssuerConfig{{Issuer: builtinIss, Audience: builtinAud, Keys: authn.StaticKeys(key.Public())}},
		authn.WithClock(c.Now), authn.WithLeeway(0))
	if err != nil {
		t.Fatal(err)
	}
	tok := sign(t, jose.EdDSA, key.Private, key.ID, claims(builtinIss, builtinAud, c.Now(), map[string]any{"exp": c.Now().Add(-time.Second).Unix()}))
	if _, err := strict.Verify(context.Background(), tok); !errors.Is(err, authn.ErrUnauthenticated) {
		t.Errorf("expired by 1s with no leeway: %v", err)
	}
}

func TestNewVerifierRefusesBadConfig(t *testing.T) {
	keys := authn.StaticKeys()
	tests := []struct {
		name    string
		issuers []authn.IssuerConfig
	}{
		{"no issuers", nil},
		{"no issuer name", []authn.IssuerConfig{{Audience: "a", Keys: keys}}},
		{"no audience", []authn.IssuerConfig{{Issuer: "i", Keys: keys}}},
		{"no keys", []authn.IssuerConfig{{Issuer: "i", Audience: "a"}}},
		{"duplicate issuer", []authn.IssuerConfig{{Issuer: "i", Audience: "a", Keys: keys}, {Issuer: "i", Audience: "b", Keys: keys}}},
		{"none allowed", []authn.IssuerConfig{{Issuer: "i", Audience: "a", Keys: keys, Algorithms: []string{"none"}}}},
		{"HS256 allowed", []authn.IssuerConfig{{Issuer: "i", Audience: "a", Keys: keys, Algorithms: []string{"RS256", "HS256"}}}},
		{"unknown algorithm", []authn.IssuerConfig{{Issuer: "i", Audience: "a", Keys: keys, Algorithms: []string{"rs256"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := authn.NewVerifier(tt.issuers); err == nil {
				t.Fatal("NewVerifier accepted a bad configuration")
			}
		})
	}
}

// embeddedJWK signs with key and embeds its public half in the header.
func embeddedJWK(t testing.TB, key ed25519.PrivateKey, kid string, payload any) string {
	t.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.EdDSA, Key: jose.JSONWebKey{Key: key, KeyID: kid}},
		(&jose.SignerOptions{EmbedJWK: true}))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := jwt.Signed(s).Claims(payload).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// jsonSerialized signs payload validly but in the JWS JSON serialization.
func jsonSerialized(t testing.TB, key authn.SigningKey, payload any) string {
	t.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.EdDSA, Key: key.Private},
		(&jose.SignerOptions{}).WithHeader("kid", key.ID))
	if err != nil {
		t.Fatal(err)
	}
	obj, err := s.Sign(mustJSON(payload))
	if err != nil {
		t.Fatal(err)
	}
	return obj.FullSerialize()
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func FuzzVerify(f *testing.F) {
	w := newWorld(f)
	expired := w.builtin(f, map[string]any{"exp": w.clock.Now().Add(-time.Hour).Unix()})
	for _, s := range []string{
		"", "a", "a.b.c", "...", expired, expired + "x", strings.ToUpper(expired),
		unsigned(map[string]any{"alg": "none"}, claims(builtinIss, builtinAud, w.clock.Now(), nil), ""),
		unsigned(map[string]any{"alg": "EdDSA", "kid": w.signing.ID}, map[string]any{"iss": builtinIss}, "AAAA"),
		unsigned(map[string]any{"alg": "EdDSA", "crit": []string{"exp"}}, map[string]any{"iss": builtinIss}, ""),
		"eyJhbGciOiJub25lIn0.e30.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		_, err := w.verifier.Verify(context.Background(), raw)
		if !errors.Is(err, authn.ErrUnauthenticated) {
			t.Fatalf("Verify(%q) = %v, want ErrUnauthenticated", raw, err)
		}
		if len(raw) >= 16 && strings.Contains(err.Error(), raw) {
			t.Fatalf("error echoes the input: %v", err)
		}
	})
}
