package render

import (
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The SVG drawing of a chart: the same chart as drawChart draws with
// asciigraph (axis, series, bounds, flags, gaps, caption and notes), as
// vector graphics for a page or a slide. It is written with the standard
// library (docs/decisions.md says why): text goes through encoding/xml's
// escaping, and no user text is ever written into an attribute.

// Plot geometry, in SVG user units (pixels at 100%).
const (
	svgWidth   = 720
	svgHeight  = 300
	svgLeft    = 52 // room for the y labels
	svgRight   = 16
	svgTop     = 16
	svgBottom  = 58 // x labels and the legend
	svgYSteps  = 5  // y axis intervals
	svgCharPx  = 7  // a label character's width, for spacing x labels
	legendLine = 16 // a legend line's height
)

// svgCSS styles the charts, in a page and alone: colours come from
// variables that a dark colour scheme changes. The series and category
// colours are Okabe & Ito's colour-blind-safe palette (Color Universal
// Design, 2008): blue, orange, bluish green, reddish purple, sky blue,
// vermillion; detractors vermillion, passives grey, promoters blue.
const svgCSS = `svg.chart{--fg:#1b1b1b;--muted:#5a5a5a;--grid:#d9d9d9;--bg:#fff;--gap:#f1f1f1;` +
	`--s0:#0072b2;--s1:#e69f00;--s2:#009e73;--s3:#cc79a7;--s4:#56b4e9;--s5:#d55e00;` +
	`--det:#d55e00;--pas:#9a9a9a;--pro:#0072b2;font:12px system-ui,-apple-system,"Segoe UI",sans-serif}` +
	`@media (prefers-color-scheme:dark){svg.chart{--fg:#e8e8e8;--muted:#b0b0b0;--grid:#444;--bg:#161616;--gap:#262626;` +
	`--s0:#56b4e9;--s4:#0072b2;--pro:#56b4e9}}` +
	`svg.chart text{fill:var(--fg)}svg.chart .ax{fill:var(--muted)}` +
	`svg.chart .grid{stroke:var(--grid);stroke-width:1}svg.chart .zero{stroke:var(--muted);stroke-width:1}` +
	`svg.chart .gap{fill:var(--gap)}svg.chart .line{fill:none;stroke-width:2}` +
	`svg.chart .band{stroke:none;opacity:.22}svg.chart .pt{stroke-width:2}svg.chart .low{fill:var(--bg)}` +
	`svg.chart .det{fill:var(--det)}svg.chart .pas{fill:var(--pas)}svg.chart .pro{fill:var(--pro)}` +
	`svg.chart .s0{stroke:var(--s0);fill:var(--s0)}svg.chart .s1{stroke:var(--s1);fill:var(--s1)}` +
	`svg.chart .s2{stroke:var(--s2);fill:var(--s2)}svg.chart .s3{stroke:var(--s3);fill:var(--s3)}` +
	`svg.chart .s4{stroke:var(--s4);fill:var(--s4)}svg.chart .s5{stroke:var(--s5);fill:var(--s5)}` +
	`svg.chart .line.s0,svg.chart .line.s1,svg.chart .line.s2,svg.chart .line.s3,svg.chart .line.s4,svg.chart .line.s5{fill:none}` +
	`svg.chart .pt.low{fill:var(--bg)}` + dotCSS

// seriesClasses are the series' colour classes, in legend order.
const seriesClasses = 6

// toneClass is a bar's colour class by its tone.
var toneClass = [...]string{noTone: "s0", badTone: "det", fairTone: "pas", goodTone: "pro"}

// svgBuf writes SVG markup with escaped text.
type svgBuf struct{ strings.Builder }

// text writes s as character data.
func (b *svgBuf) text(s string) {
	_ = xml.EscapeText(b, []byte(s)) // a strings.Builder never fails
}

// px formats a coordinate: at most one decimal, no trailing zeros.
func px(x float64) string { return strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64) }

