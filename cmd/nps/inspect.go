package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/npskit/nps/pkg/render"
	"github.com/npskit/nps/pkg/survey"
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
	o.input.AddRoleFlags(cmd)
	o.out.AddFlags(cmd, render.Table)
	return cmd
}

func runInspect(o *inspectOptions) error {
	a, format := &o.base, o.out.formatOr(render.Table)
	rep, err := survey.Inspect(a.files, a.app.in, a.input.readOptions())
	if err != nil {
		return err
	}
	a.warn(rep.Warnings)
	return a.emit(func(w io.Writer) error { return writeInspect(w, format, rep, a.style()) })
}

var inspectColumnHeader = []string{"column", "role", "question", "filled", "empty", "samples"}

func columnRow(c survey.ColumnReport) []string {
	role := c.Role
	if c.Zone != "" {
		role = strings.TrimSpace(role + " (" + c.Zone + ")")
	}
	return []string{c.Name, role, c.Question, fmt.Sprint(c.Filled), fmt.Sprint(c.Empty), strings.Join(c.Samples, " | ")}
}

func writeInspect(w io.Writer, f render.Format, rep *survey.Report, st render.Style) error {
	switch f {
	case render.JSON:
		return writeInspectJSON(w, rep)
	case render.Table, render.Markdown:
		sum, err := render.NewRowWriter(w, f, []string{"detected", "value"}, st)
		if err != nil {
			return err
		}
		for _, kv := range inspectSummary(rep) {
			if err := sum.Write(kv); err != nil {
				return err
			}
		}
		if err := sum.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	cw, err := render.NewRowWriter(w, f, inspectColumnHeader, st)
	if err != nil {
		return err
	}
	for _, c := range rep.Columns {
		if err := cw.Write(columnRow(c)); err != nil {
			return err
		}
	}
	return cw.Flush()
}

func inputFormat(in survey.Input) string {
	s := in.Format
	if in.Gzip {
		s += " (gzip)"
	}
	return s
}

func delimName(d string) string {
	switch d {
	case "\t":
		return "tab"
	case "":
		return ""
	}
	return fmt.Sprintf("%q", d)
}

func inspectSummary(rep *survey.Report) [][]string {
	var out [][]string
	add := func(k, v string) { out = append(out, []string{k, v}) }
	for _, in := range rep.Inputs {
		name := in.Name
		if name == "-" {
			name = "stdin"
		}
		add("file", name)
		add("format", inputFormat(in))
		if in.Vendor != "" {
			add("layout", vendorTitle(in.Vendor))
		}
		if in.Encoding != "" {
			add("encoding", in.Encoding)
		}
		if in.Delimiter != "" {
			add("delimiter", delimName(in.Delimiter))
		}
		if in.Sheet != "" {
			add("sheet", in.Sheet)
		}
		if in.HeaderRows > 0 {
			add("header rows", fmt.Sprint(in.HeaderRows))
		}
		add("rows", fmt.Sprint(in.Rows))
	}
	if len(rep.Inputs) > 1 {
		add("rows (all files)", fmt.Sprint(rep.Rows))
	}
	if rep.ScoreCol != "" {
		add("score column", rep.ScoreCol)
		add("scores", fmt.Sprintf("%d valid, %d blank, %d invalid (scale %s)", rep.Valid, rep.Blank, rep.Invalid, rep.Scale))
	} else {
		add("score column", "none: "+rep.RoleError)
	}
	if rep.DateCol != "" {
		add("date column", rep.DateCol+" (read in "+rep.DateZone+")")
		if !rep.DateFirst.IsZero() {
			add("date range", rep.DateFirst.Format(time.RFC3339)+" to "+rep.DateLast.Format(time.RFC3339))
		}
		if rep.BadDates > 0 {
			add("unreadable dates", fmt.Sprint(rep.BadDates))
		}
	} else {
		add("date column", "none")
	}
	return out
}

func vendorTitle(v string) string {
	switch v {
	case "qualtrics":
		return "Qualtrics"
	case "qualtrics-legacy":
		return "Qualtrics (legacy export)"
	case "surveymonkey":
		return "SurveyMonkey"
	case "typeform":
		return "Typeform"
	case "google-forms":
		return "Google Forms"
	case "microsoft-forms":
		return "Microsoft Forms"
	case "delighted":
		return "Delighted"
	}
	return v
}

type inspectJSON struct {
	Inputs    []inputJSON  `json:"inputs"`
	Rows      int64        `json:"rows"`
	ScoreCol  *string      `json:"score_column"`
	RoleError string       `json:"score_column_problem,omitempty"`
	Valid     int64        `json:"valid"`
	Blank     int64        `json:"blank"`
	Invalid   int64        `json:"invalid"`
	Scale     string       `json:"scale"`
	DateCol   *string      `json:"date_column"`
	DateZone  string       `json:"date_zone,omitempty"`
	DateFirst *string      `json:"date_first"`
	DateLast  *string      `json:"date_last"`
	BadDates  int64        `json:"unreadable_dates"`
	Columns   []columnJSON `json:"columns"`
	Warnings  []string     `json:"warnings"`
}

type inputJSON struct {
	File       string `json:"file"`
	Format     string `json:"format"`
	Gzip       bool   `json:"gzip"`
	Layout     string `json:"layout"`
	Encoding   string `json:"encoding,omitempty"`
	Delimiter  string `json:"delimiter,omitempty"`
	Sheet      string `json:"sheet,omitempty"`
	HeaderRows int    `json:"header_rows"`
	Rows       int64  `json:"rows"`
}

type columnJSON struct {
	Name     string   `json:"name"`
	Role     string   `json:"role"`
	Question string   `json:"question,omitempty"`
	Zone     string   `json:"zone,omitempty"`
	Filled   int64    `json:"filled"`
	Empty    int64    `json:"empty"`
	Samples  []string `json:"samples"`
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func writeInspectJSON(w io.Writer, rep *survey.Report) error {
	out := inspectJSON{Rows: rep.Rows, ScoreCol: strPtr(rep.ScoreCol), RoleError: rep.RoleError,
		Valid: rep.Valid, Blank: rep.Blank, Invalid: rep.Invalid, Scale: rep.Scale,
		DateCol: strPtr(rep.DateCol), BadDates: rep.BadDates, Warnings: rep.Warnings,
		Columns: []columnJSON{}}
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	if rep.DateCol != "" {
		out.DateZone = rep.DateZone
	}
	if !rep.DateFirst.IsZero() {
		out.DateFirst = strPtr(rep.DateFirst.Format(time.RFC3339))
		out.DateLast = strPtr(rep.DateLast.Format(time.RFC3339))
	}
	for _, in := range rep.Inputs {
		out.Inputs = append(out.Inputs, inputJSON{File: in.Name, Format: in.Format, Gzip: in.Gzip, Layout: in.Vendor,
			Encoding: in.Encoding, Delimiter: in.Delimiter, Sheet: in.Sheet, HeaderRows: in.HeaderRows, Rows: in.Rows})
	}
	for _, c := range rep.Columns {
		s := c.Samples
		if s == nil {
			s = []string{}
		}
		out.Columns = append(out.Columns, columnJSON{Name: c.Name, Role: c.Role, Question: c.Question, Zone: c.Zone,
			Filled: c.Filled, Empty: c.Empty, Samples: s})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
