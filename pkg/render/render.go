// Package render writes results: tablewriter tables, asciigraph charts, CSV
// and TSV (gocsv), JSON, JSON Lines and Markdown. Text headed for a
// spreadsheet is neutralised against formula injection, text headed for a
// terminal is stripped of control characters, and files are written
// atomically.
package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/npskit/nps/pkg/nps"
)

// Format is an output format.
type Format uint8

const (
	Table Format = iota
	CSV
	TSV
	JSON
	JSONL
	Markdown
)

var formatNames = [...]string{Table: "table", CSV: "csv", TSV: "tsv", JSON: "json", JSONL: "jsonl", Markdown: "markdown"}

// String returns the flag spelling of f.
func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return fmt.Sprintf("Format(%d)", f)
}

// ParseFormat parses table|csv|tsv|json|jsonl|markdown (also "md"), in any case.
func ParseFormat(s string) (Format, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	if v == "md" {
		return Markdown, nil
	}
	for f, name := range formatNames {
		if v == name {
			return Format(f), nil
		}
	}
	return 0, fmt.Errorf("unknown format %q; use table, csv, tsv, json, jsonl or markdown (md)", s)
}

// Style is how a terminal wants tables and charts.
type Style struct {
	Color bool // ANSI colour (stdout is a terminal and NO_COLOR unset)
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
	return writeScore(w, f, rep, st)
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
	return writeTrend(w, f, rep, st)
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
	return writeDist(w, f, rep, st)
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
	return writeCompare(w, f, rep, st)
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
	return newRowWriter(w, f, header, st)
}
