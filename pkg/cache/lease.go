package cache

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// Leases hands out a named lease to one holder at a time, such as the one
// reminder scheduler among several replicas. A lease lapses after its ttl
// unless its holder renews it, so a holder that dies frees it.
type Leases interface {
	// Acquire takes the lease key for holder for ttl, or renews it if
	// holder has it already; it reports whether holder has it now.
	Acquire(ctx context.Context, key, holder string, ttl time.Duration) (bool, error)
	// Release gives the lease up if holder has it.
	Release(ctx context.Context, key, holder string) error
}

var (
	_ Leases = (*Redis)(nil)
	_ Leases = (*Memory)(nil)
)

// acquire sets the key to the holder if it is free, or extends it if the
// holder has it; one script, so no other client comes in between.
var acquire = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if v == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
elseif v == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`)

var release = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`)

// Acquire implements Leases.
func (r *Redis) Acquire(ctx context.Context, key, holder string, ttl time.Duration) (bool, error) {
	n, err := acquire.Run(ctx, r.Client, []string{r.Prefix + key}, holder, ttl.Milliseconds()).Int()
	return n == 1, err
}

// Release implements Leases.
func (r *Redis) Release(ctx context.Context, key, holder string) error {
	return release.Run(ctx, r.Client, []string{r.Prefix + key}, holder).Err()
}

// Acquire implements Leases.
func (m *Memory) Acquire(_ context.Context, key, holder string, ttl time.Duration) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	it, ok := m.items[key]
	if ok && now.Before(it.expires) && string(it.value) != holder {
		return false, nil
	}
	m.items[key] = item{value: []byte(holder), expires: now.Add(ttl)}
	return true, nil
}

// Release implements Leases.
func (m *Memory) Release(_ context.Context, key, holder string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if it, ok := m.items[key]; ok && string(it.value) == holder {
		delete(m.items, key)
	}
	return nil
}
