package outbox_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/outbox"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/pkg/testinfra"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

type benchInfra struct {
	name string
	db   *store.DB
	bus  *natsbus.Bus
}

func benchSetups(b *testing.B) []benchInfra {
	dbs := dbs(b)
	for _, db := range dbs {
		if _, err := db.ExecContext(context.Background(), `CREATE TABLE thing (id TEXT PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
			b.Fatal(err)
		}
	}
	return []benchInfra{
		{"postgres+nats", dbs["postgres"], testinfra.Bus(b)},
		{"sqlite+embedded", dbs["sqlite"], testinfra.EmbeddedBus(b)},
	}
}

// BenchmarkCommit measures the cost the outbox adds to a write: a
// transaction inserting one row (the baseline) against the same
// transaction also writing its event to the outbox.
func BenchmarkCommit(b *testing.B) {
	for _, in := range benchSetups(b) {
		ctx := context.Background()
		for _, withEvent := range []bool{false, true} {
			name := in.name + "/plain"
			if withEvent {
				name = in.name + "/with-outbox-event"
			}
			b.Run(name, func(b *testing.B) {
				run := testinfra.UniqueName()
				for i := 0; i < b.N; i++ {
					err := in.db.InTx(ctx, func(tx *sql.Tx) error {
						if _, err := tx.ExecContext(ctx, `INSERT INTO thing (id, v) VALUES ($1, $2)`, fmt.Sprintf("%s-%d", run, i), "v"); err != nil {
							return err
						}
						if withEvent {
							_, err := outbox.Add(ctx, tx, "bench.thing.created", wrapperspb.String("v"), time.Now())
							return err
						}
						return nil
					})
					if err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkRelay measures events per second through the relay (read the
// outbox, publish to JetStream awaiting the ack, delete) against the
// baseline of publishing the same events straight to JetStream.
func BenchmarkRelay(b *testing.B) {
	for _, in := range benchSetups(b) {
		ctx := context.Background()
		if err := in.bus.EnsureStream(ctx, "bench"); err != nil {
			b.Fatal(err)
		}
		payload, _ := proto.Marshal(wrapperspb.String("v"))
		b.Run(in.name+"/direct-publish", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				id := fmt.Sprintf("direct-%s-%d", b.Name(), i)
				if err := in.bus.Publish(ctx, in.bus.Subject("bench", "thing.created"), id, payload,
					map[string]string{outbox.HeaderEventType: "google.protobuf.StringValue"}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(in.name+"/relay", func(b *testing.B) {
			b.StopTimer()
			const chunk = 500
			for i := 0; i < b.N; i += chunk {
				err := in.db.InTx(ctx, func(tx *sql.Tx) error {
					for j := i; j < i+chunk && j < b.N; j++ {
						if _, err := outbox.Add(ctx, tx, in.bus.Subject("bench", "thing.created"), wrapperspb.String("v"), time.Now()); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			r := outbox.NewRelay(in.db, in.bus, logging.Discard())
			b.StartTimer()
			for {
				n, err := r.PublishBatch(ctx)
				if err != nil {
					b.Fatal(err)
				}
				if n == 0 {
					break
				}
			}
		})
	}
}
