package reader

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
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

// TestRFC3339ClockEveryByte puts every byte value at every place of the
// time of day and holds rfc3339Clock to a byte-by-byte reading.
func TestRFC3339ClockEveryByte(t *testing.T) {
	byBytes := func(v string) (int, bool) {
		if len(v) != 20 || v[10] != 'T' || v[13] != ':' || v[16] != ':' || v[19] != 'Z' {
			return 0, false
		}
		n := [6]int{}
		for k, i := range []int{11, 12, 14, 15, 17, 18} {
			if v[i] < '0' || v[i] > '9' {
				return 0, false
			}
			n[k] = int(v[i] - '0')
		}
		h, m, s := n[0]*10+n[1], n[2]*10+n[3], n[4]*10+n[5]
		if h > 23 || m > 59 || s > 59 {
			return 0, false
		}
		return h*3600 + m*60 + s, true
	}
	oks := 0
	for _, base := range []string{"2024-01-01T23:59:59Z", "2024-01-01T00:00:00Z", "2024-01-01T19:09:58Z"} {
		for i := 10; i < 20; i++ {
			for c := range 256 {
				v := []byte(base)
				v[i] = byte(c)
				gotS, gotOK := rfc3339Clock(string(v))
				wantS, wantOK := byBytes(string(v))
				if gotS != wantS || gotOK != wantOK {
					t.Fatalf("rfc3339Clock(%q) = %d, %v; want %d, %v", v, gotS, gotOK, wantS, wantOK)
				}
				if gotOK {
					oks++
				}
			}
		}
	}
	if oks < 3*8*2 { // each digit place takes at least two values
		t.Fatalf("only %d values read as times", oks)
	}
}

// TestCountsOnlyHoldInputsWithProblems: the Counts of a stretch of rows
// keep problems only for the inputs that had some, so that thousands of
// small files do not cost Counts of every file in every chunk (issue 12:
// time and memory grew with the square of the number of files).
func TestCountsOnlyHoldInputsWithProblems(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for i := range 50 {
		p := filepath.Join(dir, fmt.Sprintf("f%02d.csv", i))
		score := "7"
		if i == 30 {
			score = "eleven"
		}
		if err := os.WriteFile(p, []byte("score\n"+score+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	r, err := Open(paths, nil, survey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	plan, why := r.FastPlan(nil)
	if plan == nil {
		t.Fatal(why)
	}
	rows := plan.NewRows()
	var parts []Counts
	for i, p := range paths {
		rows.Set(0, []byte(map[bool]string{true: "eleven", false: "7"}[i == 30]))
		if _, err := rows.Eval(i, 2); err != nil {
			t.Fatal(err)
		}
		c := rows.Cut()
		if want := map[bool]int{true: 1, false: 0}[i == 30]; len(c.probs) != want {
			t.Fatalf("%s: Counts hold problems of %d inputs, want %d", p, len(c.probs), want)
		}
		parts = append(parts, c)
	}
	if err := plan.Finish(parts, rows); err != nil {
		t.Fatal(err)
	}
	if st := r.Stats(); st.Rows != 50 || st.Valid != 49 || st.Invalid != 1 {
		t.Errorf("stats %+v", st)
	}
	w := r.Warnings()
	if len(w) != 1 || !strings.HasPrefix(w[0], paths[30]+": 1 invalid score skipped (line 2)") {
		t.Errorf("warnings %q", w)
	}
}
