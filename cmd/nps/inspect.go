package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/render"
)

func newInspectCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "inspect [FILE...]",
		Short: "Show what was detected: format, encoding, layout, columns and their roles",
		Long: `Show how nps reads the input: its format, encoding, delimiter, the survey
tool's layout and number of header rows, the number of rows, every column with
its role (score, date, id, comment, nps group), a few sample values and its
empty cells, the score's blank and invalid counts, and the date range.

Use it when a command picks the wrong column or cannot read the file; the
flags that change the detection are --score-col, --date-col, --header-rows,
--date-format, --input-format, --delimiter, --encoding and --sheet. Filters
(--where, --since, --until, --latest-per) are not applied.

A table (default) or Markdown shows a summary and a column table; CSV, TSV
and JSON Lines give the column table; JSON gives everything.`,
		Example: `  nps inspect export.csv
  nps inspect export.csv --header-rows 1 --score-col Q7
  nps inspect export.xlsx --sheet Responses -f json`,
		RunE: func(cmd *cobra.Command, files []string) error {
			format, _, err := a.begin(render.Table, files)
			if err != nil {
				return err
			}
			if err := a.rejectGrouping("inspect"); err != nil {
				return err
			}
			q, err := a.query(files)
			if err != nil {
				return err
			}
			rep, err := engine.Inspect(q)
			if err != nil {
				return err
			}
			a.warn(rep.Warnings)
			return a.emit(func(w io.Writer) error { return render.Write(w, format, render.Inspect(rep), a.style()) })
		},
	}
	return cmd
}
