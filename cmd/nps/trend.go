package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/render"
)

// maxSeries caps the segment series one chart draws; more would be noise.
const maxSeries = 6

type trendOptions struct {
	base
	filter        filterFlags
	group         groupFlags
	stats         statsFlags
	failUnder     threshold
	rolling       int
	height, width int
	showCI        bool
}

func newTrendCmd(a *app, runF func(*trendOptions) error) *cobra.Command {
	o := &trendOptions{base: base{app: a}}
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
	}
	cmd.RunE = runE(&o.base, o, runF, runTrend)
	addFailUnder(cmd, &o.failUnder)
	f := cmd.Flags()
	f.Var(newValue(&o.rolling, 1, "1", "int", atLeast(1, "a number of periods of 1 or more", "use 1 (no smoothing) or more")),
		"rolling", "compute each period over the last `N` periods")
	f.IntVar(&o.height, "height", 0, "chart height in `ROWS` (default 12)")
	f.IntVar(&o.width, "width", 0, "chart width in `COLUMNS` (default: fits the periods and the terminal, up to 100)")
	f.BoolVar(&o.showCI, "ci", false, "draw the confidence interval bounds in the chart")
	o.input.AddFlags(cmd)
	o.input.AddWeightFlag(cmd)
	o.input.AddCountFlag(cmd)
	o.input.AddDBFlags(cmd)
	o.filter.AddFlags(cmd, &o.input)
	o.group.AddFlags(cmd, &o.input, period.Month)
	o.stats.AddFlags(cmd)
	o.out.AddFlags(cmd, render.Table, render.Tally)
	return cmd
}

func runTrend(o *trendOptions) error {
	a, format, opt := &o.base, o.out.formatOr(render.Table), o.stats.options()
	if format == render.Tally {
		return a.writeTally(&o.filter, &o.group)
	}
	res, g, gr, err := a.tallyGroups(&o.filter, &o.group)
	if err != nil {
		return err
	}
	// The groups are made one at a time, never all held: a trend by
	// respondent has a row for every respondent and period.
	tr, err := res.Trend(gr, opt, o.rolling)
	if err != nil {
		return err
	}
	if tr.Warning != "" {
		a.warn([]string{tr.Warning})
	}
	rep := &render.TrendReport{
		ScoreReport: *scoreReport(res, gr.Overall(), g, nil, opt, engine.ByKey),
		Periods:     tr.Periods,
		Height:      o.height,
		Width:       o.width,
		ShowCI:      o.showCI,
		MaxSeries:   maxSeries,
	}
	rep.Each = renderResults(tr.Each)
	if err := a.emit(func(w io.Writer) error { return render.Write(w, format, render.Trend(rep), a.style()) }); err != nil {
		return err
	}
	return o.failUnder.check(rep.Overall)
}
