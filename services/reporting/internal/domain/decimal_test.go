package domain

import (
	"math/big"
	"testing"
)

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		in   string
		want string // as a fraction, "" when refused
	}{
		{"12", "12/1"},
		{"-12.50", "-25/2"},
		{"+0.25", "1/4"},
		{"007", "7/1"},
		{"", ""},
		{"-", ""},
		{".5", ""},
		{"5.", ""},
		{"1.2.3", ""},
		{"1e3", ""},
		{"1/2", ""},
		{"0x10", ""},
		{" 1", ""},
		{"--1", ""},
		{"12345678901234567890123456789012345678901", ""}, // 41 bytes, over form.MaxNumberLength
	}
	for _, tt := range tests {
		r, ok := parseDecimal(tt.in)
		got := ""
		if ok {
			got = r.String()
		}
		if got != tt.want {
			t.Errorf("parseDecimal(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestExactAndRoundedDecimal(t *testing.T) {
	tests := []struct {
		rat            string // a fraction
		exact, rounded string
	}{
		{"25/2", "12.5", "12.50"},
		{"-3/1", "-3", "-3.00"},
		{"0/1", "0", "0.00"},
		{"1/8", "0.125", "0.13"},      // 0.125: the half goes up
		{"-1/8", "-0.125", "-0.13"},   // and away from zero below it
		{"-1/1000", "-0.001", "0.00"}, // no "-0.00"
		{"2675/1000", "2.675", "2.68"},
		{"1/3", "", "0.33"}, // not a decimal: only rounded
		{"2/3", "", "0.67"},
	}
	for _, tt := range tests {
		r, _ := new(big.Rat).SetString(tt.rat)
		if tt.exact != "" {
			if got := exactDecimal(r); got != tt.exact {
				t.Errorf("exactDecimal(%s) = %q, want %q", tt.rat, got, tt.exact)
			}
		}
		if got := roundedDecimal(r, 2); got != tt.rounded {
			t.Errorf("roundedDecimal(%s, 2) = %q, want %q", tt.rat, got, tt.rounded)
		}
	}
}
