package render

import (
	"fmt"
	"math"
	"slices"
	"strings"
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
		for _, g := range rep.Groups {
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
	var all []series
	var responses []int64 // per series, to choose which are drawn
	byName := map[string]int{}
	for _, g := range rep.Groups {
		if pcol >= len(g.Key) {
			continue
		}
		i, ok := pidx[g.Key[pcol]]
		if !ok {
			continue
		}
		var seg []string
		for j, v := range g.Key {
			if j != pcol {
				seg = append(seg, termKey(v))
			}
		}
		name := strings.Join(seg, " / ")
		if len(seg) == 0 {
			name = "NPS"
		}
		k, ok := byName[name]
		if !ok {
			k = len(all)
			byName[name] = k
			s := series{name: name, y: nanSlice(len(periods)), flag: make([]bool, len(periods))}
			if rep.ShowCI {
				s.lo, s.hi = nanSlice(len(periods)), nanSlice(len(periods))
			}
			all = append(all, s)
			responses = append(responses, 0)
		}
		s, r := &all[k], g.Result
		responses[k] += r.N
		if !r.Empty() {
			s.y[i] = r.NPS
			if s.lo != nil {
				s.lo[i], s.hi[i] = r.CILow, r.CIHigh
			}
			s.flag[i] = r.LowN
		}
	}
	maxS := rep.MaxSeries
	if maxS <= 0 {
		maxS = defaultMaxSeries
	}
	ss, left := capSeries(all, responses, maxS)

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
