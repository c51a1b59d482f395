package breakdown

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/survey"
)

// row is one response for a test.
type row struct {
	segs   []string
	period string // label of the test's unit; "" without a unit
	score  int
	weight float64
}

// want is an expected group: its key written as "seg|seg|period" and the
// scores it holds, counted by hand.
type want struct {
	key    string
	scores []int
}

func mustPeriod(t testing.TB, u period.Unit, label string) period.Period {
	t.Helper()
	if u == period.None {
		return period.Period{}
	}
	p, err := period.Parse(u, label)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func tallyOf(scores ...int) nps.Tally {
	var t nps.Tally
	for _, s := range scores {
		t.Add(s)
	}
	return t
}

func keyString(k Key) string {
	parts := append([]string(nil), k.Segments...)
	if k.Period.Unit != period.None {
		parts = append(parts, k.Period.Label())
	}
	return strings.Join(parts, "|")
}

func groupsString(gs []Group) string {
	var b strings.Builder
	for _, g := range gs {
		fmt.Fprintf(&b, "%s n=%d %v\n", keyString(g.Key), g.Tally.N(), g.Tally.Count)
	}
	return b.String()
}

func wantString(ws []want) string {
	var b strings.Builder
	for _, w := range ws {
		t := tallyOf(w.scores...)
		fmt.Fprintf(&b, "%s n=%d %v\n", w.key, t.N(), t.Count)
	}
	return b.String()
}

func add(t testing.TB, g *Grouper, u period.Unit, rows []row) {
	t.Helper()
	for _, r := range rows {
		g.Add(r.segs, mustPeriod(t, u, r.period), r.score, r.weight)
	}
}

func TestGroups(t *testing.T) {
	tests := []struct {
		name string
		nSeg int
		unit period.Unit
		rows []row
		want []want
	}{
		{
			name: "one segment",
			nSeg: 1,
			rows: []row{{[]string{"EMEA"}, "", 10, 1}, {[]string{"AMER"}, "", 3, 1}, {[]string{"EMEA"}, "", 7, 1}, {[]string{"AMER"}, "", 9, 1}},
			want: []want{{"AMER", []int{3, 9}}, {"EMEA", []int{10, 7}}},
		},
		{
			name: "byte order: upper case first, blank first, NA is a value",
			nSeg: 1,
			rows: []row{{[]string{"b"}, "", 1, 1}, {[]string{"B"}, "", 2, 1}, {[]string{""}, "", 3, 1}, {[]string{"NA"}, "", 4, 1}, {[]string{"é"}, "", 5, 1}, {[]string{"z"}, "", 6, 1}, {[]string{""}, "", 7, 1}},
			want: []want{{"", []int{3, 7}}, {"B", []int{2}}, {"NA", []int{4}}, {"b", []int{1}}, {"z", []int{6}}, {"é", []int{5}}},
		},
		{
			name: "two segments in --by order",
			nSeg: 2,
			rows: []row{
				{[]string{"EMEA", "web"}, "", 10, 1}, {[]string{"AMER", "web"}, "", 0, 1},
				{[]string{"EMEA", "app"}, "", 8, 1}, {[]string{"AMER", "app"}, "", 9, 1},
				{[]string{"EMEA", "web"}, "", 6, 1}, {[]string{"EMEA", ""}, "", 5, 1},
			},
			want: []want{{"AMER|app", []int{9}}, {"AMER|web", []int{0}}, {"EMEA|", []int{5}}, {"EMEA|app", []int{8}}, {"EMEA|web", []int{10, 6}}},
		},
		{
			name: "values that would collide under a plain separator",
			nSeg: 2,
			rows: []row{
				{[]string{"a", "bc"}, "", 1, 1}, {[]string{"ab", "c"}, "", 2, 1}, {[]string{"a|b", "c"}, "", 3, 1},
				{[]string{"a", "b|c"}, "", 4, 1}, {[]string{"a\x00", "b"}, "", 5, 1}, {[]string{"a", "\x00b"}, "", 6, 1},
				{[]string{"", "ab"}, "", 7, 1}, {[]string{"ab", ""}, "", 8, 1}, {[]string{"\x01a", "b"}, "", 9, 1},
			},
			want: []want{
				{"|ab", []int{7}}, {"\x01a|b", []int{9}}, {"a|\x00b", []int{6}}, {"a|bc", []int{1}}, {"a|b|c", []int{4}},
				{"a\x00|b", []int{5}}, {"ab|", []int{8}}, {"ab|c", []int{2}}, {"a|b|c", []int{3}},
			},
		},
		{
			name: "period only, ordered by time not by label",
			unit: period.Month,
			rows: []row{{nil, "2025-03", 9, 1}, {nil, "2024-12", 1, 1}, {nil, "2025-03", 10, 1}, {nil, "2025-01", 7, 1}},
			want: []want{{"2024-12", []int{1}}, {"2025-01", []int{7}}, {"2025-03", []int{9, 10}}},
		},
		{
			name: "segment then week",
			nSeg: 1,
			unit: period.Week,
			rows: []row{
				{[]string{"b"}, "2025-W01", 9, 1}, {[]string{"a"}, "2025-W02", 6, 1}, {[]string{"a"}, "2024-W52", 10, 1},
				{[]string{"b"}, "2025-W01", 3, 1}, {[]string{"a"}, "2025-W02", 8, 1},
			},
			want: []want{{"a|2024-W52", []int{10}}, {"a|2025-W02", []int{6, 8}}, {"b|2025-W01", []int{9, 3}}},
		},
		{
			name: "negative ordinals sort before positive",
			unit: period.Day,
			rows: []row{{nil, "1970-01-02", 1, 1}, {nil, "1969-12-31", 2, 1}, {nil, "1970-01-01", 3, 1}},
			want: []want{{"1969-12-31", []int{2}}, {"1970-01-01", []int{3}}, {"1970-01-02", []int{1}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := NewGrouper(tt.nSeg, tt.unit, false)
			add(t, g, tt.unit, tt.rows)
			got := g.Groups()
			if a, b := groupsString(got), wantString(tt.want); a != b {
				t.Errorf("groups:\n%s\nwant:\n%s", a, b)
			}
			// Keys compare as they should (segments, not joined strings).
			for i := 1; i < len(got); i++ {
				if got[i-1].Key.Compare(got[i].Key) >= 0 {
					t.Errorf("group %d (%q) does not sort before %d (%q)", i-1, keyString(got[i-1].Key), i, keyString(got[i].Key))
				}
			}
			var all []int
			for _, r := range tt.rows {
				all = append(all, r.score)
			}
			if o := g.Overall(); o != tallyOf(all...) {
				t.Errorf("overall %v; want %v", o.Count, tallyOf(all...).Count)
			}
			if g.Len() != len(tt.want) {
				t.Errorf("Len() = %d; want %d", g.Len(), len(tt.want))
			}
		})
	}
}

func TestNoGrouping(t *testing.T) {
	g := NewGrouper(0, period.None, false)
	for _, s := range []int{10, 9, 0, 7} {
		g.Add(nil, period.Period{Unit: period.Month, Ord: 5}, s, 1)
	}
	if gs := g.Groups(); gs != nil {
		t.Errorf("Groups() = %v; want nil", gs)
	}
	if o := g.Overall(); o != tallyOf(10, 9, 0, 7) {
		t.Errorf("overall %v", o.Count)
	}
}

func TestPeriodIgnoredWithoutUnit(t *testing.T) {
	g := NewGrouper(1, period.None, false)
	g.Add([]string{"x"}, period.Period{Unit: period.Month, Ord: 1}, 10, 1)
	g.Add([]string{"x"}, period.Period{Unit: period.Month, Ord: 2}, 0, 1)
	gs := g.Groups()
	if len(gs) != 1 || gs[0].Key.Period != (period.Period{}) || gs[0].Tally != tallyOf(10, 0) {
		t.Errorf("groups %s", groupsString(gs))
	}
}

func TestWeighted(t *testing.T) {
	g := NewGrouper(1, period.None, true)
	g.Add([]string{"a"}, period.Period{}, 10, 2)
	g.Add([]string{"a"}, period.Period{}, 0, 0.5)
	g.Add([]string{"b"}, period.Period{}, 10, 3)
	gs := g.Groups()
	var a nps.Tally
	a.AddWeighted(10, 2)
	a.AddWeighted(0, 0.5)
	if len(gs) != 2 || gs[0].Tally != a || !gs[0].Tally.Weighted {
		t.Fatalf("group a: %+v; want %+v", gs[0].Tally, a)
	}
	if gs[0].Tally.Weight[10] != 2 || gs[0].Tally.Weight[0] != 0.5 || gs[0].Tally.Weight2[0] != 0.25 {
		t.Errorf("weights %v %v", gs[0].Tally.Weight, gs[0].Tally.Weight2)
	}
	if o := g.Overall(); o.Weight[10] != 5 || o.Weight2[10] != 13 || o.Count[10] != 2 {
		t.Errorf("overall weights %v %v", o.Weight, o.Weight2)
	}
}

// TestSegmentsNotRetained feeds values that share one reused buffer, as a
// record reader does, and overwrites them after Add.
func TestSegmentsNotRetained(t *testing.T) {
	buf := []byte("EMEAweb")
	segs := []string{unsafe.String(&buf[0], 4), unsafe.String(&buf[4], 3)}
	g := NewGrouper(2, period.None, false)
	g.Add(segs, period.Period{}, 9, 1)
	copy(buf, "AMERapp")
	segs[0], segs[1] = "x", "y"
	g.Add(segs, period.Period{}, 1, 1)
	got := groupsString(g.Groups())
	if w := wantString([]want{{"EMEA|web", []int{9}}, {"x|y", []int{1}}}); got != w {
		t.Errorf("groups:\n%s\nwant:\n%s", got, w)
	}
}

func TestMerge(t *testing.T) {
	rows := []row{
		{[]string{"a"}, "2025-Q1", 10, 1}, {[]string{"b"}, "2025-Q2", 3, 2}, {[]string{"a"}, "2025-Q1", 7, 1},
		{[]string{"a"}, "2025-Q3", 9, 0.5}, {[]string{""}, "2025-Q1", 0, 1}, {[]string{"b"}, "2025-Q2", 8, 1},
	}
	whole := NewGrouper(1, period.Quarter, true)
	add(t, whole, period.Quarter, rows)
	// Split the rows between two workers every way.
	for split := 0; split <= len(rows); split++ {
		x, y := NewGrouper(1, period.Quarter, true), NewGrouper(1, period.Quarter, true)
		add(t, x, period.Quarter, rows[:split])
		add(t, y, period.Quarter, rows[split:])
		yBefore := groupsString(y.Groups())
		x.Merge(y)
		if !reflect.DeepEqual(x.Groups(), whole.Groups()) || x.Overall() != whole.Overall() {
			t.Errorf("split %d: merged\n%s\nwant\n%s", split, groupsString(x.Groups()), groupsString(whole.Groups()))
		}
		if groupsString(y.Groups()) != yBefore {
			t.Errorf("split %d: Merge changed its argument", split)
		}
		// Adding to the merged Grouper does not write into y's groups.
		x.Add([]string{"b"}, mustPeriod(t, period.Quarter, "2025-Q2"), 10, 1)
		if groupsString(y.Groups()) != yBefore {
			t.Errorf("split %d: adding after Merge changed the merged-in Grouper", split)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("Merge of different groupings did not panic")
		}
	}()
	whole.Merge(NewGrouper(2, period.Quarter, true))
}

// fill is FillPeriods for groups it must accept.
func fill(t *testing.T, groups []Group) []Group {
	t.Helper()
	filled, err := FillPeriods(groups)
	if err != nil {
		t.Fatal(err)
	}
	return filled
}

func TestFillPeriods(t *testing.T) {
	rows := []row{
		{[]string{"A"}, "2025-01", 10, 1}, {[]string{"A"}, "2025-04", 0, 1}, {[]string{"A"}, "2025-01", 9, 1},
		{[]string{"B"}, "2025-02", 7, 1},
	}
	g := NewGrouper(1, period.Month, false)
	add(t, g, period.Month, rows)
	groups := g.Groups()
	before := groupsString(groups)
	got := fill(t, groups)
	w := []want{
		{"A|2025-01", []int{10, 9}}, {"A|2025-02", nil}, {"A|2025-03", nil}, {"A|2025-04", []int{0}},
		{"B|2025-01", nil}, {"B|2025-02", []int{7}}, {"B|2025-03", nil}, {"B|2025-04", nil},
	}
	if a, b := groupsString(got), wantString(w); a != b {
		t.Errorf("filled:\n%s\nwant:\n%s", a, b)
	}
	if groupsString(groups) != before {
		t.Error("FillPeriods modified its argument")
	}

	// A trend over a gap keeps the empty period (no segments).
	g = NewGrouper(0, period.Quarter, false)
	add(t, g, period.Quarter, []row{{nil, "2024-Q4", 9, 1}, {nil, "2025-Q2", 3, 1}})
	got = fill(t, g.Groups())
	if a, b := groupsString(got), wantString([]want{{"2024-Q4", []int{9}}, {"2025-Q1", nil}, {"2025-Q2", []int{3}}}); a != b {
		t.Errorf("filled:\n%s\nwant:\n%s", a, b)
	}
	if got[1].Tally.N() != 0 || got[1].Key.Period.Unit != period.Quarter {
		t.Errorf("gap group %+v", got[1])
	}

	// Weighted input gives weighted empty periods; unordered input is ordered.
	in := []Group{
		{Key: Key{[]string{"x"}, period.Period{Unit: period.Year, Ord: 2025}}, Tally: tallyOf(1)},
		{Key: Key{[]string{"x"}, period.Period{Unit: period.Year, Ord: 2023}}, Tally: tallyOf(2)},
	}
	in[0].Tally.Weighted = true
	got = fill(t, in)
	if a, b := groupsString(got), wantString([]want{{"x|2023", []int{2}}, {"x|2024", nil}, {"x|2025", []int{1}}}); a != b {
		t.Errorf("filled:\n%s\nwant:\n%s", a, b)
	}
	if !got[1].Tally.Weighted {
		t.Error("empty period of weighted data is not weighted")
	}

	if got := fill(t, nil); len(got) != 0 {
		t.Errorf("FillPeriods(nil) = %v", got)
	}
	noPeriod := []Group{{Key: Key{Segments: []string{"b"}}, Tally: tallyOf(1)}, {Key: Key{Segments: []string{"a"}}, Tally: tallyOf(2)}}
	if a, b := groupsString(fill(t, noPeriod)), wantString([]want{{"a", []int{2}}, {"b", []int{1}}}); a != b {
		t.Errorf("without periods:\n%s\nwant:\n%s", a, b)
	}
}

func TestRolling(t *testing.T) {
	// Months 01..05 for A with 03 empty, B only in 02 and 05.
	rows := []row{
		{[]string{"A"}, "2025-01", 10, 1}, {[]string{"A"}, "2025-02", 0, 1}, {[]string{"A"}, "2025-02", 8, 1},
		{[]string{"A"}, "2025-04", 9, 1}, {[]string{"A"}, "2025-05", 6, 1},
		{[]string{"B"}, "2025-02", 7, 1}, {[]string{"B"}, "2025-05", 10, 1},
	}
	g := NewGrouper(1, period.Month, false)
	add(t, g, period.Month, rows)
	filled := fill(t, g.Groups())
	before := groupsString(filled)
	tests := []struct {
		n    int
		want []want
	}{
		{1, []want{
			{"A|2025-01", []int{10}}, {"A|2025-02", []int{0, 8}}, {"A|2025-03", nil}, {"A|2025-04", []int{9}}, {"A|2025-05", []int{6}},
			{"B|2025-01", nil}, {"B|2025-02", []int{7}}, {"B|2025-03", nil}, {"B|2025-04", nil}, {"B|2025-05", []int{10}},
		}},
		{2, []want{
			{"A|2025-01", []int{10}},       // only itself at the start
			{"A|2025-02", []int{10, 0, 8}}, // 01+02
			{"A|2025-03", []int{0, 8}},     // 02+03(empty)
			{"A|2025-04", []int{9}},        // 03(empty)+04
			{"A|2025-05", []int{9, 6}},     // 04+05
			{"B|2025-01", nil},             // does not reach into A
			{"B|2025-02", []int{7}},        // 01(empty)+02
			{"B|2025-03", []int{7}},        // 02+03
			{"B|2025-04", nil},             // 03+04, both empty
			{"B|2025-05", []int{10}},       // 04+05
		}},
		{3, []want{
			{"A|2025-01", []int{10}},
			{"A|2025-02", []int{10, 0, 8}},
			{"A|2025-03", []int{10, 0, 8}},
			{"A|2025-04", []int{0, 8, 9}},
			{"A|2025-05", []int{9, 6}},
			{"B|2025-01", nil},
			{"B|2025-02", []int{7}},
			{"B|2025-03", []int{7}},
			{"B|2025-04", []int{7}},
			{"B|2025-05", []int{10}},
		}},
		{12, []want{
			{"A|2025-01", []int{10}},
			{"A|2025-02", []int{10, 0, 8}},
			{"A|2025-03", []int{10, 0, 8}},
			{"A|2025-04", []int{10, 0, 8, 9}},
			{"A|2025-05", []int{10, 0, 8, 9, 6}},
			{"B|2025-01", nil},
			{"B|2025-02", []int{7}},
			{"B|2025-03", []int{7}},
			{"B|2025-04", []int{7}},
			{"B|2025-05", []int{7, 10}},
		}},
	}
	for _, tt := range tests {
		got := Rolling(filled, tt.n)
		if a, b := groupsString(got), wantString(tt.want); a != b {
			t.Errorf("Rolling(%d):\n%s\nwant:\n%s", tt.n, a, b)
		}
		if groupsString(filled) != before {
			t.Fatalf("Rolling(%d) modified its argument", tt.n)
		}
	}
	// Unfilled input: missing periods still count as window periods.
	got := Rolling(g.Groups(), 2)
	w := []want{
		{"A|2025-01", []int{10}}, {"A|2025-02", []int{10, 0, 8}}, {"A|2025-04", []int{9}}, {"A|2025-05", []int{9, 6}},
		{"B|2025-02", []int{7}}, {"B|2025-05", []int{10}},
	}
	if a, b := groupsString(got), wantString(w); a != b {
		t.Errorf("Rolling(unfilled, 2):\n%s\nwant:\n%s", a, b)
	}
	if got := Rolling(nil, 3); len(got) != 0 {
		t.Errorf("Rolling(nil) = %v", got)
	}
}

func TestAddSeenKeyDoesNotAllocate(t *testing.T) {
	for _, tc := range []struct {
		nSeg     int
		unit     period.Unit
		weighted bool
	}{{0, period.None, false}, {1, period.None, false}, {2, period.Month, false}, {3, period.Week, true}, {0, period.Day, false}} {
		g := NewGrouper(tc.nSeg, tc.unit, tc.weighted)
		segs := []string{"EMEA", "enterprise", ""}[:tc.nSeg]
		p := period.Period{Unit: tc.unit, Ord: 24300}
		g.Add(segs, p, 9, 1.5)
		if n := testing.AllocsPerRun(1000, func() { g.Add(segs, p, 9, 1.5) }); n != 0 {
			t.Errorf("%+v: Add on a seen key allocates %v times", tc, n)
		}
	}
}

func BenchmarkAdd(b *testing.B) {
	regions := []string{"AMER", "APAC", "EMEA", "LATAM", ""}
	plans := []string{"free", "team", "business", "enterprise"}
	b.Run("seen-keys", func(b *testing.B) {
		g := NewGrouper(2, period.Month, false)
		segs := make([]string, 2)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			segs[0], segs[1] = regions[i%5], plans[i%4]
			g.Add(segs, period.Period{Unit: period.Month, Ord: int32(24300 + i%12)}, i%11, 1)
			i++
		}
	})
	b.Run("seen-keys-weighted", func(b *testing.B) {
		g := NewGrouper(2, period.Month, true)
		segs := make([]string, 2)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			segs[0], segs[1] = regions[i%5], plans[i%4]
			g.Add(segs, period.Period{Unit: period.Month, Ord: int32(24300 + i%12)}, i%11, 1.25)
			i++
		}
	})
	b.Run("overall-only", func(b *testing.B) {
		g := NewGrouper(0, period.None, false)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			g.Add(nil, period.Period{}, i%11, 1)
			i++
		}
	})
	b.Run("new-keys", func(b *testing.B) {
		g := NewGrouper(1, period.Day, false)
		segs := []string{"respondent-segment"}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			g.Add(segs, period.Period{Unit: period.Day, Ord: int32(i)}, i%11, 1)
			i++
		}
	})
}

