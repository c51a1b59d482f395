package pipeline

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/internal/reader"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/survey"
)

func TestCellOf(t *testing.T) {
	for _, c := range []struct {
		v    string
		want int
	}{
		{"", 11}, {"0", 0}, {"7", 7}, {"9", 9}, {"10", 10},
		{"11", -1}, {"01", -1}, {" 9", -1}, {"9 ", -1}, {"/", -1}, {":", -1}, {"a", -1}, {"100", -1}, {"1.", -1},
	} {
		if got := cellOf([]byte(c.v)); got != c.want {
			t.Errorf("cellOf(%q) = %d; want %d", c.v, got, c.want)
		}
	}
}

// TestScoreCellsMatchGeneral: score-only rows held back by their cell
// give the general reader's counts, warnings (invalid cells by line, the
// 1-11 scale check that a 0 or an 11 sets off), tallies and rows per
// input, over several inputs and chunk boundaries everywhere; with and
// without a 0 among the scores, on each scale, under --strict too.
func TestScoreCellsMatchGeneral(t *testing.T) {
	cells := []string{"", "0", "1", "5", "6", "7", "8", "9", "10", "11", "x", " 9", "010", `"9"`}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		name  string
		pick  []string
		opt   survey.Options
		files int
	}{
		{"all", cells, survey.Options{}, 3},
		{"no zero", slicesWithout(cells, "0"), survey.Options{}, 3},
		{"common only", cells[:9], survey.Options{}, 2},
		{"strict", cells[:9], survey.Options{Strict: true}, 2},
		{"strict bad", cells, survey.Options{Strict: true}, 2},
		// 1-11: a "0" is invalid, a "10" is a 9.
		{"1-11", cells, survey.Options{Scale: survey.Scale1To11}, 3},
		{"0-10", cells, survey.Options{Scale: survey.Scale0To10}, 2},
	} {
		dir := t.TempDir()
		var paths []string
		for f := range tc.files {
			var b strings.Builder
			b.WriteString("id,score\n")
			for i := range 400 + 300*f {
				fmt.Fprintf(&b, "%d,%s\n", i, tc.pick[rng.IntN(len(tc.pick))])
			}
			p := filepath.Join(dir, fmt.Sprintf("f%d.csv", f))
			if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, p)
		}
		want, wantRows := general(paths, nil, tc.opt, nil, period.None), inputRows(t, paths, tc.opt, nil)
		for _, cfg := range configs {
			got, ok := fast(paths, nil, tc.opt, nil, period.None, cfg)
			if !ok {
				t.Fatalf("%s: the fast path does not take score-only rows", tc.name)
			}
			if got.String() != want.String() {
				t.Fatalf("%s, config %+v:\nfast:\n%s\ngeneral:\n%s", tc.name, cfg, got, want)
			}
			if want.err == "" {
				if gotRows := inputRows(t, paths, tc.opt, &cfg); gotRows != wantRows {
					t.Fatalf("%s, config %+v: rows per input %s; want %s", tc.name, cfg, gotRows, wantRows)
				}
			}
		}
	}
}

func slicesWithout(s []string, v string) []string {
	var out []string
	for _, x := range s {
		if x != v {
			out = append(out, x)
		}
	}
	return out
}

// inputRows reads paths, by the fast path with cfg (the general reader
// when nil), and returns the rows of each input.
func inputRows(t *testing.T, paths []string, opt survey.Options, cfg *Config) string {
	t.Helper()
	r, err := reader.Open(paths, nil, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if cfg == nil {
		for {
			if _, err := r.Next(); err != nil {
				break
			}
		}
	} else {
		plan, _ := r.FastPlan(nil)
		c := *cfg
		c.Plan, c.Groupings = plan, []breakdown.Spec{{}}
		if _, err := Run(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	var rows []string
	for _, in := range r.Inputs() {
		rows = append(rows, fmt.Sprint(in.Rows))
	}
	return strings.Join(rows, " ")
}
