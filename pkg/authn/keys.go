package authn

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// KeySource gives the public keys of one issuer.
type KeySource interface {
	// Keys returns the issuer's keys whose key id is kid, or all of its keys
	// when kid is empty. It may fetch the keys again first (for instance
	// when kid is unknown). No keys and a nil error mean the kid is unknown;
	// an error means the source has no keys to offer at all.
	Keys(ctx context.Context, kid string) ([]jose.JSONWebKey, error)
}

// StaticKeys is a KeySource with a fixed set of keys, for tests and fixed
// configurations. Private keys are reduced to their public halves; symmetric
// keys and keys not meant for signatures are dropped.
func StaticKeys(keys ...jose.JSONWebKey) KeySource {
	return staticKeys(usableKeys(keys))
}

type staticKeys []jose.JSONWebKey

func (s staticKeys) Keys(_ context.Context, kid string) ([]jose.JSONWebKey, error) {
	return selectKeys(s, kid), nil
}

// selectKeys returns the keys with the key id kid, or all keys if kid is empty.
func selectKeys(keys []jose.JSONWebKey, kid string) []jose.JSONWebKey {
	if kid == "" {
		return append([]jose.JSONWebKey(nil), keys...)
	}
	var out []jose.JSONWebKey
	for _, k := range keys {
		if k.KeyID == kid {
			out = append(out, k)
		}
	}
	return out
}

// usableKeys keeps the public halves of the asymmetric signature keys.
func usableKeys(keys []jose.JSONWebKey) []jose.JSONWebKey {
	var out []jose.JSONWebKey
	for _, k := range keys {
		if k.Use != "" && k.Use != "sig" {
			continue
		}
		switch k.Key.(type) {
		case *rsa.PublicKey, *ecdsa.PublicKey, ed25519.PublicKey:
		case *rsa.PrivateKey, *ecdsa.PrivateKey, ed25519.PrivateKey:
			k = k.Public()
		default:
			continue
		}
		if !k.Valid() {
			continue
		}
		out = append(out, k)
	}
	return out
}

// KeyCache is a KeySource that fetches an issuer's key set, keeps it, and
// fetches it again when it is older than the refresh interval (default 1
// hour) or when a token names a key id it does not hold. Fetches are at
// least the minimum refresh interval apart (default 5 minutes, never less
// than 10 seconds), so a flood of tokens with unknown key ids cannot hammer
// the provider; callers that need a fetch while one is running share it. A
// failed fetch keeps serving the last keys that were fetched successfully.
//
// A fetch of keys that are merely old runs in the background while the
// cached keys go on serving; callers wait only when the cache cannot answer
// them (nothing fetched yet, or an unknown key id). Make one with NewOIDC or
// KeyFunc.
//
// Options: WithClock, WithMinRefreshInterval, WithRefreshInterval,
// WithFetchTimeout.
type KeyCache struct {
	fetch        func(context.Context) (jose.JSONWebKeySet, error)
	now          func() time.Time
	minRefresh   time.Duration
	refresh      time.Duration
	fetchTimeout time.Duration

	mu        sync.Mutex
	keys      []jose.JSONWebKey
	loaded    bool      // keys hold the result of a successful fetch
	fetchedAt time.Time // last successful fetch
	triedAt   time.Time // last fetch started
	lastErr   error     // error of the last failed fetch
	running   *fetchCall
}

type fetchCall struct {
	done chan struct{}
	err  error
}

// KeyFunc returns a KeyCache over fetch, for instance a gRPC call to the
// service that holds the built-in issuer's keys. Only the public halves of
// asymmetric signature keys in the returned set are used.
func KeyFunc(fetch func(ctx context.Context) (jose.JSONWebKeySet, error), opts ...Option) *KeyCache {
	s := newSettings(opts)
	if fetch == nil {
		fetch = func(context.Context) (jose.JSONWebKeySet, error) {
			return jose.JSONWebKeySet{}, errors.New("authn: no key fetch function")
		}
	}
	return &KeyCache{
		fetch:        fetch,
		now:          s.now,
		minRefresh:   s.minRefresh,
		refresh:      s.refresh,
		fetchTimeout: s.fetchTimeout,
	}
}

