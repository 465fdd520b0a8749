package outbox_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/outbox"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/pkg/testinfra"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

type recorder struct {
	mu   sync.Mutex
	ids  []string
	fail int // fail this many publishes first
}

func (r *recorder) Publish(_ context.Context, subject, id string, payload []byte, headers map[string]string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail > 0 {
		r.fail--
		return errors.New("broker down")
	}
	if headers[outbox.HeaderEventType] != "google.protobuf.StringValue" {
		return errors.New("missing event type header")
	}
	r.ids = append(r.ids, id)
	return nil
}

func dbs(t testing.TB) map[string]*store.DB {
	all := testinfra.Databases(t, "svc")
	for _, db := range all {
		if err := outbox.EnsureTable(context.Background(), db); err != nil {
			t.Fatal(err)
		}
	}
	return all
}

func add(t *testing.T, db *store.DB, n int) []string {
	var ids []string
	for i := 0; i < n; i++ {
		err := db.InTx(context.Background(), func(tx *sql.Tx) error {
			id, err := outbox.Add(context.Background(), tx, "s.x", wrapperspb.String("v"), time.Now())
			ids = append(ids, id)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

func TestRelayPublishesEveryCommittedRowOnce(t *testing.T) {
	for name, db := range dbs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			want := add(t, db, 5)
			// A rolled-back event never leaves.
			_ = db.InTx(ctx, func(tx *sql.Tx) error {
				_, _ = outbox.Add(ctx, tx, "s.x", wrapperspb.String("v"), time.Now())
				return errors.New("rollback")
			})
			rec := &recorder{fail: 1}
			r := outbox.NewRelay(db, rec, logging.Discard())
			r.BatchSize = 2
			if _, err := r.PublishBatch(ctx); err == nil {
				t.Fatal("want the broker error")
			}
			for {
				n, err := r.PublishBatch(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if n == 0 {
					break
				}
			}
			if len(rec.ids) != len(want) {
				t.Fatalf("published %v, want %v", rec.ids, want)
			}
			for i := range want {
				if rec.ids[i] != want[i] {
					t.Fatalf("order: got %v want %v", rec.ids, want)
				}
			}
			if n, _ := outbox.Pending(ctx, db); n != 0 {
				t.Fatalf("pending = %d", n)
			}
		})
	}
}

// TestRelayDoesNotSkipLateCommits holds a transaction open while a later one
// commits and is relayed; the early one, committed last, must still go out.
func TestRelayDoesNotSkipLateCommits(t *testing.T) {
	db := dbs(t)["postgres"]
	ctx := context.Background()
	slow, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	slowID, err := outbox.Add(ctx, slow, "s.x", wrapperspb.String("v"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	fast := add(t, db, 1)
	rec := &recorder{}
	r := outbox.NewRelay(db, rec, logging.Discard())
	if _, err := r.PublishBatch(ctx); err != nil {
		t.Fatal(err)
	}
	if err := slow.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.PublishBatch(ctx); err != nil {
		t.Fatal(err)
	}
	if len(rec.ids) != 2 || rec.ids[0] != fast[0] || rec.ids[1] != slowID {
		t.Fatalf("published %v; want %s then %s", rec.ids, fast[0], slowID)
	}
}

// TestRelaysShareWork runs two relays on one PostgreSQL outbox, as two
// replicas would; every row is published, none by both.
func TestRelaysShareWork(t *testing.T) {
	db := dbs(t)["postgres"]
	want := add(t, db, 40)
	rec := &recorder{}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		r := outbox.NewRelay(db, rec, logging.Discard())
		r.BatchSize = 3
		r.Interval = 10 * time.Millisecond
		wg.Add(1)
		go func() { defer wg.Done(); _ = r.Run(ctx) }()
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if n, _ := outbox.Pending(context.Background(), db); n == 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	wg.Wait()
	seen := map[string]int{}
	for _, id := range rec.ids {
		seen[id]++
	}
	for _, id := range want {
		if seen[id] != 1 {
			t.Fatalf("event %s published %d times", id, seen[id])
		}
	}
}

// TestOversizedEventFailsTheChange refuses an event the broker would
// refuse, so it fails the change that made it instead of stopping the
// relay, which publishes in order.
func TestOversizedEventFailsTheChange(t *testing.T) {
	for name, db := range dbs(t) {
		t.Run(name, func(t *testing.T) {
			big := wrapperspb.String(strings.Repeat("x", outbox.MaxEventBytes+1))
			err := db.InTx(context.Background(), func(tx *sql.Tx) error {
				_, err := outbox.Add(context.Background(), tx, "s.x", big, time.Now())
				return err
			})
			if err == nil || !strings.Contains(err.Error(), "split it") {
				t.Fatalf("oversized event: %v", err)
			}
			if n, _ := outbox.Pending(context.Background(), db); n != 0 {
				t.Fatalf("%d rows pending after a refused event", n)
			}
		})
	}
}
