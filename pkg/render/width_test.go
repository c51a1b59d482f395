package render

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

func TestWrapText(t *testing.T) {
	for _, tt := range []struct {
		s     string
		width int
		want  string
	}{
		{"aaa bbb ccc", 7, "aaa bbb\n  ccc"},
		{"aaa bbb ccc", 11, "aaa bbb ccc"},
		{"aaa bbb ccc", 0, "aaa bbb ccc"},        // no limit
		{"abcdefghij xy", 5, "abcdefghij\n  xy"}, // a long word stays whole
		{"  a b c d", 7, "  a b c\n    d"},       // the indentation is kept
		{"  a b c d", 5, "  a b\n    c\n    d"},
		{"* one two three", 9, "* one two\n  three"}, // a footnote's continuation under its text
		{"ä ö ü ß é è", 5, "ä ö ü\n  ß é\n  è"},      // columns, not bytes
		{"x", 1, "x"},
	} {
		if got := wrapText(tt.s, tt.width); got != tt.want {
			t.Errorf("wrapText(%q, %d) = %q, want %q", tt.s, tt.width, got, tt.want)
		}
	}
}

func TestEllipsisAndBars(t *testing.T) {
	for _, tt := range []struct{ s, want string }{
		{ellipsis("Enterprise plan", 8), "Enterpr…"},
		{ellipsis("Enterprise", 10), "Enterprise"},
		{ellipsis("Größenordnung", 5), "Größ…"},
		// A full 40-column bar in 20 columns, half of it in 10, a tenth
		// (4 columns) in 10: one column; bars that fit stay as they are.
		{shrinkBar(bar(1), 20), strings.Repeat("█", 20)},
		{shrinkBar(bar(0.5), 20), strings.Repeat("█", 10)},
		{shrinkBar(bar(0.1), 10), "█"},
		{shrinkBar(bar(0.3), 40), bar(0.3)},
		{shrinkBar("", 10), ""},
		// 0.55 of 20 columns: 11
		{shrinkBar(bar(0.55), 20), strings.Repeat("█", 11)},
	} {
		if tt.s != tt.want {
			t.Errorf("got %q, want %q", tt.s, tt.want)
		}
	}
}

