package reader

// The fast path (pkg/internal/pipeline) reads plain CSV/TSV and JSON Lines
// with byte-level scanners and tallies in parallel. This file is its whole
// interface to the reader: FastPlan says what Open detected and whether
// the fast path may read it, and which columns to scan (the spec's cols,
// then the grouping columns); FastRows is the reader's own row evaluator
// (eval.go) over fields the scanner found, one per worker; Counts carry
// what a stretch of rows contributed so that they merge in input order;
// the error helpers build exactly the errors the general reader reports.
// Nothing here repeats the row logic; the differential tests in
// pkg/internal/pipeline compare the two paths.

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/npskit/nps/pkg/dates"
	"github.com/npskit/nps/pkg/survey"
)

// ParseScoreBytes is ParseScore for a cell held in a byte slice; it does
// not copy or keep b.
func ParseScoreBytes(b []byte) (int, survey.Status) {
	return survey.ParseScore(bytesString(b))
}

// bytesString views b as a string without copying; b must not change while
// the string is in use.
func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// FastInput is one input as the fast path reads it.
type FastInput struct {
	Name string // as given; "-" for standard input
	// Stream, when not nil, yields the input from its first byte: it is
	// standard input, a pipe, a FIFO or a device, which cannot be opened
	// again by name (nor read in parallel chunks).
	Stream     io.Reader
	Gzip       bool
	BOM        bool // skip a 3-byte UTF-8 byte-order mark (after gunzipping)
	Comma      byte
	HeaderRows int   // records before the data
	Width      int   // the header's width: fields beyond it must be blank
	Fields     []int // per FastPlan.Cols entry: the field index in this input, -1 if it has no such column
	JSONL      bool  // JSON Lines (fast_jsonl.go): Fields index its keys; Comma, HeaderRows unused
	// JSON: a top-level JSON array of response objects, read from Start
	// (the offset of its elements in the text), as JSON Lines otherwise.
	JSON  bool
	Start int64
}

// FastPlan is what the fast path needs to read the inputs of an open Reader
// that has not been read yet.
type FastPlan struct {
	r      *Reader
	Inputs []FastInput
	// Cols are the Reader column indices whose values each row needs: the
	// ones the reader's row logic reads, then the extra ones asked for
	// (--by), without repeats.
	Cols []int
	// SampleCol is the position in Cols of the date column when dates are
	// parsed (the first SampleSize rows are observed to decide day/month
	// order before any row is evaluated), else -1.
	SampleCol int
	// LatestCol is the position in Cols of the --latest-per column, -1
	// without it: rows are then evaluated with EvalHeld, and the responses
	// kept are counted with KeptCounts.
	LatestCol int
	// Inspect: the pass is nps inspect's (Cols are every column); rows are
	// added with InspectRow, and Reader.InspectReport reports them.
	Inspect   bool
	undecided bool
}

// SampleSize is how many rows the date sample holds.
const SampleSize = sampleSize

