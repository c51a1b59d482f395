// Package render writes results: tablewriter tables, asciigraph charts, CSV
// and TSV, JSON, JSON Lines and Markdown. Text headed for a
// spreadsheet is neutralised against formula injection, text headed for a
// terminal is stripped of control characters, and files are written
// atomically.
package render

import (
	"encoding/json"
	"io"

	"github.com/npskit/nps/pkg/nps"
)

// Style is how a terminal wants tables and charts.
type Style struct {
	Color bool // ANSI colour (stdout is a terminal and NO_COLOR unset)
}

// Model is a report as data, which every writer reads: the document (JSON),
// the records (CSV, TSV) and lines (JSON Lines) with their named fields,
// and the blocks a person reads (tables with notes, charts).
type Model struct {
	doc     json.Marshaler
	records records
	lines   []object
	blocks  []block
}

// block is one part of what a person reads: a *grid or a *chart.
type block interface{ isBlock() }

func (*grid) isBlock()  {}
func (*chart) isBlock() {}

// write writes m in format f.
func write(w io.Writer, f Format, m *Model, st Style) error {
	wr, err := writerFor(f)
	if err != nil {
		return err
	}
	return wr.report(w, m, st)
}

// GroupResult is one group's key values (in ScoreReport.KeyNames order) and result.
type GroupResult struct {
	Key    []string
	Result nps.Result
}

// ScoreReport is what `nps score` (and the table part of `nps trend`) prints.
type ScoreReport struct {
	KeyNames   []string // the --by columns in order, then "period" when grouping by period; empty without grouping
	Overall    nps.Result
	Groups     []GroupResult // empty without grouping
	Blank      int64
	Invalid    int64
	Confidence float64 // for the "95% CI" heading
	// MinN is the --min-n threshold, used only to word the low-n footnote
	// ("fewer than 30 responses"); 0 words it without the number.
	MinN int64
}

// Score writes a score report.
func Score(w io.Writer, f Format, rep *ScoreReport, st Style) error {
	return write(w, f, scoreModel(rep), st)
}

// TrendReport is what `nps trend` prints: the groups (every period, empty
// ones with n = 0) and, in table format, a chart of NPS by period with one
// series per segment combination.
type TrendReport struct {
	ScoreReport
	Periods   []string // the x axis: every period label in order
	Height    int      // chart rows; 0 = default
	Width     int      // chart columns; 0 = default
	ShowCI    bool     // draw the interval bounds as extra series
	MaxSeries int      // cap on segment series drawn; the rest are named in a note
}

// Trend writes a trend report.
func Trend(w io.Writer, f Format, rep *TrendReport, st Style) error {
	return write(w, f, trendModel(rep), st)
}

// DistReport is what `nps dist` prints.
type DistReport struct {
	Tally   nps.Tally
	Result  nps.Result
	Blank   int64
	Invalid int64
	// Confidence labels the interval in the summary line ("95% CI"); 0
	// says just "CI".
	Confidence float64
}

// Dist writes the 0-10 distribution.
func Dist(w io.Writer, f Format, rep *DistReport, st Style) error {
	return write(w, f, distModel(rep), st)
}

// Side is one side of a comparison: how it was chosen and its result.
type Side struct {
	KeyNames  []string // e.g. ["file"], ["period"], ["region"]
	KeyValues []string
	Result    nps.Result
}

// CompareReport is what `nps compare` prints.
type CompareReport struct {
	A, B       Side
	Comparison nps.Comparison
	Confidence float64
}

// Compare writes a comparison with its one-line verdict.
func Compare(w io.Writer, f Format, rep *CompareReport, st Style) error {
	return write(w, f, compareModel(rep), st)
}

// RowWriter streams rows of text cells (for `nps classify`).
type RowWriter interface {
	Write(cells []string) error
	Flush() error
}

// NewRowWriter writes header then rows in format f. Table and Markdown
// buffer rows until Flush; CSV, TSV, JSON Lines stream; JSON streams an array
// of objects keyed by header.
//
// Flush finishes the output (for JSON it closes the array); call it once,
// after the last Write. Rows shorter than the header are padded with empty
// cells; a row longer than the header is an error.
func NewRowWriter(w io.Writer, f Format, header []string, st Style) (RowWriter, error) {
	wr, err := writerFor(f)
	if err != nil {
		return nil, err
	}
	return wr.rows(w, append([]string(nil), header...), st)
}
