package engine

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/survey"
)

// countedExport returns random rows with a count column n and the same
// rows written out n times each without it: the reference that a
// --count-col run must equal. Scores include blank and invalid values,
// dates cross a year end, weights are small whole numbers (so that
// repeated sums are exact).
func countedExport(seed uint64, rows int) (counted, expanded string) {
	r := rand.New(rand.NewPCG(seed, 1))
	scores := []string{"0", "3", "6", "7", "8", "9", "10", "", "N/A", "abc", "11"}
	regions := []string{"EMEA", "NA", "", "APAC"}
	var c, e strings.Builder
	c.WriteString("date,region,score,w,n\n")
	e.WriteString("date,region,score,w\n")
	day := time.Date(2024, 12, 20, 0, 0, 0, 0, time.UTC)
	for i := 0; i < rows; i++ {
		d := day.AddDate(0, 0, r.IntN(30)).Format("2006-01-02")
		line := fmt.Sprintf("%s,%s,%s,%d", d, regions[r.IntN(len(regions))], scores[r.IntN(len(scores))], r.IntN(4))
		n := r.IntN(5) // 0 to 4
		fmt.Fprintf(&c, "%s,%d\n", line, n)
		for range n {
			e.WriteString(line + "\n")
		}
	}
	return c.String(), e.String()
}

// TestCountColAsIfRepeated: a row that stands for n responses counts, in
// every grouping, filter and source, as the row written n times.
func TestCountColAsIfRepeated(t *testing.T) {
	counted, expanded := countedExport(7, 400)
	cp, ep := write(t, counted), write(t, expanded)
	reads := []survey.Options{
		{},
		{WeightCol: "w"},
		{Where: []survey.Condition{{Column: "region", Value: "NA", Negate: true}}},
		{Since: time.Date(2024, 12, 28, 0, 0, 0, 0, time.UTC), Until: time.Date(2025, 1, 3, 0, 0, 0, 0, time.UTC)},
		{Location: mustZone(t, "America/New_York")},
	}
	groupings := []Grouping{{By: []string{"region"}}, {Period: period.Week}, {By: []string{"region"}, Period: period.Month}, {}}
	for i, opt := range reads {
		for _, general := range []bool{false, true} {
			q := Query{Read: opt, Groupings: groupings, General: general}
			q.Files = []string{ep}
			want, err := Run(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			q.Files = []string{cp}
			q.Read.CountCol = "n"
			got, err := Run(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			if got.Stats != want.Stats {
				t.Errorf("read %d general=%v: stats %+v, want %+v", i, general, got.Stats, want.Stats)
			}
			for k := range groupings {
				if g, w := dump(got.Groupings[k]), dump(want.Groupings[k]); g != w {
					t.Errorf("read %d general=%v grouping %d:\n%s\nwant:\n%s", i, general, k, g, w)
				}
			}
		}
	}
}

// TestCountColProblems: a bad count skips its row as one invalid
// response, with a warning, or stops the run under --strict; a problem in
// a counted row counts its responses.
func TestCountColProblems(t *testing.T) {
	path := write(t, "region,score,n\nEMEA,9,3\nEMEA,9,x\nNA,abc,4\nNA,10,-1\nNA,7,2.0\nNA,8,1.5\n")
	res, err := Run(context.Background(), Query{Files: []string{path}, Read: survey.Options{CountCol: "n"}})
	if err != nil {
		t.Fatal(err)
	}
	// Valid: 3 + 2; invalid: x, -1 and 1.5 once each, abc four times.
	if want := (survey.Stats{Rows: 12, Valid: 5, Invalid: 7}); res.Stats != want {
		t.Errorf("stats %+v, want %+v", res.Stats, want)
	}
	want := []string{
		path + ": 4 invalid scores skipped (line 4); scores must be whole numbers 0-10",
		path + ": 3 rows with a missing, negative or fractional count skipped (lines 3, 5, 7); counts in column \"n\" must be whole numbers of 0 or more",
	}
	if !reflect.DeepEqual(res.Warnings, want) {
		t.Errorf("warnings:\n%q\nwant:\n%q", res.Warnings, want)
	}
	_, err = Run(context.Background(), Query{Files: []string{path}, Read: survey.Options{CountCol: "n", Strict: true}})
	if err == nil || !strings.Contains(err.Error(), `x.csv:3: invalid count "x" in column "n"; counts must be whole numbers of 0 or more`) {
		t.Errorf("strict: %v", err)
	}
	_, err = Run(context.Background(), Query{Files: []string{path}, Read: survey.Options{CountCol: "n", LatestPer: "region"}})
	if err == nil || !strings.Contains(err.Error(), `--latest-per cannot be used with pre-aggregated rows (a count column "n")`) {
		t.Errorf("--latest-per with counts: %v", err)
	}
	_, err = Run(context.Background(), Query{Files: []string{path}, Read: survey.Options{CountCol: "count"}})
	if err == nil || !strings.Contains(err.Error(), `unknown column "count"`) {
		t.Errorf("unknown --count-col: %v", err)
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// dump lists a grouping's tallies exactly, weights included.
func dump(g *breakdown.Grouper) string {
	var b strings.Builder
	o := g.Overall()
	fmt.Fprintf(&b, "overall %s\n", tallyString(&o))
	for _, grp := range g.Groups() {
		fmt.Fprintf(&b, "%s %s\n", strings.Join(KeyValues(grp.Key), "|"), tallyString(&grp.Tally))
	}
	return b.String()
}

func tallyString(t *nps.Tally) string {
	return fmt.Sprintf("%v %v %v", t.Count, t.Weight, t.Weight2)
}
