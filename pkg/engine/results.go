package engine

import (
	"fmt"
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
	switch o {
	case ByNPS:
		slices.SortStableFunc(out, func(a, b GroupResult) int {
			switch ea, eb := a.Result.Empty(), b.Result.Empty(); {
			case ea || eb:
				return boolCmp(ea, eb)
			case a.Result.NPS > b.Result.NPS:
				return -1
			case a.Result.NPS < b.Result.NPS:
				return 1
			}
			return 0
		})
	case ByN:
		slices.SortStableFunc(out, func(a, b GroupResult) int {
			switch {
			case a.Result.N > b.Result.N:
				return -1
			case a.Result.N < b.Result.N:
				return 1
			}
			return 0
		})
	}
	return out
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
