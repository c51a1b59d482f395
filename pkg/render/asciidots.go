package render

import (
	"math"
	"strings"
)

// The text drawing of a dot-and-whisker chart (dotChart), for a terminal
// and for Markdown (in a code block): the same rows, axis and marks as
// the SVG drawing, in characters.
//
//	plan = Free     ├──●──┤  ┆      12.3 ▼
//	                └────────┬─────────┘
//	               -40       0        40

// dotCols is the width of the value axis in characters.
const dotCols = 41

// dotLines draws c as lines of text: a row per label with its whisker
// (├─┤), its dot (● or ○ for low n), the reference tick (┆), the value and
// its mark; then the axis and its labels, the legend and the notes.
func dotLines(c *chart) []string {
	if len(c.x) == 0 {
		return []string{"No responses to chart."}
	}
	s := c.series[0]
	var ref []float64
	if len(c.series) > 1 {
		ref = c.series[1].y
	}
	lo, step := dotRange(c, 4)
	hi := lo + 4*step
	col := func(v float64) int {
		return min(max(int(math.Round((v-lo)/(hi-lo)*(dotCols-1))), 0), dotCols-1)
	}
	labels := make([]string, len(c.x))
	lw := 0
	for j, l := range c.x {
		labels[j] = shortLabel(l, 28)
		lw = max(lw, narrow.StringWidth(labels[j]))
	}
	pad := func(l string, w int) string { return l + strings.Repeat(" ", max(w-narrow.StringWidth(l), 0)) }
	var out []string
	low := false
	for j := range c.x {
		row := []rune(strings.Repeat(" ", dotCols))
		v := s.y[j]
		if !math.IsNaN(v) {
			if s.lo != nil && !math.IsNaN(s.lo[j]) {
				a, b := col(s.lo[j]), col(s.hi[j])
				for k := a; k <= b; k++ {
					row[k] = '─'
				}
				row[a], row[b] = '├', '┤'
			}
			if ref != nil && !math.IsNaN(ref[j]) {
				row[col(ref[j])] = '┆'
			}
			dot := '●'
			if s.flag != nil && s.flag[j] {
				dot, low = '○', true
			}
			row[col(v)] = dot
		}
		line := pad(labels[j], lw) + "  " + string(row) + "  " + fmt1(v) + c.unit
		if j < len(s.tones) {
			if g, _ := dotMark(s.tones[j]); g != "" {
				line += " " + g
			}
		}
		out = append(out, strings.TrimRight(line, " "))
	}
	axis := []rune("└" + strings.Repeat("─", dotCols-2) + "┘")
	indent := lw + 2
	marks := []rune(strings.Repeat(" ", indent+dotCols+8)) // labels centred on their ticks
	dec := decimals(step)
	for k := 0; k <= 4; k++ {
		v := lo + step*float64(k)
		at := col(v)
		if k > 0 && k < 4 {
			axis[at] = '┬'
		}
		l := []rune(plot{decimals: dec}.label(v))
		start := max(indent+at-len(l)/2, 0)
		for i, r := range l {
			if start+i < len(marks) {
				marks[start+i] = r
			}
		}
	}
	out = append(out, strings.Repeat(" ", indent)+string(axis), strings.TrimRight(string(marks), " "))
	legend := "● " + s.name + " with ├─┤ its " + c.band
	if ref != nil {
		legend += ", ┆ " + c.series[1].name
	}
	legend += "; ▼ significant drag, ▲ significant lift"
	if low {
		legend += "; ○ low n"
	}
	out = append(out, "", c.caption, legend)
	return append(out, c.notes...)
}
