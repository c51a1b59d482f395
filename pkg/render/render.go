// Package render writes results for people and for programs.
//
// Each report has a constructor that turns it into a Model: Score, Trend,
// Dist, Compare, Plan and Inspect. A model is the report as data: its rows
// of named fields (the SPEC's field names, spelled once), its JSON
// document, and what a person reads: tables with their notes, and charts
// as series over an axis of labels. Write prints any model in any Format:
//
//	m := render.Score(&render.ScoreReport{Overall: result})
//	err := render.Write(w, render.CSV, m, render.Style{})
//
// There is one writer per format (table, csv, tsv, json, jsonl, markdown),
// picked by its name; none of them knows a report, so a new format is a
// new writer, for every report at once. Tables are drawn to fit the
// terminal's width, charts with asciigraph; Markdown leaves charts out.
//
// NewRowWriter streams rows of text cells in the same formats, for output
// too large to hold (classify).
//
// Text headed for a spreadsheet is neutralised against formula injection,
// text headed for a terminal is stripped of control characters, and
// CreateAtomic writes a file so that it is complete or absent.
package render

import (
	"encoding/json"
	"io"
	"iter"
	"slices"
)

// Style is how a terminal wants tables and charts.
type Style struct {
	Color bool // ANSI colour (stdout is a terminal and NO_COLOR unset)
	// Width is the terminal's width in columns: tables, notes and charts
	// fit it (0: no limit).
	Width int
}

// Model is a report as data, which every writer reads: the document (JSON),
// the records (CSV, TSV) and lines (JSON Lines) with their named fields,
// and the blocks a person reads (tables with notes, charts).
type Model struct {
	title   string // what the report is, for a page's title
	doc     json.Marshaler
	records records
	lines   []object
	blocks  []block
	tally   *TallyReport // -f tally (Tallies), else nil
	// makeBlocks, when set, stands for blocks: they are made only for a
	// writer that draws them (a table of a trend's hundreds of thousands
	// of rows, its chart, its ▲▼, are nothing to CSV).
	makeBlocks func() []block
	// many, when set, stands for records.rows and lines: a report too
	// large to hold, whose rows are made as a writer reaches them.
	many *manyRows
}

// manyRows are the parts of a report of many rows that are made on demand.
// Each may be run more than once.
type manyRows struct {
	records iter.Seq[object]
	lines   iter.Seq[object]
	// batches, when set, stands for records and lines in the writers that
	// encode a row at a time (CSV, TSV, JSON Lines): it makes the rows on
	// several goroutines, each encoding them with a rowEncoder of its own
	// from newEncoder, and yields the encoded batches in order.
	batches func(newEncoder func() rowEncoder) iter.Seq2[[]byte, error]
}

// rowEncoder appends a row's line to b: the bytes a writer writes for it.
type rowEncoder func(b []byte, row object) ([]byte, error)

// recordRows are the model's records.
func (m *Model) recordRows() iter.Seq[object] {
	if m.many != nil {
		return m.many.records
	}
	return slices.Values(m.records.rows)
}

// eachLine are the model's lines.
func (m *Model) eachLine() iter.Seq[object] {
	if m.many != nil {
		return m.many.lines
	}
	return slices.Values(m.lines)
}

// allBlocks are the model's blocks, made now when it makes them on demand.
func (m *Model) allBlocks() []block {
	if m.makeBlocks != nil {
		return m.makeBlocks()
	}
	return m.blocks
}

// block is one part of what a person reads: a *grid, a *chart, a
// *section heading or a *summary of key figures.
type block interface{ isBlock() }

func (*grid) isBlock()    {}
func (*chart) isBlock()   {}
func (*section) isBlock() {}
func (*summary) isBlock() {}

// section starts a part of a report: a heading, and paragraphs of text
// before the blocks that follow it (display text).
type section struct {
	title string
	text  []string
}

// summary is a row of key figures, each a label, a value and a line of
// detail ("NPS", "42.3", "95% CI 38.1 to 46.4"), with a tone for its value.
type summary struct{ figures []figure }

type figure struct {
	label, value, detail string
	tone                 tone
}

// Write writes m in format f.
func Write(w io.Writer, f Format, m *Model, st Style) error {
	wr, err := writerFor(f)
	if err != nil {
		return err
	}
	if m.makeBlocks != nil && formats[f].blocks {
		made := *m
		made.blocks, made.makeBlocks = m.allBlocks(), nil
		m = &made
	}
	return wr.report(w, m, st)
}

// RowWriter streams rows of text cells (for `nps classify`).
type RowWriter interface {
	Write(cells []string) error
	Flush() error
}

// LineEncoder encodes rows of text cells into exactly the bytes the
// RowWriter of its format writes for them, a line per row, so that rows
// can be encoded apart (by several goroutines, one encoder each) and
// written in order (classify). Not safe for concurrent use.
type LineEncoder interface {
	// Header appends what the RowWriter writes before the first row.
	Header(b []byte) []byte
	// Line appends the line of a row of cells, padded to the header's
	// length; a row longer than the header is an error.
	Line(b []byte, cells []string) ([]byte, error)
}

// A RecordEncoder is a LineEncoder that can copy a record of delimited
// text (CSV, TSV) as the start of a line where that gives the bytes Line
// would write for the record's fields: nps classify writes the rows it
// keeps without splitting them into fields. Record appends the line of
// the fields of rec (a valid record without its line end, fields
// separated by sep) followed by one more cell, last; it reports false,
// appending nothing, for a record whose bytes Line would not copy (a CR,
// a text that needs neutralising or would be quoted otherwise) or whose
// fields and last do not fill the header exactly.
type RecordEncoder interface {
	LineEncoder
	Record(b, rec []byte, sep byte, last string) ([]byte, bool)
}

// NewLineEncoder returns the LineEncoder of format f for rows under
// header, or false for a format whose rows are not lines of their own
// (table, markdown and JSON; HTML, SVG and tally have no rows). CSV's and
// TSV's is a RecordEncoder.
func NewLineEncoder(f Format, header []string) (LineEncoder, bool) {
	switch f {
	case CSV, TSV:
		return &csvEncoder{csvLine{byte(formats[f].writer.(csvWriter).comma)}, slices.Clone(header)}, true
	case JSONL:
		return &jsonlEncoder{keys: uniqueKeys(header)}, true
	}
	return nil, false
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
