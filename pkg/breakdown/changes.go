package breakdown

import (
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
func Changes(groups []Group, opt nps.Options) []int8 {
	out := make([]int8, len(groups))
	change := NewChanges(nps.NewCompareMemo(opt))
	for i := range groups {
		out[i] = change(&groups[i])
	}
	return out
}
