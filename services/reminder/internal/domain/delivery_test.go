package domain

import (
	"regexp"
	"slices"
	"testing"
	"time"
)

func TestDeliveryID(t *testing.T) {
	const (
		sub = "partnerships/north/campaigns/s11/submissions/police"
		key = "before_due:7:2026-10-21"
		to  = "lead@police.example"
	)
	id := DeliveryID(sub, key, to)
	if !regexp.MustCompile(`^[0-9a-f]{24}$`).MatchString(id) {
		t.Errorf("DeliveryID = %q, want 24 lower-case hex digits", id)
	}
	if again := DeliveryID(sub, key, to); again != id {
		t.Errorf("DeliveryID is not stable: %q then %q", id, again)
	}
	same := []struct{ name, sub, key, to string }{
		{"upper-case recipient", sub, key, "LEAD@POLICE.EXAMPLE"},
		{"mixed-case recipient", sub, key, "Lead@Police.Example"},
	}
	for _, tt := range same {
		if got := DeliveryID(tt.sub, tt.key, tt.to); got != id {
			t.Errorf("%s: %q, want %q", tt.name, got, id)
		}
	}
	differ := []struct{ name, sub, key, to string }{
		{"another submission", "partnerships/north/campaigns/s11/submissions/council", key, to},
		{"another campaign's submission", "partnerships/north/campaigns/s12/submissions/police", key, to},
		{"another reminder", sub, "before_due:1:2026-10-29", to},
		{"the same reminder for a moved due date", sub, "before_due:7:2026-11-04", to},
		{"an escalation on the same day", sub, "escalation:1:2026-10-21", to},
		{"another recipient", sub, key, "senior@police.example"},
		{"no recipient", sub, key, ""},
		// The parts are kept apart: moving a character from one to the
		// next gives another id.
		{"parts run together", sub + key[:1], key[1:], to},
		{"key and recipient run together", sub, key + to[:1], to[1:]},
	}
	seen := map[string]string{id: "the first"}
	for _, tt := range differ {
		got := DeliveryID(tt.sub, tt.key, tt.to)
		if other, ok := seen[got]; ok {
			t.Errorf("%s: id %q is also the id of %s", tt.name, got, other)
		}
		seen[got] = tt.name
	}
}

func TestMessageID(t *testing.T) {
	a := DeliveryID("s/1", "due:2026-10-30", "a@x.example")
	b := DeliveryID("s/2", "due:2026-10-30", "a@x.example")
	c := DeliveryID("s/3", "due:2026-10-30", "a@x.example")
	id := MessageID([]string{a, b, c})
	if !regexp.MustCompile(`^reminder-[0-9a-f]{24}@assure$`).MatchString(id) {
		t.Errorf("MessageID = %q", id)
	}
	orders := [][]string{{a, b, c}, {a, c, b}, {b, a, c}, {b, c, a}, {c, a, b}, {c, b, a}}
	for _, ids := range orders {
		in := slices.Clone(ids)
		if got := MessageID(ids); got != id {
			t.Errorf("MessageID(%q) = %q, want %q", ids, got, id)
		}
		if !slices.Equal(ids, in) {
			t.Errorf("MessageID reordered its argument: %q, was %q", ids, in)
		}
	}
	others := map[string][]string{
		"two of them": {a, b},
		"one":         {a},
		"another":     {a, b, DeliveryID("s/4", "due:2026-10-30", "a@x.example")},
		"none":        nil,
	}
	for name, ids := range others {
		if got := MessageID(ids); got == id {
			t.Errorf("%s: MessageID(%q) = %q, the id of three others", name, ids, got)
		}
	}
	if MessageID([]string{a}) == MessageID([]string{b}) {
		t.Error("one delivery and another have the same message id")
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		attempts int
		want     time.Duration
	}{
		{0, time.Minute},
		{1, time.Minute},
		{2, 2 * time.Minute},
		{3, 4 * time.Minute},
		{4, 8 * time.Minute},
		{5, 16 * time.Minute},
		{6, 32 * time.Minute},
		{7, time.Hour}, // 64 minutes, at most an hour
		{MaxAttempts, time.Hour},
		{100, time.Hour},
		{1 << 40, time.Hour},
	}
	for _, tt := range tests {
		if got := Backoff(tt.attempts); got != tt.want {
			t.Errorf("Backoff(%d) = %v, want %v", tt.attempts, got, tt.want)
		}
	}
	// Never shorter than the attempt before.
	for n := 1; n < 50; n++ {
		if Backoff(n) < Backoff(n-1) {
			t.Errorf("Backoff(%d) = %v < Backoff(%d) = %v", n, Backoff(n), n-1, Backoff(n-1))
		}
	}
}