// TestCacheCollisions adds keys that share the cache slot (same length,
// first and last byte) in turn and checks every group's count.
func TestCacheCollisions(t *testing.T) {
	for _, unit := range []period.Unit{period.None, period.Month} {
		g := NewGrouper(1, unit, false)
		want := map[string]int64{}
		for i := 0; i < 3000; i++ {
			seg := string([]byte{'a', byte('a' + i%7), byte('a' + i%5), 'z'})
			ord := int32(i % 3)
			g.Add([]string{seg}, period.Period{Unit: unit, Ord: ord}, i%11, 1)
			if unit == period.None {
				ord = 0
			}
			want[seg+"/"+string(rune('0'+ord))]++
		}
		got := map[string]int64{}
		for _, gr := range g.Groups() {
			got[gr.Key.Segments[0]+"/"+string(rune('0'+gr.Key.Period.Ord))] += gr.Tally.N()
		}
		if len(got) != len(want) {
			t.Fatalf("unit %v: %d groups, want %d", unit, len(got), len(want))
		}
		for k, n := range want {
			if got[k] != n {
				t.Fatalf("unit %v: group %s has %d, want %d", unit, k, got[k], n)
			}
		}
	}
}

func TestSetMaxGroupsAcrossMerge(t *testing.T) {
	specs := []Spec{{Cols: []int{0}, MaxGroups: 2}, {Cols: []int{0}}}
	a, b := NewSet(specs, false), NewSet(specs, false)
	for _, v := range []string{"x", "y", "x"} {
		a.Add([]string{v}, 0, 0, 0, 10, 1)
	}
	for _, v := range []string{"y", "z"} {
		b.Add([]string{v}, 0, 0, 0, 0, 1)
	}
	if a.Dropped(0) || b.Dropped(0) {
		t.Fatal("two groups each: nothing dropped yet")
	}
	a.Merge(b) // x, y, z: three groups, more than 2
	if !a.Dropped(0) || a.Groupers()[0].Len() != 0 {
		t.Errorf("merged: dropped %v with %d groups", a.Dropped(0), a.Groupers()[0].Len())
	}
	if a.Dropped(1) || a.Groupers()[1].Len() != 3 {
		t.Errorf("no limit: dropped %v with %d groups", a.Dropped(1), a.Groupers()[1].Len())
	}
	a.Add([]string{"w"}, 0, 0, 0, 10, 1) // a dropped grouping takes no more rows
	if a.Groupers()[0].Len() != 0 {
		t.Error("dropped grouping grew again")
	}
}

