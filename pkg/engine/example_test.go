package engine_test

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/survey"
)

// NPS by region and quarter from a CSV export. (The figures were checked
// against a separate Python count of the same file.)
func Example() {
	q := engine.Query{
		Files:     []string{"../../testdata/responses.csv"},
		Groupings: []engine.Grouping{{By: []string{"region"}, Period: period.Quarter}},
	}
	res, err := engine.Run(context.Background(), q)
	if err != nil {
		panic(err)
	}
	for _, g := range engine.Results(res.Groupings[0].Groups()[:3], nps.Options{}, engine.ByKey) {
		fmt.Printf("%s %s n=%d NPS %.1f\n", g.Key[0], g.Key[1], g.Result.N, g.Result.NPS)
	}
	// Output:
	// APAC 2024-Q1 n=98 NPS 16.3
	// APAC 2024-Q2 n=111 NPS 17.1
	// APAC 2024-Q3 n=93 NPS 14.0
}

// Reading responses one at a time, with the roles the reader detected.
func ExampleOpenRows() {
	export := "id,How likely are you to recommend us?,Why?\n" +
		"1,10 - Extremely likely,Great support\n" +
		"2,6,Too slow\n" +
		"3,,\n" +
		"4,11,typo\n"
	rows, err := engine.OpenRows(engine.Query{Stdin: strings.NewReader(export), Read: survey.Options{Scale: survey.Scale0To10}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rows.Close()
	cols, roles := rows.Columns(), rows.Roles()
	fmt.Println("score column:", cols[roles.Score])
	res, err := rows.Each(context.Background(), func(r *survey.Response) error {
		if r.Status == survey.Blank {
			fmt.Printf("line %d: blank\n", r.Line)
		} else {
			fmt.Printf("line %d: %d (%s)\n", r.Line, r.Score, r.Fields[roles.Comment])
		}
		return nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%+v\n", res.Stats)
	for _, w := range res.Warnings {
		fmt.Println("warning:", w)
	}
	// Output:
	// score column: How likely are you to recommend us?
	// line 2: 10 (Great support)
	// line 3: 6 (Too slow)
	// line 4: blank
	// {Rows:4 Valid:2 Blank:1 Invalid:1 BadDates:0 Filtered:0}
	// warning: stdin: 1 invalid score skipped (line 5); scores must be whole numbers 0-10
}

// Responses taken as they come, by every core on a large file: each
// worker counts into a counter of its own, and the counters are added at
// the end. Start clears them should the pass start again. By hand: 9 and
// 10 are promoters, 6 and 0 detractors; "n/a" is not a score.
func ExampleRows_EachUnordered() {
	export := "id,score\n1,9\n2,6\n3,10\n4,0\n5,n/a\n6,10\n"
	rows, err := engine.OpenRows(engine.Query{Stdin: strings.NewReader(export)})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rows.Close()
	var mu sync.Mutex
	var counts []*[3]int // per worker, by category
	valid := func(r *survey.Response) bool { return r.Status == survey.Valid }
	start := func() { counts = nil }
	_, err = rows.EachUnordered(context.Background(), valid, start, func() func(*survey.Response) error {
		var c [3]int
		mu.Lock()
		counts = append(counts, &c)
		mu.Unlock()
		return func(r *survey.Response) error {
			c[nps.Classify(r.Score)]++
			return nil
		}
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	var total [3]int
	for _, c := range counts {
		for k := range c {
			total[k] += c[k]
		}
	}
	fmt.Println("detractors", total[nps.Detractor], "passives", total[nps.Passive], "promoters", total[nps.Promoter])
	// Output:
	// detractors 2 passives 0 promoters 3
}

// Results of many groups encoded where they are made: each goroutine
// gets an encoder of its own, and the batches' bytes come in key order.
// (NPS by hand: a has two 9s, b a 0, c a 9, a 0 and a 7.)
func ExampleEachEncoded() {
	g := breakdown.NewGrouper(1, period.None, false)
	for _, r := range []struct {
		key   string
		score int
	}{{"c", 9}, {"a", 9}, {"b", 0}, {"c", 0}, {"a", 9}, {"c", 7}} {
		g.Add([]string{r.key}, period.Period{}, r.score, 0)
	}
	newEncoder := func() func([]byte, *engine.GroupResult) ([]byte, error) {
		return func(b []byte, r *engine.GroupResult) ([]byte, error) {
			return fmt.Appendf(b, "%s n=%d NPS %.0f\n", r.Key[0], r.Result.N, r.Result.NPS), nil
		}
	}
	for b, err := range engine.EachEncoded(g, nps.DefaultOptions(), engine.ByKey, newEncoder) {
		if err != nil {
			panic(err)
		}
		fmt.Print(string(b))
	}
	// Output:
	// a n=2 NPS 100
	// b n=1 NPS -100
	// c n=3 NPS 0
}

// A trend by region, made one group at a time: every region has every
// month from the first to the last, the empty ones n = 0. By hand: EMEA
// in January has a promoter and a detractor (NPS 0), nothing in February,
// a promoter in March (100); APAC a passive in February (0). Samples this
// small never differ significantly: no change is marked.
func ExampleResult_Trend() {
	export := "region,date,score\n" +
		"EMEA,2025-01-05,10\n" +
		"EMEA,2025-01-09,3\n" +
		"EMEA,2025-03-02,9\n" +
		"APAC,2025-02-11,8\n"
	q := engine.Query{Stdin: strings.NewReader(export), Groupings: []engine.Grouping{{By: []string{"region"}, Period: period.Month}}}
	res, err := engine.Run(context.Background(), q)
	if err != nil {
		panic(err)
	}
	tr, err := res.Trend(res.Groupings[0], nps.Options{}, 1)
	if err != nil {
		panic(err)
	}
	for r := range tr.Each {
		score := "-"
		if !r.Result.Empty() {
			score = fmt.Sprintf("%.0f", r.Result.NPS)
		}
		fmt.Printf("%s %s n=%d NPS %s change %d\n", r.Key[0], r.Key[1], r.Result.N, score, r.Change)
	}
	// Output:
	// APAC 2025-01 n=0 NPS - change 0
	// APAC 2025-02 n=1 NPS 0 change 0
	// APAC 2025-03 n=0 NPS - change 0
	// EMEA 2025-01 n=2 NPS 0 change 0
	// EMEA 2025-02 n=0 NPS - change 0
	// EMEA 2025-03 n=1 NPS 100 change 0
}
