package authn

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// defaultAlgorithms are the signature algorithms an IssuerConfig accepts
// when it names none.
var defaultAlgorithms = []string{"RS256", "ES256", "EdDSA"}

// supportedAlgorithms are the only algorithms a configuration may allow:
// asymmetric ones. "none" and the HMAC family (HS256 …) are never accepted,
// so a public key can never be mistaken for a shared secret.
var supportedAlgorithms = []jose.SignatureAlgorithm{
	jose.RS256, jose.RS384, jose.RS512,
	jose.PS256, jose.PS384, jose.PS512,
	jose.ES256, jose.ES384, jose.ES512,
	jose.EdDSA,
}

// MaxTokenSize is the longest token Verify reads; longer ones are refused
// before any parsing.
const MaxTokenSize = 16 << 10

// minRSABits is the smallest RSA modulus accepted for a signature.
const minRSABits = 2048

// IssuerConfig describes one issuer whose tokens a Verifier accepts.
type IssuerConfig struct {
	// Issuer must equal the token's iss exactly.
	Issuer string
	// Audience is required; the token's aud must contain it.
	Audience string
	// Algorithms lists the accepted signature algorithms, by default
	// RS256, ES256 and EdDSA. Only asymmetric algorithms (RS*, PS*, ES*,
	// EdDSA) may be named; "none" and HS* are never accepted.
	Algorithms []string
	// Keys gives the issuer's public keys.
	Keys KeySource
}

// Verifier checks bearer access tokens from the issuers it was given.
// It is safe for concurrent use.
type Verifier struct {
	issuers   map[string]issuerEntry
	parseAlgs []jose.SignatureAlgorithm
	now       func() time.Time
	leeway    time.Duration
}

type issuerEntry struct {
	cfg  IssuerConfig
	algs map[jose.SignatureAlgorithm]bool
}

// NewVerifier returns a Verifier for issuers. It refuses a configuration
// without issuers, with an issuer named twice, or with an issuer lacking a
// name, an audience or keys, or allowing an algorithm that is not
// asymmetric.
//
// Options: WithClock, WithLeeway.
func NewVerifier(issuers []IssuerConfig, opts ...Option) (*Verifier, error) {
	if len(issuers) == 0 {
		return nil, errors.New("authn: no issuers configured")
	}
	s := newSettings(opts)
	v := &Verifier{
		issuers:   make(map[string]issuerEntry, len(issuers)),
		parseAlgs: supportedAlgorithms,
		now:       s.now,
		leeway:    s.leeway,
	}
	for _, cfg := range issuers {
		switch {
		case cfg.Issuer == "":
			return nil, errors.New("authn: issuer without a name")
		case cfg.Audience == "":
			return nil, fmt.Errorf("authn: issuer %q: audience is required", cfg.Issuer)
		case cfg.Keys == nil:
			return nil, fmt.Errorf("authn: issuer %q: key source is required", cfg.Issuer)
		}
		if _, dup := v.issuers[cfg.Issuer]; dup {
			return nil, fmt.Errorf("authn: issuer %q configured twice", cfg.Issuer)
		}
		names := cfg.Algorithms
		if len(names) == 0 {
			names = defaultAlgorithms
		}
		algs := make(map[jose.SignatureAlgorithm]bool, len(names))
		for _, n := range names {
			a := jose.SignatureAlgorithm(n)
			if !supported(a) {
				return nil, fmt.Errorf("authn: issuer %q: algorithm %q is not accepted (only asymmetric signatures are)", cfg.Issuer, n)
			}
			algs[a] = true
		}
		cfg.Algorithms = append([]string(nil), names...)
		v.issuers[cfg.Issuer] = issuerEntry{cfg: cfg, algs: algs}
	}
	return v, nil
}

func supported(a jose.SignatureAlgorithm) bool {
	for _, s := range supportedAlgorithms {
		if a == s {
			return true
		}
	}
	return false
}

// tokenClaims is the payload as read from a verified token.
type tokenClaims struct {
	Issuer    string           `json:"iss"`
	Subject   string           `json:"sub"`
	Audience  jwt.Audience     `json:"aud"`
	Expiry    *jwt.NumericDate `json:"exp"`
	NotBefore *jwt.NumericDate `json:"nbf"`
	IssuedAt  *jwt.NumericDate `json:"iat"`
	ID        string           `json:"jti"`
	Email     string           `json:"email"`
	Name      string           `json:"name"`
}

