package objectstore_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/assure-audit/assure/pkg/objectstore"
	"github.com/assure-audit/assure/pkg/testinfra"
)

// stores returns one of each implementation: Dir, and SQL on PostgreSQL
// and on SQLite.
func stores(t *testing.T) map[string]objectstore.Store {
	ctx := context.Background()
	out := map[string]objectstore.Store{}
	dir, err := objectstore.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	out["dir"] = dir
	for name, db := range testinfra.Databases(t, "objectstore") {
		s, err := objectstore.NewSQL(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		// Creating the table again is a no-op.
		if _, err := objectstore.NewSQL(ctx, db); err != nil {
			t.Fatal(err)
		}
		out["sql-"+name] = s
	}
	return out
}

func random(t *testing.T, n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

func TestContract(t *testing.T) {
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			for _, c := range contract {
				t.Run(c.name, func(t *testing.T) { c.run(t, s) })
			}
		})
	}
}

var contract = []struct {
	name string
	run  func(t *testing.T, s objectstore.Store)
}{
	{"round trip", func(t *testing.T, s objectstore.Store) {
		roundTrip(t, s, "p/c/s/ev-1", []byte("minutes of the strategy meeting"))
	}},
	{"binary with zero bytes", func(t *testing.T, s objectstore.Store) {
		roundTrip(t, s, "p/c/s/ev-zero", []byte{0, 1, 0, 0, 0xff, 0, 0x80, 0})
	}},
	{"empty", func(t *testing.T, s objectstore.Store) {
		roundTrip(t, s, "p/c/s/ev-empty", nil)
	}},
	{"5 MiB", func(t *testing.T, s objectstore.Store) {
		roundTrip(t, s, "p/c/s/ev-big", random(t, 5<<20))
	}},
	{"same content again", func(t *testing.T, s objectstore.Store) {
		ctx := context.Background()
		data := random(t, 1000)
		roundTrip(t, s, "p/c/s/ev-again", data)
		if err := s.Put(ctx, "p/c/s/ev-again", bytes.Clone(data)); err != nil {
			t.Fatalf("re-put of the same content: %v", err)
		}
	}},
	{"different content again", func(t *testing.T, s objectstore.Store) {
		ctx := context.Background()
		roundTrip(t, s, "p/c/s/ev-diff", []byte("first"))
		err := s.Put(ctx, "p/c/s/ev-diff", []byte("second"))
		if !errors.Is(err, objectstore.ErrConflict) {
			t.Fatalf("re-put of different content: %v, want ErrConflict", err)
		}
		get(t, s, "p/c/s/ev-diff", []byte("first"))
	}},
	{"missing", func(t *testing.T, s objectstore.Store) {
		_, err := s.Get(context.Background(), "p/c/s/never")
		if !errors.Is(err, objectstore.ErrNotFound) {
			t.Fatalf("get of a missing key: %v, want ErrNotFound", err)
		}
	}},
	{"delete", func(t *testing.T, s objectstore.Store) {
		ctx := context.Background()
		roundTrip(t, s, "p/c/s/ev-del", []byte("gone soon"))
		for range 2 { // deleting a missing key is fine
			if err := s.Delete(ctx, "p/c/s/ev-del"); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Get(ctx, "p/c/s/ev-del"); !errors.Is(err, objectstore.ErrNotFound) {
			t.Fatalf("get after delete: %v, want ErrNotFound", err)
		}
		// Once deleted, the key may hold new content.
		roundTrip(t, s, "p/c/s/ev-del", []byte("back again"))
	}},
	{"bad keys", func(t *testing.T, s objectstore.Store) {
		ctx := context.Background()
		for _, k := range badKeys {
			if err := s.Put(ctx, k, []byte("x")); !errors.Is(err, objectstore.ErrInvalidKey) {
				t.Errorf("put %q: %v, want ErrInvalidKey", k, err)
			}
			if _, err := s.Get(ctx, k); !errors.Is(err, objectstore.ErrInvalidKey) {
				t.Errorf("get %q: %v, want ErrInvalidKey", k, err)
			}
			if err := s.Delete(ctx, k); !errors.Is(err, objectstore.ErrInvalidKey) {
				t.Errorf("delete %q: %v, want ErrInvalidKey", k, err)
			}
		}
	}},
	{"concurrent distinct keys", func(t *testing.T, s objectstore.Store) {
		ctx := context.Background()
		const n = 16
		blobs := make([][]byte, n)
		for i := range blobs {
			blobs[i] = random(t, 10_000+i)
		}
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() { errs[i] = s.Put(ctx, fmt.Sprintf("p/c/s%d/ev-%d", i%3, i), blobs[i]) })
		}
		wg.Wait()
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("put %d: %v", i, errs[i])
			}
			get(t, s, fmt.Sprintf("p/c/s%d/ev-%d", i%3, i), blobs[i])
		}
	}},
	{"concurrent same key", func(t *testing.T, s objectstore.Store) {
		// Of several writers racing with different content, exactly one
		// wins and the rest are told so.
		ctx := context.Background()
		const n = 8
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() { errs[i] = s.Put(ctx, "p/c/s/ev-race", []byte{byte(i)}) })
		}
		wg.Wait()
		winner := -1
		for i, err := range errs {
			switch {
			case err == nil && winner >= 0:
				t.Fatalf("writers %d and %d both succeeded", winner, i)
			case err == nil:
				winner = i
			case !errors.Is(err, objectstore.ErrConflict):
				t.Fatalf("writer %d: %v, want ErrConflict", i, err)
			}
		}
		if winner < 0 {
			t.Fatal("no writer succeeded")
		}
		get(t, s, "p/c/s/ev-race", []byte{byte(winner)})
	}},
	{"cancelled context", func(t *testing.T, s objectstore.Store) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := s.Put(ctx, "p/c/s/ev-cancel", []byte("x")); !errors.Is(err, context.Canceled) {
			t.Fatalf("put with a cancelled context: %v", err)
		}
	}},
}

