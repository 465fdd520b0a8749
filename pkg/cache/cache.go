// Package cache is a small key-value cache with expiry for what may be lost
// and must be shared across replicas: Redis in production, an in-process map
// for the embedded default.
package cache

import (
	"context"
	"encoding/binary"
	"errors"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// ErrMiss is returned by Get when the key is absent or expired.
var ErrMiss = errors.New("cache: miss")

// Cache stores byte values under string keys for a while.
type Cache interface {
	Get(ctx context.Context, key string) ([]byte, error)
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
	Delete(ctx context.Context, keys ...string) error
	// Incr adds one to the counter under key, creating it with expiry ttl
	// if absent, and returns the new count (fixed-window rate limits).
	Incr(ctx context.Context, key string, ttl time.Duration) (int64, error)
}

// Redis is a Cache on a Redis server; every key gets the prefix.
type Redis struct {
	Client *redis.Client
	Prefix string
}

// NewRedis connects to the Redis at url (redis://host:port/db) and checks it
// answers.
func NewRedis(ctx context.Context, url, prefix string) (*Redis, error) {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return nil, err
	}
	c := redis.NewClient(opt)
	if err := c.Ping(ctx).Err(); err != nil {
		c.Close()
		return nil, err
	}
	return &Redis{Client: c, Prefix: prefix}, nil
}

// Get returns the value of key or ErrMiss.
func (r *Redis) Get(ctx context.Context, key string) ([]byte, error) {
	b, err := r.Client.Get(ctx, r.Prefix+key).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, ErrMiss
	}
	return b, err
}

// Set stores value under key for ttl.
func (r *Redis) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	return r.Client.Set(ctx, r.Prefix+key, value, ttl).Err()
}

// Delete removes keys.
func (r *Redis) Delete(ctx context.Context, keys ...string) error {
	full := make([]string, len(keys))
	for i, k := range keys {
		full[i] = r.Prefix + k
	}
	return r.Client.Del(ctx, full...).Err()
}

// Incr adds one to a counter; the first increment sets its expiry.
func (r *Redis) Incr(ctx context.Context, key string, ttl time.Duration) (int64, error) {
	pipe := r.Client.TxPipeline()
	n := pipe.Incr(ctx, r.Prefix+key)
	pipe.Do(ctx, "PEXPIRE", r.Prefix+key, ttl.Milliseconds(), "NX")
	if _, err := pipe.Exec(ctx); err != nil {
		return 0, err
	}
	return n.Val(), nil
}

// Close closes the connection pool.
func (r *Redis) Close() error { return r.Client.Close() }

// Memory is an in-process Cache.
type Memory struct {
	mu    sync.Mutex
	items map[string]item
	now   func() time.Time
}

type item struct {
	value   []byte
	expires time.Time
}

// NewMemory returns an empty in-process cache.
func NewMemory() *Memory { return &Memory{items: map[string]item{}, now: time.Now} }

// Get returns the value of key or ErrMiss.
func (m *Memory) Get(_ context.Context, key string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	it, ok := m.items[key]
	if !ok || !m.now().Before(it.expires) {
		delete(m.items, key)
		return nil, ErrMiss
	}
	return append([]byte(nil), it.value...), nil
}

// Set stores value under key for ttl.
func (m *Memory) Set(_ context.Context, key string, value []byte, ttl time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.sweep(now)
	m.items[key] = item{value: append([]byte(nil), value...), expires: now.Add(ttl)}
	return nil
}

// Delete removes keys.
func (m *Memory) Delete(_ context.Context, keys ...string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, k := range keys {
		delete(m.items, k)
	}
	return nil
}

// Incr adds one to a counter; the first increment sets its expiry.
func (m *Memory) Incr(_ context.Context, key string, ttl time.Duration) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.sweep(now)
	it, ok := m.items[key]
	var n int64
	if ok && now.Before(it.expires) && len(it.value) == 8 {
		n = int64(binary.BigEndian.Uint64(it.value))
	} else {
		it.expires = now.Add(ttl)
	}
	n++
	it.value = binary.BigEndian.AppendUint64(nil, uint64(n))
	m.items[key] = it
	return n, nil
}

// sweep drops expired items once the map grows large; callers hold mu.
func (m *Memory) sweep(now time.Time) {
	if len(m.items) <= 10000 {
		return
	}
	for k, it := range m.items {
		if !now.Before(it.expires) {
			delete(m.items, k)
		}
	}
}
