package authn_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/assure-audit/assure/pkg/authn"
)

func TestIssuedTokenShape(t *testing.T) {
	c := newClock()
	key, err := authn.GenerateSigningKey()
	if err != nil {
		t.Fatal(err)
	}
	iss := authn.NewIssuer(builtinIss, builtinAud, key, 10*time.Minute, authn.WithClock(c.Now))
	tok, exp, err := iss.Issue("person-7", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if !exp.Equal(c.Now().Add(10 * time.Minute)) {
		t.Errorf("expiry %v", exp)
	}
	jws, err := jose.ParseSignedCompact(tok, []jose.SignatureAlgorithm{jose.EdDSA})
	if err != nil {
		t.Fatal(err)
	}
	h := jws.Signatures[0].Header
	if h.KeyID != key.ID || h.Algorithm != "EdDSA" || h.ExtraHeaders["typ"] != "at+jwt" {
		t.Errorf("header kid %q alg %q typ %v", h.KeyID, h.Algorithm, h.ExtraHeaders["typ"])
	}
	payload := string(jws.UnsafePayloadWithoutVerification())
	for _, claim := range []string{`"iss"`, `"sub"`, `"aud"`, `"exp"`, `"nbf"`, `"iat"`, `"jti"`} {
		if !strings.Contains(payload, claim) {
			t.Errorf("payload lacks %s: %s", claim, payload)
		}
	}
	if strings.Contains(payload, `"email"`) || strings.Contains(payload, `"name"`) {
		t.Errorf("empty email or name written: %s", payload)
	}

	// Two tokens differ in jti.
	tok2, _, err := iss.Issue("person-7", "", "")
	if err != nil {
		t.Fatal(err)
	}
	v, err := authn.NewVerifier([]authn.IssuerConfig{{Issuer: builtinIss, Audience: builtinAud, Keys: authn.StaticKeys(key.Public())}}, authn.WithClock(c.Now))
	if err != nil {
		t.Fatal(err)
	}
	c1, err1 := v.Verify(context.Background(), tok)
	c2, err2 := v.Verify(context.Background(), tok2)
	if err1 != nil || err2 != nil || c1.ID == c2.ID {
		t.Errorf("jti %q and %q (%v, %v)", c1.ID, c2.ID, err1, err2)
	}

	// After the lifetime (and leeway) the token is refused.
	c.Advance(10*time.Minute + authn.DefaultLeeway + time.Second)
	if _, err := v.Verify(context.Background(), tok); !errors.Is(err, authn.ErrUnauthenticated) {
		t.Errorf("token after its lifetime: %v", err)
	}
}

func TestIssuerRefusesBadSetup(t *testing.T) {
	key, err := authn.GenerateSigningKey()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		iss, aud string
		key      authn.SigningKey
		ttl      time.Duration
		subject  string
	}{
		{"no issuer", "", builtinAud, key, time.Minute, "s"},
		{"no audience", builtinIss, "", key, time.Minute, "s"},
		{"zero lifetime", builtinIss, builtinAud, key, 0, "s"},
		{"no key", builtinIss, builtinAud, authn.SigningKey{}, time.Minute, "s"},
		{"key without id", builtinIss, builtinAud, authn.SigningKey{Private: key.Private}, time.Minute, "s"},
		{"short key", builtinIss, builtinAud, authn.SigningKey{ID: "k", Private: key.Private[:10]}, time.Minute, "s"},
		{"no subject", builtinIss, builtinAud, key, time.Minute, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, _, err := authn.NewIssuer(tt.iss, tt.aud, tt.key, tt.ttl).Issue(tt.subject, "", "")
			if err == nil || tok != "" {
				t.Fatalf("Issue = %q, %v; want an error", tok, err)
			}
		})
	}
}

func TestSigningKeyPublic(t *testing.T) {
	key, err := authn.GenerateSigningKey()
	if err != nil {
		t.Fatal(err)
	}
	p := key.Public()
	if p.KeyID != key.ID || p.Algorithm != "EdDSA" || p.Use != "sig" || !p.IsPublic() || !p.Valid() {
		t.Errorf("public key %+v", p)
	}
	if pk, ok := p.Key.(ed25519.PublicKey); !ok || !pk.Equal(key.Private.Public()) {
		t.Errorf("public key material %T", p.Key)
	}
	if key.ID == "" || key.Created.IsZero() {
		t.Errorf("generated key lacks id or creation time: %q %v", key.ID, key.Created)
	}
	other, err := authn.GenerateSigningKey()
	if err != nil {
		t.Fatal(err)
	}
	if other.ID == key.ID {
		t.Error("two generated keys share an id")
	}
}

func TestSigningKeyStorageRoundTrip(t *testing.T) {
	key, err := authn.GenerateSigningKey()
	if err != nil {
		t.Fatal(err)
	}
	b, err := authn.MarshalSigningKey(key)
	if err != nil {
		t.Fatal(err)
	}
	got, err := authn.UnmarshalSigningKey(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != key.ID || !got.Created.Equal(key.Created) || !bytes.Equal(got.Private, key.Private) {
		t.Fatalf("round trip: %+v != %+v", got, key)
	}

	// A token signed with the restored key verifies with the original public key.
	c := newClock()
	tok, _, err := authn.NewIssuer(builtinIss, builtinAud, got, time.Minute, authn.WithClock(c.Now)).Issue("s", "", "")
	if err != nil {
		t.Fatal(err)
	}
	v, err := authn.NewVerifier([]authn.IssuerConfig{{Issuer: builtinIss, Audience: builtinAud, Keys: authn.StaticKeys(key.Public())}}, authn.WithClock(c.Now))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(context.Background(), tok); err != nil {
		t.Fatal(err)
	}

	if _, err := authn.MarshalSigningKey(authn.SigningKey{}); err == nil {
		t.Error("marshalled an empty key")
	}
}

func TestUnmarshalSigningKeyRefusesBadInput(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"empty", ""},
		{"not JSON", "seed"},
		{"unknown version", `{"v":2,"kid":"k","ed25519_seed":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}`},
		{"no version", `{"kid":"k","ed25519_seed":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}`},
		{"short seed", `{"v":1,"kid":"k","ed25519_seed":"AAAA"}`},
		{"no seed", `{"v":1,"kid":"k"}`},
		{"no id", `{"v":1,"ed25519_seed":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}`},
		{"seed not base64", `{"v":1,"kid":"k","ed25519_seed":"!!"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if k, err := authn.UnmarshalSigningKey([]byte(tt.in)); err == nil {
				t.Fatalf("UnmarshalSigningKey = %+v, want an error", k)
			}
		})
	}
}
