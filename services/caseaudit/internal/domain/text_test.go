package domain

import (
	"strings"
	"testing"

	"github.com/assure-audit/assure/pkg/failure"
)

func TestCheckText(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		required bool
		want     string
		reason   string // "" when accepted
	}{
		{"trimmed", "  a\nb \t", true, "a\nb", ""},
		{"blank, optional", "   ", false, "", ""},
		{"blank, required", "   ", true, "", "must be 1-5 characters, without control characters"},
		{"at the limit", "héllo", true, "héllo", ""},
		{"one over", "hello!", false, "hello!", "must be at most 5 characters, without control characters"},
		{"tab inside", "a\tb", false, "a\tb", "must be at most 5 characters, without control characters"},
		{"delete inside", "a\x7fb", true, "a\x7fb", "must be 1-5 characters, without control characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v failure.Violations
			got := checkText(&v, "note", tt.in, tt.required, 5)
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			switch {
			case tt.reason == "" && len(v) != 0:
				t.Errorf("refused: %v", v)
			case tt.reason != "" && (len(v) != 1 || !strings.Contains(v.Err().Error(), "note") || !strings.Contains(v.Err().Error(), tt.reason)):
				t.Errorf("violations %v, want %q", v, tt.reason)
			}
		})
	}
}
