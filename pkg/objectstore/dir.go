package objectstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// tempPrefix starts the names of files being written. Keys cannot have a
// segment starting with '.', so these never collide with a blob; any left
// behind by a crash may be deleted.
const tempPrefix = ".put-"

// Dir is a Store of files under a root directory on local disk, one file
// per key (a key's '/' separates directories). An acknowledged Put survives
// a crash: the content is written to a temporary file in the target
// directory and synced, then linked into place (which, unlike rename, never
// replaces a blob another writer has just put), and the directory synced.
//
// It suits one process (the embedded default), not replicas on different
// machines. A key cannot be both a blob and a directory of other keys:
// putting "a/b" when "a" holds a blob fails, and the other way round.
type Dir struct {
	root string
}

var _ Store = (*Dir)(nil)

// NewDir returns a store keeping files under root, creating it if missing.
func NewDir(root string) (*Dir, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("objectstore: dir %s: %w", root, err)
	}
	if err := os.MkdirAll(abs, 0o750); err != nil {
		return nil, fmt.Errorf("objectstore: create dir %s: %w", abs, err)
	}
	return &Dir{root: abs}, nil
}

// path returns the file of a checked key.
func (d *Dir) path(key string) string { return filepath.Join(d.root, filepath.FromSlash(key)) }

// Put stores data under key; see Store.
func (d *Dir) Put(ctx context.Context, key string, data []byte) error {
	if err := ready(ctx, key); err != nil {
		return err
	}
	path := d.path(key)
	dir := filepath.Dir(path)
	if err := d.mkdirs(dir); err != nil {
		return fmt.Errorf("objectstore: put %s: %w", key, err)
	}
	tmp, err := writeTemp(dir, data)
	if err != nil {
		return fmt.Errorf("objectstore: put %s: %w", key, err)
	}
	linkErr := os.Link(tmp, path)
	rmErr := os.Remove(tmp)
	switch {
	case errors.Is(linkErr, fs.ErrExist):
		return d.same(key, path, data)
	case linkErr != nil:
		return fmt.Errorf("objectstore: put %s: %w", key, linkErr)
	case rmErr != nil:
		return fmt.Errorf("objectstore: put %s: remove temporary file: %w", key, rmErr)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("objectstore: put %s: %w", key, err)
	}
	return nil
}

// same answers a Put whose key already exists: fine if the content is the
// same (after making sure the existing entry is durable), a conflict if not.
func (d *Dir) same(key, path string, data []byte) error {
	old, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("objectstore: put %s: key exists but cannot be read: %w", key, err)
	}
	if !bytes.Equal(old, data) {
		return fmt.Errorf("objectstore: put %s: %w", key, ErrConflict)
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return fmt.Errorf("objectstore: put %s: %w", key, err)
	}
	return nil
}

// Get returns the blob under key; see Store.
func (d *Dir) Get(ctx context.Context, key string) ([]byte, error) {
	if err := ready(ctx, key); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(d.path(key))
	if missing(err) {
		return nil, fmt.Errorf("objectstore: get %s: %w", key, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("objectstore: get %s: %w", key, err)
	}
	return data, nil
}

// Delete removes the blob under key; see Store.
func (d *Dir) Delete(ctx context.Context, key string) error {
	if err := ready(ctx, key); err != nil {
		return err
	}
	path := d.path(key)
	fi, err := os.Lstat(path)
	if missing(err) || err == nil && fi.IsDir() {
		return nil
	}
	if err != nil {
		return fmt.Errorf("objectstore: delete %s: %w", key, err)
	}
	if err := os.Remove(path); err != nil && !missing(err) {
		return fmt.Errorf("objectstore: delete %s: %w", key, err)
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return fmt.Errorf("objectstore: delete %s: %w", key, err)
	}
	return nil
}

// mkdirs creates dir and any missing parents below the root, syncing each
// parent that gains an entry so the new directories survive a crash.
func (d *Dir) mkdirs(dir string) error {
	rel, err := filepath.Rel(d.root, dir)
	if err != nil || rel == "." {
		return err
	}
	cur := d.root
	for seg := range strings.SplitSeq(rel, string(filepath.Separator)) {
		parent := cur
		cur = filepath.Join(cur, seg)
		err := os.Mkdir(cur, 0o750)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("create directory: %w", err)
		}
		if err := syncDir(parent); err != nil {
			return err
		}
	}
	return nil
}

// writeTemp writes data to a new temporary file in dir, synced and closed,
// and returns its path.
func writeTemp(dir string, data []byte) (string, error) {
	f, err := os.CreateTemp(dir, tempPrefix+"*")
	if err != nil {
		return "", fmt.Errorf("create temporary file: %w", err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return "", fmt.Errorf("write temporary file: %w", err)
	}
	return f.Name(), nil
}

// syncDir flushes a directory's entries to disk.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync directory: %w", err)
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	return nil
}

// missing reports whether a file error means there is no blob: the file
// does not exist, a parent is a file, or the path is a directory.
func missing(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) || errors.Is(err, syscall.EISDIR)
}

// ready checks the context and the key before an operation.
func ready(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("objectstore: %w", err)
	}
	return CheckKey(key)
}
