package authn_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/authn"
)

func TestBearerToken(t *testing.T) {
	tests := []struct {
		header string
		want   string // empty: refused
	}{
		{"Bearer abc.def.ghi", "abc.def.ghi"},
		{"bearer abc", "abc"},
		{"BEARER abc", "abc"},
		{"BeArEr abc", "abc"},
		{"  Bearer   abc  ", "abc"},
		{"", ""},
		{"   ", ""},
		{"Bearer", ""},
		{"Bearer ", ""},
		{"Bearer    ", ""},
		{"Basic dXNlcjpwYXNz", ""},
		{"Token abc", ""},
		{"Bearerabc", ""},
		{"abc.def.ghi", ""},
		{"Bearer abc def", ""},
		{"Bearer abc\tdef", ""},
		{"Bearer\tabc", ""},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			got, err := authn.BearerToken(tt.header)
			if tt.want == "" {
				if !errors.Is(err, authn.ErrUnauthenticated) || got != "" {
					t.Fatalf("BearerToken = %q, %v; want ErrUnauthenticated", got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("BearerToken = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestClaimsInContext(t *testing.T) {
	ctx := context.Background()
	if _, ok := authn.ClaimsFrom(ctx); ok {
		t.Fatal("claims in an empty context")
	}
	want := authn.Claims{Issuer: "i", Subject: "s", Audience: []string{"a"}, Expiry: time.Unix(100, 0)}
	got, ok := authn.ClaimsFrom(authn.WithClaims(ctx, want))
	if !ok || got.Subject != want.Subject || got.Issuer != want.Issuer || !got.Expiry.Equal(want.Expiry) {
		t.Fatalf("ClaimsFrom = %+v, %v", got, ok)
	}
}