// TestSetMaxGroupsHashesOnly: a grouping with a limit counts its groups
// after every row, so it never groups by sorting rows (each count would
// fold them); one without does once it splits.
func TestSetMaxGroupsHashesOnly(t *testing.T) {
	defer func(n int) { splitAt = n }(splitAt)
	splitAt = 16
	s := NewSet([]Spec{{Cols: []int{0}, MaxGroups: 1000}, {Cols: []int{0}}}, false)
	for i := range 500 {
		s.Add([]string{fmt.Sprint("r", i)}, 0, 0, 0, i%11, 1)
	}
	limited, free := s.Groupers()[0], s.Groupers()[1]
	if s.Dropped(0) || limited.rows != nil || len(limited.keys) == 1 || free.rows == nil {
		t.Fatalf("dropped %v, limited grouping in rows mode %v, split %v; unlimited in rows mode %v",
			s.Dropped(0), limited.rows != nil, len(limited.keys) > 1, free.rows != nil)
	}
	if limited.Len() != 500 || free.Len() != 500 {
		t.Fatalf("%d and %d groups, want 500", limited.Len(), free.Len())
	}
}

// TestCountWidths adds counts that cross every width (uint8, uint16,
// uint32, int64) to one group, in steps of one and in large steps, and
// checks them against a plain tally; the widths merge into each other.
func TestCountWidths(t *testing.T) {
	steps := []int64{1, 254, 1, 1, 65000, 600, 1 << 32, 5, 1 << 40}
	g := NewGrouper(1, period.None, false)
	g.Add([]string{"a"}, period.Period{}, 3, 1)
	var want nps.Tally
	want.Add(3)
	_, pay, _ := g.keys[0].Intern(g.keysOf("a"))
	for k, n := range steps {
		score := k % 11
		g.count(pay, score, n, 0)
		want.Count[score] += n
		if got := g.Groups()[0].Tally; got != want {
			t.Fatalf("after step %d (+%d to %d): %v, want %v", k, n, score, got.Count, want.Count)
		}
	}
	// Each width merged into a fresh Grouper, and into one that has counts.
	for _, dst := range []*Grouper{NewGrouper(1, period.None, false), g} {
		before := dst.Groups()
		o := NewGrouper(1, period.None, false)
		o.Add([]string{"a"}, period.Period{}, 10, 1)
		for _, n := range []int64{300, 70000, 1 << 33} {
			_, p, _ := o.keys[0].Intern(o.keysOf("a"))
			o.count(p, 0, n, 0)
		}
		w := o.Groups()[0].Tally
		if len(before) > 0 {
			w.Merge(&before[0].Tally)
		}
		dst.Absorb(o)
		if got := dst.Groups()[0].Tally; got != w {
			t.Fatalf("merged: %v, want %v", got.Count, w.Count)
		}
	}
}

