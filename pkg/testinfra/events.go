package testinfra

import (
	"context"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/outbox"
	"google.golang.org/protobuf/proto"
)

// Publish sends msg as the event `event` of service, with the headers the
// outbox relay sets, as if that service had published it. It returns the
// event id.
func Publish(t testing.TB, bus *natsbus.Bus, service, event string, msg proto.Message) string {
	t.Helper()
	data, err := proto.Marshal(msg)
	if err != nil {
		t.Fatal(err)
	}
	id := UniqueName()
	headers := map[string]string{
		outbox.HeaderEventType: string(msg.ProtoReflect().Descriptor().FullName()),
		outbox.HeaderEventTime: time.Now().UTC().Format(time.RFC3339Nano),
	}
	if err := bus.EnsureStream(context.Background(), service); err != nil {
		t.Fatal(err)
	}
	if err := bus.Publish(context.Background(), bus.Subject(service, event), id, data, headers); err != nil {
		t.Fatal(err)
	}
	return id
}
