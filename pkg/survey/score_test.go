package survey

import (
	"testing"
)

func TestParseScore(t *testing.T) {
	tests := []struct {
		in    string
		score int
		st    Status
	}{
		// Blank: non-responses.
		{"", 0, Blank},
		{" ", 0, Blank},
		{"\t  \r\n", 0, Blank},
		{"N/A", 0, Blank},
		{"n/a", 0, Blank},
		{"NA", 0, Blank},
		{"na", 0, Blank},
		{"Na", 0, Blank},
		{"null", 0, Blank},
		{"NULL", 0, Blank},
		{" Null ", 0, Blank},
		// Valid plain numbers.
		{"0", 0, Valid},
		{"1", 1, Valid},
		{"6", 6, Valid},
		{"9", 9, Valid},
		{"10", 10, Valid},
		{" 9 ", 9, Valid},
		{"\t7\t", 7, Valid},
		{"9.0", 9, Valid},
		{"10.00", 10, Valid},
		{"0.0", 0, Valid},
		{"9.", 9, Valid},
		{"09", 9, Valid},
		{"010", 10, Valid},
		// Exponent forms (JSON numbers).
		{"1e1", 10, Valid},
		{"10E0", 10, Valid},
		{"1E+1", 10, Valid},
		{"0.9e1", 9, Valid},
		{"900e-2", 9, Valid},
		{"0e0", 0, Valid},
		{"7.0E0", 7, Valid},
		{" 1e1 ", 10, Valid},
		// Labelled end points.
		{"10 - Extremely likely", 10, Valid},
		{"Extremely likely - 10", 10, Valid},
		{"Not at all likely - 0", 0, Valid},
		{"0 (Not at all likely)", 0, Valid},
		{"0 = Not at all likely", 0, Valid},
		{"10 – Extremely likely", 10, Valid},
		{"Extremely likely — 10", 10, Valid},
		{"10: Extremely likely", 10, Valid},
		{"10-Extremely likely", 10, Valid},
		{"0 - Très improbable", 0, Valid},
		{"  10 - Extremely likely  ", 10, Valid},
		// Invalid.
		{"11", 0, Invalid},
		{"-1", 0, Invalid},
		{"7.5", 0, Invalid},
		{"abc", 0, Invalid},
		{"75e-1", 0, Invalid},
		{"1.1e1", 0, Invalid},
		{"1e2", 0, Invalid},
		{"e1", 0, Invalid},
		{"1e", 0, Invalid},
		{"1e+", 0, Invalid},
		{".9e1", 0, Invalid},
		{"-1e1", 0, Invalid},
		{"1e1e1", 0, Invalid},
		{"1e99999", 0, Invalid},
		{"0x1p3", 0, Invalid},
		{"1_0e0", 0, Invalid},
		{"Inf", 0, Invalid},
		{"9 9", 0, Invalid},
		{"+9", 0, Invalid},
		{"-0", 0, Invalid},
		{"100", 0, Invalid},
		{"99999999999999999999999", 0, Invalid},
		{".5", 0, Invalid},
		{".", 0, Invalid},
		{"9,0", 0, Invalid},
		{"Extremely likely", 0, Invalid},
		{"11 - Extremely likely", 0, Invalid},
		{"10 Extremely likely", 0, Invalid},
		{"10 -", 0, Invalid},
		{"- 10", 0, Invalid},
		{"10 - 9", 0, Invalid},
		{"Score 10 - great", 0, Invalid},
		{"true", 0, Invalid},
		{"[9]", 0, Invalid},
		{"nan", 0, Invalid},
		{"n/a/", 0, Invalid},
		{"\xff", 0, Invalid},
		{"9\xff", 0, Invalid},
	}
	for _, tt := range tests {
		score, st := ParseScore(tt.in)
		if score != tt.score || st != tt.st {
			t.Errorf("ParseScore(%q) = %d, %v; want %d, %v", tt.in, score, st, tt.score, tt.st)
		}
	}
}

func TestParseScoreScale111(t *testing.T) {
	tests := []struct {
		in    string
		score int
		st    Status
	}{
		{"1", 0, Valid},
		{"11", 10, Valid},
		{"6", 5, Valid},
		{"0", 0, Invalid},
		{"12", 0, Invalid},
		{"", 0, Blank},
	}
	for _, tt := range tests {
		score, st := ParseScoreRange(tt.in, 1, 11)
		if score != tt.score || st != tt.st {
			t.Errorf("ParseScoreRange(%q, 1, 11) = %d, %v; want %d, %v", tt.in, score, st, tt.score, tt.st)
		}
	}
}

func TestParseScoreNoAlloc(t *testing.T) {
	for _, s := range []string{"9", "10", " 7 ", "9.0", "N/A", "10 - Extremely likely", "abc"} {
		if n := testing.AllocsPerRun(100, func() { ParseScore(s) }); n != 0 {
			t.Errorf("ParseScore(%q) allocates %v times", s, n)
		}
	}
}

func BenchmarkParseScore(b *testing.B) {
	cases := []struct{ name, in string }{
		{"digit", "9"},
		{"ten", "10"},
		{"spaced", " 9 "},
		{"decimal", "9.0"},
		{"labelled", "10 - Extremely likely"},
		{"blank", ""},
		{"invalid", "abc"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ParseScore(c.in)
			}
		})
	}
}

func FuzzParseScore(f *testing.F) {
	for _, s := range []string{"", "9", "10", "11", "-1", "7.5", "1e1", "9 9", "N/A", "null", "10 - Extremely likely",
		"Extremely likely - 10", "0 (Not at all likely)", "0 = x", "—10", "10—", "\xff\xfe", ".", "-", "(", "00000000000000000009",
		"9.0000000000000001", "\u00a09\u00a0", "10 – ", "a – 10"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		score, st := ParseScore(s)
		switch st {
		case Valid:
			if score < 0 || score > 10 {
				t.Fatalf("ParseScore(%q) = %d, Valid: out of range", s, score)
			}
		case Blank, Invalid:
			if score != 0 {
				t.Fatalf("ParseScore(%q) = %d, %v: want 0", s, score, st)
			}
		default:
			t.Fatalf("ParseScore(%q): status %v", s, st)
		}
		// White space around a value never changes it.
		if s2, st2 := ParseScore(" " + s + " "); s2 != score || st2 != st {
			t.Fatalf("ParseScore(%q) = %d, %v but padded gives %d, %v", s, score, st, s2, st2)
		}
		// The 1-11 scale is the 0-10 scale shifted by one for plain numbers.
		if st == Valid && s == string(rune('0'+score)) {
			if n, st3 := ParseScoreRange(string(rune('1'+score)), 1, 11); score < 9 && (st3 != Valid || n != score) {
				t.Fatalf("1-11 scale of %q: %d, %v", s, n, st3)
			}
		}
	})
}
