package render

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/guptarohit/asciigraph"
)

const (
	defaultChartHeight = 12
	minChartWidth      = 40
	maxChartWidth      = 100
	chartOffset        = 3 // asciigraph's gap left of the y axis
)

// Series colours (256-colour palette) with a dimmer partner for the
// interval bounds: blue, orange, green, magenta, gold, cyan.
var seriesPalette = [][2]asciigraph.AnsiColor{
	{33, 25}, {208, 130}, {34, 22}, {170, 90}, {220, 136}, {44, 30},
}

// seriesGlyphs tell series apart without colour (a colour-blind reader, a
// printout, a terminal without colour): the first series is drawn with
// box-drawing lines, the others with these characters, in colour or not;
// the legend shows each series' glyph.
var seriesGlyphs = []string{"•", "+", "o", "x", "#", "=", "%", "&"}

// ciGlyph draws a series' bounds (its interval) without colour.
const ciGlyph = "·"

// chartWidth is the plot width in columns: the given width, or the number
// of periods stretched to at least 40 (to a whole number of columns per
// period, so every period falls on a column) and at most 100.
func chartWidth(want, periods int) int {
	if want > 0 {
		return want
	}
	if periods <= 1 {
		return minChartWidth
	}
	w := periods
	if w < minChartWidth {
		k := (minChartWidth - 1 + periods - 2) / (periods - 1) // ceil(39 / (P-1))
		w = k*(periods-1) + 1
	}
	return min(w, maxChartWidth)
}

// periodCol is the plot column of period j of p on a plot w wide.
func periodCol(j, p, w int) int {
	if p <= 1 || w <= 1 {
		return 0
	}
	return (2*j*(w-1) + (p - 1)) / (2 * (p - 1))
}

// stretch maps per-period values onto w columns: a column on a period takes
// its value, a column between two periods with values is interpolated, a
// column next to an empty period is a gap (NaN). asciigraph's own Width
// option interpolates in floating point and can turn a lone value next to a
// gap into NaN, so the stretching is done here, exactly.
func stretch(vals []float64, w int) []float64 {
	p := len(vals)
	out := make([]float64, w)
	for c := range out {
		if p == 1 || w == 1 {
			out[c] = vals[0]
			continue
		}
		num, den := c*(p-1), w-1
		j, rem := num/den, num%den
		if rem == 0 {
			out[c] = vals[j]
			continue
		}
		a, b := vals[j], vals[j+1]
		if math.IsNaN(a) || math.IsNaN(b) {
			out[c] = math.NaN()
			continue
		}
		out[c] = a + (b-a)*float64(rem)/float64(den)
	}
	return out
}

// yScale picks the y axis: lo and a "nice" step (1, 2, 2.5 or 5 times a
// power of ten) so that lo + step*height covers [min, max] and every axis
// label is a round number. The data is centred, but the axis stays within
// -100..100 when it can. Spans under 10 points are widened to 10 so that
// noise is not magnified into drama.
func yScale(minV, maxV float64, height int) (lo, step float64) {
	if maxV-minV < 10 {
		mid := (minV + maxV) / 2
		minV, maxV = mid-5, mid+5
		if maxV > 100 {
			minV, maxV = minV-(maxV-100), 100
		}
		if minV < -100 {
			minV, maxV = -100, maxV+(-100-minV)
		}
	}
	const eps = 1e-9
	for e := -2; ; e++ {
		for _, m := range []float64{1, 2, 2.5, 5} {
			s := m * math.Pow(10, float64(e))
			kLo := math.Floor(minV/s + eps)
			kHi := math.Ceil(maxV/s - eps)
			if int(kHi-kLo) > height {
				continue
			}
			// shift the data up by d steps from the bottom: centre, or the
			// position nearest the centre that keeps the axis in -100..100
			spare := height - int(kHi-kLo)
			ok := func(d int) bool {
				bottom := (kLo - float64(d)) * s
				return bottom >= -100-eps && bottom+s*float64(height) <= 100+eps
			}
			d := spare / 2
			for off := 0; off <= spare; off++ {
				if c := spare/2 - off; c >= 0 && ok(c) {
					d = c
					break
				}
				if c := spare/2 + off; c <= spare && ok(c) {
					d = c
					break
				}
			}
			return (kLo - float64(d)) * s, s
		}
	}
}

