package render

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestTrendGolden(t *testing.T) {
	tests := []struct {
		name  string
		rep   func() *TrendReport
		style Style
	}{
		{"trend_overall.txt", trendFixture, Style{}},
		{"trend_ci.txt", func() *TrendReport {
			r := trendFixture()
			r.ShowCI = true
			r.Height = 8
			return r
		}, Style{}},
		{"trend_segments.txt", func() *TrendReport {
			r := segmentTrendFixture()
			r.MaxSeries = 2
			return r
		}, Style{}},
		{"trend_segments_color.txt", segmentTrendFixture, Style{Color: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, Table, Trend(tt.rep()), tt.style); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name, buf.Bytes())
			if !tt.style.Color && strings.Contains(buf.String(), "\x1b") {
				t.Error("ANSI escape without Style.Color")
			}
			if tt.style.Color && !strings.Contains(buf.String(), "\x1b[38;5;") {
				t.Error("no colour with Style.Color")
			}
			var again bytes.Buffer
			if err := Write(&again, Table, Trend(tt.rep()), tt.style); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), again.Bytes()) {
				t.Error("output is not deterministic")
			}
		})
	}
}

func TestTrendNotes(t *testing.T) {
	var buf bytes.Buffer
	rep := segmentTrendFixture()
	rep.MaxSeries = 2
	if err := Write(&buf, Table, Trend(rep), Style{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	// LATAM has the fewest responses: left out and named.
	for _, want := range []string{
		"Not drawn (chart limited to 2 series): LATAM.",
		"── APAC   •• EMEA",
		"NPS by period, overall",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	buf.Reset()
	if err := Write(&buf, Table, Trend(trendFixture()), Style{}); err != nil {
		t.Fatal(err)
	}
	out = buf.String()
	for _, want := range []string{
		"* fewer than 30 responses (read with care): 2025-05",
		"Gaps: no responses in 2025-03.",
		"2025-03    0     –",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}

func TestTrendNoData(t *testing.T) {
	rep := &TrendReport{ScoreReport: ScoreReport{KeyNames: []string{"period"}, Overall: result(0, 0, 0, 0, true),
		Groups: []GroupResult{{Key: []string{"2025-01"}, Result: result(0, 0, 0, 0, true)}}}, Periods: []string{"2025-01"}}
	var buf bytes.Buffer
	if err := Write(&buf, Table, Trend(rep), Style{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "No responses to chart.") {
		t.Errorf("got\n%s", buf.String())
	}
}

func TestTrendSinglePeriod(t *testing.T) {
	rep := &TrendReport{ScoreReport: ScoreReport{KeyNames: []string{"period"}, Overall: result(5, 3, 2, 10, false),
		Groups: []GroupResult{{Key: []string{"2025"}, Result: result(5, 3, 2, 10, false)}}}, Periods: []string{"2025"}}
	var buf bytes.Buffer
	if err := Write(&buf, Table, Trend(rep), Style{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "2025") {
		t.Errorf("got\n%s", buf.String())
	}
}

func TestTrendJSONSameShapeAsScore(t *testing.T) {
	rep := trendFixture()
	var a, b bytes.Buffer
	if err := Write(&a, JSON, Trend(rep), Style{}); err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, JSON, Score(&rep.ScoreReport), Style{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("trend JSON differs from score JSON of the same groups")
	}
	var doc struct {
		Groups []struct {
			Key map[string]string
			NPS *float64
		}
	}
	if err := json.Unmarshal(a.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Groups) != 8 || doc.Groups[2].Key["period"] != "2025-03" || doc.Groups[2].NPS != nil {
		t.Errorf("empty period must stay, with nps null: %+v", doc.Groups[2])
	}
}

func TestChartWidth(t *testing.T) {
	tests := []struct{ want, periods, got int }{
		{0, 8, 43}, // 7 gaps × 6 columns + 1: every period on a column
		{0, 2, 40},
		{0, 1, 40},
		{0, 40, 40},
		{0, 41, 41},
		{0, 100, 100},
		{0, 365, 100},
		{60, 8, 60},
	}
	for _, tt := range tests {
		if got := chartWidth(tt.want, tt.periods); got != tt.got {
			t.Errorf("chartWidth(%d, %d) = %d, want %d", tt.want, tt.periods, got, tt.got)
		}
		if tt.want == 0 && tt.periods > 1 && tt.periods <= 100 && (tt.got-1)%(tt.periods-1) != 0 {
			t.Errorf("%d periods on %d columns do not fall on columns", tt.periods, tt.got)
		}
	}
}

func TestStretch(t *testing.T) {
	got := stretch([]float64{0, 10, math.NaN(), 40}, 7)
	want := []float64{0, 5, 10, nan, nan, nan, 40}
	for i := range want {
		if !sameFloat(got[i], want[i]) {
			t.Fatalf("stretch = %v, want %v", got, want)
		}
	}
	// a lone value between gaps survives on its column
	got = stretch([]float64{math.NaN(), 7, math.NaN()}, 41)
	if got[20] != 7 {
		t.Errorf("lone value lost: %v", got[20])
	}
}

func TestYScale(t *testing.T) {
	tests := []struct {
		min, max float64
		height   int
		lo, step float64
	}{
		{0, 63.6, 12, -20, 10},
		{-40, 60, 12, -50, 10},
		{30, 30, 12, 24, 1},       // flat: widened to 10 points, 1 per row
		{-100, 100, 12, -120, 20}, // full range: 240 centred
		{95, 100, 12, 88, 1},      // widened to 90..100, axis kept at or below 100
	}
	for _, tt := range tests {
		lo, step := yScale(tt.min, tt.max, tt.height)
		if lo != tt.lo || step != tt.step {
			t.Errorf("yScale(%v, %v, %d) = %v, %v; want %v, %v", tt.min, tt.max, tt.height, lo, step, tt.lo, tt.step)
		}
		hi := lo + step*float64(tt.height)
		if lo > tt.min || hi < tt.max {
			t.Errorf("yScale(%v, %v): [%v, %v] does not cover the data", tt.min, tt.max, lo, hi)
		}
	}
}

func TestPickTicks(t *testing.T) {
	labels := func(n int) []string {
		l := make([]string, n)
		for i := range l {
			l[i] = "2025-01"
		}
		return l
	}
	tests := []struct {
		periods, width int
		want           []int
	}{
		{8, 57, []int{0, 1, 2, 3, 4, 5, 6, 7}}, // 8 columns per period: all fit
		{8, 43, []int{0, 2, 4, 7}},             // 6 per period: every other, last replaces 6
		{13, 49, []int{0, 2, 4, 6, 8, 10, 12}}, // 4 per period: every other
		{9, 41, []int{0, 2, 4, 6, 8}},
		{100, 100, nil}, // checked below: first, middle, last
	}
	for _, tt := range tests {
		got := pickTicks(labels(tt.periods), tt.width, 6)
		if tt.want != nil && !equalInts(got, tt.want) {
			t.Errorf("pickTicks(%d periods, %d wide) = %v, want %v", tt.periods, tt.width, got, tt.want)
		}
		if got[0] != 0 || got[len(got)-1] != tt.periods-1 {
			t.Errorf("first and last period must be labelled: %v", got)
		}
		mid := (tt.periods - 1) / 2
		if !slices.Contains(got, mid) && !slices.Contains(got, tt.periods/2) {
			t.Errorf("middle period not labelled: %v", got)
		}
		if !ticksFit(labels(tt.periods), got, tt.width, 6) {
			t.Errorf("labels overlap: %v", got)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestChartHeightCountsLines(t *testing.T) {
	for _, h := range []int{0, 2, 5, 12, 20} {
		rep := trendFixture()
		rep.Height = h
		var buf bytes.Buffer
		if err := drawChart(&buf, trendChart(rep), Style{}); err != nil {
			t.Fatal(err)
		}
		want := h
		if h == 0 {
			want = defaultChartHeight
		}
		if got := strings.Count(buf.String(), "┤") + strings.Count(buf.String(), "┼"); got != want {
			t.Errorf("Height %d: %d plot lines\n%s", h, got, buf.String())
		}
	}
}

// TestSeriesApartWithoutColour: the chart tells its series apart by glyph,
// not by hue alone: the coloured chart, with its colours taken out, is the
// chart drawn without colour, and there each series has a glyph of its own
// that its legend entry shows and that draws its line.
func TestSeriesApartWithoutColour(t *testing.T) {
	var plain, color bytes.Buffer
	if err := Write(&plain, Table, Trend(segmentTrendFixture()), Style{}); err != nil {
		t.Fatal(err)
	}
	if err := Write(&color, Table, Trend(segmentTrendFixture()), Style{Color: true}); err != nil {
		t.Fatal(err)
	}
	if got := stripANSI(color.String()); got != plain.String() {
		t.Errorf("the coloured output without its colours differs from the plain one:\n%s\nplain:\n%s", got, plain.String())
	}
	out := plain.String()
	// The fixture's series, in legend order, and the glyph each is drawn with.
	series := []struct{ name, glyph string }{{"APAC", "─"}, {"EMEA", "•"}, {"LATAM", "+"}}
	legend := ""
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, " APAC") && strings.Contains(l, " LATAM") {
			legend = strings.TrimSpace(l)
		}
	}
	var want []string
	for _, s := range series {
		want = append(want, s.glyph+s.glyph+" "+s.name)
	}
	if legend != strings.Join(want, "   ") {
		t.Errorf("legend %q, want %q", legend, strings.Join(want, "   "))
	}
	plot, _, _ := strings.Cut(out[strings.Index(out, "┤"):], "└")
	for _, s := range series[1:] {
		if strings.Count(plot, s.glyph) < 4 { // a line over four periods
			t.Errorf("series %s: glyph %q drawn %d times in the plot:\n%s", s.name, s.glyph, strings.Count(plot, s.glyph), plot)
		}
	}
}

// TestTrendEachMatchesGroups writes the same trend with its groups held and
// yielded one at a time (`nps trend` yields them), in every format: the
// output must not change, change markers, chart, its notes and all.
func TestTrendEachMatchesGroups(t *testing.T) {
	marked := segmentTrendFixture()
	marked.Groups[1].Change, marked.Groups[7].Change = -1, 1
	capped := segmentTrendFixture()
	capped.MaxSeries, capped.ShowCI = 2, true
	capped.Groups[3].Change = 1
	unlabelled := segmentTrendFixture() // periods in order of appearance
	unlabelled.Periods = nil
	for name, rep := range map[string]*TrendReport{"overall": trendFixture(), "marked": marked, "capped": capped, "unlabelled": unlabelled} {
		each := *rep
		each.ScoreReport = *eachOf(&rep.ScoreReport)
		for f := range formats {
			if Format(f) == Tally {
				continue
			}
			var held, streamed bytes.Buffer
			errHeld := Write(&held, Format(f), Trend(rep), Style{})
			errEach := Write(&streamed, Format(f), Trend(&each), Style{})
			if errHeld != nil || errEach != nil {
				t.Fatalf("%s, %v: errors %v, %v", name, Format(f), errHeld, errEach)
			}
			if held.Len() == 0 || held.String() != streamed.String() {
				t.Errorf("%s, %v: held groups write\n%s\nEach writes\n%s", name, Format(f), held.String(), streamed.String())
			}
			if Format(f) == Table && name != "overall" && name != "unlabelled" && !strings.Contains(held.String(), "▲") {
				t.Errorf("%s: no ▲ in\n%s", name, held.String())
			}
			if Format(f) == Table && name == "capped" && !strings.Contains(held.String(), "Not drawn") {
				t.Errorf("%s: no series left out in\n%s", name, held.String())
			}
		}
	}
}
