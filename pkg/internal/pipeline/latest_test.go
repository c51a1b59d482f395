package pipeline

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/survey"
)

// TestLatestManyDuplicates: a few respondents answering thousands of times,
// so that each of them has responses in every batch of every worker and in
// every chunk, read in every way; what is kept is checked against a
// reduction done here, row by row. A batch lost or put in twice changes
// the rows counted or the responses kept.
func TestLatestManyDuplicates(t *testing.T) {
	const n = 5*latestBatchRows + 777
	type row struct {
		email, date, region string
		score               int // -1 blank
	}
	rows := make([]row, n)
	var b strings.Builder
	b.WriteString("email,date,region,score\n")
	for i := range rows {
		r := row{
			email:  fmt.Sprintf("u%d@example.com", (i*i+3*i)%37),
			date:   fmt.Sprintf("2025-01-%02d", 1+(i*13)%5), // many ties: the later row wins
			region: []string{"EMEA", "NA", "APAC"}[(i/7)%3],
			score:  (i * 5) % 11,
		}
		switch {
		case i%11 == 4:
			r.email = "" // no respondent: kept
		case i%5 == 2:
			r.email = " " + r.email + " " // the same respondent
		}
		if i%7 == 3 || i%17 == 0 {
			r.score = -1
		}
		rows[i] = r
		score := ""
		if r.score >= 0 {
			score = strconv.Itoa(r.score)
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s\n", r.email, r.date, r.region, score)
	}

	// The reduction: the greatest of a respondent's rows by (valid, date,
	// row); ISO dates order as strings.
	best := map[string]int{}
	var kept []int
	for i, r := range rows {
		id := strings.TrimSpace(r.email)
		if id == "" {
			kept = append(kept, i)
			continue
		}
		j, ok := best[id]
		if !ok {
			best[id] = i
			continue
		}
		o := rows[j]
		if (r.score >= 0) != (o.score >= 0) {
			if r.score >= 0 {
				best[id] = i
			}
		} else if r.date >= o.date {
			best[id] = i
		}
	}
	for _, i := range best {
		kept = append(kept, i)
	}
	want := survey.Stats{Rows: n, Filtered: int64(n - len(kept))}
	wantTally := map[string][11]int64{}
	for _, i := range kept {
		r := rows[i]
		if r.score < 0 {
			want.Blank++
			continue
		}
		want.Valid++
		c := wantTally[r.region]
		c[r.score]++
		wantTally[r.region] = c
	}

	opt := survey.Options{LatestPer: "email"}
	for _, src := range fileAndStdin(t, []byte(b.String())) {
		for _, cfg := range slices.Concat(configs[1:], []Config{{Workers: 2, ChunkSize: 4096}, {Workers: 3, ChunkSize: 1000}}) {
			r, idx, err := setup(src.paths, src.stdin, opt, []string{"region"})
			if err != nil {
				t.Fatal(err)
			}
			plan, why := r.FastPlan(idx)
			if plan == nil {
				t.Fatal(why)
			}
			cfg.Plan, cfg.Groupings = plan, []breakdown.Spec{{Cols: idx, Unit: period.None}}
			set, err := Run(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Stats(); got != want {
				t.Errorf("config %+v (stdin %v): stats %+v, want %+v", cfg, src.stdin != nil, got, want)
			}
			got := map[string][11]int64{}
			for _, g := range set.Groupers()[0].Groups() {
				got[g.Key.Segments[0]] = g.Tally.Count
			}
			if fmt.Sprint(got) != fmt.Sprint(wantTally) {
				t.Errorf("config %+v (stdin %v): scores by region\n%v, want\n%v", cfg, src.stdin != nil, got, wantTally)
			}
			r.Close()
		}
	}
}
