package templatefile

import (
	"strings"
	"testing"

	"github.com/assure-audit/assure/pkg/failure"
)

// violations returns the violations of an invalid-input error, failing the
// test for any other error.
func violations(t *testing.T, err error) []failure.FieldViolation {
	t.Helper()
	if err == nil {
		t.Fatal("want an error, got none")
	}
	fe, ok := failure.As(err)
	if !ok || fe.Kind != failure.KindInvalid {
		t.Fatalf("want a failure.KindInvalid error, got %v", err)
	}
	return fe.Violations
}

// wantViolation fails the test unless a violation has the field and a
// reason containing each of parts.
func wantViolation(t *testing.T, vs []failure.FieldViolation, field string, parts ...string) {
	t.Helper()
	for _, v := range vs {
		if v.Field != field {
			continue
		}
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(v.Reason, p)
		}
		if ok {
			return
		}
	}
	t.Errorf("no violation of %s with %q among:\n%s", field, parts, list(vs))
}

// list prints violations one a line.
func list(vs []failure.FieldViolation) string {
	var b strings.Builder
	for _, v := range vs {
		b.WriteString("  " + v.Field + ": " + v.Reason + "\n")
	}
	return b.String()
}
