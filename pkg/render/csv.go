package render

import (
	"encoding/csv"
	"io"

	"github.com/gocarina/gocsv"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/render/internal/csvrow"
)

// csvNum is a float64 cell: the shortest exact spelling, empty for NaN.
// gocsv calls MarshalCSV for it (its own float formatting would print NaN).
type csvNum float64

func (x csvNum) MarshalCSV() (string, error) { return formatFloat(float64(x)), nil }

// resultRow is the typed CSV row of one result, in the contract's field
// order; weightedRow adds the weight columns, present only in weighted
// reports. gocsv writes the header from the tags and the cells from the
// fields. (The columns are defined once, in package csvrow: see there why.)
type (
	resultRow   = csvrow.Result[int64, csvNum, bool]
	weightedRow = csvrow.Weighted[int64, csvNum, bool]
)

func newResultRow(r nps.Result) resultRow {
	return resultRow{
		N: r.N, Promoters: r.Promoters, Passives: r.Passives, Detractors: r.Detractors,
		PromotersPct: csvNum(r.PromotersPct), PassivesPct: csvNum(r.PassivesPct),
		DetractorsPct: csvNum(r.DetractorsPct), NPS: csvNum(r.NPS),
		CILow: csvNum(r.CILow), CIHigh: csvNum(r.CIHigh), LowN: r.LowN,
	}
}

// resultRows returns the typed rows for results: []resultRow, or
// []weightedRow when the report is weighted.
func resultRows(rs []nps.Result, weighted bool) any {
	if weighted {
		rows := make([]weightedRow, len(rs))
		for i, r := range rs {
			rows[i] = weightedRow{Result: newResultRow(r),
				Weights: csvrow.Weights[csvNum]{WeightTotal: csvNum(r.WeightTotal), EffectiveN: csvNum(r.EffectiveN)}}
		}
		return rows
	}
	rows := make([]resultRow, len(rs))
	for i, r := range rs {
		rows[i] = newResultRow(r)
	}
	return rows
}

// newCSVWriter returns an encoding/csv writer for CSV (comma) or TSV (tab),
// LF line ends. It is configured here, per writer: gocsv's package-global
// writer settings are never touched.
func newCSVWriter(w io.Writer, f Format) *csv.Writer {
	cw := csv.NewWriter(w)
	if f == TSV {
		cw.Comma = '\t'
	}
	cw.UseCRLF = false
	return cw
}

// prefixWriter is the gocsv.CSVWriter that gocsv.MarshalCSV writes the typed
// result fields to. gocsv can only write the fixed fields of a struct, but
// the key columns of a grouped report (--by columns, period) are dynamic,
// known only at run time; so this adapter puts the key cells in front of each
// row gocsv hands it (the header row first, then one data row per group) and
// writes the joined row with encoding/csv. Every cell is sanitised against
// formula injection on the way out.
type prefixWriter struct {
	w      *gocsv.SafeCSVWriter
	header []string   // cells before gocsv's header row
	rows   [][]string // cells before each data row, in order
	next   int        // -1 while the header is due
	buf    []string
}

func newPrefixWriter(cw *csv.Writer, header []string, rows [][]string) *prefixWriter {
	return &prefixWriter{w: gocsv.NewSafeCSVWriter(cw), header: header, rows: rows, next: -1}
}

func (p *prefixWriter) Write(row []string) error {
	var pre []string
	if p.next < 0 {
		pre = p.header
	} else if p.next < len(p.rows) {
		pre = p.rows[p.next]
	}
	p.next++
	p.buf = p.buf[:0]
	for _, c := range pre {
		p.buf = append(p.buf, sanitizeCSV(c))
	}
	for _, c := range row {
		p.buf = append(p.buf, sanitizeCSV(c))
	}
	return p.w.Write(p.buf)
}

func (p *prefixWriter) Flush()       { p.w.Flush() }
func (p *prefixWriter) Error() error { return p.w.Error() }

// writeResultsCSV writes one CSV/TSV row per result: the prefix cells (key
// values) and then the result fields. prefixHeader names the prefix columns.
func writeResultsCSV(w io.Writer, f Format, prefixHeader []string, prefixes [][]string, rs []nps.Result, weighted bool) error {
	cw := newCSVWriter(w, f)
	pw := newPrefixWriter(cw, prefixHeader, prefixes)
	if err := gocsv.MarshalCSV(resultRows(rs, weighted), pw); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
