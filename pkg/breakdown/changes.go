package breakdown

import (
	"slices"

	"github.com/npskit/nps/pkg/nps"
)

// Changes says, for each group of a trend (series in key order, each in
// time order, as Groups and FillPeriods give them), whether its NPS
// differs significantly from the previous period of the same series that
// has responses: +1 a significant rise, -1 a significant fall, 0 neither,
// or no such period, or no responses. Significance is nps.Compare's at
// opt's confidence (the interval of the difference excludes 0). The
// periods must not overlap: rolling windows share responses, so their
// differences are not independent samples.
//
// The comparison of two unweighted tallies depends on their counts alone,
// and series of a few responses a period (a trend by respondent) repeat
// a few hundred pairs of counts among hundreds of thousands: each pair is
// compared once (an interval found by iteration, about 0.3 ms).
func Changes(groups []Group, opt nps.Options) []int8 {
	out := make([]int8, len(groups))
	memo := map[[2][11]int64]int8{}
	prev := -1 // the series' last group with responses
	for i := range groups {
		if prev >= 0 && !slices.Equal(groups[prev].Key.Segments, groups[i].Key.Segments) {
			prev = -1
		}
		if groups[i].Tally.N() == 0 {
			continue
		}
		if prev >= 0 {
			a, b := &groups[prev].Tally, &groups[i].Tally
			key := [2][11]int64{a.Count, b.Count}
			change, ok := memo[key]
			if !ok || a.Weighted || b.Weighted {
				change = 0
				if c := nps.Compare(a, b, opt); c.Significant {
					change = 1
					if c.Diff < 0 {
						change = -1
					}
				}
				if !a.Weighted && !b.Weighted {
					memo[key] = change
				}
			}
			out[i] = change
		}
		prev = i
	}
	return out
}
