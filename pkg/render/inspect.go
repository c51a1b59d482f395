package render

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/npskit/nps/pkg/survey"
)

// Inspect is the model of what survey.Inspect detected. JSON gives
// everything: the inputs, the score and date columns with their counts
// and every column; CSV, TSV and JSON Lines give the column table (column,
// role, question, filled, empty, samples); a table or Markdown shows a
// summary and the column table.
func Inspect(rep *survey.Report) *Model {
	var rows []object
	var cells [][]string
	for _, c := range rep.Columns {
		cs := columnRow(c)
		o := make(object, len(cs))
		for i, v := range cs {
			o[i] = field{inspectColumnHeader[i], text(v)}
		}
		rows = append(rows, o)
		cells = append(cells, cs)
	}
	columns := textGrid(inspectColumnHeader, cells)
	columns.blocks = true // one block per column on a narrow terminal
	return &Model{
		doc:     inspectDoc(rep),
		records: records{header: inspectColumnHeader, rows: rows},
		lines:   rows,
		blocks:  []block{textGrid([]string{"detected", "value"}, inspectSummary(rep)), columns},
	}
}

var inspectColumnHeader = []string{"column", "role", "question", "filled", "empty", "samples"}

func columnRow(c survey.ColumnReport) []string {
	role := c.Role
	if c.Zone != "" {
		role = strings.TrimSpace(role + " (" + c.Zone + ")")
	}
	return []string{c.Name, role, c.Question, fmt.Sprint(c.Filled), fmt.Sprint(c.Empty), strings.Join(c.Samples, " | ")}
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
		if rep.DateLayout != "" {
			f := rep.DateLayout
			if rep.DateOrder != "" {
				f += " (" + rep.DateOrder + ")"
			}
			add("date format", f)
		}
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
	DateFmt   string       `json:"date_format,omitempty"`
	DateOrder string       `json:"date_order,omitempty"`
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

// inspectDoc is the JSON document of an inspection, encoded by
// encoding/json from inspectJSON (which, unlike the other reports, escapes
// <, > and & as encoding/json does).
func inspectDoc(rep *survey.Report) json.RawMessage {
	out := inspectJSON{Rows: rep.Rows, ScoreCol: strPtr(rep.ScoreCol), RoleError: rep.RoleError,
		Valid: rep.Valid, Blank: rep.Blank, Invalid: rep.Invalid, Scale: rep.Scale,
		DateCol: strPtr(rep.DateCol), BadDates: rep.BadDates, Warnings: rep.Warnings,
		Columns: []columnJSON{}}
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	if rep.DateCol != "" {
		out.DateZone, out.DateFmt, out.DateOrder = rep.DateZone, rep.DateLayout, rep.DateOrder
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
	raw, _ := json.Marshal(out) // strings, numbers and lists always encode
	return raw
}
