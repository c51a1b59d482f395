package engine

import (
	"fmt"
	"iter"
	"runtime"
	"slices"
	"sync"
	"unsafe"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
)

// GroupResult is one group's key values (in Grouping.KeyNames order) and
// its result.
type GroupResult struct {
	Key    []string
	Result nps.Result
	// Change is a trend's +1 or -1 for a significant rise or fall from
	// the series' previous period (breakdown.Changes), 0 otherwise.
	Change int8
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
// call of the sequence computes the results again. Past a few batches the
// results are made a batch ahead of the caller (with a million groups
// the intervals cost about as much as writing the rows) on as many cores
// as are left beside the caller's, up to 4.
func EachResult(gr *breakdown.Grouper, opt nps.Options, o Order) iter.Seq[GroupResult] {
	order := ordered(gr, opt, o)
	batches := ahead(order, min(runtime.GOMAXPROCS(0)-1, 4), func() func([]int32, []GroupResult) ([]GroupResult, error) {
		results := newResults(gr, opt, true)
		return func(ids []int32, rs []GroupResult) ([]GroupResult, error) {
			rs = slices.Grow(rs[:0], len(ids))[:len(ids)]
			results(ids, rs)
			return rs, nil
		}
	})
	return func(yield func(GroupResult) bool) {
		for rs := range batches {
			for _, r := range rs {
				if !yield(r) {
					return
				}
			}
		}
	}
}

// EachEncoded is EachResult for a writer whose cost per row is about a
// result's (a CSV row per respondent): each batch's results are encoded
// by the goroutine that made them, with an encoder of its own from
// newEncoder, on all cores (up to 4), and the sequence yields the batches'
// bytes in order, or an encoder's error and then stops.
func EachEncoded(gr *breakdown.Grouper, opt nps.Options, o Order, newEncoder func() func(b []byte, r *GroupResult) ([]byte, error)) iter.Seq2[[]byte, error] {
	order := ordered(gr, opt, o)
	return ahead(order, min(runtime.GOMAXPROCS(0), 4), func() func([]int32, []byte) ([]byte, error) {
		results, encode := newResults(gr, opt, false), newEncoder()
		rs := make([]GroupResult, resultBatch)
		return func(ids []int32, b []byte) ([]byte, error) {
			rs := rs[:len(ids)]
			results(ids, rs)
			b = b[:0]
			for i := range rs {
				var err error
				if b, err = encode(b, &rs[i]); err != nil {
					return nil, err
				}
			}
			return b, nil
		}
	})
}

// ordered is gr's group numbers as o lists them.
func ordered(gr *breakdown.Grouper, opt nps.Options, o Order) []int32 {
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
	return order
}

// newResults returns a function that sets rs[i] to the result of group
// ids[i], for one goroutine. With keep, a result's key values are the
// caller's to keep; else they are valid until the next call, and no
// memory is allocated for them (with a million groups the keys' garbage
// kept the collector running, and every pointer stored paid its write
// barrier).
func newResults(gr *breakdown.Grouper, opt nps.Options, keep bool) func(ids []int32, rs []GroupResult) {
	width := gr.Segments() // values a key holds
	if gr.Unit() != period.None {
		width++
	}
	results := nps.NewResultMemo(opt)
	var (
		text []byte // the goroutine's, reused batch after batch
		keys []string
		ends []int
	)
	return func(ids []int32, rs []GroupResult) {
		// The batch's key values, their bytes one after another in one
		// string: whoever reads the keys in order reads memory in order,
		// not the groups' entries all over it.
		if keep || len(keys) < len(ids)*width {
			keys = make([]string, len(ids)*width)
			ends = make([]int, len(keys))
		}
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
		all, from := unsafe.String(unsafe.SliceData(text), len(text)), 0
		if keep {
			all = string(text)
		}
		for j, end := range ends[:len(ids)*width] {
			keys[j], from = all[from:end], end
		}
	}
}

// resultBatch is how many groups a goroutine of ahead takes at a time.
const resultBatch = 1024

// ahead yields batches of order's ids in order, each made by work(ids,
// buf) into buf, a batch yielded before (or nil), on up to workers
// goroutines, each with its own work from newWork: past a few batches
// they make batches ahead of the caller, two each at most. A work's error
// is yielded in its batch's place and ends the sequence. No goroutine
// outlives the sequence; with no workers (one core) or few batches the
// caller makes them.
func ahead[B any](order []int32, workers int, newWork func() func(ids []int32, buf B) (B, error)) iter.Seq2[B, error] {
	return func(yield func(B, error) bool) {
		if workers < 1 || len(order) < 4*resultBatch {
			work := newWork()
			var buf B
			for start := 0; start < len(order); start += resultBatch {
				var err error
				buf, err = work(order[start:min(start+resultBatch, len(order))], buf)
				if !yield(buf, err) || err != nil {
					return
				}
			}
			return
		}
		type batch struct {
			b   B
			err error
		}
		done := make(chan struct{})
		var wg sync.WaitGroup
		defer wg.Wait()
		defer close(done)
		// goroutine w makes batches w, w+workers, w+2·workers, ..., in
		// buffers the caller hands back once it has yielded them (free)
		batches := make([]chan batch, workers)
		free := make([]chan B, workers)
		for w := range batches {
			batches[w] = make(chan batch, 2)
			free[w] = make(chan B, 4)
			wg.Go(func() {
				defer close(batches[w])
				work := newWork()
				for start := w * resultBatch; start < len(order); start += workers * resultBatch {
					var buf B
					select {
					case buf = <-free[w]:
					default:
					}
					b, err := work(order[start:min(start+resultBatch, len(order))], buf)
					select {
					case batches[w] <- batch{b, err}:
					case <-done:
						return
					}
					if err != nil {
						return
					}
				}
			})
		}
		for k := 0; ; k++ {
			bt, ok := <-batches[k%workers]
			if !ok { // batch k does not exist: all were yielded
				return
			}
			if !yield(bt.b, bt.err) || bt.err != nil {
				return
			}
			select {
			case free[k%workers] <- bt.b:
			default: // more than the goroutine will take: the last batches
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