// FastPlan returns the plan for the fast path, or nil and the reason why the
// inputs need the general reader. extra are more columns the caller reads
// from Response.Fields (the --by columns).
func (r *Reader) FastPlan(extra []int) (*FastPlan, string) {
	st := &r.readerState
	switch {
	case !st.unread() || st.sampled && st.needDate || st.err != nil:
		return nil, "the reader has been read from"
	}
	p := &FastPlan{r: r, SampleCol: -1, LatestCol: -1, Inspect: st.inspect}
	add := func(c int) {
		if c < 0 {
			return
		}
		for _, x := range p.Cols {
			if x == c {
				return
			}
		}
		p.Cols = append(p.Cols, c)
	}
	for _, c := range st.rowSpec.cols() {
		add(c)
	}
	if st.inspect {
		for c := range st.columns {
			add(c)
		}
	}
	add(st.latestCol)
	for _, c := range extra {
		add(c)
	}
	for k, c := range p.Cols {
		if c == st.latestCol {
			p.LatestCol = k
		}
	}
	if st.dp != nil {
		for k, c := range p.Cols {
			if c == st.roles.Date {
				p.SampleCol = k
			}
		}
	}
	for _, s := range st.srcs {
		in := s.info
		if s.slow != "" {
			return nil, s.slow
		}
		if in.Format == "jsonl" || in.Format == "json" {
			fi, why := p.jsonlInput(s)
			if why != "" {
				return nil, why
			}
			p.Inputs = append(p.Inputs, fi)
			continue
		}
		switch {
		case in.Format != "csv" && in.Format != "tsv":
			return nil, in.Format + " input"
		case in.Encoding != "utf-8" && in.Encoding != "utf-8 (BOM)":
			return nil, in.Encoding + " input"
		case len(in.Delimiter) != 1 || in.Delimiter[0] >= utf8.RuneSelf || strings.ContainsAny(in.Delimiter, "\"\r\n"):
			return nil, "delimiter " + in.Delimiter
		case in.HeaderRows < 1:
			return nil, "no header row count"
		}
		fi := FastInput{Name: s.name, Stream: s.again(), Gzip: in.Gzip, BOM: in.Encoding == "utf-8 (BOM)", Comma: in.Delimiter[0],
			HeaderRows: in.HeaderRows, Width: len(in.Columns), Fields: s.fieldsOf(p.Cols)}
		p.Inputs = append(p.Inputs, fi)
	}
	if why := p.jsonlMixed(); why != "" {
		return nil, why
	}
	if st.dp != nil {
		p.undecided = st.dp.Order() == dates.Undecided
	}
	return p, ""
}

// again is the input from its first byte when it is a stream that cannot
// be opened again, else nil.
func (s *source) again() io.Reader {
	if s.stream == nil {
		return nil
	}
	return s.stream.again()
}

// fieldsOf returns, for each Reader column in cols, the index of the
// source's field that holds it (-1 when the source lacks it), through the
// same mapping the general reader uses, so names match across files exactly
// as they do there.
func (s *source) fieldsOf(cols []int) []int {
	fields := make([]int, len(cols))
	for k, c := range cols {
		fields[k] = -1
		for j, m := range s.mapping {
			if m == c {
				fields[k] = j
				break
			}
		}
	}
	return fields
}

// Observe feeds one sample row's date value (as the general reader does
// with the first SampleSize rows, across inputs, before evaluating any).
func (p *FastPlan) Observe(v []byte) {
	if s := strings.TrimSpace(string(v)); s != "" {
		p.r.readerState.dp.Observe(s)
	}
}

// Decide ends the date sample.
func (p *FastPlan) Decide() {
	st := &p.r.readerState
	st.sampled = true
	if st.dp == nil {
		return
	}
	if w := st.dp.Decide(); w != "" {
		st.dateWarn = fmt.Sprintf("date column %q: %s", st.columns[st.roles.Date], w)
	}
	p.undecided = st.dp.Order() == dates.Undecided
}

// FastRows evaluates rows with the reader's row evaluator and spec, with
// its own date parser and Counts. One per worker; not safe for concurrent
// use.
type FastRows struct {
	rowEval
	// Keeps another worker's FastRows, written row by row, off the cache
	// lines of these fields (no false sharing).
	_ [128]byte
}

// NewRows returns a row evaluator with the reader's spec and date parser
// and empty counts.
func (p *FastPlan) NewRows() *FastRows {
	st := &p.r.readerState
	return &FastRows{rowEval: newEval(&st.rowSpec, st.dp)}
}

// SyncDates gives w the plan's date parser as the sample left it.
func (w *FastRows) SyncDates(p *FastPlan) {
	if d := p.r.readerState.dp; d != nil {
		w.dp = d.Clone()
	}
	w.day.ok = false
}

// Fields is the row being evaluated, one value per Reader column; set the
// plan's Cols before Eval. Values of other columns stay "".
func (w *FastRows) Fields() []string { return w.fields }

// Clear empties every field (when the input changes).
func (w *FastRows) Clear() { clear(w.fields) }

