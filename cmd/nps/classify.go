package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/render"
	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
)

func newClassifyCmd(a *app) *cobra.Command {
	var only string
	cmd := &cobra.Command{
		Use:   "classify [FILE...]",
		Short: "Print every response with its category column added",
		Long: `Print every response with a "category" column added: promoter, passive or
detractor (empty for a blank score). --only keeps the listed categories: the
follow-up list for the support team. Output is CSV unless --format says
otherwise; cells that a spreadsheet would run as a formula are neutralised.`,
		Example: `  nps classify responses.csv --only detractors > follow-up.csv
  nps classify responses.csv --only promoters,passives -f jsonl`,
		RunE: func(cmd *cobra.Command, files []string) error {
			format, _, err := a.begin(render.CSV, files)
			if err != nil {
				return err
			}
			if err := a.rejectGrouping("classify"); err != nil {
				return err
			}
			var keep nps.CategorySet
			if only != "" {
				if keep, err = nps.ParseCategories(only); err != nil {
					return usererr.Usagef("", "--only: %v", err)
				}
			}
			q, err := a.query(files)
			if err != nil {
				return err
			}
			rows, err := engine.OpenRows(q)
			if err != nil {
				return err
			}
			defer rows.Close()
			header := append(append([]string(nil), rows.Columns()...), "category")
			var res *engine.Result
			err = a.emit(func(w io.Writer) error {
				rw, err := render.NewRowWriter(w, format, header, a.style())
				if err != nil {
					return err
				}
				row := make([]string, len(header))
				res, err = rows.Each(cmd.Context(), func(resp *survey.Response) error {
					category := ""
					if resp.Status == survey.Valid {
						c := nps.Classify(resp.Score)
						if only != "" && !keep.Has(c) {
							return nil
						}
						category = c.String()
					} else if only != "" {
						return nil
					}
					copy(row, resp.Fields)
					row[len(row)-1] = category
					return rw.Write(row)
				})
				if err != nil {
					return err
				}
				return rw.Flush()
			})
			if res != nil {
				a.warn(res.Warnings)
			}
			return err
		},
	}
	cmd.Flags().StringVar(&only, "only", "", "keep only these `CATEGORIES`: a comma list of detractors, passives, promoters")
	return cmd
}

// rejectGrouping refuses --by/--period on commands that do not group, rather
// than ignoring them.
func (a *app) rejectGrouping(command string) error {
	if len(a.by) > 0 || a.period != "" {
		return usererr.Usagef("use --where, --since or --until to pick the rows instead", "%s does not group: --by and --period do not apply", command)
	}
	return nil
}
