package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/render"
	"github.com/npskit/nps/pkg/survey"
)

type classifyOptions struct {
	base
	filter filterFlags
	only   *nps.CategorySet // nil: every response, blank scores too
}

func newClassifyCmd(a *app, runF func(*classifyOptions) error) *cobra.Command {
	o := &classifyOptions{base: base{app: a}}
	cmd := &cobra.Command{
		Use:   "classify [FILE...]",
		Short: "Print every response with its category column added",
		Long: `Print every response with a "category" column added: promoter, passive or
detractor (empty for a blank score). --only keeps the listed categories: the
follow-up list for the support team. Output is CSV unless --format says
otherwise; cells that a spreadsheet would run as a formula are neutralised.`,
		Example: `  nps classify responses.csv --only detractors > follow-up.csv
  nps classify responses.csv --only promoters,passives -f jsonl`,
	}
	cmd.RunE = runE(&o.base, o, runF, runClassify)
	cmd.Flags().Var(newValue(&o.only, nil, "", "string", parseCategories), "only", "keep only these `CATEGORIES`: a comma list of detractors, passives, promoters")
	completeChoiceList(cmd, "only", categoryNames)
	o.input.AddFlags(cmd)
	o.filter.AddFlags(cmd, &o.input)
	o.out.AddFlags(cmd, render.CSV)
	return cmd
}

func runClassify(o *classifyOptions) error {
	a, format := &o.base, o.out.formatOr(render.CSV)
	q, err := a.query(a.files, &o.filter)
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
		if enc, ok := render.NewLineEncoder(format, header); ok {
			var err error
			res, err = o.writeLines(w, rows, enc, format, header)
			return err
		}
		rw, err := render.NewRowWriter(w, format, header, a.style())
		if err != nil {
			return err
		}
		row := make([]string, len(header))
		res, err = rows.Each(a.ctx, func(resp *survey.Response) error {
			if !o.keeps(resp) {
				return nil
			}
			fill(row, resp)
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
	return a.explainEmpty(q, res, err)
}

// writeLines writes the rows in a format of a line per row (CSV, TSV,
// JSON Lines; enc is its encoder), encoded by the engine's workers in
// parallel where the inputs allow it.
func (o *classifyOptions) writeLines(w io.Writer, rows *engine.Rows, enc render.LineEncoder, format render.Format, header []string) (*engine.Result, error) {
	head := enc.Header(nil)
	if _, err := w.Write(head); err != nil {
		return nil, err
	}
	// An output that can take back what was written (every one: stdout
	// is held until the run succeeds) lets rows with ISO dates be read in
	// parallel under --since or --until too (engine.Rows.WriteLines).
	var reset func() error
	if t, ok := w.(interface{ truncate(int64) error }); ok {
		reset = func() error { return t.truncate(int64(len(head))) }
	}
	return rows.WriteLines(o.ctx, w, reset, o.keeps, func() engine.LineFunc {
		enc, _ := render.NewLineEncoder(format, header) // one per worker
		row := make([]string, len(header))
		return func(b []byte, resp *survey.Response) ([]byte, error) {
			fill(row, resp) // WriteLines asked keeps already
			return enc.Line(b, row)
		}
	}, func() engine.RecordFunc {
		enc, _ := render.NewLineEncoder(format, header)
		rec, ok := enc.(render.RecordEncoder)
		if !ok {
			return nil
		}
		return func(b, raw []byte, sep byte, resp *survey.Response) ([]byte, bool) {
			return rec.Record(b, raw, sep, category(resp)) // the columns, then fill's last cell
		}
	})
}

// keeps reports whether --only keeps the response (a blank score has no
// category: kept without --only).
func (o *classifyOptions) keeps(resp *survey.Response) bool {
	if resp.Status == survey.Valid {
		return o.only == nil || o.only.Has(nps.Classify(resp.Score))
	}
	return o.only == nil
}

// fill sets row to the response's fields and its category.
func fill(row []string, resp *survey.Response) {
	copy(row, resp.Fields)
	row[len(row)-1] = category(resp)
}

// category is the category column of a response: "" for a blank score.
func category(resp *survey.Response) string {
	if resp.Status == survey.Valid {
		return nps.Classify(resp.Score).String()
	}
	return ""
}
