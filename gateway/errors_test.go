package gateway

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
)

func TestDescribeDecodeError(t *testing.T) {
	tests := []struct {
		msg, field string
	}{
		{`proto: (line 1:17): unknown field "colour"`, "colour"},
		{`proto: (line 1:16): invalid value for string field displayName: 42`, "displayName"},
		{`proto: (line 1:9): invalid value for enum field type: "ORGANISATION_TYPE_PIRATE"`, "type"},
		{`proto: syntax error (line 1:16): unexpected token`, "body"},
		{`unexpected EOF`, "body"},
	}
	for _, tt := range tests {
		st := describeDecodeError(tt.msg)
		var got string
		for _, d := range st.Details() {
			if br, ok := d.(*errdetails.BadRequest); ok {
				got = br.GetFieldViolations()[0].GetField()
				if br.GetFieldViolations()[0].GetDescription() == "" {
					t.Errorf("%q: no reason", tt.msg)
				}
			}
		}
		if got != tt.field {
			t.Errorf("%q: field %q, want %q", tt.msg, got, tt.field)
		}
	}
}

func FuzzDescribeDecodeError(f *testing.F) {
	f.Add(`proto: (line 1:17): unknown field "colour"`)
	f.Add(`invalid value for field`)
	f.Fuzz(func(t *testing.T, msg string) {
		st := describeDecodeError(msg)
		if len(st.Details()) != 1 {
			t.Fatalf("%q: %d details", msg, len(st.Details()))
		}
	})
}

func TestLimitBodyRefusesDeclaredLength(t *testing.T) {
	h := limitBody(10, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { t.Fatal("handler reached") }))
	req := httptest.NewRequest("POST", "/v1/x", strings.NewReader(strings.Repeat("x", 11)))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), `"code"`) {
		t.Fatalf("got %d %s", rec.Code, rec.Body)
	}
}
