package engine

import (
	"fmt"
	"iter"
	"runtime"
	"slices"
	"sync"

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
		results := nps.NewResultMemo(opt)
		rs := make([]ranked, len(order))
		gr.EachGroup(order, func(i int, g *breakdown.Group) {
			rs[i] = ranked{id: order[i], rankKey: rank(results.Result(&g.Tally))}
		})
		slices.SortStableFunc(rs, func(a, b ranked) int { return o.compare(a.rankKey, b.rankKey) })
		for i, r := range rs {
			order[i] = r.id
		}
	}
	width := gr.Segments() // values a key holds
	if gr.Unit() != period.None {
		width++
	}
	return computeAhead(order, func() func([]int32, []GroupResult) {
		results := nps.NewResultMemo(opt)
		var text []byte // the worker's, reused batch after batch
		return func(ids []int32, rs []GroupResult) {
			// The batch's key values, their bytes one after another in one
			// string: whoever reads the keys in order reads memory in order,
			// not the groups' entries all over it. A key can keep its values.
			keys := make([]string, len(ids)*width)
			ends := make([]int, len(keys))
			text = text[:0]
			gr.EachGroup(ids, func(i int, g *breakdown.Group) {
				at := i * width
				for j, s := range g.Key.Segments {
					text = append(text, s...)
					ends[at+j] = len(text)
				}
				if g.Key.Period.Unit != period.None {
					text = append(text, g.Key.Period.Label()...)
					ends[at+width-1] = len(text)
				}
				rs[i] = GroupResult{Key: keys[at : at+width : at+width], Result: results.Result(&g.Tally)}
			})
			all, from := string(text), 0
			for j, end := range ends {
				keys[j], from = all[from:end], end
			}
		}
	})
}

// resultBatch is how many results a worker of computeAhead makes at a time.
const resultBatch = 1024

// computeAhead yields the results of order's ids, in order, made a batch
// at a time by compute(ids, rs), which sets rs[i] to the result of ids[i];
// each goroutine computing has its own compute from newCompute. Past a few
// batches, workers compute the results a batch ahead while the caller
// writes the ones before them (with a million groups the intervals cost
// about as much as writing the rows), on as many cores as are left
// beside the caller's, up to 4. Batches in flight are bounded: two per
// worker. No worker outlives the sequence.
func computeAhead(order []int32, newCompute func() func(ids []int32, rs []GroupResult)) iter.Seq[GroupResult] {
	workers := min(runtime.GOMAXPROCS(0)-1, 4)
	return func(yield func(GroupResult) bool) {
		if workers < 1 || len(order) < 4*resultBatch {
			compute := newCompute()
			rs := make([]GroupResult, min(len(order), resultBatch))
			for start := 0; start < len(order); start += resultBatch {
				ids := order[start:min(start+resultBatch, len(order))]
				compute(ids, rs[:len(ids)])
				for _, r := range rs[:len(ids)] {
					if !yield(r) {
						return
					}
				}
			}
			return
		}
		done := make(chan struct{})
		var wg sync.WaitGroup
		defer wg.Wait()
		defer close(done)
		// worker w makes batches w, w+workers, w+2·workers, ..., in
		// slices the caller hands back once it has yielded them (free)
		batches := make([]chan []GroupResult, workers)
		free := make([]chan []GroupResult, workers)
		for w := range batches {
			batches[w] = make(chan []GroupResult, 2)
			free[w] = make(chan []GroupResult, 2)
			wg.Go(func() {
				defer close(batches[w])
				compute := newCompute()
				for start := w * resultBatch; start < len(order); start += workers * resultBatch {
					ids := order[start:min(start+resultBatch, len(order))]
					var rs []GroupResult
					select {
					case rs = <-free[w]:
					default:
						rs = make([]GroupResult, resultBatch)
					}
					rs = rs[:len(ids)]
					compute(ids, rs)
					select {
					case batches[w] <- rs:
					case <-done:
						return
					}
				}
			})
		}
		for b := 0; ; b++ {
			rs, ok := <-batches[b%workers]
			if !ok { // batch b does not exist: all were yielded
				return
			}
			for _, r := range rs {
				if !yield(r) {
					return
				}
			}
			select {
			case free[b%workers] <- rs:
			default: // more than the worker will take: the last batches
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
