package render

import (
	"fmt"
	"math"
	"strings"
)

// The SVG drawing of a dot-and-whisker chart (dotChart): one row per
// label, the value axis across, a dot with its interval as a whisker, a
// tick at the reference (the rest of the responses), and ▼ ▲ beside the
// rows marked as a drag or a lift: shape as well as colour says it.

// Dot chart geometry, in SVG user units.
const (
	dotRow      = 22                // a row's height
	dotTop      = 12                // above the first row
	dotBottom   = 30 + 2*legendLine // the value labels and two legend lines
	dotRight    = 28                // room for the ▼ ▲ marks
	dotLabelMax = 36                // label characters shown; longer ones end in …
	dotLabelMin = 80                // the narrowest label column
	dotLabelCap = 300               // the widest label column
)

// dotHeight is the height of c drawn as a dot chart.
func dotHeight(c *chart) int { return dotTop + dotRow*max(len(c.x), 1) + dotBottom }

// shortLabel cuts a label to n characters, with … where it was cut.
func shortLabel(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// dotRange is the value range of a dot chart: every value, bound and
// reference, on nice steps.
func dotRange(c *chart, steps int) (lo, step float64) {
	minV, maxV := math.Inf(1), math.Inf(-1)
	for _, s := range c.series {
		for _, vs := range [][]float64{s.y, s.lo, s.hi} {
			for _, v := range vs {
				if !math.IsNaN(v) {
					minV, maxV = math.Min(minV, v), math.Max(maxV, v)
				}
			}
		}
	}
	if math.IsInf(minV, 1) {
		minV, maxV = 0, 0
	}
	return yScale(minV, maxV, steps)
}

// dotMark is the glyph and words of a row's tone.
func dotMark(t tone) (glyph, words string) {
	switch t {
	case badTone:
		return "▼", "significant drag"
	case goodTone:
		return "▲", "significant lift"
	}
	return "", ""
}

// drawDots draws c as a dot-and-whisker chart h units tall.
func drawDots(b *svgBuf, c *chart, h int) {
	s := c.series[0]
	var ref []float64
	refName := ""
	if len(c.series) > 1 {
		ref, refName = c.series[1].y, c.series[1].name
	}
	longest := 0
	for _, l := range c.x {
		longest = max(longest, len([]rune(shortLabel(l, dotLabelMax))))
	}
	left := min(max(longest*svgCharPx+16, dotLabelMin), dotLabelCap)
	lo, step := dotRange(c, svgYSteps)
	hi := lo + step*svgYSteps
	x0, w := float64(left), float64(svgWidth-left-dotRight)
	x := func(v float64) float64 { return x0 + w*(v-lo)/(hi-lo) }
	y0, ph := float64(dotTop), float64(dotRow*len(c.x))
	// vertical grid lines with the value labels under the rows
	dec := decimals(step)
	for k := 0; k <= svgYSteps; k++ {
		v := lo + step*float64(k)
		cls := "grid"
		if math.Abs(v) < step/1e6 {
			cls = "zero"
		}
		fmt.Fprintf(b, `<line class="%s" x1="%s" x2="%s" y1="%s" y2="%s"/>`, cls, px(x(v)), px(x(v)), px(y0), px(y0+ph))
		fmt.Fprintf(b, `<text class="ax" x="%s" y="%s" text-anchor="middle">`, px(x(v)), px(y0+ph+16))
		b.text(plot{decimals: dec}.label(v) + c.unit)
		b.WriteString("</text>")
	}
	flagged := false
	for j, label := range c.x {
		y := y0 + (float64(j)+0.5)*dotRow
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="end">`, px(x0-8), px(y+4))
		b.text(shortLabel(label, dotLabelMax))
		b.WriteString("</text>")
		t := noTone
		if j < len(s.tones) {
			t = s.tones[j]
		}
		cls := map[tone]string{badTone: "det", goodTone: "pro"}[t]
		if cls == "" {
			cls = "mid"
		}
		v := s.y[j]
		if math.IsNaN(v) {
			continue
		}
		if s.lo != nil && !math.IsNaN(s.lo[j]) {
			fmt.Fprintf(b, `<line class="wh %s" x1="%s" x2="%s" y1="%s" y2="%s"/>`, cls, px(x(s.lo[j])), px(x(s.hi[j])), px(y), px(y))
		}
		if ref != nil && !math.IsNaN(ref[j]) {
			fmt.Fprintf(b, `<line class="ref" x1="%s" x2="%s" y1="%s" y2="%s"><title>`, px(x(ref[j])), px(x(ref[j])), px(y-7), px(y+7))
			b.text(label + ": " + refName + " " + fmt1(ref[j]) + c.unit)
			b.WriteString("</title></line>")
		}
		pc := "dot " + cls
		if s.flag != nil && s.flag[j] {
			pc += " low"
			flagged = true
		}
		fmt.Fprintf(b, `<circle class="%s" cx="%s" cy="%s" r="4.5"><title>`, pc, px(x(v)), px(y))
		b.text(dotPoint(c, j))
		b.WriteString("</title></circle>")
		if g, _ := dotMark(t); g != "" {
			fmt.Fprintf(b, `<text class="%s" x="%s" y="%s">%s</text>`, "mk "+cls, px(x0+w+8), px(y+4), g)
		}
	}
	items := [][2]string{{"mid", s.name + " with its " + c.band}}
	if ref != nil {
		items = append(items, [2]string{"refkey", refName})
	}
	items = append(items, [2]string{"det", "▼ significant drag"}, [2]string{"pro", "▲ significant lift"})
	if flagged {
		items = append(items, [2]string{"lowkey", "hollow: low n"})
	}
	legendAt(b, items, y0+ph+40)
}

// dotPoint is row j's values in words: "plan = Free: NPS 12.3 (95% CI 1.0
// to 20.5), rest 30.1; significant drag, low n".
func dotPoint(c *chart, j int) string {
	s := c.series[0]
	var b strings.Builder
	b.WriteString(c.x[j] + ": " + s.name + " " + fmt1(s.y[j]) + c.unit)
	if s.lo != nil {
		b.WriteString(" (" + c.band + " " + fmt1(s.lo[j]) + " to " + fmt1(s.hi[j]) + ")")
	}
	if len(c.series) > 1 {
		b.WriteString(", " + c.series[1].name + " " + fmt1(c.series[1].y[j]) + c.unit)
	}
	var marks []string
	if j < len(s.tones) {
		if _, words := dotMark(s.tones[j]); words != "" {
			marks = append(marks, words)
		}
	}
	if s.flag != nil && s.flag[j] {
		marks = append(marks, "low n")
	}
	if len(marks) > 0 {
		b.WriteString("; " + strings.Join(marks, ", "))
	}
	return b.String()
}

// dotCSS styles the dot charts' marks (svgCSS has their colours).
const dotCSS = `svg.chart .wh{stroke-width:2.5}svg.chart .wh.mid{stroke:var(--muted)}svg.chart .wh.det{stroke:var(--det)}` +
	`svg.chart .wh.pro{stroke:var(--pro)}svg.chart .dot{stroke-width:2}svg.chart .dot.mid{fill:var(--muted);stroke:var(--muted)}` +
	`svg.chart .dot.det{stroke:var(--det)}svg.chart .dot.pro{stroke:var(--pro)}svg.chart .dot.low{fill:var(--bg)}` +
	`svg.chart .ref{stroke:var(--fg);stroke-width:2}svg.chart .refkey{fill:var(--fg)}svg.chart .mid{fill:var(--muted)}` +
	`svg.chart .lowkey{fill:var(--bg);stroke:var(--muted)}svg.chart .mk{font-weight:700}svg.chart text.mk.det{fill:var(--det)}svg.chart text.mk.pro{fill:var(--pro)}`
