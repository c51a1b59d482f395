package main

import (
	"io"
	"math"

	"github.com/spf13/cobra"

	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/render"
	"github.com/npskit/nps/pkg/usererr"
)

func newSampleSizeCmd(a *app) *cobra.Command {
	var margin float64
	cmd := &cobra.Command{
		Use:   "sample-size [FILE...]",
		Short: "Print how many responses a ±M-point interval needs at the current mix",
		Long: `Print, for the data overall (and per group with --by/--period), the current
n and interval half-width, and how many responses an interval of ±--margin
NPS points would need at the current mix of promoters, passives and
detractors (the normal approximation; see docs/statistics.md).`,
		Example: `  nps sample-size responses.csv --margin 5
  nps sample-size responses.csv --margin 10 --by region`,
		RunE: func(cmd *cobra.Command, files []string) error {
			format, opt, err := a.begin(render.Table, files)
			if err != nil {
				return err
			}
			if !(margin > 0 && margin <= 100) || math.IsNaN(margin) {
				return usererr.Usagef("use a number of NPS points above 0, such as 5", "--margin %v is not a usable margin", margin)
			}
			unit, err := a.periodUnit(period.None)
			if err != nil {
				return err
			}
			g := engine.Grouping{By: a.by, Period: unit}
			res, err := a.tally(cmd.Context(), files, g)
			if err != nil {
				return err
			}
			gr := res.Groupings[0]
			row := func(key []string, tally nps.Tally) render.PlanRow {
				return render.PlanRow{Key: key, Result: tally.Result(opt), NeededN: nps.SampleSizeForMargin(&tally, margin, opt)}
			}
			rep := &render.PlanReport{Margin: margin, Confidence: opt.Confidence, Overall: row(nil, gr.Overall())}
			if len(g.By) > 0 || unit != period.None {
				rep.KeyNames = g.KeyNames()
				for _, grp := range gr.Groups() {
					rep.Groups = append(rep.Groups, row(engine.KeyValues(grp.Key), grp.Tally))
				}
			}
			return a.emit(func(w io.Writer) error { return render.Write(w, format, render.Plan(rep), a.style()) })
		},
	}
	cmd.Flags().Float64Var(&margin, "margin", 5, "wanted half-width of the interval, in NPS `POINTS`")
	return cmd
}
