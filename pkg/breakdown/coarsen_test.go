package breakdown

import (
	"testing"

	"github.com/npskit/nps/pkg/period"
)

func TestCoarsen(t *testing.T) {
	day := func(seg, label string, scores ...int) Group {
		return Group{Key: Key{Segments: []string{seg}, Period: mustPeriod(t, period.Day, label)}, Tally: tallyOf(scores...)}
	}
	// Given out of order: Coarsen sorts. 2025-03-31 and 2025-04-01 fall in
	// different months; 2024-12-30 is in ISO week 2025-W01.
	groups := []Group{
		day("B", "2025-03-02", 0),
		day("A", "2025-04-01", 9),
		day("A", "2025-03-31", 10, 10),
		day("A", "2025-03-01", 0, 7),
		day("A", "2024-12-30", 5),
	}
	got := groupsString(Coarsen(groups, period.Month))
	wantMonths := wantString([]want{
		{"A|2024-12", []int{5}},
		{"A|2025-03", []int{0, 7, 10, 10}},
		{"A|2025-04", []int{9}},
		{"B|2025-03", []int{0}},
	})
	if got != wantMonths {
		t.Errorf("Coarsen by month:\n%s\nwant\n%s", got, wantMonths)
	}
	got = groupsString(Coarsen(groups[4:], period.Week))
	if wantWeek := wantString([]want{{"A|2025-W01", []int{5}}}); got != wantWeek {
		t.Errorf("Coarsen by week:\n%s\nwant\n%s", got, wantWeek)
	}
}
