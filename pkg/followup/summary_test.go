package followup

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
)

// summaryRows are responses as the engine hands them: id, region; a day;
// a score. Counted by hand as of 2025-03-10 with detractors due in 2 days
// (due 2025-03-10 or later: answered on 2025-03-08 or later):
//   - a: 2025-03-01 detractor, then 2025-03-09 promoter: promoter.
//   - b: 2025-03-09 detractor (EMEA): due.
//   - c: 2025-03-01 detractor (APAC): overdue; its later line the same
//     day is a passive, which wins (same day, later in the input).
//   - d: 2025-03-05 passive, then an earlier day's detractor: passive.
//   - two blank ids, each its own respondent: 2025-03-08 detractor (EMEA,
//     due) and 2025-03-07 detractor (APAC, overdue).
//   - e: 2025-03-02 detractor (EMEA): overdue.
//
// Respondents 7: detractors b, e and two blank ids (4), passives c and d
// (2), promoter a (1). Due 2 (b, blank EMEA), overdue 2 (e, blank APAC).
// EMEA: 3 detractors (b, blank, e), due 2, overdue 1; APAC: 1, overdue 1.
var summaryRows = []struct {
	id, region string
	day        string
	score      int
}{
	{"a", "EMEA", "2025-03-01", 2},
	{"c", "APAC", "2025-03-01", 3},
	{"b", "EMEA", "2025-03-09", 0},
	{"a", "EMEA", "2025-03-09", 10},
	{"c", "APAC", "2025-03-01", 8},
	{"d", "APAC", "2025-03-05", 7},
	{"d", "APAC", "2025-03-04", 1},
	{"", "EMEA", "2025-03-08", 6},
	{"", "APAC", "2025-03-07", 4},
	{"e", "EMEA", "2025-03-02", 5},
}

func fillLatest(t *testing.T, l *Latest, idx []int) {
	t.Helper()
	for _, i := range idx {
		r := summaryRows[i]
		p, err := period.Parse(period.Day, r.day)
		if err != nil {
			t.Fatal(err)
		}
		l.Add(breakdown.Key{Period: p}, &breakdown.Row{Fields: []string{r.id, r.region}, Line: int64(i + 2), Score: r.score})
	}
}

func TestLatestSummary(t *testing.T) {
	asOf, _ := period.Parse(period.Day, "2025-03-10")
	want := Summary{
		Respondents: 7, Categories: [3]int64{4, 2, 1}, AsOf: "2025-03-10", DueDays: 2,
		Open: Counts{Detractors: 4, Due: 2, Overdue: 2},
		Segments: []SegmentCounts{
			{Column: "region", Value: "APAC", Counts: Counts{Detractors: 1, Overdue: 1}},
			{Column: "region", Value: "EMEA", Counts: Counts{Detractors: 3, Due: 2, Overdue: 1}},
		},
	}
	all := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	// One accumulator, the rows in order, reversed, and split between two
	// workers in two ways then merged: the same summary each time.
	for _, c := range []struct {
		name string
		a, b []int
	}{
		{"in order", all, nil},
		{"reversed", []int{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, nil},
		{"halves", []int{0, 1, 2, 3, 4}, []int{5, 6, 7, 8, 9}},
		{"interleaved", []int{9, 7, 5, 3, 1}, []int{8, 6, 4, 2, 0}},
	} {
		l := NewLatest(0, []int{1}, 2)
		fillLatest(t, l, c.a)
		if c.b != nil {
			o := l.Empty().(*Latest)
			fillLatest(t, o, c.b)
			l.Merge(o)
		}
		got := l.Summarize(asOf, DefaultDue, []string{"region"}, nil)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", c.name, got, want)
		}
		if got := l.Summarize(asOf, DefaultDue, []string{"region"}, []bool{false}); got.Segments != nil {
			t.Errorf("%s: a column left out still has %d rows", c.name, len(got.Segments))
		}
		// With no segment column, records are their response alone.
		n := NewLatest(0, nil, 2)
		fillLatest(t, n, c.a)
		if c.b != nil {
			o := n.Empty().(*Latest)
			fillLatest(t, o, c.b)
			n.Merge(o)
		}
		noSegs := want
		noSegs.Segments = nil
		if got := n.Summarize(asOf, DefaultDue, nil, nil); !reflect.DeepEqual(got, noSegs) {
			t.Errorf("%s, no segment column:\n got %+v\nwant %+v", c.name, got, noSegs)
		}
	}
}

