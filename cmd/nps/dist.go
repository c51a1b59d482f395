package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/npskit/nps/pkg/render"
)

func newDistCmd(a *app) *cobra.Command {
	var failUnder float64
	cmd := &cobra.Command{
		Use:   "dist [FILE...]",
		Short: "Print the 0-10 score distribution with counts, shares and bars",
		Example: `  nps dist responses.csv
  nps dist responses.csv --where region=EMEA -f json`,
		RunE: func(cmd *cobra.Command, files []string) error {
			format, opt, err := a.begin(render.Table, files)
			if err != nil {
				return err
			}
			if err := a.rejectGrouping("dist"); err != nil {
				return err
			}
			res, err := a.tally(cmd.Context(), files)
			if err != nil {
				return err
			}
			tally := res.Groupings[0].Overall()
			rep := &render.DistReport{Tally: tally, Result: tally.Result(opt), Blank: res.Stats.Blank, Invalid: res.Stats.Invalid, Confidence: opt.Confidence}
			if err := a.emit(func(w io.Writer) error { return render.Dist(w, format, rep, a.style()) }); err != nil {
				return err
			}
			return checkFailUnder(failUnder, rep.Result)
		},
	}
	addFailUnder(cmd, &failUnder)
	a.addDBFlags(cmd)
	return cmd
}