// Verify checks raw (a JWT in compact form, without the "Bearer " prefix)
// and returns its claims. The issuer named in the token chooses the
// configuration; the signature must then verify with one of that issuer's
// keys matching the header's key id (any key fitting the algorithm when the
// header names none), under an allowed algorithm that fits the key's type.
// Last come iss, aud, exp (required), nbf, iat (not in the future) and sub
// (required), with the configured leeway. Every refusal matches
// ErrUnauthenticated.
func (v *Verifier) Verify(ctx context.Context, raw string) (Claims, error) {
	if raw == "" {
		return Claims{}, refuse("empty token")
	}
	if len(raw) > MaxTokenSize {
		return Claims{}, refuse("token too large")
	}
	jws, err := jose.ParseSignedCompact(raw, v.parseAlgs)
	if err != nil {
		var alg *jose.ErrUnexpectedSignatureAlgorithm
		if errors.As(err, &alg) {
			return Claims{}, refuse("signature algorithm not accepted")
		}
		return Claims{}, refuse("malformed token")
	}
	if len(jws.Signatures) != 1 {
		return Claims{}, refuse("malformed token")
	}
	header := jws.Signatures[0].Header

	// The issuer is read before the signature is checked only to choose
	// whose keys and rules apply; it is checked again once verified.
	var peek struct {
		Issuer string `json:"iss"`
	}
	if err := json.Unmarshal(jws.UnsafePayloadWithoutVerification(), &peek); err != nil {
		return Claims{}, refuse("malformed claims")
	}
	iss, ok := v.issuers[peek.Issuer]
	if !ok {
		return Claims{}, refuse("issuer not accepted")
	}
	alg := jose.SignatureAlgorithm(header.Algorithm)
	if !iss.algs[alg] {
		return Claims{}, refuse("signature algorithm not accepted")
	}

	keys, err := iss.cfg.Keys.Keys(ctx, header.KeyID)
	if err != nil {
		return Claims{}, fmt.Errorf("authn: %w: %w", ErrUnauthenticated, err)
	}
	payload, err := verifySignature(jws, alg, header.KeyID, keys)
	if err != nil {
		return Claims{}, err
	}

	var tc tokenClaims
	if err := json.Unmarshal(payload, &tc); err != nil {
		return Claims{}, refuse("malformed claims")
	}
	if err := v.check(iss.cfg, tc); err != nil {
		return Claims{}, err
	}
	return Claims{
		Issuer:    tc.Issuer,
		Subject:   tc.Subject,
		Email:     tc.Email,
		Audience:  []string(tc.Audience),
		Expiry:    tc.Expiry.Time(),
		NotBefore: tc.NotBefore.Time(),
		IssuedAt:  tc.IssuedAt.Time(),
		ID:        tc.ID,
		Name:      tc.Name,
	}, nil
}

// verifySignature tries the keys that fit the token's kid and algorithm.
func verifySignature(jws *jose.JSONWebSignature, alg jose.SignatureAlgorithm, kid string, keys []jose.JSONWebKey) ([]byte, error) {
	tried := false
	for _, k := range keys {
		if kid != "" && k.KeyID != kid {
			continue
		}
		if k.Algorithm != "" && k.Algorithm != string(alg) {
			continue
		}
		if k.Use != "" && k.Use != "sig" {
			continue
		}
		if !fits(alg, k.Key) {
			continue
		}
		tried = true
		// The bare key (not the JWK) is passed so that nothing in the
		// token's header can steer which key is used.
		if payload, err := jws.Verify(k.Key); err == nil {
			return payload, nil
		}
	}
	if !tried {
		return nil, refuse("no signing key for the token")
	}
	return nil, refuse("invalid signature")
}

// fits reports whether key is a public key of the type alg needs.
func fits(alg jose.SignatureAlgorithm, key any) bool {
	switch alg {
	case jose.RS256, jose.RS384, jose.RS512, jose.PS256, jose.PS384, jose.PS512:
		k, ok := key.(*rsa.PublicKey)
		return ok && k.N != nil && k.N.BitLen() >= minRSABits
	case jose.ES256:
		k, ok := key.(*ecdsa.PublicKey)
		return ok && k.Curve == elliptic.P256()
	case jose.ES384:
		k, ok := key.(*ecdsa.PublicKey)
		return ok && k.Curve == elliptic.P384()
	case jose.ES512:
		k, ok := key.(*ecdsa.PublicKey)
		return ok && k.Curve == elliptic.P521()
	case jose.EdDSA:
		k, ok := key.(ed25519.PublicKey)
		return ok && len(k) == ed25519.PublicKeySize
	}
	return false
}

// check applies the claim rules of cfg to verified claims.
func (v *Verifier) check(cfg IssuerConfig, c tokenClaims) error {
	now := v.now()
	switch {
	case c.Issuer != cfg.Issuer:
		return refuse("issuer not accepted")
	case len(c.Audience) == 0:
		return refuse("token has no audience")
	case !c.Audience.Contains(cfg.Audience):
		return refuse("token is for another audience")
	case c.Expiry == nil:
		return refuse("token has no expiry")
	case now.After(c.Expiry.Time().Add(v.leeway)):
		return refuse("token expired")
	case c.NotBefore != nil && now.Add(v.leeway).Before(c.NotBefore.Time()):
		return refuse("token not yet valid")
	case c.IssuedAt != nil && now.Add(v.leeway).Before(c.IssuedAt.Time()):
		return refuse("token issued in the future")
	case c.Subject == "":
		return refuse("token has no subject")
	}
	return nil
}
