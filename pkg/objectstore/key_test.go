package objectstore_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/assure-audit/assure/pkg/objectstore"
)

func TestCheckKey(t *testing.T) {
	for _, k := range []string{"a", "p/c/s/ev-id", "partnerships/p1/campaigns/c-2/submissions/s_3/evidence/e.4", "a.b", "x/y.tar.gz"} {
		if err := objectstore.CheckKey(k); err != nil {
			t.Errorf("%q refused: %v", k, err)
		}
	}
	for _, k := range badKeys {
		err := objectstore.CheckKey(k)
		if !errors.Is(err, objectstore.ErrInvalidKey) {
			t.Errorf("%q: %v, want ErrInvalidKey", k, err)
		}
	}
}

// FuzzKey checks that the validator never panics and that every key it
// accepts names a path strictly inside the store's root.
func FuzzKey(f *testing.F) {
	for _, k := range append([]string{"p/c/s/ev-id", "a/b.c", "a_b-c/d"}, badKeys...) {
		f.Add(k)
	}
	root := filepath.FromSlash("/srv/evidence")
	f.Fuzz(func(t *testing.T, key string) {
		if objectstore.CheckKey(key) != nil {
			return
		}
		path := filepath.Join(root, filepath.FromSlash(key))
		rel, err := filepath.Rel(root, path)
		if err != nil || rel == "." || strings.HasPrefix(rel, "..") || filepath.IsAbs(rel) {
			t.Fatalf("accepted key %q escapes the root: %s", key, path)
		}
		if filepath.ToSlash(rel) != key {
			t.Fatalf("accepted key %q is not a clean path: %s", key, rel)
		}
		for seg := range strings.SplitSeq(key, "/") {
			if strings.HasPrefix(seg, ".") {
				t.Fatalf("accepted key %q has a hidden segment", key)
			}
		}
	})
}
