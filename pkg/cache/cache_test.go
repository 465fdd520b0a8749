package cache_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/cache"
	"github.com/assure-audit/assure/pkg/testinfra"
)

func TestContract(t *testing.T) {
	ctx := context.Background()
	r, err := cache.NewRedis(ctx, testinfra.RedisURL(), testinfra.RedisPrefix(t))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for name, c := range map[string]cache.Cache{"redis": r, "memory": cache.NewMemory()} {
		t.Run(name, func(t *testing.T) {
			if _, err := c.Get(ctx, "k"); !errors.Is(err, cache.ErrMiss) {
				t.Fatalf("empty get: %v", err)
			}
			if err := c.Set(ctx, "k", []byte("v"), time.Minute); err != nil {
				t.Fatal(err)
			}
			if v, err := c.Get(ctx, "k"); err != nil || string(v) != "v" {
				t.Fatalf("get: %q %v", v, err)
			}
			if err := c.Set(ctx, "short", []byte("v"), 50*time.Millisecond); err != nil {
				t.Fatal(err)
			}
			if err := c.Delete(ctx, "k"); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Get(ctx, "k"); !errors.Is(err, cache.ErrMiss) {
				t.Fatalf("deleted get: %v", err)
			}
			for want := int64(1); want <= 3; want++ {
				if n, err := c.Incr(ctx, "count", 100*time.Millisecond); err != nil || n != want {
					t.Fatalf("incr: %d %v, want %d", n, err, want)
				}
			}
			time.Sleep(120 * time.Millisecond)
			if n, err := c.Incr(ctx, "count", time.Minute); err != nil || n != 1 {
				t.Fatalf("incr after the window: %d %v", n, err)
			}
			if _, err := c.Get(ctx, "short"); !errors.Is(err, cache.ErrMiss) {
				t.Fatalf("expired get: %v", err)
			}
		})
	}
}
