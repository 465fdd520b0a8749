package authn

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters of new password hashes (RFC 9106; the OWASP
// recommendation). 64 MiB of memory, two passes and two lanes take about
// 75 ms on a two-core server, and up to 130 ms when it is busy
// (BenchmarkHashPassword measures it): costly for guessing, quick enough
// for a sign-in. One pass saves only about 15% because filling the memory
// dominates, so the second pass is cheap insurance; fewer than 64 MiB would
// weaken what matters most against GPUs. Memory also bounds the server:
// every sign-in in flight holds 64 MiB, so the sign-in endpoints must be
// rate limited. Hashes record their parameters, so these can be raised
// later without invalidating stored hashes.
const (
	argonMemory  = 64 * 1024 // KiB
	argonTime    = 2
	argonThreads = 2
	argonSaltLen = 16
	argonKeyLen  = 32
)

// Bounds on parameters read from a stored hash, so that a corrupted or
// planted hash cannot make CheckPassword allocate or compute without limit.
const (
	maxArgonMemory  = 256 * 1024 // KiB
	maxArgonTime    = 10
	maxArgonThreads = 16
	minArgonSaltLen = 8
	maxArgonSaltLen = 64
	minArgonKeyLen  = 16
	maxArgonKeyLen  = 64
)

// ErrMalformedHash is returned by CheckPassword for an encoding it cannot
// read.
var ErrMalformedHash = errors.New("authn: malformed password hash")

// b64 is the base64 of the PHC string format: standard alphabet, no padding.
var b64 = base64.RawStdEncoding

// HashPassword returns an argon2id hash of pw with a random salt, in the PHC
// string format: $argon2id$v=19$m=65536,t=2,p=2$<salt>$<hash>.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("authn: salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches the argon2id hash encoded, as
// made by HashPassword (with any parameters within sane bounds). The
// comparison takes constant time. An encoding it cannot read is an error
// matching ErrMalformedHash.
func CheckPassword(encoded, pw string) (bool, error) {
	h, err := parseHash(encoded)
	if err != nil {
		return false, err
	}
	key := argon2.IDKey([]byte(pw), h.salt, h.time, h.memory, h.threads, uint32(len(h.key)))
	return subtle.ConstantTimeCompare(key, h.key) == 1, nil
}

type argonHash struct {
	memory, time uint32
	threads      uint8
	salt, key    []byte
}

func parseHash(encoded string) (argonHash, error) {
	bad := func(why string) (argonHash, error) {
		return argonHash{}, fmt.Errorf("%w: %s", ErrMalformedHash, why)
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" {
		return bad("not a PHC string")
	}
	if parts[1] != "argon2id" {
		return bad("not argon2id")
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return bad("unsupported version")
	}
	var h argonHash
	var seen [3]bool
	params := strings.Split(parts[3], ",")
	if len(params) != 3 {
		return bad("want parameters m, t and p")
	}
	for _, p := range params {
		name, value, ok := strings.Cut(p, "=")
		if !ok || value == "" || (len(value) > 1 && value[0] == '0') {
			return bad("bad parameter")
		}
		n, err := strconv.ParseUint(value, 10, 32)
		if err != nil {
			return bad("bad parameter")
		}
		switch name {
		case "m":
			seen[0], h.memory = true, uint32(n)
		case "t":
			seen[1], h.time = true, uint32(n)
		case "p":
			if n > maxArgonThreads {
				return bad("parameter out of range")
			}
			seen[2], h.threads = true, uint8(n)
		default:
			return bad("unknown parameter")
		}
	}
	if seen != [3]bool{true, true, true} {
		return bad("want parameters m, t and p")
	}
	switch {
	case h.threads < 1, h.time < 1 || h.time > maxArgonTime,
		h.memory < 8*uint32(h.threads) || h.memory > maxArgonMemory:
		return bad("parameter out of range")
	}
	var err error
	if h.salt, err = b64.Strict().DecodeString(parts[4]); err != nil || len(h.salt) < minArgonSaltLen || len(h.salt) > maxArgonSaltLen {
		return bad("bad salt")
	}
	if h.key, err = b64.Strict().DecodeString(parts[5]); err != nil || len(h.key) < minArgonKeyLen || len(h.key) > maxArgonKeyLen {
		return bad("bad hash")
	}
	return h, nil
}

// NewSecret returns a one-time secret for an emailed link: plain is 32
// random bytes in URL-safe base64 (to put in the link), digest the hex
// SHA-256 of plain (the only form to store).
func NewSecret() (plain, digest string) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails: the runtime aborts if randomness is unavailable
	plain = base64.RawURLEncoding.EncodeToString(b)
	return plain, SecretDigest(plain)
}

// SecretDigest returns the hex SHA-256 of plain, to look up or compare a
// presented secret against a stored digest.
func SecretDigest(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}