// writeSVG draws c as an <svg> element whose title and description are
// named by id (ids must be unique in a page). Alone, it is a complete
// SVG document with its own style.
func writeSVG(b *svgBuf, c *chart, id string, alone bool) {
	if alone {
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	}
	h := svgHeight
	if c.kind == dotChart {
		h = dotHeight(c)
	}
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-t %s-d">`,
		svgWidth, h, svgWidth, h, id, id)
	if alone {
		b.WriteString("<style>" + svgCSS + "</style>")
	}
	fmt.Fprintf(b, `<title id="%s-t">`, id)
	b.text(c.caption)
	fmt.Fprintf(b, `</title><desc id="%s-d">`, id)
	b.text(describe(c))
	b.WriteString("</desc>")
	if len(c.x) == 0 {
		fmt.Fprintf(b, `<text x="%d" y="%d">No responses to chart.</text></svg>`, svgLeft, svgTop+20)
		return
	}
	switch c.kind {
	case barChart:
		drawBars(b, c)
	case dotChart:
		drawDots(b, c, h)
	default:
		drawLines(b, c)
	}
	b.WriteString("</svg>")
	if alone {
		b.WriteByte('\n')
	}
}

// describe is the chart's text alternative: every value it draws, in
// words, with its notes.
func describe(c *chart) string {
	var parts []string
	if c.kind == dotChart {
		for j := range c.x {
			parts = append(parts, dotPoint(c, j)+".")
		}
		return strings.Join(append(parts, c.notes...), " ")
	}
	for _, s := range c.series {
		var pts []string
		for j, x := range c.x {
			v := s.y[j]
			switch {
			case math.IsNaN(v):
				pts = append(pts, x+" no responses")
				continue
			case s.lo != nil && !math.IsNaN(s.lo[j]):
				pts = append(pts, fmt.Sprintf("%s %s%s (%s %s to %s)", x, fmt1(v), c.unit, c.band, fmt1(s.lo[j]), fmt1(s.hi[j])))
			default:
				pts = append(pts, x+" "+fmt1(v)+c.unit)
			}
			if s.flag != nil && s.flag[j] {
				pts[len(pts)-1] += " low n"
			}
		}
		parts = append(parts, s.name+": "+strings.Join(pts, "; ")+".")
	}
	parts = append(parts, c.notes...)
	return strings.Join(parts, " ")
}

// plot is the mapping from data to the plot area.
type plot struct {
	n        int     // x positions
	lo, hi   float64 // the y axis range
	w, h     float64 // plot area size
	x0, y0   float64 // its top left corner
	decimals int
}

func newPlot(n int, lo, hi float64, dec int) plot {
	return plot{n: n, lo: lo, hi: hi, x0: svgLeft, y0: svgTop,
		w: svgWidth - svgLeft - svgRight, h: svgHeight - svgTop - svgBottom, decimals: dec}
}