// A segment column with more values than the limit is given up, also when
// only one worker saw too many; the others stay.
func TestLatestGivesUpManyValues(t *testing.T) {
	asOf, _ := period.Parse(period.Day, "2025-03-10")
	day, _ := period.Parse(period.Day, "2025-03-01")
	add := func(l *Latest, id, a, b string) {
		l.Add(breakdown.Key{Period: day}, &breakdown.Row{Fields: []string{id, a, b}, Score: 0})
	}
	for _, split := range []bool{false, true} {
		l := NewLatest(0, []int{1, 2}, 2)
		o := l
		if split {
			o = l.Empty().(*Latest)
		}
		add(l, "r1", "x", "same")
		add(o, "r2", "y", "same")
		add(o, "r3", "z", "same") // a third value of column 1: given up
		if split {
			l.Merge(o)
		}
		got := l.Summarize(asOf, DefaultDue, []string{"many", "one"}, nil)
		want := []SegmentCounts{{Column: "one", Value: "same", Counts: Counts{Detractors: 3, Overdue: 3}}}
		if !reflect.DeepEqual(got.Segments, want) {
			t.Errorf("split %v: %+v, want %+v", split, got.Segments, want)
		}
	}
}

// TestLatestMatchesMap: the summary of Latest, its rows split among three
// workers and merged, is the one a map of each respondent's latest row
// gives (the simple way), on random rows: repeated ids, blank ids, days
// and lines that tie, a column with too many values and one without.
func TestLatestMatchesMap(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	asOf, _ := period.Parse(period.Day, "2025-03-10")
	const max = 40
	type row struct {
		id, a, b    string
		day         int32
		input, line int
		score       int
	}
	workers := []*Latest{NewLatest(0, []int{1, 2}, max)}
	workers = append(workers, workers[0].Empty().(*Latest), workers[0].Empty().(*Latest))
	latest := map[string]row{}
	var anon []row
	later := func(x, y row) bool {
		if x.day != y.day {
			return x.day > y.day
		}
		if x.input != y.input {
			return x.input > y.input
		}
		return x.line > y.line
	}
	for i := range 30000 {
		rw := row{id: fmt.Sprintf(" r%d", r.IntN(5000)), a: fmt.Sprint("v", r.IntN(max+5)), b: fmt.Sprint("w", r.IntN(7)),
			day: asOf.Ord - int32(r.IntN(20)), input: r.IntN(2), line: i, score: r.IntN(11)}
		if r.IntN(30) == 0 {
			rw.id = ""
		}
		workers[r.IntN(3)].Add(breakdown.Key{Period: period.Period{Unit: period.Day, Ord: rw.day}},
			&breakdown.Row{Fields: []string{rw.id, rw.a, rw.b}, Input: rw.input, Line: int64(rw.line), Score: rw.score})
		id := strings.TrimSpace(rw.id)
		if id == "" {
			anon = append(anon, rw)
		} else if old, ok := latest[id]; !ok || later(rw, old) {
			latest[id] = rw
		}
	}
	workers[0].Merge(workers[1])
	workers[0].Merge(workers[2])
	got := workers[0].Summarize(asOf, DefaultDue, []string{"a", "b"}, nil)

	want := Summary{AsOf: asOf.Label(), DueDays: DefaultDue[nps.Detractor]}
	perB := map[string]*Counts{}
	for _, rw := range append(anon, slices.Collect(maps.Values(latest))...) {
		cat := nps.Classify(rw.score)
		want.Respondents++
		want.Categories[cat]++
		if cat != nps.Detractor {
			continue
		}
		for _, c := range []*Counts{&want.Open, perB[rw.b]} {
			if c == nil {
				c = &Counts{}
				perB[rw.b] = c
			}
			c.Detractors++
			if rw.day+int32(DefaultDue[nps.Detractor]) < asOf.Ord {
				c.Overdue++
			} else {
				c.Due++
			}
		}
	}
	for _, v := range slices.Sorted(maps.Keys(perB)) {
		want.Segments = append(want.Segments, SegmentCounts{Column: "b", Value: v, Counts: *perB[v]})
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}