// TestTableFits draws the score fixture at many widths and checks what
// fitting promises, whatever the layout chosen: no line wider than the
// limit (over 60, where every column fits alone), every heading and every
// cell's text present (whole, or shortened with "…" only in a table that
// shows all columns at once), the key columns in every panel, and at an
// ample width the table unchanged.
func TestTableFits(t *testing.T) {
	shortened := regexp.MustCompile(`\n Asia Pac[a-z ]*… `)
	rep := scoreFixture()
	rep.Groups[1].Key[0] = "Asia Pacific and Japan" // a long label
	var whole bytes.Buffer
	if err := Write(&whole, Table, Score(rep), Style{}); err != nil {
		t.Fatal(err)
	}
	var ample bytes.Buffer
	if err := Write(&ample, Table, Score(rep), Style{Width: 200}); err != nil {
		t.Fatal(err)
	}
	if ample.String() != whole.String() {
		t.Errorf("at 200 columns the table changed:\n%s\nwant\n%s", ample.String(), whole.String())
	}
	heads := []string{"region", "period", "n", "NPS", "95% CI", "promoters", "passives", "detractors", "band"}
	for width := 60; width <= 130; width += 5 {
		var buf bytes.Buffer
		if err := Write(&buf, Table, Score(rep), Style{Width: width}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		panels := strings.Count(out, "\n region ")
		if strings.HasPrefix(out, " region ") {
			panels++
		}
		for _, l := range strings.Split(out, "\n") {
			if w := narrow.StringWidth(l); w > width {
				t.Errorf("width %d: line %d wide: %q", width, w, l)
			}
		}
		for _, h := range heads {
			if !strings.Contains(out, " "+h) {
				t.Errorf("width %d: heading %q missing:\n%s", width, h, out)
			}
		}
		if panels == 1 {
			if !strings.Contains(out, "Asia Pacific and Japan") && !shortened.MatchString(out) {
				t.Errorf("width %d: the long label is neither whole nor shortened from its start:\n%s", width, out)
			}
			continue
		}
		// Panels: each repeats the keys, every row's label whole.
		if got := strings.Count(out, "Asia Pacific and Japan"); got != panels {
			t.Errorf("width %d: %d panels, the long label %d times:\n%s", width, panels, got, out)
		}
		if strings.Contains(out, "…") {
			t.Errorf("width %d: panels and shortened labels:\n%s", width, out)
		}
	}
}

// TestInspectBlocks: inspect's column table turns into one block per
// column when it does not fit; every column's name and samples are there.
func TestInspectBlocks(t *testing.T) {
	m := Inspect(inspectFixture())
	var wide, narrowOut bytes.Buffer
	if err := Write(&wide, Table, m, Style{Width: 300}); err != nil {
		t.Fatal(err)
	}
	if err := Write(&narrowOut, Table, m, Style{Width: 40}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(wide.String(), " column ") {
		t.Fatalf("no column table at 300 columns:\n%s", wide.String())
	}
	out := narrowOut.String()
	if regexp.MustCompile(`(?m)^ column +role`).MatchString(out) {
		t.Errorf("a column table at 40 columns:\n%s", out)
	}
	for _, c := range inspectFixture().Columns {
		if !strings.Contains(out, "\n "+sanitizeTerm(c.Name)+"\n") {
			t.Errorf("no block for column %q:\n%s", c.Name, out)
		}
	}
	if n := strings.Count(out, "\n   filled"); n != len(inspectFixture().Columns) {
		t.Errorf("%d filled lines for %d columns", n, len(inspectFixture().Columns))
	}
}

func TestWrapHanging(t *testing.T) {
	// A paragraph continues flush with its first line.
	if got, want := wrapHanging("aaa bbb ccc ddd", 8, ""), "aaa bbb\nccc ddd"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// FuzzTableWidth: whatever a segment's name and value, a score table with
// a period column fits the width asked for (40 to 139 columns), in one
// table or in panels, notes included.
func FuzzTableWidth(f *testing.F) {
	f.Add("region", "EMEA", uint8(0))
	f.Add("a very long column name indeed, longer than the terminal is wide", "x", uint8(10))
	f.Add("区域", "亚太地区和日本以及更多的地方", uint8(3))
	f.Add("r", strings.Repeat("w", 300), uint8(99))
	f.Fuzz(func(t *testing.T, name, value string, w uint8) {
		width := 40 + int(w)%100
		rep := &ScoreReport{KeyNames: []string{name, "period"}, Overall: result(3, 1, 1, 5, true),
			Groups: []GroupResult{{Key: []string{value, "2025-Q1"}, Result: result(3, 1, 1, 5, true)}}, MinN: 30, Confidence: 0.95}
		var b bytes.Buffer
		if err := Write(&b, Table, Score(rep), Style{Width: width}); err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(b.String(), "\n") {
			// (a note's word longer than a line stays whole)
			if narrow.StringWidth(l) > width && (len(strings.Fields(l)) > 1 || strings.HasPrefix(l, "─")) {
				t.Fatalf("width %d: a line %d wide: %q\n%s", width, narrow.StringWidth(l), l, b.String())
			}
		}
	})
}

// TestTableDrawings: the two drawings of a terminal table, tablewriter's
// (drawTable) and the line writer for tables too long for it (writeLines),
// give the same bytes for every panel of tables with and without a total,
// text and number columns, colour, both gaps and several widths.
func TestTableDrawings(t *testing.T) {
	long := scoreFixture()
	long.Groups[1].Key[0] = "Asia Pacific and Japan"
	models := map[string]*Model{
		"score":   Score(scoreFixture()),
		"long":    Score(long),
		"dist":    Dist(distFixture()),
		"inspect": Inspect(inspectFixture()),
	}
	compared := 0
	for name, m := range models {
		for _, b := range m.allBlocks() {
			g, ok := b.(*grid)
			if !ok {
				continue
			}
			for _, st := range []Style{{}, {Color: true}, {Width: 60}, {Width: 80, Color: true}, {Width: 130}} {
				tt := newTermTable(g, st)
				for _, gap := range []int{tableGap, 1} {
					tt.gap = gap
					for _, cols := range append(tt.fit(st.Width), tt.all()) {
						var a, l strings.Builder
						if err := tt.drawTable(&a, cols); err != nil {
							t.Fatal(err)
						}
						tt.writeLines(&l, cols)
						compared++
						if a.String() != l.String() {
							t.Errorf("%s %+v gap %d cols %v: tablewriter\n%s\nlines\n%s", name, st, gap, cols, a.String(), l.String())
						}
					}
				}
			}
		}
	}
	if compared < 40 {
		t.Errorf("only %d drawings compared: the models have fewer grids than expected", compared)
	}
}
