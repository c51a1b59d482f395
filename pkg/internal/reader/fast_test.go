package reader

import (
	"testing"

	"github.com/npskit/nps/pkg/survey"
)

func TestParseScoreBytes(t *testing.T) {
	for _, s := range []string{"9", " 10 ", "10 - Extremely likely", "N/A", "", "11", "7.5", "abc"} {
		n, st := ParseScoreBytes([]byte(s))
		wn, wst := survey.ParseScore(s)
		if n != wn || st != wst {
			t.Errorf("ParseScoreBytes(%q) = %d, %v; ParseScore gives %d, %v", s, n, st, wn, wst)
		}
	}
}

// BenchmarkParseScoreBytes parses scores held in a read buffer (the fast
// path's case).
func BenchmarkParseScoreBytes(b *testing.B) {
	cells := [][]byte{[]byte("9"), []byte("10"), []byte(" 7 "), []byte("0 - Not at all likely"), []byte("")}
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range cells {
			ParseScoreBytes(c)
		}
	}
}

func TestRFC3339Clock(t *testing.T) {
	for _, c := range []struct {
		v  string
		s  int
		ok bool
	}{
		{"2024-01-01T23:59:59Z", 86399, true}, {"2024-01-01T00:00:00Z", 0, true},
		{"2024-01-01T19:09:59Z", 19*3600 + 9*60 + 59, true},
		{"2024-01-01T24:00:00Z", 0, false}, {"2024-01-01T00:60:00Z", 0, false}, {"2024-01-01T00:00:60Z", 0, false},
		{"2024-01-01T0a:00:00Z", 0, false}, {"2024-01-01 00:00:00Z", 0, false}, {"2024-01-01T00:00:00z", 0, false},
		{"2024-01-01T00:00:00", 0, false},
	} {
		if s, ok := rfc3339Clock(c.v); s != c.s || ok != c.ok {
			t.Errorf("rfc3339Clock(%q) = %d, %v; want %d, %v", c.v, s, ok, c.s, c.ok)
		}
	}
}
