package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/render"
)

type inspectOptions struct{ base }

func newInspectCmd(a *app, runF func(*inspectOptions) error) *cobra.Command {
	o := &inspectOptions{base{app: a}}
	cmd := &cobra.Command{
		Use:   "inspect [FILE...]",
		Short: "Show what was detected: format, layout, columns and their roles",
		Long: `Show how nps reads the input: its format, encoding, delimiter, the survey
tool's layout and number of header rows, the number of rows, every column with
its role (score, date, id, comment, nps group), a few sample values and its
empty cells, the score's blank and invalid counts, and the date range.

Use it when a command picks the wrong column or cannot read the file; the
flags that change the detection are --score-col, --date-col, --header-rows,
--date-format, --input-format, --delimiter, --encoding and --sheet. Every
row is read: there are no filters.

A table (default) or Markdown shows a summary and a column table; CSV, TSV
and JSON Lines give the column table; JSON gives everything.`,
		Example: `  nps inspect export.csv
  nps inspect export.csv --header-rows 1 --score-col Q7
  nps inspect export.xlsx --sheet Responses -f json`,
	}
	cmd.RunE = runE(&o.base, o, runF, runInspect)
	o.input.AddFlags(cmd)
	o.input.AddWeightFlag(cmd)
	o.input.AddCountFlag(cmd)
	o.input.AddRoleFlags(cmd)
	o.out.AddFlags(cmd, render.Table)
	return cmd
}

func runInspect(o *inspectOptions) error {
	a, format := &o.base, o.out.formatOr(render.Table)
	q, err := a.query(a.files, nil)
	if err != nil {
		return err
	}
	rep, err := engine.Inspect(q)
	if err != nil {
		return err
	}
	a.warn(rep.Warnings)
	return a.emit(func(w io.Writer) error { return render.Write(w, format, render.Inspect(rep), a.style()) })
}