// keysOf is the encoded key of one segment without a period.
func (g *Grouper) keysOf(seg string) string { return string(appendKey(nil, []string{seg}, g.unit, 0)) }

// TestAbsorbMatchesMerge: Absorb gives what Merge gives, over many groups
// (more than a block of keys) and weights.
func TestAbsorbMatchesMerge(t *testing.T) {
	for _, weighted := range []bool{false, true} {
		mk := func(off int) *Grouper {
			g := NewGrouper(2, period.Month, weighted)
			for i := range 20000 {
				p := period.Period{Unit: period.Month, Ord: int32(i % 5)}
				g.Add([]string{fmt.Sprint("id", (i+off)%7000), strings.Repeat("x", i%3)}, p, i%11, float64(i%4)/2)
			}
			return g
		}
		a, b := mk(0), mk(3000)
		a.Merge(mk(3000))
		b0 := mk(0)
		b0.Absorb(b)
		if ga, gb := groupsString(a.Groups()), groupsString(b0.Groups()); ga != gb || a.Overall() != b0.Overall() {
			t.Fatalf("weighted %v: Absorb differs from Merge", weighted)
		}
		if b.Len() != 0 {
			t.Fatalf("Absorb left %d groups in its argument", b.Len())
		}
	}
}

// TestAddN: a row that stands for n responses groups as the row repeated n
// times, blank and invalid counts included, and survives Merge and Absorb.
func TestAddN(t *testing.T) {
	q1 := mustPeriod(t, period.Quarter, "2025-Q1")
	q2 := mustPeriod(t, period.Quarter, "2025-Q2")
	repeated := NewGrouper(1, period.Quarter, true)
	for range 3 {
		repeated.Add([]string{"a"}, q1, 9, 2)
	}
	for range 2 {
		repeated.Add([]string{"b"}, q2, 4, 1)
	}
	counted := NewGrouper(1, period.Quarter, true)
	counted.AddN([]string{"a"}, q1, 9, 3, 6, 12) // 3 × 2, 3 × 4
	counted.AddN([]string{"b"}, q2, 4, 2, 2, 2)
	counted.AddN([]string{"c"}, q2, 4, 0, 0, 0) // a row of count 0 is an empty group
	if got, want := counted.Groups(), append(repeated.Groups(), Group{Key: Key{[]string{"c"}, q2}, Tally: nps.Tally{Weighted: true}}); !reflect.DeepEqual(got, want) {
		t.Errorf("AddN groups:\n%+v\nwant:\n%+v", got, want)
	}
	if counted.Overall() != repeated.Overall() {
		t.Errorf("AddN overall %+v, want %+v", counted.Overall(), repeated.Overall())
	}

	counted.AddBlank([]string{"a"}, q1, 4)
	counted.AddInvalid([]string{"d"}, q1, 2)
	other := NewGrouper(1, period.Quarter, true)
	other.AddBlank([]string{"a"}, q1, 1)
	other.AddInvalid([]string{"e"}, q2, 7)
	counted.Merge(other)
	third := NewGrouper(1, period.Quarter, true)
	third.AddBlank([]string{"a"}, q1, 10)
	counted.Absorb(third)
	byKey := map[string][2]int64{}
	for _, g := range counted.Groups() {
		byKey[keyString(g.Key)] = [2]int64{g.Blank, g.Invalid}
	}
	want := map[string][2]int64{"a|2025-Q1": {15, 0}, "b|2025-Q2": {0, 0}, "c|2025-Q2": {0, 0}, "d|2025-Q1": {0, 2}, "e|2025-Q2": {0, 7}}
	if !reflect.DeepEqual(byKey, want) {
		t.Errorf("blank and invalid per group %v, want %v", byKey, want)
	}
	if b, i := counted.Unscored(); b != 15 || i != 9 {
		t.Errorf("Unscored = %d, %d, want 15, 9", b, i)
	}
	if o := counted.Overall(); o.N() != 5 {
		t.Errorf("blank and invalid rows reached the overall tally: n %d", o.N())
	}
}

