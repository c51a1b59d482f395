package breakdown

import (
	"iter"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/period"
)

// TestGroupsOf: the groups GroupsOf yields are those Group makes, in the
// order given; groups in a row with the same segments share one Segments
// slice; a consumer may stop, in the middle of a run or at its end.
func TestGroupsOf(t *testing.T) {
	g := NewGrouper(2, period.Month, false)
	for i := range 3000 {
		segs := []string{string(rune('A' + i%37)), string(rune('a' + i%7))}
		g.Add(segs, period.Period{Unit: period.Month, Ord: int32(i % 13)}, i%11, 1)
	}
	order := g.Order()
	if len(order) <= groupsRun {
		t.Fatalf("%d groups: the runs of GroupsOf are not crossed", len(order))
	}
	got := slices.Collect(g.GroupsOf(order))
	if len(got) != len(order) {
		t.Fatalf("%d groups, want %d", len(got), len(order))
	}
	shared := 0
	for i, id := range order {
		want := g.Group(id)
		if !slices.Equal(got[i].Key.Segments, want.Key.Segments) || got[i].Key.Period != want.Key.Period || got[i].Tally != want.Tally {
			t.Fatalf("group %d: %+v, want %+v", i, got[i], want)
		}
		if i > 0 && slices.Equal(got[i].Key.Segments, got[i-1].Key.Segments) {
			if &got[i].Key.Segments[0] != &got[i-1].Key.Segments[0] {
				t.Fatalf("groups %d and %d: same segments, not shared", i-1, i)
			}
			shared++
		}
	}
	if shared == 0 {
		t.Error("no two groups in a row share their segments")
	}
	for _, stop := range []int{1, 7, groupsRun, groupsRun + 1} {
		if n := countTo(g.GroupsOf(order), stop); n != stop {
			t.Errorf("stopped after %d groups, want %d", n, stop)
		}
	}
}

// TestFillAndRolledStop: a consumer may stop Fill and Rolled anywhere,
// among the empty periods filled in or not.
func TestFillAndRolledStop(t *testing.T) {
	g := NewGrouper(1, period.Month, false)
	add(t, g, period.Month, []row{
		{[]string{"A"}, "2025-01", 10, 1}, {[]string{"A"}, "2025-04", 0, 1}, {[]string{"B"}, "2025-02", 7, 1},
	})
	groups := g.Groups()
	sp := SpanOf(slices.Values(groups))
	if sp.Len() != 4 || len(sp.Labels()) != 4 || sp.Labels()[3] != "2025-04" {
		t.Fatalf("span %+v, periods %v", sp, sp.Labels())
	}
	all := len(slices.Collect(sp.Fill(slices.Values(groups))))
	if all != 8 {
		t.Fatalf("%d filled groups, want 8", all)
	}
	for stop := 1; stop <= all; stop++ {
		if n := countTo(sp.Fill(slices.Values(groups)), stop); n != stop {
			t.Errorf("Fill stopped after %d groups, want %d", n, stop)
		}
		if n := countTo(Rolled(sp.Fill(slices.Values(groups)), 3), stop); n != stop {
			t.Errorf("Rolled stopped after %d groups, want %d", n, stop)
		}
	}
}

// countTo reads groups until it has read stop of them, and says how many
// it read.
func countTo(groups iter.Seq[Group], stop int) int {
	n := 0
	for range groups {
		if n++; n == stop {
			break
		}
	}
	return n
}

// TestRolledLongWindow: a window longer than the trend (--rolling 1e9)
// holds no more than the trend's periods, and merges every period before,
// as a window of exactly the trend's length does.
func TestRolledLongWindow(t *testing.T) {
	g := NewGrouper(1, period.Month, false)
	add(t, g, period.Month, []row{
		{[]string{"A"}, "2025-01", 10, 1}, {[]string{"A"}, "2025-04", 0, 1}, {[]string{"B"}, "2025-02", 7, 1}, {[]string{"B"}, "2025-03", 9, 1},
	})
	filled := fill(t, g.Groups())
	want := groupsString(slices.Collect(Rolled(slices.Values(filled), 4)))
	for _, n := range []int{5, 1 << 30, math.MaxInt} {
		if got := groupsString(slices.Collect(Rolled(slices.Values(filled), n))); got != want {
			t.Errorf("Rolled(%d):\n%s\nwant (as Rolled(4)):\n%s", n, got, want)
		}
	}
	if a, b := groupsString(Rolling(filled, 4)), want; a != b || !strings.Contains(a, "A|2025-04") {
		t.Errorf("Rolling(4):\n%s\nwant:\n%s", a, b)
	}
}
