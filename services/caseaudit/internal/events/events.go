// Package events writes the case-audit service's domain events to its outbox
// as protobuf messages, in the caller's transaction.
package events

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/assure-audit/assure/pkg/outbox"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
	"github.com/assure-audit/assure/services/caseaudit/internal/protoconv"
	"google.golang.org/protobuf/proto"
)

// Service is the name under which the case-audit service publishes.
const Service = "caseaudit"

// Subjects maps an event name such as "round.created" to its full
// subject.
type Subjects func(service, event string) string

// Writer records domain events in the outbox.
type Writer struct {
	Subject Subjects
	// Wake is called after a transaction that wrote events commits, so the
	// relay sends them at once.
	Wake func()
}

// Write adds ev to the outbox inside tx.
func (w Writer) Write(ctx context.Context, tx *sql.Tx, ev domain.Event, now time.Time) error {
	name, msg, err := encode(ev)
	if err != nil {
		return err
	}
	_, err = outbox.Add(ctx, tx, w.Subject(Service, name), msg, now)
	return err
}

// Committed pokes the relay.
func (w Writer) Committed() {
	if w.Wake != nil {
		w.Wake()
	}
}

func encode(ev domain.Event) (string, proto.Message, error) {
	switch e := ev.(type) {
	case domain.RoundCreated:
		return "round.created", &caseauditv1.RoundCreated{Round: protoconv.Round(e.Round)}, nil
	default:
		return "", nil, fmt.Errorf("events: unknown case-audit event %T", ev)
	}
}