// TestAddNWide: unweighted counts that outgrow each compact level on one
// AddN land where repeated Adds land.
func TestAddNWide(t *testing.T) {
	for _, n := range []int64{1, 254, 255, 256, 65535, 65536, 1 << 32, 1<<32 + 3} {
		g := NewGrouper(1, period.None, false)
		g.AddN([]string{"x"}, period.Period{}, 10, n, 0, 0)
		g.AddN([]string{"x"}, period.Period{}, 10, n, 0, 0)
		g.Add([]string{"x"}, period.Period{}, 10, 1)
		gs := g.Groups()
		if len(gs) != 1 || gs[0].Tally.Count[10] != 2*n+1 || g.Overall().Count[10] != 2*n+1 {
			t.Errorf("n %d: groups %+v", n, gs)
		}
	}
}

// TestEachGroupMatchesGroup lists groups with EachGroup, which makes each
// in the last one's memory, and with Group, which makes each afresh, in an
// order that puts groups of every kind after every other: weighted ones
// next to a group with blank scores only (no weights), counts of each
// width, groups with and without blank and invalid counts, and more groups
// than one run of Prefetch.
func TestEachGroupMatchesGroup(t *testing.T) {
	for _, weighted := range []bool{false, true} {
		g := NewGrouper(2, period.Month, weighted)
		m := period.Period{Unit: period.Month, Ord: 3}
		for i := range 3 * prefetchRun {
			segs := []string{strconv.Itoa(i % 7), strconv.Itoa(i)}
			switch i % 6 {
			case 0:
				g.AddBlank(segs, m, int64(i))
			case 1:
				g.AddN(segs, m, 9, 300, 450, 700) // past uint8
			case 2:
				g.AddN(segs, m, 0, 1<<33, 2, 3) // past uint32
			case 3:
				g.AddInvalid(segs, m, 2)
				g.Add(segs, m, 7, 1.5)
			default:
				g.Add(segs, m, i%11, 2)
			}
		}
		ids := g.Order()
		slices.Reverse(ids[len(ids)/2:])
		n := 0
		g.EachGroup(ids, func(i int, gr *Group) {
			if want := g.Group(ids[i]); !reflect.DeepEqual(*gr, want) {
				t.Fatalf("weighted %v: group %d is\n%+v\nwant\n%+v", weighted, i, *gr, want)
			}
			n++
		})
		if n != len(ids) {
			t.Errorf("weighted %v: %d groups, want %d", weighted, n, len(ids))
		}
	}
}