var badKeys = []string{
	"", "/abs/path", "p/../etc", "..", ".", "a/./b", "a//b", "a/", "p/c/.hidden",
	"Upper", "with space", `back\slash`, "p/c/s/ev:1", "ünïcode", "a\x00b",
	strings.Repeat("a", objectstore.MaxKeyLen+1),
}

func roundTrip(t *testing.T, s objectstore.Store, key string, data []byte) {
	t.Helper()
	if err := s.Put(context.Background(), key, data); err != nil {
		t.Fatalf("put %s: %v", key, err)
	}
	get(t, s, key, data)
}

func get(t *testing.T, s objectstore.Store, key string, want []byte) {
	t.Helper()
	got, err := s.Get(context.Background(), key)
	if err != nil {
		t.Fatalf("get %s: %v", key, err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("get %s: %d bytes, want %d (content differs)", key, len(got), len(want))
	}
}

func TestDirLeavesNoTemporaryFiles(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	d, err := objectstore.NewDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		key := fmt.Sprintf("p/c/s/ev-%d", i%2)
		if err := d.Put(ctx, key, []byte{byte(i % 2)}); err != nil {
			t.Fatal(err)
		}
		_ = d.Put(ctx, key, []byte("conflicting"))
	}
	err = filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left behind %s", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDirKeyAndPrefix(t *testing.T) {
	// A key that is a directory of other keys is neither readable nor
	// deletable as a blob, and putting under a blob fails cleanly.
	ctx := context.Background()
	d, err := objectstore.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Put(ctx, "a/b", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Get(ctx, "a"); !errors.Is(err, objectstore.ErrNotFound) {
		t.Fatalf("get of a directory: %v", err)
	}
	if err := d.Delete(ctx, "a"); err != nil {
		t.Fatalf("delete of a directory: %v", err)
	}
	if err := d.Put(ctx, "a", []byte("x")); err == nil {
		t.Fatal("put over a directory succeeded")
	}
	if err := d.Put(ctx, "a/b/c", []byte("x")); err == nil {
		t.Fatal("put under a blob succeeded")
	}
	if _, err := d.Get(ctx, "a/b/c"); !errors.Is(err, objectstore.ErrNotFound) {
		t.Fatalf("get under a blob: %v", err)
	}
	get(t, d, "a/b", []byte("x"))
}
