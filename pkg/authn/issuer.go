package authn

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// SigningKey is an Ed25519 key the built-in issuer signs tokens with.
type SigningKey struct {
	// ID is the key id (kid) put in the header of every token it signs.
	ID string
	// Private is the secret half; it must never leave the service that
	// signs.
	Private ed25519.PrivateKey
	// Created is when the key was generated, for rotation.
	Created time.Time
}

// GenerateSigningKey returns a new random key whose ID is its RFC 7638
// thumbprint (base64url of SHA-256).
func GenerateSigningKey() (SigningKey, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return SigningKey{}, fmt.Errorf("authn: generate signing key: %w", err)
	}
	jwk := jose.JSONWebKey{Key: pub}
	tp, err := jwk.Thumbprint(crypto.SHA256)
	if err != nil {
		return SigningKey{}, fmt.Errorf("authn: generate signing key: %w", err)
	}
	return SigningKey{
		ID:      base64.RawURLEncoding.EncodeToString(tp),
		Private: priv,
		Created: time.Now().UTC().Truncate(time.Second),
	}, nil
}

// Public returns the public half as a JWK with the key id, alg "EdDSA" and
// use "sig", ready to publish in a key set.
func (k SigningKey) Public() jose.JSONWebKey {
	jwk := jose.JSONWebKey{KeyID: k.ID, Algorithm: string(jose.EdDSA), Use: "sig"}
	if len(k.Private) == ed25519.PrivateKeySize {
		jwk.Key = k.Private.Public()
	}
	return jwk
}

func (k SigningKey) validate() error {
	switch {
	case k.ID == "":
		return errors.New("authn: signing key has no id")
	case len(k.Private) != ed25519.PrivateKeySize:
		return errors.New("authn: signing key is not an Ed25519 private key")
	}
	return nil
}

// storedKey is the stored form of a SigningKey; Version allows the form to
// change later.
type storedKey struct {
	Version int       `json:"v"`
	ID      string    `json:"kid"`
	Created time.Time `json:"created"`
	Seed    []byte    `json:"ed25519_seed"`
}

// MarshalSigningKey encodes k for storage (for instance in a database
// column). The result holds the private key in the clear: store it where
// secrets belong, encrypted at rest.
func MarshalSigningKey(k SigningKey) ([]byte, error) {
	if err := k.validate(); err != nil {
		return nil, err
	}
	return json.Marshal(storedKey{Version: 1, ID: k.ID, Created: k.Created, Seed: k.Private.Seed()})
}

// UnmarshalSigningKey decodes what MarshalSigningKey produced.
func UnmarshalSigningKey(b []byte) (SigningKey, error) {
	var s storedKey
	if err := json.Unmarshal(b, &s); err != nil {
		return SigningKey{}, fmt.Errorf("authn: stored signing key: %w", err)
	}
	switch {
	case s.Version != 1:
		return SigningKey{}, fmt.Errorf("authn: stored signing key: unknown version %d", s.Version)
	case len(s.Seed) != ed25519.SeedSize:
		return SigningKey{}, errors.New("authn: stored signing key: bad seed length")
	case s.ID == "":
		return SigningKey{}, errors.New("authn: stored signing key: no id")
	}
	return SigningKey{ID: s.ID, Private: ed25519.NewKeyFromSeed(s.Seed), Created: s.Created}, nil
}

// Issuer signs the platform's own short-lived access tokens, for people who
// sign in by emailed link or password. It is safe for concurrent use.
type Issuer struct {
	issuer   string
	audience string
	ttl      time.Duration
	now      func() time.Time
	signer   jose.Signer
	err      error
}

// NewIssuer returns an Issuer that signs with key tokens valid for ttl,
// naming itself issuer and the platform audience. A bad key or a ttl that
// is not positive makes every Issue fail.
//
// Options: WithClock.
func NewIssuer(issuer, audience string, key SigningKey, ttl time.Duration, opts ...Option) *Issuer {
	s := newSettings(opts)
	i := &Issuer{issuer: issuer, audience: audience, ttl: ttl, now: s.now}
	switch {
	case issuer == "":
		i.err = errors.New("authn: issuer has no name")
	case audience == "":
		i.err = errors.New("authn: issuer has no audience")
	case ttl <= 0:
		i.err = errors.New("authn: token lifetime must be positive")
	}
	if i.err != nil {
		return i
	}
	if i.err = key.validate(); i.err != nil {
		return i
	}
	opt := (&jose.SignerOptions{}).WithType("at+jwt").WithHeader(jose.HeaderKey("kid"), key.ID)
	i.signer, i.err = jose.NewSigner(jose.SigningKey{Algorithm: jose.EdDSA, Key: key.Private}, opt)
	if i.err != nil {
		i.err = fmt.Errorf("authn: signer: %w", i.err)
	}
	return i
}

// issuedClaims is the payload of a token the Issuer signs.
type issuedClaims struct {
	jwt.Claims
	Email string `json:"email,omitempty"`
	Name  string `json:"name,omitempty"`
}

// Issue signs an access token for subject with iss, sub, aud, exp, nbf,
// iat, a random jti, and email and name when given. It returns the token
// and when it expires.
func (i *Issuer) Issue(subject, email, name string) (token string, expiry time.Time, err error) {
	if i.err != nil {
		return "", time.Time{}, i.err
	}
	if subject == "" {
		return "", time.Time{}, errors.New("authn: token needs a subject")
	}
	now := i.now().Truncate(time.Second)
	expiry = now.Add(i.ttl)
	c := issuedClaims{
		Claims: jwt.Claims{
			Issuer:    i.issuer,
			Subject:   subject,
			Audience:  jwt.Audience{i.audience},
			Expiry:    jwt.NewNumericDate(expiry),
			NotBefore: jwt.NewNumericDate(now),
			IssuedAt:  jwt.NewNumericDate(now),
			ID:        rand.Text(),
		},
		Email: email,
		Name:  name,
	}
	token, err = jwt.Signed(i.signer).Claims(c).Serialize()
	if err != nil {
		return "", time.Time{}, fmt.Errorf("authn: sign token: %w", err)
	}
	return token, expiry, nil
}