// TestSetAddResponse: a response that stands for n responses counts as n
// Adds in every grouping; blank and invalid ones only where a Spec asks.
func TestSetAddResponse(t *testing.T) {
	specs := []Spec{{Cols: []int{0}, Statuses: true}, {Unit: period.Month, Statuses: true}, {}, {Cols: []int{0}}}
	whole, counted := NewSet(specs, false), NewSet(specs, false)
	fields := []string{"EMEA", "ignored"}
	for range 4 {
		whole.Add(fields, 2025, time.March, 7, 10, 1)
	}
	counted.AddResponse(&survey.Response{Fields: fields, Status: survey.Valid, Score: 10, Count: 4, Weight: 4, Weight2: 4}, 2025, time.March, 7)
	counted.AddResponse(&survey.Response{Fields: fields, Status: survey.Blank, Count: 1, Weight: 1, Weight2: 1}, 2025, time.March, 7)
	counted.AddResponse(&survey.Response{Fields: fields, Status: survey.Invalid, Count: 1, Weight: 1, Weight2: 1}, 2025, time.March, 7)
	for i, g := range counted.Groupers() {
		w := whole.Groupers()[i]
		if g.Overall() != w.Overall() {
			t.Errorf("grouping %d: overall %+v, want %+v", i, g.Overall(), w.Overall())
		}
		// Only the Specs with Statuses count blank and invalid rows.
		want := int64(0)
		if specs[i].Statuses {
			want = 1
		}
		for k, gr := range g.Groups() {
			if gr.Tally != w.Groups()[k].Tally || gr.Blank != want || gr.Invalid != want {
				t.Errorf("grouping %d: group %+v", i, gr)
			}
		}
	}
}

