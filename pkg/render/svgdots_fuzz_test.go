package render

import (
	"encoding/xml"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/drivers"
	"github.com/npskit/nps/pkg/nps"
)

// Segment values come from the input files: whatever they hold, the
// segments chart is well-formed XML with one dot per value that has an
// NPS, its labels are text (the value, sanitised, cut with …), and the
// text drawing keeps every row; no value or number makes either panic.
func FuzzDotChart(f *testing.F) {
	f.Add("EMEA", `<script>alert("x")</script> & 'q'`+"\u202e", -12.5, 30.0, 5.0, 70.0)
	f.Add("", "```", 0.0, math.NaN(), -100.0, 100.0)
	f.Add("\x00\xff\ufffe", "\u200b\t\n", math.Inf(1), 1e300, -1e-300, 42.0)
	f.Fuzz(func(t *testing.T, a, b string, v1, v2, lo, hi float64) {
		rep := &DriversReport{Confidence: 0.95, Drivers: []drivers.Driver{
			{Column: "region", Value: a, Result: nps.Result{N: 5, NPS: v1, CILow: lo, CIHigh: hi, LowN: true}, RestNPS: v2, Significant: true, Gap: -1},
			{Column: b, Value: b, Result: nps.Result{N: 50, NPS: v2, CILow: math.Min(lo, v2), CIHigh: math.Max(hi, v2)}, RestNPS: v1},
		}}
		c := driversChart(rep)
		var buf svgBuf
		writeSVG(&buf, c, "c", true)
		dec := xml.NewDecoder(strings.NewReader(buf.String()))
		dots := 0
		var chars strings.Builder
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("not well-formed: %v\n%s", err, buf.String())
			}
			switch tok := tok.(type) {
			case xml.StartElement:
				switch tok.Name.Local {
				case "circle":
					dots++
				case "script", "foreignObject", "a", "image", "use":
					t.Fatalf("a <%s> element in the chart", tok.Name.Local)
				}
			case xml.CharData:
				chars.Write(tok)
			}
		}
		want := 0
		for _, v := range []float64{v1, v2} {
			if !math.IsNaN(v) {
				want++
			}
		}
		if dots != want {
			t.Errorf("%d dots, want %d", dots, want)
		}
		for _, l := range c.x {
			if strings.ContainsAny(l, "\u202e\u2066\x00") {
				t.Errorf("label %q keeps a control character", l)
			}
			if !strings.Contains(chars.String(), strings.Map(xmlChar, strings.TrimSuffix(shortLabel(l, dotLabelMax), "…"))) {
				t.Errorf("label %q is not in the chart's text", l)
			}
		}
		if n := len(dotLines(c)); n < len(c.x)+4 {
			t.Errorf("the text drawing has %d lines for %d rows", n, len(c.x))
		}
	})
}

// xmlChar is r as XML 1.0 can hold it: characters outside its range
// become U+FFFD, as encoding/xml's escaping writes them.
func xmlChar(r rune) rune {
	switch {
	case r == 0x9 || r == 0xA || r == 0xD, r >= 0x20 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
		return r
	}
	return '\uFFFD'
}
