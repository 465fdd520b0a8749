package directory_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/assure-audit/assure/pkg/outbox"
	"github.com/assure-audit/assure/pkg/testinfra"
	"github.com/assure-audit/assure/services/directory"
	"github.com/assure-audit/assure/services/directory/migrations"
)

// syncBuffer is a log destination safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) records(t *testing.T) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(s.b.Bytes()))
	for sc.Scan() {
		var r map[string]any
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("log line %q: %v", sc.Text(), err)
		}
		out = append(out, r)
	}
	return out
}

// TestReplicasBootstrapOnce starts two replicas on one database at once:
// one signing key and one first admin come of it, and the default mailer
// logs the sign-in link where the embedded default's users find it.
func TestReplicasBootstrapOnce(t *testing.T) {
	db := testinfra.Databases(t, "directory")["postgres"]
	bus := testinfra.Bus(t)
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, nil))
	ctx := context.Background()
	// The schema comes first: concurrent CREATE TABLE IF NOT EXISTS can
	// collide on PostgreSQL, which is the migrations' business, not this
	// test's.
	if err := db.Migrate(ctx, migrations.FS, "."); err != nil {
		t.Fatal(err)
	}
	if err := outbox.EnsureTable(ctx, db); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	services := make([]*directory.Service, 2)
	errs := make([]error, 2)
	for i := range services {
		wg.Add(1)
		go func() {
			defer wg.Done()
			services[i], errs[i] = directory.New(ctx, directory.Config{}, directory.Deps{DB: db, Bus: bus, Logger: log})
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	k0, err0 := services[0].KeySet(ctx)
	k1, err1 := services[1].KeySet(ctx)
	if err0 != nil || err1 != nil || len(k0.Keys) != 1 || !reflect.DeepEqual(k0, k1) {
		t.Fatalf("key sets %v %v, %v %v", k0, err0, k1, err1)
	}
	counts := map[string]int{}
	for _, r := range logs.records(t) {
		msg, _ := r["msg"].(string)
		if msg != "bootstrap sign-in link" && msg != "sign-in link" {
			continue
		}
		counts[msg]++
		link, _ := r["link"].(string)
		if r["email"] != directory.DefaultBootstrapEmail || !strings.HasPrefix(link, directory.DefaultSignInLinkBase+"?token=") {
			t.Errorf("%s record %v", msg, r)
		}
	}
	if counts["bootstrap sign-in link"] != 1 || counts["sign-in link"] != 1 {
		t.Fatalf("logged links %v", counts)
	}
}