// Set sets column c to the bytes of v without copying: v must stay
// unchanged until the row has been evaluated and used.
func (w *FastRows) Set(c int, v []byte) { w.fields[c] = bytesString(v) }

// Eval counts one data row of input src that starts on line and evaluates
// it: nil when it is filtered out or skipped (counted), the response
// otherwise (Valid or Blank), or the error the general reader reports.
func (w *FastRows) Eval(src int, line int64) (*survey.Response, error) {
	w.row(src)
	if ok, err := w.eval(src, line); err != nil || !ok {
		return nil, err
	}
	w.count(w.resp.Status, w.resp.Count)
	return &w.resp, nil
}

// EvalHeld is Eval for --latest-per, whose responses are held until every
// row has been read: a row is counted as read (and as filtered or skipped),
// not yet as valid or blank. KeptCounts counts the responses kept.
func (w *FastRows) EvalHeld(src int, line int64) (*survey.Response, error) {
	w.row(src)
	if ok, err := w.eval(src, line); err != nil || !ok {
		return nil, err
	}
	return &w.resp, nil
}

// InspectRow counts one data row of input src that starts on line for nps
// inspect (inspect.go), with the reader's own logic.
func (w *FastRows) InspectRow(src int, line int64) {
	w.row(src)
	w.inspectRow(src, line)
}

// LatestKey is the respondent of a row for --latest-per: the value of its
// column, trimmed, as the general reader compares them. "" is no
// respondent: such a row is always kept.
func LatestKey(v string) string { return strings.TrimSpace(v) }

// KeptCounts are the counts of --latest-per after EvalHeld: valid and blank
// responses kept, and dropped ones (an earlier or lesser response of a
// respondent), counted as filtered out. Merge it after the rows' Counts.
func KeptCounts(valid, blank, dropped int64) Counts {
	var c Counts
	c.stats.Valid, c.stats.Blank, c.stats.Filtered = valid, blank, dropped
	return c
}

// ScoreOnly returns the score column when evaluating a row reads no other
// cell: no filters, dates, weights or NPS group column.
func (w *FastRows) ScoreOnly() (col int, ok bool) {
	cols := w.spec.cols()
	return w.spec.roles.Score, len(cols) == 1 && cols[0] == w.spec.roles.Score
}

// EvalScore is Eval for ScoreOnly rows, given the score cell: it counts
// the row and returns its score and status (Valid: to be tallied), or the
// error the general reader reports. It builds no Response.
func (w *FastRows) EvalScore(src int, line int64, raw []byte) (int, survey.Status, error) {
	return w.evalScore(src, line, bytesString(raw))
}

// AddScores counts n more ScoreOnly rows of input src whose score cell
// EvalScore read as score and status, Valid or Blank: the same counts as
// n calls of EvalScore with that cell.
func (w *FastRows) AddScores(src int, score int, status survey.Status, n int64) {
	w.addScores(src, score, status, n)
}

// Date returns the civil date of the last evaluated response's Time (in
// its location), from the day cache when it served the row.
func (w *FastRows) Date() (int, time.Month, int) { return w.date() }

// Order is the day/month order of the worker's date parser (Undecided
// without dates).
func (w *FastRows) Order() dates.Order {
	if w.dp == nil {
		return dates.Undecided
	}
	return w.dp.Order()
}

// Cut returns what the rows evaluated since the last Cut contributed and
// starts new Counts.
func (w *FastRows) Cut() Counts {
	c := w.Counts
	w.Counts = Counts{}
	return c
}

