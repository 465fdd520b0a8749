package outbox

import (
	"context"
	"database/sql"
	"time"

	"github.com/assure-audit/assure/pkg/store"
	"google.golang.org/protobuf/proto"
)

// Encoder turns one of a service's domain events into its event name (such
// as "campaign.launched") and protobuf message.
type Encoder[E any] func(ev E) (name string, msg proto.Message, err error)

// Writer writes a service's domain events (of type E) to its outbox in the
// transaction of the change they describe.
type Writer[E any] struct {
	DB *store.DB
	// Service is the publishing service's name, the second part of subjects.
	Service string
	// Subject makes the full subject of an event name (natsbus.Bus.Subject).
	Subject func(service, event string) string
	Encode  Encoder[E]
	// Wake is called after a transaction that wrote events commits, so the
	// relay sends them at once (Relay.Notify).
	Wake func()
}

// InTx runs fn in a transaction and writes the events it returns in the
// same transaction; either the change and its events commit, or neither.
func (w *Writer[E]) InTx(ctx context.Context, fn func(tx *sql.Tx) ([]E, error)) error {
	var written int
	err := w.DB.InTx(ctx, func(tx *sql.Tx) error {
		evs, err := fn(tx)
		if err != nil {
			return err
		}
		now := time.Now().UTC()
		for _, ev := range evs {
			name, msg, err := w.Encode(ev)
			if err != nil {
				return err
			}
			if _, err := Add(ctx, tx, w.Subject(w.Service, name), msg, now); err != nil {
				return err
			}
		}
		written = len(evs)
		return nil
	})
	if err == nil && written > 0 && w.Wake != nil {
		w.Wake()
	}
	return err
}
