package testinfra

import (
	"testing"

	"github.com/assure-audit/assure/pkg/failure"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// FieldViolations returns the fields named by the BadRequest details of
// err. The test fails if err is not an InvalidArgument status or if a
// violation gives no reason.
func FieldViolations(t testing.TB, err error) map[string]bool {
	t.Helper()
	st, ok := status.FromError(err)
	if !ok || st.Code() != codes.InvalidArgument {
		t.Fatalf("want InvalidArgument, got %v", err)
	}
	out := map[string]bool{}
	for _, d := range st.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			for _, v := range br.GetFieldViolations() {
				if v.GetDescription() == "" {
					t.Errorf("violation of %s has no reason", v.GetField())
				}
				out[v.GetField()] = true
			}
		}
	}
	return out
}

// WantViolations fails the test unless err is an invalid-argument failure
// whose violations name exactly the fields want, in order.
func WantViolations(t testing.TB, err error, want []string) {
	t.Helper()
	f, ok := failure.As(err)
	if !ok || f.Kind != failure.KindInvalid || len(f.Violations) != len(want) {
		t.Fatalf("err = %v", err)
	}
	for i, v := range f.Violations {
		if v.Field != want[i] {
			t.Errorf("violation %d on %s, want %s", i, v.Field, want[i])
		}
	}
}
