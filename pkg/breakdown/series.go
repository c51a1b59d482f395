package breakdown

import (
	"iter"
	"slices"

	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
)

// A trend is made one group at a time, never all held: a trend by
// respondent fills millions of empty periods (every respondent has a row
// for every month), and holding them cost gigabytes. FillPeriods, Rolling
// and Changes hold theirs for the few groups of a report.

// Span is the periods a trend's groups cover: every period of Unit from
// First to Last (ordinals), and whether their tallies are weighted, so
// that the empty periods it fills are made alike.
type Span struct {
	Unit        period.Unit
	First, Last int32
	Weighted    bool
}

// SpanOf is the span of groups (with a period unit; at least one).
func SpanOf(groups iter.Seq[Group]) Span {
	var sp Span
	seen := false
	for g := range groups {
		ord := g.Key.Period.Ord
		if !seen {
			sp.Unit, sp.First, sp.Last, seen = g.Key.Period.Unit, ord, ord, true
		}
		sp.First, sp.Last = min(sp.First, ord), max(sp.Last, ord)
		sp.Weighted = sp.Weighted || g.Tally.Weighted
	}
	return sp
}

// Len is the number of periods from First to Last.
func (sp Span) Len() int { return int(int64(sp.Last)-int64(sp.First)) + 1 }

// Labels are the labels of the span's periods, in time order.
func (sp Span) Labels() []string {
	out := make([]string, 0, sp.Len())
	for ord := int64(sp.First); ord <= int64(sp.Last); ord++ {
		out = append(out, period.Period{Unit: sp.Unit, Ord: int32(ord)}.Label())
	}
	return out
}

// Check refuses the span as FillPeriods does (outlying dates, more than
// MaxPeriods): groups are its groups, or any groups with as many
// responses in each period (their totals by period).
func (sp Span) Check(groups []Group) error { return checkSpan(groups, sp.First, sp.Last) }

// Fill yields groups, which come in key order and lie in the span, with
// the empty periods of the span inserted into each segment combination
// (n = 0): FillPeriods one group at a time. The empty groups share the
// Segments of their combination's first group, which must stay valid.
func (sp Span) Fill(groups iter.Seq[Group]) iter.Seq[Group] {
	return func(yield func(Group) bool) {
		var segs []string
		open, next := false, int64(sp.First) // next: the combination's next period to yield
		empties := func(to int64) bool {
			for ; next < to; next++ {
				g := Group{Key: Key{Segments: segs, Period: period.Period{Unit: sp.Unit, Ord: int32(next)}}, Tally: nps.Tally{Weighted: sp.Weighted}}
				if !yield(g) {
					return false
				}
			}
			return true
		}
		for g := range groups {
			if open && compareSegments(g.Key.Segments, segs) != 0 {
				if !empties(int64(sp.Last) + 1) {
					return
				}
				open = false
			}
			if !open {
				segs, next, open = g.Key.Segments, int64(sp.First), true
			}
			if !empties(int64(g.Key.Period.Ord)) || !yield(g) {
				return
			}
			next = int64(g.Key.Period.Ord) + 1
		}
		if open {
			empties(int64(sp.Last) + 1)
		}
	}
}

// Rolled yields each of groups (in key order) with its tally merged with
// those of the n-1 periods before it of the same segments (fewer at the
// start; missing periods count as empty): Rolling one group at a time,
// holding the groups of the window. With n <= 1 it is groups.
func Rolled(groups iter.Seq[Group], n int) iter.Seq[Group] {
	if n <= 1 {
		return groups
	}
	return func(yield func(Group) bool) {
		// The groups before g of its segment combination that lie in g's
		// window, oldest first: periods of a combination rise one at least
		// a group, so there are at most n-1, and at most its periods.
		var before []Group
		for g := range groups {
			out := g
			if len(before) > 0 && compareSegments(before[0].Key.Segments, g.Key.Segments) != 0 {
				before = before[:0]
			}
			if cur := g.Key; cur.Period.Unit != period.None {
				oldest := int64(cur.Period.Ord) - int64(n) + 1
				drop := 0
				for drop < len(before) && int64(before[drop].Key.Period.Ord) < oldest {
					drop++
				}
				before = append(before[:0], before[drop:]...)
				for j := len(before) - 1; j >= 0; j-- {
					out.Tally.Merge(&before[j].Tally)
				}
			}
			before = append(before, g)
			if !yield(out) {
				return
			}
		}
	}
}

// NewChanges returns a function that gives, for each group of a trend
// passed to it in turn (as Changes takes them), its change as Changes
// says it, at the confidence of compares: Changes one group at a time.
// It keeps the last group with responses, whose Segments must stay valid.
// Series of a few responses a period (a trend by respondent) repeat a few
// hundred pairs among hundreds of thousands, and a trend read more than
// once compares the same pairs again: compares may be shared.
func NewChanges(compares *nps.CompareMemo) func(g *Group) int8 {
	var prev Group // the series' last group with responses
	has := false
	return func(g *Group) int8 {
		if has && !slices.Equal(prev.Key.Segments, g.Key.Segments) {
			has = false
		}
		if g.Tally.N() == 0 {
			return 0
		}
		var change int8
		if has {
			if c := compares.Compare(&prev.Tally, &g.Tally); c.Significant {
				change = 1
				if c.Diff < 0 {
					change = -1
				}
			}
		}
		prev, has = *g, true
		return change
	}
}
