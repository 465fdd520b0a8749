package form

import (
	"math"
	"math/big"
)

// fixed is the decimal mant × 10^-scale, held exactly in an int64. Most
// answers and bounds fit, which spares a big.Rat on the hot path.
type fixed struct {
	mant  int64
	scale int
}

// maxFixedDigits is the most digits a fixed holds without overflow.
const maxFixedDigits = 18

var pow10 = [maxFixedDigits + 1]int64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// parseFixed reads s, which must pass decimalSyntax, if it has at most
// maxFixedDigits digits.
func parseFixed(s string) (fixed, bool) {
	var f fixed
	neg, point, digits := false, false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '-':
			neg = true
		case '+':
		case '.':
			point = true
		default:
			digits++
			if digits > maxFixedDigits {
				return fixed{}, false
			}
			f.mant = f.mant*10 + int64(c-'0')
			if point {
				f.scale++
			}
		}
	}
	if neg {
		f.mant = -f.mant
	}
	return f, true
}

// isInt reports whether f is a whole number.
func (f fixed) isInt() bool { return f.mant%pow10[f.scale] == 0 }

// cmpFixed compares a and b, or reports false if bringing them to one
// scale would overflow.
func cmpFixed(a, b fixed) (int, bool) {
	for a.scale < b.scale {
		if a.mant > math.MaxInt64/10 || a.mant < math.MinInt64/10 {
			return 0, false
		}
		a.mant *= 10
		a.scale++
	}
	for b.scale < a.scale {
		if b.mant > math.MaxInt64/10 || b.mant < math.MinInt64/10 {
			return 0, false
		}
		b.mant *= 10
		b.scale++
	}
	switch {
	case a.mant < b.mant:
		return -1, true
	case a.mant > b.mant:
		return 1, true
	}
	return 0, true
}

// bound is a number bound, held both ways.
type bound struct {
	rat   *big.Rat
	fix   fixed
	fast  bool
	text  string
	isSet bool
}

func newBound(text string) (bound, bool) {
	r, ok := parseDecimal(text)
	if !ok {
		return bound{}, false
	}
	f, fast := parseFixed(text)
	return bound{rat: r, fix: f, fast: fast, text: text, isSet: true}, true
}

// number is an answer being compared with bounds; its big.Rat is made only
// when the fast path cannot decide.
type number struct {
	text string
	fix  fixed
	fast bool
	rat  *big.Rat
}

func (n *number) exact() *big.Rat {
	if n.rat == nil {
		n.rat, _ = parseDecimal(n.text)
		if n.rat == nil {
			n.rat = new(big.Rat)
		}
	}
	return n.rat
}

// cmp compares n with b.
func (n *number) cmp(b *bound) int {
	if n.fast && b.fast {
		if c, ok := cmpFixed(n.fix, b.fix); ok {
			return c
		}
	}
	return n.exact().Cmp(b.rat)
}
