package engine

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
)

// TestTrendMatchesWindows: every result Trend yields is the one worked
// out another way, from the groups by (series, period) in a map: every
// series has every period from the first to the last of all, each
// period's tally merged with those of the rolling-1 periods before it
// (newest first, so that weighted sums agree to the bit), and without
// rolling the change from the series' last period with responses by its
// own nps.Compare. Series of one or two responses (a trend by respondent,
// many gaps), a few large series, weights, and a consumer that stops.
func TestTrendMatchesWindows(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,region,date,score,w\n")
	for i := range 3000 {
		// ids: a few hundred respondents, most answering once or twice
		// months apart; regions: three large series.
		// more promoters in even months: rises and falls to mark.
		month, score := (i*5)%12+1, (i*i)%11
		if month%2 == 0 && i/2%2 == 0 {
			score = 10
		}
		fmt.Fprintf(&b, "u%03d,%s,2025-%02d-%02d,%d,%g\n", i*7%400, []string{"EMEA", "APAC", "NA"}[i%3], month, i%28+1, score, 0.25+float64(i%9)/4)
	}
	path := write(t, b.String())
	opt := nps.Options{Confidence: 0.9}
	for _, tc := range []struct {
		by      []string
		unit    period.Unit
		weight  string
		rolling int
	}{
		{[]string{"id"}, period.Month, "", 1},
		{[]string{"id"}, period.Quarter, "", 2},
		{[]string{"region"}, period.Month, "", 1},
		{[]string{"region"}, period.Month, "w", 1},
		{[]string{"region", "id"}, period.Quarter, "w", 3},
		{nil, period.Week, "", 4},
	} {
		name := fmt.Sprintf("%v by %s weight %q rolling %d", tc.by, tc.unit, tc.weight, tc.rolling)
		q := Query{Files: []string{path}, Groupings: []Grouping{{By: tc.by, Period: tc.unit}}}
		q.Read.WeightCol = tc.weight
		res, err := Run(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		gr := res.Groupings[0]
		tr, err := res.Trend(gr, opt, tc.rolling)
		if err != nil {
			t.Fatal(name, err)
		}
		want, periods := trendByWindows(gr.Groups(), opt, tc.rolling)
		if len(tr.Periods) != len(periods) || tr.Periods[0] != periods[0].Label() || tr.Periods[len(periods)-1] != periods[len(periods)-1].Label() {
			t.Errorf("%s: periods %v, want %v", name, tr.Periods, periods)
		}
		for pass := range 2 { // Each may be called more than once
			got := slices.Collect(tr.Each)
			if len(got) != len(want) {
				t.Fatalf("%s: %d results, want %d", name, len(got), len(want))
			}
			changes := 0
			for i := range want {
				if !slices.Equal(got[i].Key, want[i].Key) || !sameResult(got[i].Result, want[i].Result) || got[i].Change != want[i].Change {
					t.Fatalf("%s pass %d: result %d\n got %+v\nwant %+v", name, pass, i, got[i], want[i])
				}
				if got[i].Change != 0 {
					changes++
				}
			}
			if tc.rolling == 1 && slices.Equal(tc.by, []string{"region"}) && changes == 0 {
				t.Errorf("%s: no change marked: the test shows nothing of changes", name)
			}
		}
		n := 0
		for range tr.Each {
			if n++; n == 5 {
				break
			}
		}
	}
}

// sameResult compares results bit for bit (NaN equal to NaN).
func sameResult(a, b nps.Result) bool {
	floats := func(r *nps.Result) []*float64 {
		return []*float64{&r.PromotersPct, &r.PassivesPct, &r.DetractorsPct, &r.NPS, &r.CILow, &r.CIHigh, &r.WeightTotal, &r.EffectiveN}
	}
	fa, fb := floats(&a), floats(&b)
	for i := range fa {
		if math.Float64bits(*fa[i]) != math.Float64bits(*fb[i]) {
			return false
		}
		*fa[i], *fb[i] = 0, 0
	}
	return a == b
}

// trendByWindows is a trend of groups (in key order) worked out from a map
// of tallies by series and period, and the periods from the first to the
// last.
func trendByWindows(groups []breakdown.Group, opt nps.Options, rolling int) ([]GroupResult, []period.Period) {
	type at struct {
		series string
		ord    int32
	}
	tallies := map[at]nps.Tally{}
	var series [][]string
	first, last := groups[0].Key.Period.Ord, groups[0].Key.Period.Ord
	weighted := false
	for _, g := range groups {
		name := strings.Join(g.Key.Segments, "\x00")
		if len(series) == 0 || strings.Join(series[len(series)-1], "\x00") != name {
			series = append(series, g.Key.Segments)
		}
		tallies[at{name, g.Key.Period.Ord}] = g.Tally
		first, last = min(first, g.Key.Period.Ord), max(last, g.Key.Period.Ord)
		weighted = weighted || g.Tally.Weighted
	}
	unit := groups[0].Key.Period.Unit
	var periods []period.Period
	for ord := first; ord <= last; ord++ {
		periods = append(periods, period.Period{Unit: unit, Ord: ord})
	}
	var out []GroupResult
	for _, segs := range series {
		name := strings.Join(segs, "\x00")
		var prev *nps.Tally // the series' last period with responses
		for _, p := range periods {
			sum := tallies[at{name, p.Ord}]
			sum.Weighted = sum.Weighted || weighted
			for k := int32(1); k < int32(rolling); k++ {
				if before, ok := tallies[at{name, p.Ord - k}]; ok {
					sum.Merge(&before)
				}
			}
			r := GroupResult{Key: append(slices.Clone(segs), p.Label()), Result: sum.Result(opt)}
			if rolling == 1 && sum.N() > 0 {
				if prev != nil {
					if c := nps.Compare(prev, &sum, opt); c.Significant {
						r.Change = 1
						if c.Diff < 0 {
							r.Change = -1
						}
					}
				}
				prev = &sum
			}
			out = append(out, r)
		}
	}
	return out, periods
}