func (p plot) slot() float64       { return p.w / float64(p.n) }
func (p plot) x(j int) float64     { return p.x0 + (float64(j)+0.5)*p.slot() }
func (p plot) y(v float64) float64 { return p.y0 + p.h*(p.hi-v)/(p.hi-p.lo) }
func (p plot) bottom() float64     { return p.y0 + p.h }
func (p plot) label(v float64) string {
	s := strconv.FormatFloat(v, 'f', p.decimals, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	return s
}

// axes draws the y grid lines with their labels (and unit), a stronger
// line at 0, and the x labels that fit, evenly spaced, always the first.
func (p plot) axes(b *svgBuf, labels []string, unit string) {
	step := (p.hi - p.lo) / svgYSteps
	for k := 0; k <= svgYSteps; k++ {
		v := p.lo + step*float64(k)
		y := p.y(v)
		cls := "grid"
		if math.Abs(v) < step/1e6 {
			cls = "zero"
		}
		fmt.Fprintf(b, `<line class="%s" x1="%s" x2="%s" y1="%s" y2="%s"/>`, cls, px(p.x0), px(p.x0+p.w), px(y), px(y))
		fmt.Fprintf(b, `<text class="ax" x="%s" y="%s" text-anchor="end">`, px(p.x0-6), px(y+4))
		b.text(p.label(v) + unit)
		b.WriteString("</text>")
	}
	longest := 1
	for _, l := range labels {
		longest = max(longest, len([]rune(l)))
	}
	fit := max(1, int(p.w/float64(longest*svgCharPx+10)))
	every := (len(labels) + fit - 1) / fit
	for j, l := range labels {
		if j%every != 0 {
			continue
		}
		fmt.Fprintf(b, `<text class="ax" x="%s" y="%s" text-anchor="middle">`, px(p.x(j)), px(p.bottom()+16))
		b.text(l)
		b.WriteString("</text>")
	}
}

// legend writes items (a class and a name each) in a row under the plot.
func legend(b *svgBuf, items [][2]string) { legendAt(b, items, svgHeight-12) }

// legendAt writes the legend's row at the baseline y; an item that would
// cross the right edge starts a line below.
func legendAt(b *svgBuf, items [][2]string, y float64) {
	x := float64(svgLeft)
	for _, it := range items {
		if wd := 18 + float64(len([]rune(it[1]))*svgCharPx); x > svgLeft && x+wd > svgWidth {
			x, y = svgLeft, y+legendLine
		}
		fmt.Fprintf(b, `<rect class="%s" x="%s" y="%s" width="14" height="10"/>`, it[0], px(x), px(y-9))
		fmt.Fprintf(b, `<text x="%s" y="%s">`, px(x+18), px(y))
		b.text(it[1])
		b.WriteString("</text>")
		x += 18 + float64(len([]rune(it[1]))*svgCharPx) + 16
	}
}

// drawLines draws a line chart: a light column where a period has no
// value in any series, each series' band (its bounds), its line broken at
// gaps, and its points, hollow where flagged (low n).
func drawLines(b *svgBuf, c *chart) {
	minV, maxV := math.Inf(1), math.Inf(-1)
	see := func(v float64) {
		if !math.IsNaN(v) {
			minV, maxV = math.Min(minV, v), math.Max(maxV, v)
		}
	}
	for _, s := range c.series {
		for j := range s.y {
			see(s.y[j])
			if s.lo != nil {
				see(s.lo[j])
				see(s.hi[j])
			}
		}
	}
	if math.IsInf(minV, 1) {
		minV, maxV = 0, 0
	}
	lo, step := yScale(minV, maxV, svgYSteps)
	p := newPlot(len(c.x), lo, lo+step*svgYSteps, decimals(step))
	for j := range c.x {
		empty := true
		for _, s := range c.series {
			empty = empty && math.IsNaN(s.y[j])
		}
		if empty {
			fmt.Fprintf(b, `<rect class="gap" x="%s" y="%s" width="%s" height="%s"/>`, px(p.x(j)-p.slot()/2), px(p.y0), px(p.slot()), px(p.h))
		}
	}
	p.axes(b, c.x, c.unit)
	var items [][2]string
	flagged := false
	for i, s := range c.series {
		cls := "s" + strconv.Itoa(i%seriesClasses)
		if s.lo != nil {
			for _, run := range runs(s.lo) {
				var pts []string
				for j := run[0]; j < run[1]; j++ {
					pts = append(pts, px(p.x(j))+","+px(p.y(s.hi[j])))
				}
				for j := run[1] - 1; j >= run[0]; j-- {
					pts = append(pts, px(p.x(j))+","+px(p.y(s.lo[j])))
				}
				if run[1]-run[0] == 1 { // one period: a bar as wide as a point
					j := run[0]
					fmt.Fprintf(b, `<rect class="band %s" x="%s" y="%s" width="8" height="%s"/>`, cls, px(p.x(j)-4), px(p.y(s.hi[j])), px(p.y(s.lo[j])-p.y(s.hi[j])))
					continue
				}
				fmt.Fprintf(b, `<polygon class="band %s" points="%s"/>`, cls, strings.Join(pts, " "))
			}
		}
		for _, run := range runs(s.y) {
			if run[1]-run[0] < 2 {
				continue
			}
			var d strings.Builder
			for j := run[0]; j < run[1]; j++ {
				cmd := "L"
				if j == run[0] {
					cmd = "M"
				}
				d.WriteString(cmd + px(p.x(j)) + " " + px(p.y(s.y[j])))
			}
			fmt.Fprintf(b, `<path class="line %s" d="%s"/>`, cls, d.String())
		}
		for j, v := range s.y {
			if math.IsNaN(v) {
				continue
			}
			pc := "pt " + cls
			if s.flag != nil && s.flag[j] {
				pc += " low"
				flagged = true
			}
			fmt.Fprintf(b, `<circle class="%s" cx="%s" cy="%s" r="3.5"><title>`, pc, px(p.x(j)), px(p.y(v)))
			b.text(c.x[j] + ": " + fmt1(v) + c.unit)
			b.WriteString("</title></circle>")
		}
		items = append(items, [2]string{cls, s.name})
		if s.lo != nil {
			name := c.band
			if len(c.series) > 1 {
				name = s.name + " " + name
			}
			items = append(items, [2]string{"band " + cls, name})
		}
	}
	if flagged {
		items = append(items, [2]string{"pt low s0", "hollow: low n, read with care"})
	}
	legend(b, items)
}

// runs are the [start, end) stretches of vals without NaN.
func runs(vals []float64) [][2]int {
	var out [][2]int
	start := -1
	for j, v := range vals {
		switch {
		case math.IsNaN(v) && start >= 0:
			out = append(out, [2]int{start, j})
			start = -1
		case !math.IsNaN(v) && start < 0:
			start = j
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(vals)})
	}
	return out
}

