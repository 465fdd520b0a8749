package mail_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/assure-audit/assure/pkg/mail"
)

func TestRecorder(t *testing.T) {
	r := mail.NewRecorder()
	ctx := context.Background()
	m := message("rem-1@assure")
	if err := r.Send(ctx, m); err != nil {
		t.Fatal(err)
	}
	// The recorder keeps its own copy.
	m.Headers["X-Assure-Reminder"] = "changed"
	m.To[0].Email = "changed@example.org"
	got := r.Messages()
	if len(got) != 1 || got[0].ID != "rem-1@assure" || got[0].Headers["X-Assure-Reminder"] != "rem-123" || got[0].To[0].Email != "sian@example.org" {
		t.Fatalf("recorded %+v", got)
	}
	got[0].Headers["X-Assure-Reminder"] = "mine"
	if r.Messages()[0].Headers["X-Assure-Reminder"] != "rem-123" {
		t.Error("Messages shares its maps with the recorder")
	}

	bad := message("rem-2@assure")
	bad.To = []mail.Address{{Email: "nobody"}}
	if err := r.Send(ctx, bad); !errors.Is(err, mail.ErrPermanent) {
		t.Errorf("err = %v, want permanent", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := r.Send(cancelled, message("rem-3@assure")); !errors.Is(err, mail.ErrTemporary) || !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want temporary and cancelled", err)
	}
	if n := len(r.Messages()); n != 1 {
		t.Errorf("%d messages recorded, want 1", n)
	}
}

func TestRecorderConcurrentAndBounded(t *testing.T) {
	r := mail.NewRecorder()
	var wg sync.WaitGroup
	const workers, each = 4, mail.RecorderLimit / 2
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				if err := r.Send(context.Background(), message(fmt.Sprintf("rem-%d-%d@assure", w, i))); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	got := r.Messages()
	if len(got) != mail.RecorderLimit {
		t.Fatalf("%d messages kept, want %d", len(got), mail.RecorderLimit)
	}
	// What is kept is the newest: for each worker, a run of its last
	// messages in order.
	kept := map[int][]int{}
	for _, m := range got {
		var w, i int
		if _, err := fmt.Sscanf(m.ID, "rem-%d-%d@assure", &w, &i); err != nil {
			t.Fatal(err)
		}
		kept[w] = append(kept[w], i)
	}
	for w, is := range kept {
		for k, i := range is {
			if want := each - len(is) + k; i != want {
				t.Fatalf("worker %d: kept %v, not a run of its last messages", w, is)
			}
		}
	}
}
