package render

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/npskit/nps/pkg/nps"
)

// defaultMaxSeries caps the segment series a trend chart draws when
// TrendReport.MaxSeries is 0.
const defaultMaxSeries = 6

// TrendReport is what `nps trend` prints: the groups (every period, empty
// ones with n = 0) and, in table format, a chart of NPS by period with one
// series per segment combination.
type TrendReport struct {
	ScoreReport
	Periods   []string // the x axis: every period label in order
	Height    int      // chart rows; 0 = default
	Width     int      // chart columns; 0 = default
	ShowCI    bool     // draw the interval bounds as extra series
	MaxSeries int      // cap on segment series drawn; the rest are named in a note
}

// Trend is the model of a trend report: the Score model of its groups,
// and in a table the chart after it.
func Trend(rep *TrendReport) *Model {
	m := Score(&rep.ScoreReport)
	m.title = "NPS by period"
	score := m.makeBlocks
	m.makeBlocks = func() []block { return append(score(), trendChart(rep)) }
	return m
}

// trendChart is the chart of a trend: NPS by period, one series per
// segment combination (the key values other than period) in the groups'
// order, at most MaxSeries of them (those with the most responses), with
// interval bounds when ShowCI is set.
func trendChart(rep *TrendReport) *chart {
	pcol := slices.Index(rep.KeyNames, "period")
	if pcol < 0 {
		pcol = len(rep.KeyNames) - 1
	}
	periods := rep.Periods
	if len(periods) == 0 { // not given: periods in order of appearance
		seen := map[string]bool{}
		for g := range rep.groups() {
			if pcol < len(g.Key) && !seen[g.Key[pcol]] {
				seen[g.Key[pcol]] = true
				periods = append(periods, g.Key[pcol])
			}
		}
	}
	pidx := make(map[string]int, len(periods))
	for i, p := range periods {
		pidx[p] = i
	}
	// points calls fn with each group's series name, period index and
	// result, the same name as the group before's when its segments are
	// the same.
	points := func(fn func(name string, i int, r *nps.Result)) {
		var prev []string
		name := ""
		for g := range rep.groups() {
			if pcol >= len(g.Key) {
				continue
			}
			i, ok := pidx[g.Key[pcol]]
			if !ok {
				continue
			}
			if prev == nil || !sameSegments(prev, g.Key, pcol) {
				prev, name = g.Key, seriesName(g.Key, pcol)
			}
			fn(name, i, &g.Result)
		}
	}
	// Which series are drawn is known only once every group is read: the
	// points are gathered in a second pass, for those series alone (a
	// trend by respondent has millions).
	var names []string
	var responses []int64 // per series, to choose which are drawn
	byName := map[string]int{}
	points(func(name string, _ int, r *nps.Result) {
		k, ok := byName[name]
		if !ok {
			k = len(names)
			byName[name] = k
			names, responses = append(names, name), append(responses, 0)
		}
		responses[k] += r.N
	})
	maxS := rep.MaxSeries
	if maxS <= 0 {
		maxS = defaultMaxSeries
	}
	kept, left := capSeries(names, responses, maxS)
	ss := make([]series, len(kept))
	drawn := make(map[string]*series, len(kept))
	for k, name := range kept {
		ss[k] = series{name: name, y: nanSlice(len(periods)), flag: make([]bool, len(periods))}
		if rep.ShowCI {
			ss[k].lo, ss[k].hi = nanSlice(len(periods)), nanSlice(len(periods))
		}
		drawn[name] = &ss[k]
	}
	points(func(name string, i int, r *nps.Result) {
		s := drawn[name]
		if s == nil || r.Empty() {
			return
		}
		s.y[i] = r.NPS
		if s.lo != nil {
			s.lo[i], s.hi[i] = r.CILow, r.CIHigh
		}
		s.flag[i] = r.LowN
	})

	c := &chart{kind: lineChart, caption: "NPS by period", series: ss, band: confLabel(rep.Confidence), height: rep.Height, width: rep.Width}
	for _, p := range periods {
		c.x = append(c.x, sanitizeTerm(p))
	}
	if !rep.Overall.Empty() {
		c.caption += fmt.Sprintf(", overall %s (n = %d)", fmt1(rep.Overall.NPS), rep.Overall.N)
	}
	var lowNotes []string
	for _, s := range ss {
		var ps []string
		for j, f := range s.flag {
			if f {
				ps = append(ps, c.x[j])
			}
		}
		if len(ps) > 0 {
			if len(ss) > 1 {
				lowNotes = append(lowNotes, s.name+" "+strings.Join(ps, ", "))
			} else {
				lowNotes = append(lowNotes, strings.Join(ps, ", "))
			}
		}
	}
	if len(lowNotes) > 0 {
		what := "low n"
		if rep.MinN > 0 {
			what = fmt.Sprintf("fewer than %d responses", rep.MinN)
		}
		c.notes = append(c.notes, "* "+what+" (read with care): "+strings.Join(lowNotes, "; "))
	}
	if len(ss) == 1 {
		var gaps []string
		for j, v := range ss[0].y {
			if math.IsNaN(v) {
				gaps = append(gaps, c.x[j])
			}
		}
		if len(gaps) > 0 {
			c.notes = append(c.notes, "Gaps: no responses in "+strings.Join(gaps, ", ")+".")
		}
	}
	if len(left) > 0 {
		c.notes = append(c.notes, fmt.Sprintf("Not drawn (chart limited to %d series): %s.", maxS, strings.Join(left, ", ")))
	}
	return c
}

// seriesName is the name of the series of a trend's group key: its values
// other than the period's (at pcol), "NPS" when there are none.
func seriesName(key []string, pcol int) string {
	var seg []string
	for j, v := range key {
		if j != pcol {
			seg = append(seg, termKey(v))
		}
	}
	if len(seg) == 0 {
		return "NPS"
	}
	return strings.Join(seg, " / ")
}

// sameSegments reports whether two group keys have the same values other
// than the period's (at pcol).
func sameSegments(a, b []string, pcol int) bool {
	if len(a) != len(b) {
		return false
	}
	for j := range a {
		if j != pcol && a[j] != b[j] {
			return false
		}
	}
	return true
}
