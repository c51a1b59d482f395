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