// TestOrderMatchesKeyCompare checks Order, which compares encoded keys,
// against Key.Compare on the decoded keys: values that are prefixes of
// each other, empty, longer than a one-byte length (128 bytes and more),
// bytes above 0x7f, and period ordinals on both sides of zero.
func TestOrderMatchesKeyCompare(t *testing.T) {
	long := strings.Repeat("x", 130)
	values := []string{"", "a", "ab", "b", "\xff", "a\x00", long, long + "a", strings.Repeat("x", 129) + "y", "é"}
	ords := []int32{-800000, -1, 0, 1, 5, 1 << 30}
	defer func(m, l, s int) { insertionMax, lsdMax, splitAt = m, l, s }(insertionMax, lsdMax, splitAt)
	for _, small := range []bool{false, true} { // else by radix, split
		if small {
			insertionMax, lsdMax, splitAt = 2, 8, 16
		}
		for _, tc := range []struct {
			nSeg int
			unit period.Unit
		}{{1, period.None}, {2, period.None}, {1, period.Day}, {0, period.Month}, {3, period.Week}} {
			g := NewGrouper(tc.nSeg, tc.unit, false)
			rnd := uint64(tc.nSeg)*7919 + uint64(tc.unit)
			var want []Key
			for range 400 {
				segs := make([]string, tc.nSeg)
				for i := range segs {
					rnd = rnd*6364136223846793005 + 1442695040888963407
					segs[i] = values[rnd>>33%uint64(len(values))]
				}
				rnd = rnd*6364136223846793005 + 1442695040888963407
				k := Key{segs, period.Period{Unit: tc.unit, Ord: ords[rnd>>33%uint64(len(ords))]}}
				if tc.unit == period.None {
					k.Period = period.Period{}
				}
				g.Add(k.Segments, k.Period, 9, 0)
				if !slices.ContainsFunc(want, func(w Key) bool { return w.Compare(k) == 0 }) {
					want = append(want, k)
				}
			}
			var got []Key
			for _, i := range g.Order() {
				got = append(got, g.Group(i).Key)
			}
			slices.SortFunc(want, Key.Compare)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%d segments, %v, small limits %v: Order gives\n%v\nKey.Compare gives\n%v", tc.nSeg, tc.unit, small, got, want)
			}
		}
	}
}

// TestSetRepeatedDays: a Set remembers the last day's period; days given
// again, in and out of order, across a year end and with a segment must
// land in the period of their own date (weeks by hand: 2024-12-30 and
// 2025-01-01 are ISO week 2025-W01, 2024-12-29 week 2024-W52).
func TestSetRepeatedDays(t *testing.T) {
	days := [][3]int{{2024, 12, 30}, {2024, 12, 30}, {2025, 1, 1}, {2024, 12, 29}, {2024, 12, 30}, {2024, 12, 29}, {2025, 1, 1}}
	want := map[string]int64{"2025-W01": 5, "2024-W52": 2}
	s := NewSet([]Spec{{Cols: []int{0}, Unit: period.Week}}, false)
	for i, d := range days {
		s.Add([]string{"x"}, d[0], time.Month(d[1]), d[2], i%11, 0)
	}
	got := map[string]int64{}
	for _, g := range s.Groupers()[0].Groups() {
		got[g.Key.Period.Label()] += g.Tally.N()
	}
	if !maps.Equal(got, want) {
		t.Errorf("responses per week %v, want %v", got, want)
	}
}
