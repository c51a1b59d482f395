// Package drivers finds the segments that move the overall NPS: for each
// value of each segment column, its NPS against the rest of the responses,
// the gap with its interval, a p-value adjusted across every row, and the
// impact on the overall score. It is a pure function of tallies: the
// engine fills them in one pass (one grouping per column).
package drivers

import (
	"cmp"
	"iter"
	"math"
	"slices"

	"github.com/npskit/nps/pkg/nps"
)

// Segment is one value of a segment column and the tally of its
// responses, which must be part of the overall tally.
type Segment struct {
	Column, Value string
	Tally         nps.Tally
	// Prev and Last are the segment's tallies in the two last periods
	// (only with Options.Periods), PrevAll and LastAll everyone's there.
	Prev, Last nps.Tally
}

// Driver is one segment against the rest.
type Driver struct {
	Column, Value string
	Result        nps.Result // the segment's n, NPS and interval
	// Share is the segment's part of the responses, 0-1 (of the weights
	// when weighted).
	Share   float64
	RestNPS float64
	// Gap is NPS(segment) − NPS(rest), with the compare interval
	// (nps.VersusRest) and its raw and Holm-adjusted p-values.
	Gap, GapLow, GapHigh float64
	PValue, PAdjusted    float64
	// Significant: PAdjusted below 1 − confidence. A significant negative
	// gap is a drag, a positive one a lift.
	Significant bool
	// Impact = Share × (RestNPS − NPS): the points the overall NPS would
	// gain if the segment scored like the rest (negative for a lift).
	Impact float64
	// Change is the gap's change between the two last periods (only
	// with Options.Periods).
	Change *Change
}

// Change is how a driver's gap moved from the previous period to the last.
type Change struct {
	PrevGap, LastGap float64
	// Diff = LastGap − PrevGap, with a MOVER interval from the two gaps'
	// intervals (independent periods); Changed: the interval excludes 0.
	Diff, Low, High float64
	Changed         bool
}

// Options are the statistics options and, for the period change, the
// overall tallies of the two last periods.
type Options struct {
	nps.Options
	// Adjust is the multiplicity adjustment of the p-values across all
	// segments: Holm (the zero value), Benjamini-Hochberg or none.
	Adjust           nps.Adjustment
	Periods          bool
	PrevAll, LastAll nps.Tally
}

// Analyze compares every segment with the rest of overall and returns the
// drivers ordered by impact, largest first (ties by column and value in
// the order given; empty rests last). The p-values are adjusted across
// all segments by opt.Adjust (Holm by default).
func Analyze(overall *nps.Tally, segs []Segment, opt Options) []Driver {
	out := make([]Driver, 0, len(segs))
	return slices.AppendSeq(out, Ranked(overall, len(segs), func(i int) *Segment { return &segs[i] }, opt))
}

// Ranked is Analyze for n segments given by number, segment(i) the i-th,
// yielded one at a time: it holds 28 bytes a segment instead of every
// segment and driver (a column of a million values, compare --by email).
// It asks for each segment twice, once to rank it and once to yield it,
// and must be given the same segment each time; the Segment is not kept
// past the call. The sequence ranks the segments when it is first read,
// and may be read again.
func Ranked(overall *nps.Tally, n int, segment func(i int) *Segment, opt Options) iter.Seq[Driver] {
	total := weight(overall)
	// Segments of a response or two (compare --by email) share a few dozen
	// results and comparisons.
	results, compares := nps.NewResultMemo(opt.Options), nps.NewCompareMemo(opt.Options)
	driver := func(s *Segment) Driver {
		d := Driver{Column: s.Column, Value: s.Value, Result: results.Result(&s.Tally)}
		c, err := compares.VersusRest(&s.Tally, overall)
		if err != nil {
			c = nps.Comparison{Diff: math.NaN(), DiffCILow: math.NaN(), DiffCIHigh: math.NaN(), PValue: math.NaN()}
			c.A.NPS = math.NaN()
		}
		d.Share = weight(&s.Tally) / total
		d.RestNPS = c.A.NPS
		d.Gap, d.GapLow, d.GapHigh, d.PValue = c.Diff, c.DiffCILow, c.DiffCIHigh, c.PValue
		d.Impact = d.Share * (d.RestNPS - d.Result.NPS)
		return d
	}
	var (
		order []int32   // the segments by impact
		adj   []float64 // their adjusted p-values, by number
	)
	rank := func() {
		impact, pv := make([]float64, n), make([]float64, n)
		for i := range n {
			d := driver(segment(i))
			impact[i], pv[i] = d.Impact, d.PValue
		}
		adj = nps.AdjustPValues(pv, opt.Adjust)
		order = make([]int32, n)
		for i := range order {
			order[i] = int32(i)
		}
		// Descending; cmp.Compare puts NaN below every number, so empty
		// rests come last.
		slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(impact[b], impact[a]) })
	}
	alpha := 1 - level(opt.Options)
	return func(yield func(Driver) bool) {
		if order == nil {
			rank()
		}
		for _, i := range order {
			s := segment(int(i))
			d := driver(s)
			if opt.Periods {
				d.Change = change(s, opt)
			}
			d.PAdjusted, d.Significant = adj[i], adj[i] < alpha
			if !yield(d) {
				return
			}
		}
	}
}

// change is the move of s's gap from the previous period to the last.
func change(s *Segment, opt Options) *Change {
	nan := math.NaN()
	ch := &Change{PrevGap: nan, LastGap: nan, Diff: nan, Low: nan, High: nan}
	p, errP := nps.VersusRest(&s.Prev, &opt.PrevAll, opt.Options)
	l, errL := nps.VersusRest(&s.Last, &opt.LastAll, opt.Options)
	if errP != nil || errL != nil {
		return ch
	}
	ch.PrevGap, ch.LastGap = p.Diff, l.Diff
	ch.Diff = l.Diff - p.Diff
	if math.IsNaN(ch.Diff) || math.IsNaN(p.DiffCILow) || math.IsNaN(l.DiffCILow) {
		return ch
	}
	// MOVER (Zou & Donner 2008) for the difference of two independent
	// estimates with their own intervals, as nps.Compare combines two NPS.
	ch.Low = ch.Diff - math.Hypot(l.Diff-l.DiffCILow, p.DiffCIHigh-p.Diff)
	ch.High = ch.Diff + math.Hypot(l.DiffCIHigh-l.Diff, p.Diff-p.DiffCILow)
	ch.Changed = ch.Low > 0 || ch.High < 0
	return ch
}

// weight is a tally's number of responses, or its weight total.
func weight(t *nps.Tally) float64 {
	if t.Weighted {
		r := t.Result(nps.Options{})
		return r.WeightTotal
	}
	return float64(t.N())
}

func level(o nps.Options) float64 {
	if o.Confidence == 0 {
		return 0.95
	}
	return o.Confidence
}
