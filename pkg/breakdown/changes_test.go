package breakdown

import (
	"slices"
	"testing"
	"time"

	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
)

func tallyFrom(scores map[int]int64) nps.Tally {
	var t nps.Tally
	for s, n := range scores {
		for range n {
			t.Add(s)
		}
	}
	return t
}

func TestChanges(t *testing.T) {
	month := func(m int) period.Period { return period.OfDate(2025, time.Month(1+m), 1, period.Month) }
	g := func(seg string, m int, scores map[int]int64) Group {
		return Group{Key: Key{Segments: []string{seg}, Period: month(m)}, Tally: tallyFrom(scores)}
	}
	allDetractors := map[int]int64{0: 20}
	allPromoters := map[int]int64{10: 20}
	half := map[int]int64{0: 10, 10: 10}
	// By hand: 20 detractors (NPS -100) then 20 promoters (+100) is a rise
	// far outside any interval; the same mix twice is no change; a series
	// starts afresh at a new segment; an empty period is skipped over, so
	// the period after it is compared with the one before it.
	groups := []Group{
		g("A", 0, allDetractors),
		g("A", 1, allPromoters),  // ▲
		g("A", 2, allPromoters),  // same
		g("A", 3, nil),           // empty
		g("A", 4, allDetractors), // ▼ against month 2
		g("B", 0, allPromoters),  // first of B, not against A's last
		g("B", 1, half),          // +100 to 0 with 20 each: ▼
		g("B", 2, half),
	}
	want := []int8{0, 1, 0, 0, -1, 0, -1, 0}
	if got := Changes(groups, nps.Options{}); !slices.Equal(got, want) {
		t.Errorf("Changes = %v, want %v", got, want)
	}
}

// TestChangesShareEqualCounts: pairs of periods with equal counts share
// one comparison. On many short series of a few responses (some weighted,
// whose weights differ under equal counts), each change must still be
// what nps.Compare of its own two periods says.
func TestChangesShareEqualCounts(t *testing.T) {
	rnd := uint64(9)
	next := func(n uint64) uint64 {
		rnd = rnd*6364136223846793005 + 1442695040888963407
		return rnd >> 33 % n
	}
	var groups []Group
	for s := range 400 {
		for m := range 6 {
			var tl nps.Tally
			if s%2 == 0 {
				tl.Weighted = true
			}
			for range 1 + next(3) {
				if tl.Weighted {
					tl.AddWeighted(int(next(11)), []float64{0.05, 20}[next(2)])
				} else {
					tl.Add(int(next(11)))
				}
			}
			groups = append(groups, Group{Key: Key{Segments: []string{string(rune('a' + s%26)), string(rune(s))}, Period: period.Period{Unit: period.Month, Ord: int32(m)}}, Tally: tl})
		}
	}
	opt := nps.Options{Confidence: 0.5} // more significant changes to get right
	got := Changes(groups, opt)
	prev, changed := -1, 0
	for i := range groups {
		if prev >= 0 && !slices.Equal(groups[prev].Key.Segments, groups[i].Key.Segments) {
			prev = -1
		}
		if groups[i].Tally.N() == 0 {
			continue
		}
		var want int8
		if prev >= 0 {
			if c := nps.Compare(&groups[prev].Tally, &groups[i].Tally, opt); c.Significant {
				want = 1
				if c.Diff < 0 {
					want = -1
				}
			}
		}
		if got[i] != want {
			t.Fatalf("group %d (%+v after %+v): change %d, want %d", i, groups[i].Tally, groups[max(prev, 0)].Tally, got[i], want)
		}
		if want != 0 {
			changed++
		}
		prev = i
	}
	if changed == 0 {
		t.Fatal("no significant change at all: the test shows nothing")
	}
}
