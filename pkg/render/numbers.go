package render

import (
	"math"
	"strconv"
	"strings"
)

// dash stands for "no value" (an empty group's NPS) in tables and Markdown.
const dash = "–"

// formatFloat is the machine-readable spelling of a number in CSV and TSV:
// the shortest representation that parses back to the same float64, written
// exactly as encoding/json writes it (plain decimal for 1e-6 <= |x| < 1e21,
// exponent form outside), so CSV and JSON agree digit for digit. NaN and
// infinities become an empty cell.
func formatFloat(x float64) string { return string(appendFloat(nil, x)) }

// appendFloat appends formatFloat's spelling of x to b.
func appendFloat(b []byte, x float64) []byte {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return b
	}
	abs := math.Abs(x)
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		start := len(b)
		b = strconv.AppendFloat(b, x, 'e', -1, 64)
		// clean up e-09 to e-9, as encoding/json does
		s := b[start:]
		if n := len(s); n >= 4 && s[n-4] == 'e' && s[n-3] == '-' && s[n-2] == '0' {
			s[n-2] = s[n-1]
			b = b[:len(b)-1]
		}
		return b
	}
	if abs < 1e15 && x == math.Trunc(x) && (x != 0 || !math.Signbit(x)) {
		// a whole number, as percentages and NPS often are: the same digits
		// as AppendFloat's, at a fraction of its cost (-0 is left to it)
		return strconv.AppendInt(b, int64(x), 10)
	}
	return strconv.AppendFloat(b, x, 'f', -1, 64)
}

// fmt1 rounds to one decimal for people: "12.5", "-4.0", "–" for NaN.
// Halves round away from zero, as in a spreadsheet (2.25 is "2.3", not the
// "2.2" of strconv's round-half-even). A value that rounds to zero is "0.0",
// never "-0.0".
func fmt1(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return dash
	}
	s := strconv.FormatFloat(math.Round(x*10)/10, 'f', 1, 64)
	if s == "-0.0" {
		return "0.0"
	}
	return s
}

// fmtSigned1 is fmt1 with an explicit "+" on positive values, for differences.
func fmtSigned1(x float64) string {
	s := fmt1(x)
	if s != dash && s != "0.0" && !strings.HasPrefix(s, "-") {
		return "+" + s
	}
	return s
}

// fmtPct is a share for people: "41.7%".
func fmtPct(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return dash
	}
	return fmt1(x) + "%"
}

// confLabel is the interval heading: "95% CI" for 0.95, "97.5% CI" for
// 0.975, plain "CI" when the level is unknown (0 or out of range).
func confLabel(conf float64) string {
	if !(conf > 0 && conf < 1) {
		return "CI"
	}
	return confPct(conf) + " CI"
}

// confPct spells a confidence level as a percentage: 0.95 -> "95%".
func confPct(conf float64) string {
	p := math.Round(conf*100*1e6) / 1e6
	return strconv.FormatFloat(p, 'f', -1, 64) + "%"
}

// fmtP spells a p-value for a sentence: "p = 0.003", "p < 0.001".
func fmtP(p float64) string {
	switch {
	case math.IsNaN(p):
		return "p = " + dash
	case p < 0.001:
		return "p < 0.001"
	}
	return "p = " + strconv.FormatFloat(p, 'f', 3, 64)
}