// Finish hands the parts, in input order, back to the Reader, so that
// Stats, Warnings and the end-of-input checks report what the general
// reader would have. rows is the evaluator whose date parser saw the rows
// last in input order (nil to keep the sample's). It returns the error the
// general reader reports at the end of the input (a 1-11 scale), or nil.
func (p *FastPlan) Finish(parts []Counts, rows *FastRows) error {
	var all Counts
	for i := range parts {
		all.merge(&parts[i])
	}
	st := &p.r.readerState
	st.Counts = all
	for _, s := range st.srcs {
		s.rows = 0
	}
	for _, r := range all.inRows {
		st.srcs[r.src].rows += r.n
	}
	if rows != nil && rows.dp != nil {
		st.dp = rows.dp
	}
	st.cur = len(st.srcs)
	if st.inspect {
		st.err = io.EOF
		return nil // InspectReport tells of a 1-11 scale
	}
	if err := st.atEOF(); err != io.EOF {
		st.err = err
		return err
	}
	st.err = io.EOF
	return nil
}

// OrderChanged reports whether rows settled a day/month order that the
// sample left undecided: the parallel pass then depends on which rows each
// worker saw first and must be redone in order.
func (p *FastPlan) OrderChanged(rows []*FastRows) bool {
	if !p.undecided {
		return false
	}
	for _, w := range rows {
		if w.Order() != dates.Undecided {
			return true
		}
	}
	return false
}

// RecordError returns the error the general reader reports for the record
// of input i that starts on line (after the previous record, on prevLine):
// r yields the record's bytes and what follows it, then io.EOF or the read
// error the input ended with. It returns nil when the record is fine.
func (p *FastPlan) RecordError(i int, line, prevLine int64, r io.Reader) error {
	in := &p.Inputs[i]
	cr := csv.NewReader(tagReader{r})
	cr.Comma = rune(in.Comma)
	cr.FieldsPerRecord = -1
	rec, err := cr.Read()
	d := &csvRows{name: in.Name, lastLine: prevLine}
	if err == io.EOF {
		return nil
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			shifted := *pe
			shifted.StartLine += int(line - 1)
			shifted.Line += int(line - 1)
			err = &shifted
		}
		return d.mapErr(err)
	}
	for k, f := range rec {
		if strings.IndexByte(f, 0) >= 0 {
			l, _ := cr.FieldPos(k)
			return nulError(in.Name, line+int64(l)-1)
		}
	}
	return p.widthError(i, line, rec)
}

// widthError is tableDecoder.check: fields beyond the header must be blank.
func (p *FastPlan) widthError(i int, line int64, rec []string) error {
	in := &p.Inputs[i]
	if len(rec) <= in.Width {
		return nil
	}
	d := tableDecoder{name: in.Name, hdr: make([]string, in.Width)}
	return d.check(rec, line)
}

// WidthError checks a record with more fields than the header: field(k)
// returns field k; it returns the general reader's error when one of the
// extra fields is not blank.
func (p *FastPlan) WidthError(i int, line int64, n int, field func(int) []byte) error {
	in := &p.Inputs[i]
	for k := in.Width; k < n; k++ {
		if strings.TrimSpace(string(field(k))) != "" {
			rec := make([]string, n)
			rec[k] = "x"
			return p.widthError(i, line, rec)
		}
	}
	return nil
}

// TooLong is the error for a record that outgrows the record size limit,
// after the record on prevLine.
func (p *FastPlan) TooLong(i int, prevLine int64) error {
	return tooLong(p.Inputs[i].Name, prevLine+1)
}

// MaxRecordBytes is the record size limit of the general reader.
func MaxRecordBytes() int64 { return maxRecordBytes }

// ReadError is the error for a failure to read input i (open, read, seek).
func (p *FastPlan) ReadError(i int, line int64, err error) error {
	if e, ok := streamError(p.Inputs[i].Name, line, &readError{err}); ok {
		return e
	}
	return err
}

// OpenError is the error for an input that cannot be opened again.
func (p *FastPlan) OpenError(i int, err error) error {
	return openError(p.Inputs[i].Name, err)
}

// NUL reports whether b holds a NUL byte (the general reader refuses such
// records).
func NUL(b []byte) bool { return bytes.IndexByte(b, 0) >= 0 }

// Progress is the counter the reading adds its bytes to (Options.Progress),
// or nil.
func (p *FastPlan) Progress() *atomic.Int64 { return p.r.opt.Progress }
