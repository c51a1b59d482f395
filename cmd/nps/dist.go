package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/npskit/nps/pkg/render"
)

type distOptions struct {
	base
	filter    filterFlags
	stats     statsFlags
	failUnder threshold
}

func newDistCmd(a *app, runF func(*distOptions) error) *cobra.Command {
	o := &distOptions{base: base{app: a}}
	cmd := &cobra.Command{
		Use:   "dist [FILE...]",
		Short: "Print the 0-10 score distribution with counts, shares and bars",
		Example: `  nps dist responses.csv
  nps dist responses.csv --where region=EMEA -f json`,
	}
	cmd.RunE = runE(&o.base, o, runF, runDist)
	addFailUnder(cmd, &o.failUnder)
	o.input.AddFlags(cmd)
	o.input.AddWeightFlag(cmd)
	o.input.AddCountFlag(cmd)
	o.input.AddDBFlags(cmd)
	o.filter.AddFlags(cmd, &o.input)
	o.stats.AddFlags(cmd)
	o.out.AddFlags(cmd, render.Table)
	return cmd
}

func runDist(o *distOptions) error {
	a, format, opt := &o.base, o.out.formatOr(render.Table), o.stats.options()
	res, err := a.tally(a.files, &o.filter)
	if err != nil {
		return err
	}
	tally := res.Groupings[0].Overall()
	rep := &render.DistReport{Tally: tally, Result: tally.Result(opt), Blank: res.Stats.Blank, Invalid: res.Stats.Invalid, Confidence: opt.Confidence}
	if err := a.emit(func(w io.Writer) error { return render.Write(w, format, render.Dist(rep), a.style()) }); err != nil {
		return err
	}
	return o.failUnder.check(rep.Result)
}
