package render

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/npskit/nps/pkg/usererr"
)

func TestSanitizeCSV(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"=1+2", "'=1+2"},
		{"+cmd", "'+cmd"},
		{"-cmd", "'-cmd"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{`=HYPERLINK("http://evil","click")`, `'=HYPERLINK("http://evil","click")`},
		{"a=b", "a=b"}, // only the first character matters
		{" =1", " =1"},
		// numbers stay numbers
		{"-12.5", "-12.5"},
		{"+3", "+3"},
		{"-0", "-0"},
		{"-.5", "-.5"},
		{"-1e5", "-1e5"},
		{"+2.5E-3", "+2.5E-3"},
		{"12", "12"},
		// not plain decimals: neutralised
		{"-", "'-"},
		{"+", "'+"},
		{"-Inf", "'-Inf"},
		{"+NaN", "'+NaN"},
		{"-0x1p3", "'-0x1p3"},
		{"-1_000", "'-1_000"},
		{"-1e", "'-1e"},
		{"-1-1", "'-1-1"},
		{"-3+cmd|' /C calc'!A0", "'-3+cmd|' /C calc'!A0"},
		{"-.", "'-."},
	}
	for _, tt := range tests {
		if got := sanitizeCSV(tt.in); got != tt.want {
			t.Errorf("sanitizeCSV(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSanitizeTerm(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"Zoë 日本", "Zoë 日本"},
		{"red\x1b[31mtext\x1b[0m", "redtext"},
		{"clear\x1b[2J\x1b[H", "clear"},
		{"title\x1b]0;pwned\x07x", "titlex"},
		{"link\x1b]8;;http://x\x1b\\y", "linky"},
		{"a\nb\tc\rd", "a b c d"},
		{"bell\x07", "bell"},
		{"nul\x00", "nul"},
		{"del\x7f", "del"},
		{"c1\u009b31m", "c131m"},
		{"bidi\u202egnp.exe", "bidignp.exe"},
		{"esc at end\x1b", "esc at end"},
		{"\x1b7saved", "saved"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
		// invisible characters are shown, so that look-alike values differ
		{"EMEA\u200b", `EMEA\u200b`},
		{"\ufeffid", `\ufeffid`},
		{"a\u200dб\u2028c", `a\u200dб\u2028c`},
	}
	for _, tt := range tests {
		if got := sanitizeTerm(tt.in); got != tt.want {
			t.Errorf("sanitizeTerm(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEscapeMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a|b", `a\|b`},
		{`C:\dir`, `C:\\dir`},
		{`\|`, `\\\|`},
		{"x\x1b[1my", "xy"},
		// HTML, links and code spans stay text where Markdown is a page
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"R&D", "R&amp;D"},
		{"[click](http://x)", `\[click\](http://x)`},
		{"![img](x)", `!\[img\](x)`},
		{"`code`", "\\`code\\`"},
	}
	for _, tt := range tests {
		if got := escapeMarkdown(tt.in); got != tt.want {
			t.Errorf("escapeMarkdown(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzSanitize: a CSV cell never starts with a dangerous character unless
// it is a plain number, and only ever gains the one apostrophe; terminal
// text never holds a control character and is valid UTF-8; Markdown text
// has no unescaped pipe.
func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"", "=1+2", "-12.5", "+3", "@x", "\t", "\r=", "-Inf", "a\x1b[31mb", "\x1b]0;x\x07", "|", `\|`, "\xff", "\u009b", "-1e5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := sanitizeCSV(s)
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) && !isDecimal(c) {
			t.Errorf("sanitizeCSV(%q) = %q starts with a dangerous character", s, c)
		}
		if c != s && c != "'"+s {
			t.Errorf("sanitizeCSV(%q) = %q changed more than a leading apostrophe", s, c)
		}
		if isDecimal(s) && c != s {
			t.Errorf("number %q changed to %q", s, c)
		}

		term := sanitizeTerm(s)
		if !utf8.ValidString(term) {
			t.Errorf("sanitizeTerm(%q) = %q is not valid UTF-8", s, term)
		}
		for _, r := range term {
			if unsafeTermRune(r) || usererr.Invisible(r) {
				t.Fatalf("sanitizeTerm(%q) = %q keeps control or invisible %U", s, term, r)
			}
		}
		if sanitizeTerm(term) != term {
			t.Errorf("sanitizeTerm is not idempotent on %q", s)
		}

		md := escapeMarkdown(s)
		if strings.ContainsAny(md, "<>") {
			t.Fatalf("escapeMarkdown(%q) = %q holds markup", s, md)
		}
		for i := 0; i < len(md); i++ {
			if md[i] == '|' {
				// count the backslashes before it: odd means escaped
				n := 0
				for j := i - 1; j >= 0 && md[j] == '\\'; j-- {
					n++
				}
				if n%2 == 0 {
					t.Fatalf("escapeMarkdown(%q) = %q has an unescaped pipe", s, md)
				}
			}
		}
	})
}

// FuzzTableCells: whatever a segment value or classify cell holds, a
// rendered table or Markdown table holds no control character but newlines
// (and the ESC of colour, which is off here).
func FuzzTableCells(f *testing.F) {
	for _, s := range []string{"EMEA", "", "a\x1b[2Jb", "x\ny", "\u202e", "|", "\x00\x7f\u0085"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rep := &ScoreReport{KeyNames: []string{s}, Overall: result(3, 1, 1, 5, true),
			Groups: []GroupResult{{Key: []string{s}, Result: result(3, 1, 1, 5, true)}}}
		for _, format := range []Format{Table, Markdown} {
			var b strings.Builder
			if err := Write(&b, format, Score(rep), Style{}); err != nil {
				t.Fatal(err)
			}
			rw, err := NewRowWriter(&b, format, []string{s, "x"}, Style{})
			if err != nil {
				t.Fatal(err)
			}
			if err := rw.Write([]string{s, s}); err != nil {
				t.Fatal(err)
			}
			if err := rw.Flush(); err != nil {
				t.Fatal(err)
			}
			for _, r := range b.String() {
				if r != '\n' && unsafeTermRune(r) {
					t.Fatalf("%v output for %q holds control %U:\n%q", format, s, r, b.String())
				}
			}
		}
	})
}

// TestEveryTableSanitises writes each report, its key names and values
// carrying terminal escapes, as a table and as Markdown: no control
// character may reach the output.
func TestEveryTableSanitises(t *testing.T) {
	const evil = "x\x1b[2J\x1b]8;;http://evil\x07y\u202e"
	score := &ScoreReport{KeyNames: []string{evil, "period"}, Overall: result(3, 0, 0, 0, true),
		Groups: []GroupResult{{Key: []string{evil, "2025-" + evil}, Result: result(3, 0, 0, 0, true)}}}
	cmp := compareFixture()
	cmp.A.KeyNames, cmp.B.KeyNames = []string{evil}, []string{evil}
	cmp.A.KeyValues = []string{evil}
	plan := planReport()
	plan.KeyNames = []string{evil}
	plan.Groups[0].Key = []string{evil}
	tests := []struct {
		name  string
		model *Model
	}{
		{"score", Score(score)},
		{"trend", Trend(&TrendReport{ScoreReport: *score, Periods: []string{"2025-" + evil}})},
		{"compare", Compare(cmp)},
		{"plan", Plan(plan)},
		{"inspect", Inspect(inspectFixture())},
	}
	for _, tt := range tests {
		for _, f := range []Format{Table, Markdown} {
			t.Run(tt.name+"/"+f.String(), func(t *testing.T) {
				var buf bytes.Buffer
				if err := Write(&buf, f, tt.model, Style{}); err != nil {
					t.Fatal(err)
				}
				for _, r := range buf.String() {
					if r != '\n' && unsafeTermRune(r) {
						t.Fatalf("control character %U in\n%q", r, buf.String())
					}
				}
			})
		}
	}
}
