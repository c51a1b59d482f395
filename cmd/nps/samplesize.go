package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/render"
)

type sampleSizeOptions struct {
	base
	filter filterFlags
	group  groupFlags
	stats  statsFlags
	margin float64
}

func newSampleSizeCmd(a *app, runF func(*sampleSizeOptions) error) *cobra.Command {
	o := &sampleSizeOptions{base: base{app: a}}
	cmd := &cobra.Command{
		Use:   "sample-size [FILE...]",
		Short: "Print how many responses a ±M-point interval needs",
		Long: `Print, for the data overall (and per group with --by/--period), the current
n and interval half-width, and how many responses an interval of ±--margin
NPS points would need at the current mix of promoters, passives and
detractors (the normal approximation; see docs/statistics.md).`,
		Example: `  nps sample-size responses.csv --margin 5
  nps sample-size responses.csv --margin 10 --by region`,
	}
	cmd.RunE = runE(&o.base, o, runF, runSampleSize)
	cmd.Flags().Var(newValue(&o.margin, 5, "5", "float", parseMargin), "margin", "wanted half-width of the interval, in NPS `POINTS`")
	o.input.AddFlags(cmd)
	o.input.AddWeightFlag(cmd)
	o.filter.AddFlags(cmd, &o.input)
	o.group.AddFlags(cmd, &o.input, period.None)
	o.stats.AddIntervalFlags(cmd)
	o.out.AddFlags(cmd, render.Table)
	return cmd
}

func runSampleSize(o *sampleSizeOptions) error {
	a, format, opt, margin := &o.base, o.out.formatOr(render.Table), o.stats.options(), o.margin
	_, g, gr, err := a.tallyGroups(&o.filter, &o.group)
	if err != nil {
		return err
	}
	row := func(key []string, tally nps.Tally) render.PlanRow {
		return render.PlanRow{Key: key, Result: tally.Result(opt), NeededN: nps.SampleSizeForMargin(&tally, margin, opt)}
	}
	rep := &render.PlanReport{Margin: margin, Confidence: opt.Confidence, Overall: row(nil, gr.Overall())}
	if len(g.By) > 0 || g.Period != period.None {
		rep.KeyNames = g.KeyNames()
		for _, grp := range gr.Groups() {
			rep.Groups = append(rep.Groups, row(engine.KeyValues(grp.Key), grp.Tally))
		}
	}
	return a.emit(func(w io.Writer) error { return render.Write(w, format, render.Plan(rep), a.style()) })
}