// decimals is how many decimals the labels of a step need.
func decimals(step float64) int {
	for d := 0; d < 6; d++ {
		p := math.Pow(10, float64(d))
		if math.Abs(step*p-math.Round(step*p)) < 1e-9 {
			return d
		}
	}
	return 6
}

// drawChart draws c with asciigraph: values on the y axis, the x labels
// under it (first, middle and last at least), one line per series, gaps
// where a series has no value, "*" on the axis under flagged points, then
// the caption, a legend and the notes.
func drawChart(w io.Writer, c *chart, st Style) error {
	if c.kind == dotChart {
		// the plot's rows as drawn; the caption, legend and notes after
		// the blank line wrapped to the width
		lines := dotLines(c)
		k := max(slices.Index(lines, ""), 0)
		for i := k; i < len(lines); i++ {
			lines[i] = wrapText(lines[i], st.Width)
		}
		return writeLines(w, lines)
	}
	ss := c.series
	minV, maxV := math.Inf(1), math.Inf(-1)
	see := func(v float64) {
		if !math.IsNaN(v) {
			minV, maxV = math.Min(minV, v), math.Max(maxV, v)
		}
	}
	for _, s := range ss {
		for i := range s.y {
			see(s.y[i])
			if s.lo != nil {
				see(s.lo[i])
				see(s.hi[i])
			}
		}
	}
	if len(c.x) == 0 || math.IsInf(minV, 1) {
		_, err := io.WriteString(w, "No responses to chart.\n")
		return err
	}

	// Height counts the plot's lines (one y label each): height-1 steps.
	height := c.height
	if height <= 0 {
		height = defaultChartHeight
	}
	steps := max(height-1, 1)
	width := chartWidth(c.width, len(c.x))
	if st.Width > 0 && c.width <= 0 {
		// the y labels (up to "-100.0") and the axis take up to 12
		// columns; more periods than columns are sampled, as over 100
		width = min(width, max(st.Width-12, 10))
	}
	lo, step := yScale(minV, maxV, steps)
	hi := lo + step*float64(steps)
	dec := decimals(step)

	// Bounds go first so that the series' lines are drawn over them.
	var data [][]float64
	var colors []asciigraph.AnsiColor
	var chars []asciigraph.CharSet
	type legendItem struct {
		glyph string
		color asciigraph.AnsiColor
		name  string
	}
	var legend, bandLegend []legendItem
	for i, s := range ss {
		if s.lo == nil {
			continue
		}
		pal := seriesPalette[i%len(seriesPalette)]
		for _, b := range [][]float64{s.lo, s.hi} {
			data = append(data, stretch(b, width))
			colors = append(colors, pal[1])
			chars = append(chars, asciigraph.CreateCharSet(ciGlyph))
		}
		name := c.band
		if len(ss) > 1 {
			name = s.name + " " + name
		}
		bandLegend = append(bandLegend, legendItem{ciGlyph + ciGlyph, pal[1], name})
	}
	for i, s := range ss {
		pal := seriesPalette[i%len(seriesPalette)]
		cs := asciigraph.DefaultCharSet
		glyph := "──"
		if i > 0 {
			g := seriesGlyphs[(i-1)%len(seriesGlyphs)]
			cs, glyph = asciigraph.CreateCharSet(g), g+g
		}
		data = append(data, stretch(s.y, width))
		colors = append(colors, pal[0])
		chars = append(chars, cs)
		legend = append(legend, legendItem{glyph, pal[0], s.name})
	}
	legend = append(legend, bandLegend...)

	opts := []asciigraph.Option{
		asciigraph.Height(steps),
		asciigraph.LowerBound(lo),
		asciigraph.UpperBound(hi),
		asciigraph.Offset(chartOffset),
		asciigraph.SeriesChars(chars...),
		asciigraph.YAxisValueFormatter(func(v float64) string {
			s := strconv.FormatFloat(v, 'f', dec, 64)
			if strings.Trim(s, "-0.") == "" {
				s = strings.TrimPrefix(s, "-")
			}
			return s
		}),
	}
	if st.Color {
		opts = append(opts, asciigraph.SeriesColors(colors...))
	}
	plot := asciigraph.PlotMany(data, opts...)

	// Plot column 0 sits right of the y axis ("┤" or "┼") on every line.
	first, _, _ := strings.Cut(plot, "\n")
	leftPad := slices.IndexFunc([]rune(stripANSI(first)), func(r rune) bool { return r == '┤' || r == '┼' }) + 1
	if leftPad <= 0 {
		return fmt.Errorf("render: unexpected chart layout")
	}

	var b strings.Builder
	b.WriteString(plot)
	b.WriteByte('\n')

	// x axis: ticks under labelled positions, "*" under flagged points.
	ticks := pickTicks(c.x, width, leftPad)
	axisLine := []rune(strings.Repeat(" ", leftPad-1) + "└" + strings.Repeat("─", width))
	for _, j := range ticks {
		axisLine[leftPad+periodCol(j, len(c.x), width)] = '┬'
	}
	for _, s := range ss {
		for j, f := range s.flag {
			if f {
				axisLine[leftPad+periodCol(j, len(c.x), width)] = '*'
			}
		}
	}
	b.WriteString(string(axisLine) + "\n")
	b.WriteString(labelLine(c.x, ticks, width, leftPad) + "\n")

	indent := strings.Repeat(" ", leftPad)
	b.WriteString("\n" + indent + c.caption + "\n")
	if len(legend) > 1 {
		items := make([]string, len(legend))
		for i, it := range legend {
			g := it.glyph
			if st.Color {
				g = it.color.String() + g + asciigraph.Default.String()
			}
			items[i] = g + " " + it.name
		}
		b.WriteString(legendLines(items, indent, st.Width))
	}
	if len(c.notes) > 0 {
		b.WriteByte('\n')
		for _, n := range c.notes {
			b.WriteString(wrapText(n, st.Width) + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// legendLines writes the legend's items after indent, three spaces apart,
// on as many lines as the width (0: no limit) needs.
func legendLines(items []string, indent string, width int) string {
	var b strings.Builder
	line := indent
	for _, it := range items {
		if line != indent && width > 0 && narrow.StringWidth(stripANSI(line+"   "+it)) > width {
			b.WriteString(line + "\n")
			line = indent
		}
		if line != indent {
			line += "   "
		}
		line += it
	}
	b.WriteString(line + "\n")
	return b.String()
}

// pickTicks chooses which periods get a label under the axis: all of them
// if they fit; else every s-th period for the smallest s that fits, always
// with the first, middle and last (the last replaces the multiple of s
// before it when the two would collide); else first, middle and last; else
// first and last.
func pickTicks(labels []string, width, leftPad int) []int {
	p := len(labels)
	if p == 1 {
		return []int{0}
	}
	fits := func(ts []int) bool { return ticksFit(labels, ts, width, leftPad) }
	all := make([]int, p)
	for i := range all {
		all[i] = i
	}
	if fits(all) {
		return all
	}
	last, mid := p-1, (p-1)/2
	for s := 2; s < p-1; s++ {
		var ts []int
		for j := 0; j < last; j += s {
			ts = append(ts, j)
		}
		ts = append(ts, last)
		if !fits(ts[len(ts)-2:]) {
			ts = append(ts[:len(ts)-2], last) // drop the one crowding the last
		}
		if !slices.Contains(ts, mid) && !slices.Contains(ts, p/2) {
			ts = append(ts, mid)
			slices.Sort(ts)
		}
		if len(ts) >= 3 && fits(ts) {
			return ts
		}
	}
	if ts := []int{0, mid, last}; mid > 0 && mid < last && fits(ts) {
		return ts
	}
	return []int{0, last}
}

// labelStart is the screen column where the label of period j starts:
// centred on its tick.
func labelStart(label string, j, p, width, leftPad int) int {
	return max(0, leftPad+periodCol(j, p, width)-narrow.StringWidth(label)/2)
}

func ticksFit(labels []string, ts []int, width, leftPad int) bool {
	end := -1
	for _, j := range ts {
		s := labelStart(labels[j], j, len(labels), width, leftPad)
		if s <= end {
			return false
		}
		end = s + narrow.StringWidth(labels[j])
	}
	return true
}

// labelLine writes the chosen labels centred on their ticks.
func labelLine(labels []string, ts []int, width, leftPad int) string {
	var b strings.Builder
	col := 0
	for _, j := range ts {
		s := labelStart(labels[j], j, len(labels), width, leftPad)
		if s < col { // only when nothing fits; keep one space
			s = col
		}
		b.WriteString(strings.Repeat(" ", s-col))
		b.WriteString(labels[j])
		col = s + narrow.StringWidth(labels[j]) + 1
		b.WriteByte(' ')
	}
	return strings.TrimRight(b.String(), " ")
}

// stripANSI removes CSI escape sequences (asciigraph's colours).
func stripANSI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			i += escapeLen(s[i:])
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}
