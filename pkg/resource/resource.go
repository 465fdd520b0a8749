// Package resource holds the helpers of Assure's resource-oriented API
// (after Google's AIPs): resource ids and names, page tokens and etags.
package resource

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/assure-audit/assure/pkg/failure"
)

var idPattern = regexp.MustCompile(`^[a-z0-9-]{1,63}$`)

const idAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// NewID returns a random 16-character id of lower-case letters and digits.
func NewID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("resource: crypto/rand: %v", err))
	}
	for i := range b {
		b[i] = idAlphabet[int(b[i])%len(idAlphabet)]
	}
	return string(b[:])
}

// ID returns requested if it is set and valid, a new id if it is empty, and
// an invalid-argument error naming field otherwise.
func ID(field, requested string) (string, error) {
	if requested == "" {
		return NewID(), nil
	}
	if !idPattern.MatchString(requested) {
		return "", failure.Invalid(field, "must be 1-63 lower-case letters, digits or hyphens")
	}
	return requested, nil
}

// Parse splits a resource name against a pattern of collection ids, e.g.
// Parse("partnerships/p1/campaigns/c1", "partnerships", "campaigns")
// returns ["p1", "c1"].
func Parse(field, name string, collections ...string) ([]string, error) {
	parts := strings.Split(name, "/")
	if len(parts) != 2*len(collections) {
		return nil, failure.Invalid(field, fmt.Sprintf("must look like %s", pattern(collections)))
	}
	ids := make([]string, len(collections))
	for i, c := range collections {
		if parts[2*i] != c || !idPattern.MatchString(parts[2*i+1]) {
			return nil, failure.Invalid(field, fmt.Sprintf("must look like %s", pattern(collections)))
		}
		ids[i] = parts[2*i+1]
	}
	return ids, nil
}

func pattern(collections []string) string {
	var b strings.Builder
	for i, c := range collections {
		if i > 0 {
			b.WriteByte('/')
		}
		b.WriteString(c + "/{" + strings.TrimSuffix(c, "s") + "}")
	}
	return b.String()
}

// Page is a decoded page request.
type Page struct {
	Offset int
	Size   int
}

// DefaultPageSize is used when a request gives none.
const DefaultPageSize = 50

// ParsePage reads a page size (0 means def) and token. The token is opaque
// to callers; a forged or damaged one is an invalid-argument error.
func ParsePage(size int32, token string, def int) (Page, error) {
	p := Page{Size: int(size)}
	if p.Size <= 0 {
		p.Size = def
	}
	if token == "" {
		return p, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || !strings.HasPrefix(string(raw), "o:") {
		return p, failure.Invalid("page_token", "is not a token this server issued")
	}
	n, err := strconv.Atoi(string(raw[2:]))
	if err != nil || n < 0 {
		return p, failure.Invalid("page_token", "is not a token this server issued")
	}
	p.Offset = n
	return p, nil
}

// Next returns the token for the page after p, given how many items p
// returned; empty when p was the last page.
func (p Page) Next(returned int) string {
	if returned < p.Size {
		return ""
	}
	return PageToken(p.Offset + returned)
}

// PageToken is the token of the page starting at offset, for lists whose
// next page does not start where Next would put it.
func PageToken(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o:" + strconv.Itoa(offset)))
}

// Etag formats a version number as an etag. Clients treat it as opaque.
func Etag(version int64) string { return strconv.FormatInt(version, 10) }

// ParseEtag reads an etag made by Etag.
func ParseEtag(field, etag string) (int64, error) {
	v, err := strconv.ParseInt(etag, 10, 64)
	if err != nil || v < 0 || strconv.FormatInt(v, 10) != etag {
		return 0, failure.Invalid(field, "is not an etag this server issued; read the resource again")
	}
	return v, nil
}

// CheckEtag is nil while a resource is still at the version its etag
// names, else the Conflict asking the caller to read the what (a
// noun, such as "round") again. etag has passed ParseEtag, so it is the
// canonical form Etag writes and a string compare is the version compare.
func CheckEtag(what, etag string, version int64) error {
	if now := Etag(version); etag != now {
		return failure.Conflict("the %s changed since it was read (etag %s, now %s): read it again", what, etag, now)
	}
	return nil
}

// MaskPaths returns the paths of an update mask as proto field names:
// REST clients write them as in JSON ("dueTime") or as in the proto
// ("due_time"), and a mask grpc-gateway builds from a PATCH body without
// one also names the fields that identify the resource (name, etag), which
// are dropped.
func MaskPaths(paths []string) []string {
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		switch s := MaskPath(p); s {
		case "name", "etag":
		default:
			out = append(out, s)
		}
	}
	return out
}

// MaskPath returns one update-mask path as a proto field name: "dueTime"
// and "due_time" are both "due_time".
func MaskPath(p string) string {
	var b strings.Builder
	for i, r := range p {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
