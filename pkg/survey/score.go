package survey

import (
	"math"
	"strconv"
	"strings"
)

// ParseScore reads one score cell on the 0-10 scale.
//
// Blank (a non-response): "", only white space, and the markers "N/A", "NA"
// and "null" in any case (JSON null and a missing field arrive as "").
//
// Valid: a whole number 0-10, optionally surrounded by white space, with
// leading zeros or a fraction of zeros ("9.0", "10.00", "9."), in exponent
// form as JSON writers may print numbers ("1e1", "10E0", "0.9e+1"), and labelled
// end points: the number, a separator (- – — = : or an opening parenthesis)
// and a label ("10 - Extremely likely", "0 (Not at all likely)",
// "0 = Not at all likely"), or a label, a separator (- – — = :) and the
// number ("Extremely likely - 10"). A label holds at least one letter and no
// digit.
//
// Invalid: everything else, e.g. "11", "-1", "7.5", "75e-1", "abc", "9 9"
// and "+9".
//
// The common one- and two-digit cases take no allocation.
func ParseScore(s string) (score int, st Status) {
	return ParseScoreRange(s, 0, 10)
}

// ParseScoreRange is ParseScore for whole numbers in [lo, hi], returned
// shifted down by lo: ParseScoreRange(s, 1, 11) reads a 1-11 recode as
// 0-10.
func ParseScoreRange(s string, lo, hi int) (int, Status) {
	// Fast path: plain digits.
	switch len(s) {
	case 1:
		if c := s[0]; c >= '0' && c <= '9' {
			return inRange(int(c-'0'), lo, hi)
		}
	case 2:
		if c0, c1 := s[0], s[1]; c0 >= '0' && c0 <= '9' && c1 >= '0' && c1 <= '9' {
			return inRange(int(c0-'0')*10+int(c1-'0'), lo, hi)
		}
	}
	t := strings.TrimSpace(s)
	if t == "" || isNonAnswer(t) {
		return 0, Blank
	}
	if n, ok := parseWhole(t); ok {
		return inRange(n, lo, hi)
	}
	if n, ok := parseExponent(t); ok {
		return inRange(n, lo, hi)
	}
	if n, ok := parseLabelled(t); ok {
		return inRange(n, lo, hi)
	}
	return 0, Invalid
}

func inRange(n, lo, hi int) (int, Status) {
	if n < lo || n > hi {
		return 0, Invalid
	}
	return n - lo, Valid
}

func isNonAnswer(t string) bool {
	switch len(t) {
	case 2:
		return strings.EqualFold(t, "na")
	case 3:
		return strings.EqualFold(t, "n/a")
	case 4:
		return strings.EqualFold(t, "null")
	}
	return false
}

// parseWhole parses digits optionally followed by "." and zeros. Values are
// capped so that long digit strings cannot overflow.
func parseWhole(t string) (int, bool) {
	n, i := 0, 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		if n < 1000 {
			n = n*10 + int(t[i]-'0')
		}
		i++
	}
	if i == 0 {
		return 0, false
	}
	if i < len(t) {
		if t[i] != '.' {
			return 0, false
		}
		for i++; i < len(t); i++ {
			if t[i] != '0' {
				return 0, false
			}
		}
	}
	return n, true
}

// parseExponent parses a whole number written with an exponent: digits,
// optionally "." and digits, then "e" or "E", an optional sign and digits
// ("1e1", "10E0", "0.9e+1", "900e-2"). ok is false for any other form and
// for a value that is not a whole number of at most 1000.
func parseExponent(t string) (int, bool) {
	e := strings.IndexAny(t, "eE")
	if e <= 0 || e == len(t)-1 {
		return 0, false
	}
	mant, exp := t[:e], t[e+1:]
	if exp[0] == '+' || exp[0] == '-' {
		exp = exp[1:]
	}
	int0, frac, _ := strings.Cut(mant, ".")
	if int0 == "" || !allDigits(int0) || !allDigits(frac) || exp == "" || !allDigits(exp) || len(exp) > 4 {
		return 0, false
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f > 1000 || f != math.Trunc(f) {
		return 0, false
	}
	return int(f), true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isNumByte(c byte) bool { return c >= '0' && c <= '9' || c == '.' }

// parseLabelled reads "10 - Extremely likely" and "Extremely likely - 10".
func parseLabelled(t string) (int, bool) {
	// Number first.
	j := 0
	for j < len(t) && isNumByte(t[j]) {
		j++
	}
	if j > 0 && j < len(t) {
		rest := strings.TrimLeft(t[j:], " \t")
		if n := sepPrefix(rest, true); n > 0 && isLabel(rest[n:]) {
			return parseWhole(t[:j])
		}
		return 0, false
	}
	// Label first.
	j = len(t)
	for j > 0 && isNumByte(t[j-1]) {
		j--
	}
	if j > 0 && j < len(t) {
		rest := strings.TrimRight(t[:j], " \t")
		if n := sepSuffix(rest); n > 0 && isLabel(rest[:len(rest)-n]) {
			return parseWhole(t[j:])
		}
	}
	return 0, false
}

// sepPrefix returns the byte length of the separator that starts s, or 0.
func sepPrefix(s string, paren bool) int {
	if s == "" {
		return 0
	}
	switch s[0] {
	case '-', '=', ':':
		return 1
	case '(':
		if paren {
			return 1
		}
	}
	if strings.HasPrefix(s, "–") || strings.HasPrefix(s, "—") {
		return len("–")
	}
	return 0
}

// sepSuffix returns the byte length of the separator that ends s, or 0.
func sepSuffix(s string) int {
	if s == "" {
		return 0
	}
	switch s[len(s)-1] {
	case '-', '=', ':':
		return 1
	}
	if strings.HasSuffix(s, "–") || strings.HasSuffix(s, "—") {
		return len("–")
	}
	return 0
}

// isLabel reports whether s holds a letter and no digit. Bytes from
// multi-byte characters count as letters, so "Très probable" is a label.
func isLabel(s string) bool {
	letter := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			return false
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= 0x80:
			letter = true
		}
	}
	return letter
}
