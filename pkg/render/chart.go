package render

import (
	"cmp"
	"math"
	"slices"
)

// chart is a chart as data: an x axis of labels, one or more series of
// values over it, a caption and notes. It says nothing about drawing: a
// writer draws it (asciigraph on a terminal, SVG in a page or alone, a
// sparkline in Markdown). Its text is display text (sanitised for a
// terminal).
type chart struct {
	kind    chartKind
	caption string   // what the chart shows, under it
	x       []string // a label per x position, in order
	series  []series // the lines, in legend order
	band    string   // what a series' lo and hi bounds are ("95% CI"), for the legend
	notes   []string // under the caption: points to read with care, gaps, series left out
	height  int      // wanted plot lines; 0 lets the writer choose
	width   int      // wanted plot columns; 0 lets the writer choose
	unit    string   // after each y value: "%" for shares, "" for NPS points
}

// chartKind is how a chart's values are shown.
type chartKind uint8

const (
	// lineChart: series over an axis of periods, a gap where a value is
	// NaN, the lo/hi bounds as a band.
	lineChart chartKind = iota
	// barChart: one series of bars, each in its tone's colour. On a
	// terminal the table it comes with draws the same bars, so the table
	// and Markdown writers leave it out.
	barChart
	// dotChart: one row per x label (a segment value), its first series a
	// dot with a whisker (y with its lo/hi bounds, hollow where flagged,
	// marked by its tone: a significant drag or lift), its second series
	// a reference tick on the same row (the rest of the responses).
	// Drawn as SVG and as text rows on a terminal and in Markdown.
	dotChart
)

// series is one line of a chart.
type series struct {
	name   string
	y      []float64 // per x position; NaN where there is no value (a gap)
	lo, hi []float64 // per x position, the bounds drawn around y; nil for none
	flag   []bool    // per x position: a point to read with care (low n)
	tones  []tone    // barChart: per x position, the bar's colour; dotChart: badTone a drag, goodTone a lift
}

func nanSlice(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = math.NaN()
	}
	return s
}

// capSeries keeps the max names with the largest weight (ties: first
// come), in their order, and returns the others' names in order.
func capSeries(names []string, weight []int64, max int) (kept, left []string) {
	if len(names) <= max {
		return names, nil
	}
	order := make([]int, len(names))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(weight[b], weight[a]) })
	keep := make([]bool, len(names))
	for _, i := range order[:max] {
		keep[i] = true
	}
	for i, name := range names {
		if keep[i] {
			kept = append(kept, name)
		} else {
			left = append(left, name)
		}
	}
	return kept, left
}
