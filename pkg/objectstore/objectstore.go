// Package objectstore keeps immutable files (evidence) by key. A blob, once
// stored, never changes: putting the same key again with the same content
// is a no-op (so a retried upload is safe) and with different content it
// fails. Two implementations share one contract: Dir keeps files on local
// disk for the embedded default, and SQL keeps them in a table of the
// service's own database, which every replica of the service shares.
//
// Keys are paths of lower-case segments such as "p/c/s/ev-id": the
// characters a-z, 0-9, '-', '_', '.' and '/', at most 1024 bytes, with no
// empty segment, no segment starting with '.', and no "..".
package objectstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Store keeps immutable blobs by key.
type Store interface {
	// Put stores data under key. Putting the same key again with the same
	// content is a no-op; with different content it fails (ErrConflict).
	Put(ctx context.Context, key string, data []byte) error
	// Get returns the blob; a missing key gives an error matching
	// ErrNotFound (errors.Is).
	Get(ctx context.Context, key string) ([]byte, error)
	// Delete removes the blob; a missing key is not an error.
	Delete(ctx context.Context, key string) error
}

// ErrNotFound is matched (errors.Is) by the error of Get for a missing key.
var ErrNotFound = errors.New("objectstore: not found")

// ErrConflict is matched by the error of Put when the key already holds
// different content.
var ErrConflict = errors.New("objectstore: key already holds different content")

// ErrInvalidKey is matched by the error of every method given a key that
// breaks the key rules of the package documentation.
var ErrInvalidKey = errors.New("objectstore: invalid key")

// MaxKeyLen is the longest key accepted, in bytes.
const MaxKeyLen = 1024

// CheckKey returns nil if key is acceptable, and otherwise an error
// matching ErrInvalidKey that says what is wrong with it.
func CheckKey(key string) error {
	bad := func(reason string) error { return fmt.Errorf("%w %q: %s", ErrInvalidKey, key, reason) }
	switch {
	case key == "":
		return bad("empty")
	case len(key) > MaxKeyLen:
		return bad(fmt.Sprintf("longer than %d bytes", MaxKeyLen))
	case strings.Contains(key, ".."):
		return bad(`contains ".."`)
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '/') {
			return bad(fmt.Sprintf("character %q at %d is not one of a-z 0-9 - _ . /", c, i))
		}
	}
	for seg := range strings.SplitSeq(key, "/") {
		switch {
		case seg == "":
			return bad("empty segment (leading, trailing or doubled '/')")
		case seg[0] == '.':
			return bad("segment " + seg + " starts with '.'")
		}
	}
	return nil
}
