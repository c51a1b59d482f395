package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/render"
	"github.com/npskit/nps/pkg/usererr"
)

// maxSeries caps the segment series one chart draws; more would be noise.
const maxSeries = 6

func newTrendCmd(a *app) *cobra.Command {
	var (
		failUnder     float64
		rolling       int
		height, width int
		showCI        bool
	)
	cmd := &cobra.Command{
		Use:   "trend [FILE...]",
		Short: "Print the NPS per period as a table and an ASCII line chart",
		Long: `Print the NPS per period (default --period month) as a table and an ASCII
line chart. Empty periods between the first and the last stay in (n 0, no
NPS) so the time axis is honest. --by COL draws one series per segment;
--rolling N computes each period from the merged responses of that period and
the N-1 before it.`,
		Example: `  nps trend responses.csv --period month
  nps trend responses.csv --period quarter --by region
  nps trend responses.csv --period week --rolling 4 -f csv`,
		RunE: func(cmd *cobra.Command, files []string) error {
			format, opt, err := a.beginTally(render.Table, files)
			if err != nil {
				return err
			}
			unit, err := a.periodUnit(period.Month)
			if err != nil {
				return err
			}
			if a.sortBy != "key" {
				return usererr.Usagef("drop --sort: a trend is in time order", "trend does not sort: --sort %s does not apply", a.sortBy)
			}
			if rolling < 1 {
				return usererr.Usagef("use 1 (no smoothing) or more", "--rolling %d is less than 1", rolling)
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
			groups := breakdown.FillPeriods(gr.Groups())
			if rolling > 1 {
				groups = breakdown.Rolling(groups, rolling)
			}
			rep := &render.TrendReport{
				ScoreReport: *a.scoreReport(res, gr.Overall(), g, groups, opt),
				Periods:     periodLabels(groups),
				Height:      height,
				Width:       width,
				ShowCI:      showCI,
				MaxSeries:   maxSeries,
			}
			if err := a.emit(func(w io.Writer) error { return render.Trend(w, format, rep, a.style()) }); err != nil {
				return err
			}
			return checkFailUnder(failUnder, rep.Overall)
		},
	}
	addFailUnder(cmd, &failUnder)
	a.addDBFlags(cmd)
	f := cmd.Flags()
	f.IntVar(&rolling, "rolling", 1, "compute each period over the last `N` periods")
	f.IntVar(&height, "height", 0, "chart height in rows (default 12)")
	f.IntVar(&width, "width", 0, "chart width in columns (default: fits the periods, 40 to 100)")
	f.BoolVar(&showCI, "ci", false, "draw the confidence interval bounds in the chart")
	return cmd
}

// periodLabels lists each period once, in order, from filled groups.
func periodLabels(groups []breakdown.Group) []string {
	var labels []string
	seen := map[period.Period]bool{}
	for _, g := range groups {
		if !seen[g.Key.Period] {
			seen[g.Key.Period] = true
			labels = append(labels, g.Key.Period.Label())
		}
	}
	return labels
}
