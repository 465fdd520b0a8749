// Package testinfra gives tests their own slice of the real infrastructure:
// a fresh PostgreSQL database, NATS stream and subject prefixes and a Redis
// key prefix per test, all removed afterwards, so test runs never see each
// other's data. Addresses come from the environment and default to the
// loopback services:
//
//	ASSURE_TEST_POSTGRES_URL  postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable
//	ASSURE_TEST_NATS_URL      nats://127.0.0.1:4222
//	ASSURE_TEST_REDIS_URL     redis://127.0.0.1:6379/0
//
// A service that cannot be reached fails the test: these are integration
// tests, and the CI script starts the services before running them.
package testinfra

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/resource"
	_ "github.com/jackc/pgx/v5/stdlib" // the pgx driver
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/redis/go-redis/v9"
)

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// PostgresAdminURL is the URL of the server's maintenance database.
func PostgresAdminURL() string {
	return env("ASSURE_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable")
}

// NATSURL is the NATS server integration tests use.
func NATSURL() string { return env("ASSURE_TEST_NATS_URL", "nats://127.0.0.1:4222") }

// RedisURL is the Redis server integration tests use.
func RedisURL() string { return env("ASSURE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0") }

// UniqueName returns a lower-case name unique to this run, e.g. "t_ab12…".
func UniqueName() string {
	return "t_" + strings.ReplaceAll(resource.NewID()[:12], "-", "")
}

// Postgres creates a new database for the test and returns its URL; the
// database is dropped when the test ends.
func Postgres(t testing.TB) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := sql.Open("pgx", PostgresAdminURL())
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer admin.Close()
	name := UniqueName()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("postgres at %s: create database: %v (is PostgreSQL running? .ci/run starts it)", PostgresAdminURL(), err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", PostgresAdminURL())
		if err != nil {
			return
		}
		defer admin.Close()
		_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	return withDatabase(PostgresAdminURL(), name)
}

func withDatabase(url, db string) string {
	// Replace the path of postgres://user@host:port/path?query.
	scheme := strings.Index(url, "://")
	rest := url[scheme+3:]
	q := ""
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		rest, q = rest[:i], rest[i:]
	}
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		rest = rest[:i]
	}
	return url[:scheme+3] + rest + "/" + db + q
}

// NATSPrefix returns a subject/stream prefix unique to the test and checks
// the server answers; the prefix's streams are deleted when the test ends.
func NATSPrefix(t testing.TB) string {
	t.Helper()
	nc, err := nats.Connect(NATSURL(), nats.Timeout(5*time.Second))
	if err != nil {
		t.Fatalf("nats at %s: %v (is NATS running? .ci/run starts it)", NATSURL(), err)
	}
	nc.Close()
	prefix := UniqueName()
	t.Cleanup(func() { DeleteStreams(NATSURL(), prefix) })
	return prefix
}

// DeleteStreams removes every stream whose name starts with the prefix.
func DeleteStreams(url, prefix string) {
	nc, err := nats.Connect(url)
	if err != nil {
		return
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	names := js.StreamNames(ctx)
	var del []string
	for n := range names.Name() {
		if strings.HasPrefix(n, strings.ToUpper(prefix)+"_") {
			del = append(del, n)
		}
	}
	for _, n := range del {
		_ = js.DeleteStream(ctx, n)
	}
}

// RedisPrefix returns a key prefix unique to the test and checks the server
// answers; the prefix's keys are deleted when the test ends.
func RedisPrefix(t testing.TB) string {
	t.Helper()
	opt, err := redis.ParseURL(RedisURL())
	if err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(opt)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.Ping(ctx).Err(); err != nil {
		c.Close()
		t.Fatalf("redis at %s: %v (is Redis running? .ci/run starts it)", RedisURL(), err)
	}
	prefix := UniqueName() + ":"
	t.Cleanup(func() {
		defer c.Close()
		ctx := context.Background()
		iter := c.Scan(ctx, 0, prefix+"*", 1000).Iterator()
		for iter.Next(ctx) {
			c.Del(ctx, iter.Val())
		}
	})
	return prefix
}

// SQLitePath returns a database file path in a temporary directory.
func SQLitePath(t testing.TB) string {
	return filepath.Join(t.TempDir(), fmt.Sprintf("%s.db", UniqueName()))
}

type natsOption = nats.Option
