package engine

import (
	"fmt"
	"iter"
	"slices"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
)

// GroupResult is one group's key values (in Grouping.KeyNames order) and
// its result.
type GroupResult struct {
	Key    []string
	Result nps.Result
}

// Order is how groups are listed.
type Order uint8

const (
	ByKey Order = iota // segments by name, periods by time
	ByNPS              // highest NPS first; empty groups last
	ByN                // most responses first
)

// ParseOrder reads "key", "nps" or "n".
func ParseOrder(s string) (Order, error) {
	switch s {
	case "key":
		return ByKey, nil
	case "nps":
		return ByNPS, nil
	case "n":
		return ByN, nil
	}
	return 0, fmt.Errorf("%q is not a sort order", s)
}

// Results computes each group's result, ordered by o. Groups arrive in key
// order; ByNPS and ByN keep key order among ties.
func Results(groups []breakdown.Group, opt nps.Options, o Order) []GroupResult {
	out := make([]GroupResult, 0, len(groups))
	for _, g := range groups {
		out = append(out, GroupResult{Key: KeyValues(g.Key), Result: g.Tally.Result(opt)})
	}
	if o != ByKey {
		slices.SortStableFunc(out, func(a, b GroupResult) int { return o.compare(rank(a.Result), rank(b.Result)) })
	}
	return out
}

// EachResult yields the results of gr's groups one at a time, ordered as
// Results orders them, holding 4 bytes a group (and 32 more while ordering
// by NPS or n) instead of every result and key: for millions of groups. Each
// call of the sequence computes the results again.
func EachResult(gr *breakdown.Grouper, opt nps.Options, o Order) iter.Seq[GroupResult] {
	order := gr.Order()
	if o != ByKey {
		rs := make([]ranked, len(order))
		for i, id := range order {
			g := gr.Group(id)
			rs[i] = ranked{id: id, rankKey: rank(g.Tally.Result(opt))}
		}
		slices.SortStableFunc(rs, func(a, b ranked) int { return o.compare(a.rankKey, b.rankKey) })
		for i, r := range rs {
			order[i] = r.id
		}
	}
	return func(yield func(GroupResult) bool) {
		for _, id := range order {
			g := gr.Group(id)
			if !yield(GroupResult{Key: KeyValues(g.Key), Result: g.Tally.Result(opt)}) {
				return
			}
		}
	}
}

// rankKey is what ByNPS and ByN order results by.
type rankKey struct {
	empty bool
	nps   float64
	n     int64
}

type ranked struct {
	id int32
	rankKey
}

func rank(r nps.Result) rankKey { return rankKey{r.Empty(), r.NPS, r.N} }

// compare orders two results as o lists them (0 for ByKey: ties).
func (o Order) compare(a, b rankKey) int {
	switch o {
	case ByNPS:
		switch {
		case a.empty || b.empty:
			return boolCmp(a.empty, b.empty)
		case a.nps > b.nps:
			return -1
		case a.nps < b.nps:
			return 1
		}
	case ByN:
		switch {
		case a.n > b.n:
			return -1
		case a.n < b.n:
			return 1
		}
	}
	return 0
}

// boolCmp orders false before true.
func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// KeyValues are a group key's values in Grouping.KeyNames order.
func KeyValues(k breakdown.Key) []string {
	vals := append([]string(nil), k.Segments...)
	if k.Period.Unit != period.None {
		vals = append(vals, k.Period.Label())
	}
	return vals
}
