package breakdown

import (
	"cmp"
	"fmt"
	"slices"
	"testing"

	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
)

// TestAbsorbSplit: workers' Groupers of many groups (split into tables
// once splitAt is lowered), absorbed (or merged) in turn in every mix of
// split and not,
// hold what a plain map tally of the same rows holds: counts past every
// width in groups that cross workers, blank and invalid counts, weight
// sums, and keys in order.
func TestAbsorbSplit(t *testing.T) {
	defer func(n, f, m int) { splitAt, foldAt, mergeHalvesAt = n, f, m }(splitAt, foldAt, mergeHalvesAt)
	splitAt, mergeHalvesAt = 100, 1000
	// Rows mode folds at reads only, or during the pass too (and then
	// goes back to hashing once the keys come round again).
	for _, foldAt = range []int{1 << 20, 37} {
		testAbsorbSplit(t)
	}
}

func testAbsorbSplit(t *testing.T) {
	for _, tc := range []struct {
		name  string
		sizes []int // distinct keys per worker; keys k0... are shared
	}{
		{"all split", []int{3000, 2000, 1500}},
		{"first not split", []int{50, 3000, 20}},
		{"later not split", []int{3000, 50, 10}},
		{"none split", []int{40, 60, 30}},
	} {
		for _, mode := range []struct{ weighted, merge bool }{{false, false}, {true, false}, {false, true}} {
			weighted := mode.weighted
			t.Run(fmt.Sprintf("%s %+v fold at %d", tc.name, mode, foldAt), func(t *testing.T) {
				want := map[string]nps.Tally{}
				unscored := map[string][2]int64{}
				var overall nps.Tally
				workers := make([]*Grouper, len(tc.sizes))
				for w, size := range tc.sizes {
					g := NewGrouper(1, period.None, weighted)
					workers[w] = g
					add := func(key string, score int, n int64) {
						wt := float64(score%4+1) / 4 // sums stay exact
						if n == 1 {
							g.Add([]string{key}, period.Period{}, score, wt)
						} else {
							g.AddN([]string{key}, period.Period{}, score, n, wt*float64(n), wt*wt*float64(n))
						}
						tl := want[key]
						if weighted {
							tl.AddWeightedN(score, n, wt*float64(n), wt*wt*float64(n))
							overall.AddWeightedN(score, n, wt*float64(n), wt*wt*float64(n))
						} else {
							tl.AddN(score, n)
							overall.AddN(score, n)
						}
						want[key] = tl
					}
					for i := range 3 * size {
						key := fmt.Sprint("k", i*7%size)
						add(key, (i+w)%11, 1)
						if i%97 == 0 {
							g.AddBlank([]string{key}, period.Period{}, 2)
							g.AddInvalid([]string{key}, period.Period{}, 1)
							u := unscored[key]
							unscored[key] = [2]int64{u[0] + 2, u[1] + 1}
						}
					}
					// k0 to k3 past uint8 in each worker or only merged,
					// past uint16 and past uint32.
					for range 300 {
						add("k0", 3, 1)
					}
					add("k1", 9, 200)
					add("k2", 10, 70000)
					add("k3", 0, 1<<33)
					if split := len(g.keys) > 1; split != (size > splitAt) {
						t.Fatalf("worker %d of %d groups split: %v", w, size, split)
					}
				}
				g := workers[0]
				for _, o := range workers[1:] {
					if mode.merge {
						g.Merge(o)
						continue
					}
					g.Absorb(o)
					if o.Len() != 0 {
						t.Fatalf("Absorb left %d groups", o.Len())
					}
				}
				// A Grouper split anywhere has g split by Absorb, to merge
				// table by table, or in rows mode (unweighted).
				if split := len(g.keys) > 1 || g.rows != nil; !mode.merge && split != (slices.Max(tc.sizes) > splitAt) {
					t.Fatalf("merged Groupers split: %v", split)
				}
				if g.Overall() != overall {
					t.Errorf("overall %+v, want %+v", g.Overall(), overall)
				}
				groups := g.Groups()
				if len(groups) != len(want) {
					t.Fatalf("%d groups, want %d", len(groups), len(want))
				}
				keys := make([]string, len(groups))
				for i, gr := range groups {
					k := gr.Key.Segments[0]
					keys[i] = k
					if gr.Tally != want[k] {
						t.Fatalf("group %s: %+v, want %+v", k, gr.Tally, want[k])
					}
					if u := unscored[k]; gr.Blank != u[0] || gr.Invalid != u[1] {
						t.Fatalf("group %s: blank %d invalid %d, want %v", k, gr.Blank, gr.Invalid, u)
					}
				}
				if !slices.IsSorted(keys) {
					t.Fatalf("groups out of order: %v", keys[:10])
				}
			})
		}
	}
}

// TestSortItems sorts items whose prefixes are random, tie in runs, share
// leading bits, or differ only in their last bits, as slices.SortFunc
// sorts them, with runs sorted by insertion from 2 items and from 32, by
// LSD passes from 2, 1000 or all 50,000 (and by flag passes above).
func TestSortItems(t *testing.T) {
	compare := func(a, b sortItem) int {
		if c := cmp.Compare(a.prefix, b.prefix); c != 0 {
			return c
		}
		return cmp.Compare(a.v, b.v)
	}
	defer func(m, l int) { insertionMax, lsdMax = m, l }(insertionMax, lsdMax)
	for _, tc := range []struct {
		lead, mask     uint64
		insertion, lsd int
	}{
		{0, ^uint64(0), 32, 1 << 18},
		{0, ^uint64(0), 32, 1000},
		{0xffff_0000_0000_0000, 0xffff_ffff_ffff, 32, 1000}, // leading bits in common
		{0x5200_0000_0000_0000, 0x0f0f_0f0f, 2, 2},          // digits: 0x3 in common in every byte
		{0x5200_0000_0000_0000, 0x0f0f_0f0f, 32, 1 << 18},
		{0, 0x3ff, 32, 1000}, // last bits only: many ties
		{0, 0x3ff, 2, 1 << 18},
	} {
		insertionMax, lsdMax = tc.insertion, tc.lsd
		lead := tc.lead
		rnd := uint64(1)
		items := make([]sortItem, 50000)
		for i := range items {
			rnd = rnd*6364136223846793005 + 1442695040888963407
			p := rnd&tc.mask | lead
			if i%5 == 0 {
				p = lead // a run of ties
			}
			items[i] = sortItem{prefix: p, v: uint64(i)}
		}
		want := slices.Clone(items)
		slices.SortFunc(want, compare)
		sortItems(items, compare, nil, 2)
		for i := range want {
			if items[i].v != want[i].v {
				t.Fatalf("lead %x, insertion %d, lsd %d: item %d is %d, want %d", lead, tc.insertion, tc.lsd, i, items[i].v, want[i].v)
			}
		}
	}
}
