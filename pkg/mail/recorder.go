package mail

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
)

// RecorderLimit is how many messages a Recorder keeps: past it, the oldest
// are dropped, so that an embedded server left running does not grow
// without bound.
const RecorderLimit = 1000

// Recorder is a Sender that keeps messages in memory instead of sending
// them: for tests, and as the embedded default's stand-in when no mail
// server is configured. It checks each message as SMTP would, so a
// malformed one fails with ErrPermanent here too. It is safe for
// concurrent use.
type Recorder struct {
	mu       sync.Mutex
	messages []Message
}

var _ Sender = (*Recorder)(nil)

// NewRecorder returns an empty Recorder.
func NewRecorder() *Recorder { return &Recorder{} }

// Send records a copy of m, or returns why SMTP would refuse it.
func (r *Recorder) Send(ctx context.Context, m Message) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrTemporary, err)
	}
	if err := m.validate(); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.messages) >= RecorderLimit {
		r.messages = slices.Delete(r.messages, 0, len(r.messages)-RecorderLimit+1)
	}
	r.messages = append(r.messages, clone(m))
	return nil
}

// Messages returns copies of the recorded messages, oldest first.
func (r *Recorder) Messages() []Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Message, len(r.messages))
	for i, m := range r.messages {
		out[i] = clone(m)
	}
	return out
}

// clone returns m with its own To and Headers.
func clone(m Message) Message {
	m.To = slices.Clone(m.To)
	m.Headers = maps.Clone(m.Headers)
	return m
}
