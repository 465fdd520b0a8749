package cache_test

import (
	"context"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/cache"
	"github.com/assure-audit/assure/pkg/testinfra"
)

func TestLeases(t *testing.T) {
	ctx := context.Background()
	r, err := cache.NewRedis(ctx, testinfra.RedisURL(), testinfra.RedisPrefix(t))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for name, l := range map[string]cache.Leases{"redis": r, "memory": cache.NewMemory()} {
		t.Run(name, func(t *testing.T) {
			take := func(holder string, ttl time.Duration, want bool) {
				t.Helper()
				if got, err := l.Acquire(ctx, "scheduler", holder, ttl); err != nil || got != want {
					t.Fatalf("%s acquire: %v %v, want %v", holder, got, err, want)
				}
			}
			take("a", 200*time.Millisecond, true)
			take("b", time.Minute, false) // a holds it
			take("a", 200*time.Millisecond, true)
			time.Sleep(300 * time.Millisecond) // a stopped renewing
			take("b", time.Minute, true)
			take("a", time.Minute, false)
			if err := l.Release(ctx, "scheduler", "a"); err != nil { // not a's to release
				t.Fatal(err)
			}
			take("a", time.Minute, false)
			if err := l.Release(ctx, "scheduler", "b"); err != nil {
				t.Fatal(err)
			}
			take("a", time.Minute, true)
		})
	}
}