// drawBars draws a bar chart of its first series, from 0, each bar in its
// tone's colour with its value above it, and a legend of the categories.
func drawBars(b *svgBuf, c *chart) {
	s := c.series[0]
	top := 0.0
	for _, v := range s.y {
		if !math.IsNaN(v) {
			top = math.Max(top, v)
		}
	}
	step := niceStep(top / svgYSteps)
	p := newPlot(len(c.x), 0, step*svgYSteps, decimals(step))
	p.axes(b, c.x, c.unit)
	bw := p.slot() * 0.7
	for j, v := range s.y {
		if math.IsNaN(v) {
			continue
		}
		cls := toneClass[noTone]
		if j < len(s.tones) {
			cls = toneClass[s.tones[j]]
		}
		fmt.Fprintf(b, `<rect class="%s" x="%s" y="%s" width="%s" height="%s"><title>`, cls, px(p.x(j)-bw/2), px(p.y(v)), px(bw), px(p.bottom()-p.y(v)))
		b.text(c.x[j] + ": " + fmt1(v) + c.unit)
		b.WriteString("</title></rect>")
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="middle">`, px(p.x(j)), px(p.y(v)-4))
		b.text(fmt1(v) + c.unit)
		b.WriteString("</text>")
	}
	legend(b, [][2]string{{"det", "detractors 0-6"}, {"pas", "passives 7-8"}, {"pro", "promoters 9-10"}})
}

// niceStep is the smallest step of 1, 2, 2.5 or 5 times a power of ten
// that is at least x (1 for x <= 0).
func niceStep(x float64) float64 {
	if !(x > 0) {
		return 1
	}
	e := math.Floor(math.Log10(x))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if s := m * math.Pow(10, e); s >= x*(1-1e-9) {
			return s
		}
	}
	return 10 * math.Pow(10, e)
}
