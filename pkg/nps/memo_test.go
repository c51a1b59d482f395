package nps

import (
	"math"
	"reflect"
	"slices"
	"testing"
)

// sameBits reports whether two results are equal field by field, numbers
// bit for bit (NaN equals NaN, -0 differs from 0).
func sameBits(a, b Result) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for i := range va.NumField() {
		fa, fb := va.Field(i), vb.Field(i)
		if fa.Kind() == reflect.Float64 {
			if math.Float64bits(fa.Float()) != math.Float64bits(fb.Float()) {
				return false
			}
		} else if fa.Interface() != fb.Interface() {
			return false
		}
	}
	return true
}

// TestResultMemoMatchesResult asks a memo, twice over, for every tally of
// up to 12 responses spread over all eleven scores in several ways, and
// for weighted tallies, under each method: every answer must be
// Tally.Result's, whether it was kept, computed once the memo was full, or
// weighted.
func TestResultMemoMatchesResult(t *testing.T) {
	for _, opt := range []Options{
		{Confidence: 0.95, MinN: 30},
		{Confidence: 0.9, Method: Wald, MinN: 2},
		{Confidence: 0.99, Method: ScoreInterval},
	} {
		memo := NewResultMemo(opt)
		tallies := memoTallies(12)
		for round := range 2 {
			for _, tl := range tallies {
				if got, want := memo.Result(&tl), tl.Result(opt); !sameBits(got, want) {
					t.Fatalf("%+v round %d: memo %+v, Result %+v", opt, round, got, want)
				}
			}
		}
	}
}

// memoTallies are the tallies of up to n responses, each mix of
// categories twice from different scores, and a weighted one.
func memoTallies(n int64) []Tally {
	var tallies []Tally
	for d := range n + 1 {
		for m := range n + 1 - d {
			for p := range n + 1 - d - m {
				var a, b Tally
				a.Count[0], a.Count[7], a.Count[10] = d, m, p
				b.Count[6], b.Count[8], b.Count[9] = d, m, p
				tallies = append(tallies, a, b)
			}
		}
	}
	var w Tally
	w.AddWeighted(9, 2.5)
	w.AddWeighted(3, 0.5)
	return append(tallies, w)
}

// TestResultMemoSlotsTurnOver asks for more distinct results than the
// memo has slots, twice over: results that displace each other are still
// right.
func TestResultMemoSlotsTurnOver(t *testing.T) {
	opt := Options{Confidence: 0.95}
	memo := NewResultMemo(opt)
	for round := range 2 {
		for n := range int64(4 * memoSlots) {
			tl := Tally{}
			tl.Count[10], tl.Count[0] = n+1, n%3
			if got, want := memo.Result(&tl), tl.Result(opt); !sameBits(got, want) {
				t.Fatalf("round %d, n=%d: memo %+v, Result %+v", round, n+1, got, want)
			}
		}
	}
}

// TestCompareMemoMatchesCompare asks a memo, twice over, to compare every
// pair among tallies of up to 6 responses (the same categories from
// different scores) and weighted ones, more distinct pairs than it has
// slots: every answer must be Compare's and VersusRest's, bit for bit,
// whether it was kept, displaced or weighted; a group not part of the
// overall is VersusRest's error.
func TestCompareMemoMatchesCompare(t *testing.T) {
	same := func(a, b Comparison) bool {
		return sameBits(a.A, b.A) && sameBits(a.B, b.B) && a.Significant == b.Significant &&
			slices.Equal([]uint64{math.Float64bits(a.Diff), math.Float64bits(a.DiffCILow), math.Float64bits(a.DiffCIHigh), math.Float64bits(a.Z), math.Float64bits(a.PValue), math.Float64bits(a.MDD)},
				[]uint64{math.Float64bits(b.Diff), math.Float64bits(b.DiffCILow), math.Float64bits(b.DiffCIHigh), math.Float64bits(b.Z), math.Float64bits(b.PValue), math.Float64bits(b.MDD)})
	}
	tallies := memoTallies(3)
	var overall Tally
	for i := range tallies {
		overall.Merge(&tallies[i])
	}
	opt := Options{Confidence: 0.9}
	memo := NewCompareMemo(opt)
	for round := range 2 {
		for i := range tallies {
			for j := range tallies {
				if got, want := memo.Compare(&tallies[i], &tallies[j]), Compare(&tallies[i], &tallies[j], opt); !same(got, want) {
					t.Fatalf("round %d, %+v against %+v: memo %+v, Compare %+v", round, tallies[i], tallies[j], got, want)
				}
			}
			got, err := memo.VersusRest(&tallies[i], &overall)
			want, errWant := VersusRest(&tallies[i], &overall, opt)
			if err != nil || errWant != nil || !same(got, want) {
				t.Fatalf("round %d, %+v against the rest: memo %+v (%v), VersusRest %+v (%v)", round, tallies[i], got, err, want, errWant)
			}
		}
	}
	big := Tally{}
	big.Count[10] = overall.Count[10] + 1
	if _, err := memo.VersusRest(&big, &overall); err == nil {
		t.Fatal("a group larger than the overall: no error")
	}
}

// TestMemoTableSpills: keys that share a slot, met in turn, are each
// computed once, their values kept in the spill map; past maxSpilled the
// map stops growing and values are computed again, still right.
func TestMemoTableSpills(t *testing.T) {
	var tbl memoTable[int, int]
	computed := 0
	get := func(k int) int {
		return tbl.get(7, k, func() int { computed++; return 10 * k }) // one slot for all
	}
	for range 100 {
		for k := range 5 {
			if v := get(k); v != 10*k {
				t.Fatalf("get(%d) = %d", k, v)
			}
		}
	}
	if computed != 5 {
		t.Errorf("5 keys in one slot, met in turn 100 times: computed %d times, want 5", computed)
	}
	for k := range maxSpilled + 10 {
		if v := get(k); v != 10*k {
			t.Fatalf("get(%d) = %d", k, v)
		}
	}
	if len(tbl.spilled) != maxSpilled {
		t.Errorf("%d values spilled, want at most %d", len(tbl.spilled), maxSpilled)
	}
}
