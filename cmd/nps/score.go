package main

import (
	"io"
	"math"
	"sort"

	"github.com/spf13/cobra"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/render"
)

func newScoreCmd(a *app) *cobra.Command {
	var failUnder float64
	cmd := &cobra.Command{
		Use:   "score [FILE...]",
		Short: "Print the NPS with n, counts, shares and confidence interval",
		Long: `Print the Net Promoter Score of the responses: n, promoters, passives and
detractors with counts and shares, the NPS and its confidence interval. With
--by and/or --period, one row per group plus the overall.

FILE is a path or - for standard input; no FILE reads standard input. Several
files are read as one data set.`,
		Example: `  nps score responses.csv
  nps score responses.csv --by region --period quarter
  nps score responses.csv -f json --fail-under 30`,
		RunE: func(cmd *cobra.Command, files []string) error {
			format, opt, err := a.begin(render.Table, files)
			if err != nil {
				return err
			}
			unit, err := a.periodUnit(period.None)
			if err != nil {
				return err
			}
			g := grouping{by: a.by, unit: unit}
			t, err := a.collect(cmd.Context(), files, g)
			if err != nil {
				return err
			}
			rep := a.scoreReport(t, g, t.groups.Groups(), opt)
			if err := a.emit(func(w io.Writer) error { return render.Write(w, format, render.Score(rep), a.style()) }); err != nil {
				return err
			}
			return checkFailUnder(failUnder, rep.Overall)
		},
	}
	addFailUnder(cmd, &failUnder)
	return cmd
}

func addFailUnder(cmd *cobra.Command, failUnder *float64) {
	*failUnder = math.NaN()
	cmd.Flags().Float64Var(failUnder, "fail-under", math.NaN(), "exit with status 3 when the overall NPS is below `X`")
}

// scoreReport turns tallied groups into results, ordered by --sort.
func (a *app) scoreReport(t *tallied, g grouping, groups []breakdown.Group, opt nps.Options) *render.ScoreReport {
	overall := t.groups.Overall()
	rep := &render.ScoreReport{
		Overall:    overall.Result(opt),
		Blank:      t.stats.Blank,
		Invalid:    t.stats.Invalid,
		Confidence: opt.Confidence,
		MinN:       opt.MinN,
		Groups:     []render.GroupResult{},
	}
	if len(g.by) == 0 && g.unit == period.None {
		return rep
	}
	rep.KeyNames = g.keyNames()
	for _, gr := range groups {
		rep.Groups = append(rep.Groups, render.GroupResult{Key: keyValues(gr.Key), Result: gr.Tally.Result(opt)})
	}
	sortGroups(rep.Groups, a.sortBy)
	return rep
}

// keyValues are a group key's values in keyNames order.
func keyValues(k breakdown.Key) []string {
	vals := append([]string(nil), k.Segments...)
	if k.Period.Unit != period.None {
		vals = append(vals, k.Period.Label())
	}
	return vals
}

// sortGroups applies --sort: groups arrive ordered by key; nps and n sort
// descending, keeping key order among ties; empty groups go last.
func sortGroups(groups []render.GroupResult, by string) {
	less := map[string]func(a, b nps.Result) bool{
		"nps": func(a, b nps.Result) bool {
			if a.Empty() || b.Empty() {
				return !a.Empty() && b.Empty()
			}
			return a.NPS > b.NPS
		},
		"n": func(a, b nps.Result) bool { return a.N > b.N },
	}[by]
	if less == nil {
		return
	}
	sort.SliceStable(groups, func(i, j int) bool { return less(groups[i].Result, groups[j].Result) })
}
