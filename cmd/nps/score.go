package main

import (
	"io"
	"math"

	"github.com/spf13/cobra"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/engine"
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
			format, opt, err := a.beginTally(render.Table, files)
			if err != nil {
				return err
			}
			unit, err := a.periodUnit(period.None)
			if err != nil {
				return err
			}
			g := engine.Grouping{By: a.by, Period: unit}
			if format == render.Tally {
				return a.writeTally(cmd.Context(), files, g)
			}
			res, err := a.tally(cmd.Context(), files, g)
			if err != nil {
				return err
			}
			gr := res.Groupings[0]
			rep := a.scoreReport(res, gr.Overall(), g, gr.Groups(), opt)
			if err := a.emit(func(w io.Writer) error { return render.Score(w, format, rep, a.style()) }); err != nil {
				return err
			}
			return checkFailUnder(failUnder, rep.Overall)
		},
	}
	addFailUnder(cmd, &failUnder)
	a.addDBFlags(cmd)
	return cmd
}

func addFailUnder(cmd *cobra.Command, failUnder *float64) {
	*failUnder = math.NaN()
	cmd.Flags().Float64Var(failUnder, "fail-under", math.NaN(), "exit with status 3 when the overall NPS is below `X`")
}

// scoreReport turns tallied groups into results, ordered by --sort.
func (a *app) scoreReport(res *engine.Result, overall nps.Tally, g engine.Grouping, groups []breakdown.Group, opt nps.Options) *render.ScoreReport {
	rep := &render.ScoreReport{
		Overall:    overall.Result(opt),
		Blank:      res.Stats.Blank,
		Invalid:    res.Stats.Invalid,
		Confidence: opt.Confidence,
		MinN:       opt.MinN,
		Groups:     []render.GroupResult{},
	}
	if len(g.By) == 0 && g.Period == period.None {
		return rep
	}
	rep.KeyNames = g.KeyNames()
	for _, r := range engine.Results(groups, opt, a.order) {
		rep.Groups = append(rep.Groups, render.GroupResult{Key: r.Key, Result: r.Result})
	}
	return rep
}