// Keys returns the cached keys for kid (all keys when kid is empty),
// fetching them first when the cache is empty or old, or when kid is
// unknown, as far as the minimum refresh interval allows.
func (c *KeyCache) Keys(ctx context.Context, kid string) ([]jose.JSONWebKey, error) {
	c.mu.Lock()
	call := c.running
	if call == nil && c.needFetch(kid) {
		call = c.start(ctx)
	}
	if call != nil && c.loaded && (kid == "" || hasKey(c.keys, kid)) {
		// What the caller needs is here: a fetch of keys that are merely
		// old goes on in the background while the current ones serve.
		call = nil
	}
	c.mu.Unlock()

	if call != nil {
		select {
		case <-call.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loaded {
		if c.lastErr == nil {
			return nil, errors.New("authn: signing keys not fetched yet")
		}
		return nil, fmt.Errorf("authn: signing keys unavailable: %w", c.lastErr)
	}
	return selectKeys(c.keys, kid), nil
}

// Refresh fetches the keys now, whatever the intervals say (or waits for a
// fetch already running), and returns the fetch's error. It suits a check at
// start-up that the provider is reachable.
func (c *KeyCache) Refresh(ctx context.Context) error {
	c.mu.Lock()
	call := c.running
	if call == nil {
		call = c.start(ctx)
	}
	c.mu.Unlock()
	select {
	case <-call.done:
		return call.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// needFetch reports whether a fetch is due for a caller wanting kid. It must
// be called with c.mu held.
func (c *KeyCache) needFetch(kid string) bool {
	since := c.now().Sub(c.triedAt)
	switch {
	case c.triedAt.IsZero():
		return true
	case !c.loaded:
		// Nothing to serve yet: retry sooner, but never faster than the floor.
		return since >= MinRefreshFloor
	case c.stale(), kid != "" && !hasKey(c.keys, kid):
		return since >= c.minRefresh
	}
	return false
}

func (c *KeyCache) stale() bool {
	return c.now().Sub(c.fetchedAt) >= c.refresh
}

// start runs one fetch in the background; callers wait on its done channel
// (and may give up on their own context without cancelling it for others).
// It must be called with c.mu held.
func (c *KeyCache) start(ctx context.Context) *fetchCall {
	call := &fetchCall{done: make(chan struct{})}
	c.running = call
	c.triedAt = c.now()
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.fetchTimeout)
	go func() {
		defer cancel()
		set, err := c.fetch(fctx)
		var keys []jose.JSONWebKey
		if err == nil {
			keys = usableKeys(set.Keys)
			if len(keys) == 0 {
				err = errors.New("authn: key set holds no usable signature keys")
			}
		}
		c.mu.Lock()
		if err == nil {
			c.keys, c.loaded, c.fetchedAt, c.lastErr = keys, true, c.now(), nil
		} else {
			c.lastErr = err
		}
		call.err = err
		c.running = nil
		c.mu.Unlock()
		close(call.done)
	}()
	return call
}

func hasKey(keys []jose.JSONWebKey, kid string) bool {
	for _, k := range keys {
		if k.KeyID == kid {
			return true
		}
	}
	return false
}

// maxDocumentSize bounds a discovery document or key set read from a provider.
const maxDocumentSize = 1 << 20

// NewOIDC returns a KeyCache over the keys of the OpenID Connect provider
// issuerURL: it reads <issuerURL>/.well-known/openid-configuration, whose
// issuer must equal issuerURL exactly, then the key set at its jwks_uri.
// Nothing is fetched until keys are first needed (call Refresh to check the
// provider at start-up). A nil httpClient means http.DefaultClient.
//
// Options: as for KeyCache.
func NewOIDC(issuerURL string, httpClient *http.Client, opts ...Option) *KeyCache {
	if httpClient == nil {
		httpClient = http.DefaultClient
	}
	o := &oidcProvider{issuer: issuerURL, client: httpClient}
	return KeyFunc(o.fetch, opts...)
}

type oidcProvider struct {
	issuer string
	client *http.Client
	// jwksURI is the discovered key set address; fetches never overlap, so
	// only one goroutine touches it at a time.
	jwksURI string
}

func (o *oidcProvider) fetch(ctx context.Context) (jose.JSONWebKeySet, error) {
	if o.jwksURI == "" {
		uri, err := o.discover(ctx)
		if err != nil {
			return jose.JSONWebKeySet{}, err
		}
		o.jwksURI = uri
	}
	set, err := fetchKeySet(ctx, o.client, o.jwksURI)
	if err != nil {
		o.jwksURI = "" // discover again next time: the address may have moved
		return jose.JSONWebKeySet{}, err
	}
	return set, nil
}

func (o *oidcProvider) discover(ctx context.Context) (string, error) {
	var doc struct {
		Issuer  string `json:"issuer"`
		JWKSURI string `json:"jwks_uri"`
	}
	if err := getJSON(ctx, o.client, strings.TrimSuffix(o.issuer, "/")+"/.well-known/openid-configuration", &doc); err != nil {
		return "", fmt.Errorf("authn: oidc discovery: %w", err)
	}
	if doc.Issuer != o.issuer {
		return "", errors.New("authn: oidc discovery: issuer in the document does not match the configured issuer")
	}
	u, err := url.Parse(doc.JWKSURI)
	if err != nil || !u.IsAbs() || (u.Scheme != "https" && u.Scheme != "http") {
		return "", errors.New("authn: oidc discovery: jwks_uri is missing or not an http(s) address")
	}
	return doc.JWKSURI, nil
}

// fetchKeySet reads a JWK set, skipping keys it cannot use (unknown types,
// malformed entries) as RFC 7517 section 5 asks.
func fetchKeySet(ctx context.Context, client *http.Client, uri string) (jose.JSONWebKeySet, error) {
	var raw struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := getJSON(ctx, client, uri, &raw); err != nil {
		return jose.JSONWebKeySet{}, fmt.Errorf("authn: key set: %w", err)
	}
	var set jose.JSONWebKeySet
	for _, r := range raw.Keys {
		var k jose.JSONWebKey
		if err := k.UnmarshalJSON(r); err != nil {
			continue
		}
		set.Keys = append(set.Keys, k)
	}
	return set, nil
}

func getJSON(ctx context.Context, client *http.Client, uri string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, uri, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s", uri, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxDocumentSize+1))
	if err != nil {
		return err
	}
	if len(body) > maxDocumentSize {
		return fmt.Errorf("%s: document larger than %d bytes", uri, maxDocumentSize)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("%s: %w", uri, err)
	}
	return nil
}
