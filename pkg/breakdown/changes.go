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
// Series of a few responses a period (a trend by respondent) repeat a few
// hundred pairs among hundreds of thousands: nps.CompareMemo.
func Changes(groups []Group, opt nps.Options) []int8 {
	out := make([]int8, len(groups))
	compares := nps.NewCompareMemo(opt)
	prev := -1 // the series' last group with responses
	for i := range groups {
		if prev >= 0 && !slices.Equal(groups[prev].Key.Segments, groups[i].Key.Segments) {
			prev = -1
		}
		if groups[i].Tally.N() == 0 {
			continue
		}
		if prev >= 0 {
			if c := compares.Compare(&groups[prev].Tally, &groups[i].Tally); c.Significant {
				out[i] = 1
				if c.Diff < 0 {
					out[i] = -1
				}
			}
		}
		prev = i
	}
	return out
}
