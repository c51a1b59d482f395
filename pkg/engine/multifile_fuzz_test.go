package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/period"
)

// FuzzMultiFile reads two inputs together (issue 12: each input finds its
// own score column; problem counts are kept per input) and checks that
//   - the fast path and the general reader agree on every outcome, error
//     or tallies, stats and warnings;
//   - the first input given twice counts exactly twice what it counts
//     alone (same detection, so every tally and stat doubles).
func FuzzMultiFile(f *testing.F) {
	seeds := [][2]string{
		{"date,score\n2025-01-02,9\n2025-02-03,3\n", "Submitted,How likely are you to recommend us?\n2025-03-04,10\n2025-03-05,\n"},
		{"score,region\n9,EMEA\n10,APAC\n", "region\nEMEA\n"},
		{`[{"score":9,"date":"2025-01-02"},{"score":"x"}]`, "score\n7\n"},
		{`{"meta":[{"a":1}],"responses":[{"nps":10},{"nps":0}]}`, `{"score":5}` + "\n" + `{"score":11}` + "\n"},
		{"sep=;\nscore;date\n8;2025-01-01\n", "score\r9\r10\r"},
		{"id,score\n1,9\n", "id,score\n1,9\n"},
	}
	for i, s := range seeds {
		f.Add([]byte(s[0]), []byte(s[1]), uint8(i))
	}
	f.Fuzz(func(t *testing.T, a, b []byte, shape uint8) {
		if len(a) > 4096 || len(b) > 4096 {
			return
		}
		dir := t.TempDir()
		exts := []string{".csv", ".json", ".jsonl", ".txt"}
		pa := filepath.Join(dir, "a"+exts[shape%4])
		pb := filepath.Join(dir, "b"+exts[shape/4%4])
		if err := os.WriteFile(pa, a, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(pb, b, 0o644); err != nil {
			t.Fatal(err)
		}
		groupings := []Grouping{{}}
		if shape&16 != 0 {
			groupings = append(groupings, Grouping{Period: period.Month})
		}
		outcome := func(files []string, general bool) (string, *Result) {
			res, err := Run(context.Background(), Query{Files: files, Groupings: groupings, General: general})
			if err != nil {
				return "error: " + err.Error(), nil
			}
			var s strings.Builder
			for _, g := range res.Groupings {
				fmt.Fprintln(&s, strings.Join(counts(g), "; "))
			}
			fmt.Fprintf(&s, "%+v\n%q\n", res.Stats, res.Warnings)
			return s.String(), res
		}
		fast, _ := outcome([]string{pa, pb}, false)
		general, _ := outcome([]string{pa, pb}, true)
		if fast != general {
			t.Fatalf("a %q, b %q:\nfast:    %s\ngeneral: %s", a, b, fast, general)
		}
		_, once := outcome([]string{pa}, true)
		if once == nil {
			return
		}
		_, twice := outcome([]string{pa, pa}, true)
		if twice == nil {
			t.Fatalf("a %q read once but not twice", a)
		}
		st1, st2 := once.Stats, twice.Stats
		if st2.Rows != 2*st1.Rows || st2.Valid != 2*st1.Valid || st2.Blank != 2*st1.Blank || st2.Invalid != 2*st1.Invalid || st2.BadDates != 2*st1.BadDates {
			t.Fatalf("a %q: twice %+v, once %+v", a, st2, st1)
		}
		for i := range once.Groupings {
			g1, g2 := once.Groupings[i].Groups(), twice.Groupings[i].Groups()
			if len(g1) != len(g2) {
				t.Fatalf("a %q grouping %d: %d groups twice, %d once", a, i, len(g2), len(g1))
			}
			for j := range g1 {
				d1, p1, r1 := g1[j].Tally.Categories()
				d2, p2, r2 := g2[j].Tally.Categories()
				if d2 != 2*d1 || p2 != 2*p1 || r2 != 2*r1 {
					t.Fatalf("a %q group %v: twice %d/%d/%d, once %d/%d/%d", a, KeyValues(g1[j].Key), d2, p2, r2, d1, p1, r1)
				}
			}
		}
	})
}
