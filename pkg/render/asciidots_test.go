package render

import (
	"math"
	"strings"
	"testing"
)

// The text drawing puts each mark in the column of its value: two rows
// spanning -100 to 100 give an axis of -100 to 100 in 4 steps of 50 over
// 41 columns, so v sits in column (v + 100) / 200 × 40, by hand: -100 in
// 0, -90 in 2, -50 in 10, 0 in 20, 50 in 30, 100 in 40; the axis
// labels are centred on their columns (a 4-character label starts 2
// before it, a 3-character one 1 before).
func TestDotLines(t *testing.T) {
	c := &chart{kind: dotChart, band: "95% CI", caption: "caption", x: []string{"a = x", "b = long"},
		series: []series{
			{name: "NPS", y: []float64{0, -100}, lo: []float64{-50, -100}, hi: []float64{50, -90},
				flag: []bool{false, true}, tones: []tone{badTone, noTone}},
			{name: "rest", y: []float64{100, 0}},
		}}
	lines := dotLines(c)
	sp := func(n int) string { return strings.Repeat(" ", n) }
	rowA := "          ├─────────●─────────┤         ┆"
	rowB := "○─┤                 ┆                    "
	for i, want := range []string{
		"a = x     " + rowA + "  0.0 ▼",
		"b = long  " + rowB + "  -100.0",
		"          └─────────┬─────────┬─────────┬─────────┘",
		// columns 10 + tick: -100 at 8, -50 at 19, 0 at 30, 50 at 39, 100 at 49
		sp(8) + "-100" + sp(7) + "-50" + sp(8) + "0" + sp(8) + "50" + sp(8) + "100",
	} {
		if i >= len(lines) || lines[i] != strings.TrimRight(want, " ") {
			t.Errorf("line %d:\n got %q\nwant %q", i, lines[min(i, len(lines)-1)], want)
		}
	}
	if !strings.Contains(strings.Join(lines, "\n"), "○ low n") {
		t.Errorf("no legend for the hollow dot:\n%s", strings.Join(lines, "\n"))
	}
	// a value without a result draws nothing but its dash
	c.series[0].y[1] = math.NaN()
	if got := dotLines(c)[1]; got != "b = long  "+strings.Repeat(" ", 41)+"  –" {
		t.Errorf("empty row %q", got)
	}
}
