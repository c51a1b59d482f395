package survey

import "testing"

func TestParseScoreBytes(t *testing.T) {
	for _, s := range []string{"9", " 10 ", "10 - Extremely likely", "N/A", "", "11", "7.5", "abc"} {
		n, st := ParseScoreBytes([]byte(s))
		wn, wst := ParseScore(s)
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
