package domain

import (
	"math/big"
	"strings"

	"github.com/assure-audit/assure/pkg/form"
)

// parseDecimal reads a number answer: an optional sign, digits, and an
// optional point followed by digits, at most form.MaxNumberLength bytes —
// the syntax the form package accepts. Anything else (exponents, fractions,
// hexadecimal) is refused, though big.Rat would read it.
func parseDecimal(s string) (*big.Rat, bool) {
	if len(s) == 0 || len(s) > form.MaxNumberLength {
		return nil, false
	}
	body := strings.TrimLeft(s[:1], "+-") + s[1:]
	intPart, frac, hasPoint := strings.Cut(body, ".")
	if intPart == "" || !allDigits(intPart) || hasPoint && (frac == "" || !allDigits(frac)) {
		return nil, false
	}
	return new(big.Rat).SetString(s)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// maxExactPlaces bounds the places exactDecimal looks for; sums of number
// answers need far fewer.
const maxExactPlaces = 2 * form.MaxNumberLength

// exactDecimal writes r, a sum of decimals, exactly, with no trailing
// zeros after the point and no point for a whole number: "12.5", "-3", "0".
func exactDecimal(r *big.Rat) string {
	p := big.NewInt(1)
	ten := big.NewInt(10)
	for places := 0; places <= maxExactPlaces; places++ {
		if new(big.Int).Rem(p, r.Denom()).Sign() == 0 {
			return r.FloatString(places)
		}
		p.Mul(p, ten)
	}
	return roundedDecimal(r, maxExactPlaces) // not a decimal: cannot happen for sums of answers
}

// roundedDecimal writes r rounded half-up (halves away from zero) to
// places decimal places, trailing zeros kept: "2.50". A value that rounds
// to zero is written without a minus sign.
func roundedDecimal(r *big.Rat, places int) string {
	s := r.FloatString(places)
	if strings.HasPrefix(s, "-") && strings.Trim(s[1:], "0.") == "" {
		return s[1:]
	}
	return s
}
