package failure

import (
	"fmt"
	"testing"
)

func TestKindOfSurvivesWrapping(t *testing.T) {
	tests := []struct {
		err  error
		want Kind
	}{
		{NotFound("partnership %q", "p1"), KindNotFound},
		{fmt.Errorf("load: %w", Conflict("etag")), KindConflict},
		{Invalid("display_name", "must not be empty"), KindInvalid},
		{fmt.Errorf("plain"), KindInternal},
		{nil, KindInternal},
	}
	for _, tt := range tests {
		if got := KindOf(tt.err); got != tt.want {
			t.Errorf("KindOf(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

func TestViolationsCollectsEveryField(t *testing.T) {
	var v Violations
	if v.Err() != nil {
		t.Fatal("empty violations must be nil")
	}
	v.Add("a", "bad")
	v.Addf("b", "too long: %d", 5)
	e, ok := As(v.Err())
	if !ok || e.Kind != KindInvalid || len(e.Violations) != 2 {
		t.Fatalf("got %#v", v.Err())
	}
	if got := e.Error(); got != "invalid argument: a: bad; b: too long: 5" {
		t.Errorf("message %q", got)
	}
}
