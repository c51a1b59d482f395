package engine

import (
	"iter"
	"slices"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
)

// Trend is a grouping by period made into a trend (`nps trend`): its
// periods, and its groups made one at a time.
type Trend struct {
	// Periods is every period's label from the first to the last, in
	// time order: the keys' last values.
	Periods []string
	// Warning is about outlying dates that stretch the trend without being
	// refused, "" when there are none (as FillPeriods gives it).
	Warning string
	// Each yields the trend's results in key order: each segment
	// combination with every period (those without responses n = 0), a
	// rolling trend's tallies merged over their windows, and otherwise
	// each result's Change from the previous period (breakdown.Changes).
	// It may be called more than once, one call at a time: the calls share
	// one memo of results and comparisons.
	Each iter.Seq[GroupResult]
}

// Trend makes the trend of gr, a grouping by period, over rolling periods
// (1: each period alone), refusing what FillPeriods refuses, with the
// same error. Its groups are never all held: a trend by respondent fills
// an empty period for every respondent and month. It holds 4 bytes a group
// of gr (their order) and Each holds the rolling window.
func (r *Result) Trend(gr *breakdown.Grouper, opt nps.Options, rolling int) (*Trend, error) {
	order := gr.Order()
	t := &Trend{Each: func(func(GroupResult) bool) {}}
	totals := periodTotals(gr, order)
	if len(totals) == 0 {
		return t, nil
	}
	sp := breakdown.SpanOf(slices.Values(totals))
	if err := sp.Check(totals); err != nil {
		return nil, r.located(err)
	}
	t.Warning = r.outlyingWarning(totals)
	t.Periods = sp.Labels()
	// A trend's table and chart each read it (the chart twice): the
	// results and comparisons are worked out once, each an interval found
	// by iteration.
	results, compares := nps.NewResultMemo(opt), nps.NewCompareMemo(opt)
	t.Each = func(yield func(GroupResult) bool) {
		change := breakdown.NewChanges(compares)
		for g := range breakdown.Rolled(sp.Fill(gr.GroupsOf(order)), rolling) {
			key := make([]string, len(g.Key.Segments), len(g.Key.Segments)+1)
			copy(key, g.Key.Segments)
			res := GroupResult{Key: append(key, t.Periods[g.Key.Period.Ord-sp.First]), Result: results.Result(&g.Tally)}
			if rolling <= 1 { // rolling windows overlap: not independent samples
				res.Change = change(&g)
			}
			if !yield(res) {
				return
			}
		}
	}
	return t, nil
}

// periodTotals are the groups ids of gr merged by period, in time order:
// what the checks of a trend's span read. None without a period unit.
func periodTotals(gr *breakdown.Grouper, ids []int32) []breakdown.Group {
	if gr.Unit() == period.None {
		return nil
	}
	byOrd := map[int32]*breakdown.Group{}
	gr.EachGroup(ids, func(_ int, g *breakdown.Group) {
		tot := byOrd[g.Key.Period.Ord]
		if tot == nil {
			tot = &breakdown.Group{Key: breakdown.Key{Period: g.Key.Period}}
			byOrd[g.Key.Period.Ord] = tot
		}
		tot.Tally.Merge(&g.Tally)
	})
	out := make([]breakdown.Group, 0, len(byOrd))
	for _, g := range byOrd {
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b breakdown.Group) int { return a.Key.Compare(b.Key) })
	return out
}
