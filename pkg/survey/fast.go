package survey

// The fast path (pkg/pipeline) reads plain CSV/TSV with a byte-level
// scanner and tallies in parallel. This file is its whole interface to the
// survey reader: FastPlan says what Open detected and whether the fast path
// may read it; FastRows runs the reader's own row logic (filters, dates,
// scores, weights, problem counting: readerState.process) on fields the
// scanner found, one FastRows per worker; FastPart carries what a stretch of
// rows contributed so that the parts can be merged in input order; the
// error helpers build exactly the errors the general reader reports.
//
// Keep it in step with reader.go: a column that process starts reading must
// be added to fastColumns, and per-reader state it starts writing must be
// reset in NewRows and merged in Finish. The differential tests in
// pkg/pipeline compare the fast path with the general reader.

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/npskit/nps/pkg/dates"
)

// ParseScoreBytes is ParseScore for a cell held in a byte slice; it does
// not copy or keep b.
func ParseScoreBytes(b []byte) (int, Status) {
	return ParseScore(bytesString(b))
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
	Name       string // as given; "-" for standard input
	Gzip       bool
	BOM        bool // skip a 3-byte UTF-8 byte-order mark (after gunzipping)
	Comma      byte
	HeaderRows int   // records before the data
	Width      int   // the header's width: fields beyond it must be blank
	Fields     []int // per FastPlan.Cols entry: the field index in this input, -1 if it has no such column
	JSONL      bool  // JSON Lines (fast_jsonl.go): Fields index its keys; Comma, HeaderRows unused
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
	case st.latestCol >= 0:
		return nil, "--latest-per keeps responses in memory"
	case st.cur != 0 || st.sampled && st.needDate || st.stats.Rows != 0 || st.err != nil:
		return nil, "the reader has been read from"
	case st.opt.inspect:
		return nil, "inspect"
	}
	p := &FastPlan{r: r, SampleCol: -1}
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
	for _, c := range st.fastColumns() {
		add(c)
	}
	for _, c := range extra {
		add(c)
	}
	if st.needDate {
		for k, c := range p.Cols {
			if c == st.roles.Date {
				p.SampleCol = k
			}
		}
	}
	for _, s := range st.srcs {
		in := s.info
		if in.slow != "" {
			return nil, in.slow
		}
		if in.Format == "jsonl" {
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
		fi := FastInput{Name: s.name, Gzip: in.Gzip, BOM: in.Encoding == "utf-8 (BOM)", Comma: in.Delimiter[0],
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

// fastColumns are the columns process reads.
func (st *readerState) fastColumns() []int {
	var cols []int
	for _, w := range st.where {
		cols = append(cols, w.col)
	}
	if st.needDate {
		cols = append(cols, st.roles.Date)
	}
	cols = append(cols, st.roles.Score)
	if st.roles.Weight >= 0 {
		cols = append(cols, st.roles.Weight)
	}
	if st.groupCol >= 0 {
		cols = append(cols, st.groupCol)
	}
	return cols
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

// FastRows evaluates rows with the reader's row logic. One per worker; not
// safe for concurrent use.
type FastRows struct {
	st readerState
	// simple: no --where, weights or NPS group column, so Eval may use
	// processSimple (the same logic, with the date cache).
	simple bool
	// The date cache (processSimple): the day of the last date that had
	// the form YYYY-MM-DDTHH:MM:SSZ and that the parser accepted, and its
	// midnight (UTC, which is the output location). Valid only while the
	// parser's state is what that parse left (cleared on every other
	// parse).
	day    [10]byte
	dayOK  bool
	dayMid time.Time
	dayY   int
	dayM   time.Month
	dayD   int
	// lastHit says whether the last Eval took its date from the cache.
	lastHit bool
	// tries and hits count the dates looked up in the cache; when fewer
	// than half of the first 4096 hit (dates not in time order), the cache
	// is not filled any more (noCache): filling costs more than it saves.
	tries, hits int
	noCache     bool
	// Keeps another worker's FastRows, written row by row, off the cache
	// lines of these fields (no false sharing).
	_ [128]byte
}

// NewRows returns a row evaluator with the reader's settings and its own
// counts and date parser.
func (p *FastPlan) NewRows() *FastRows {
	w := &FastRows{st: p.r.readerState}
	st := &w.st
	st.fields = make([]string, len(st.columns))
	st.resp = Response{}
	if st.dp != nil {
		st.dp = st.dp.Clone()
	}
	st.sample, st.kept, st.err = nil, nil, nil
	st.resetPart()
	w.simple = len(st.where) == 0 && st.roles.Weight < 0 && st.groupCol < 0
	return w
}

func (st *readerState) resetPart() {
	st.stats = Stats{}
	st.probs = make([]fileProblems, len(st.srcs))
	st.nScored, st.maxScore = 0, 0
	st.seen0, st.n11, st.first11, st.first11Ln = false, 0, "", 0
}

// SyncDates gives w the plan's date parser as the sample left it.
func (w *FastRows) SyncDates(p *FastPlan) {
	if d := p.r.readerState.dp; d != nil {
		w.st.dp = d.Clone()
	}
	w.dayOK = false
}

// Fields is the row being evaluated, one value per Reader column; set the
// plan's Cols before Eval. Values of other columns stay "".
func (w *FastRows) Fields() []string { return w.st.fields }

// Clear empties every field (when the input changes).
func (w *FastRows) Clear() { clear(w.st.fields) }

// Set sets column c to the bytes of v without copying: v must stay
// unchanged until the row has been evaluated and used.
func (w *FastRows) Set(c int, v []byte) { w.st.fields[c] = bytesString(v) }

// Eval counts one data row of input src that starts on line and evaluates
// it: nil when it is filtered out or skipped (counted), the response
// otherwise (Valid or Blank), or the error the general reader reports.
func (w *FastRows) Eval(src int, line int64) (*Response, error) {
	st := &w.st
	st.stats.Rows++
	var ok bool
	var err error
	if w.simple {
		ok, err = w.processSimple(src, line)
	} else {
		ok, err = st.process(src, line)
	}
	if err != nil || !ok {
		return nil, err
	}
	st.count(&st.resp)
	return &st.resp, nil
}

// ScoreOnly returns the score column when evaluating a row needs no other
// cell: no filters, dates, weights or NPS group column.
func (w *FastRows) ScoreOnly() (col int, ok bool) {
	return w.st.roles.Score, w.simple && !w.st.needDate
}

// EvalScore is Eval for ScoreOnly rows, given the score cell: it counts
// the row and returns its score and whether it is Valid (to be tallied),
// or the error the general reader reports. It builds no Response.
func (w *FastRows) EvalScore(src int, line int64, raw []byte) (int, bool, error) {
	st := &w.st
	st.stats.Rows++
	score, status, err := st.readScore(src, line, bytesString(raw))
	switch status {
	case Invalid:
		return 0, false, err
	case Blank:
		st.stats.Blank++
		return 0, false, nil
	}
	st.stats.Valid++
	st.nScored++
	st.maxScore = max(st.maxScore, score)
	return score, true, nil
}

// Date returns the civil date of the last evaluated response's Time (in
// its location), from the date cache when it served the row.
func (w *FastRows) Date() (int, time.Month, int) {
	if w.lastHit {
		return w.dayY, w.dayM, w.dayD
	}
	return w.st.resp.Time.Date()
}

// processSimple is readerState.process for readers without --where,
// weights or an NPS group column, with a cache for RFC 3339 UTC dates:
// a value YYYY-MM-DDTHH:MM:SSZ on the same day as the last such value
// the parser accepted is not parsed again (the parser would accept it
// the same way, leave the same state behind, and return that day's
// midnight plus the time of day, in UTC). Keep it in step with process;
// the differential tests in pkg/pipeline compare the two.
func (w *FastRows) processSimple(src int, line int64) (bool, error) {
	st := &w.st
	f := st.fields
	resp := &st.resp
	// As *resp = Response{File: ..., Line: line, Fields: f, Weight: 1},
	// without rewriting the pointers that do not change (a struct copy
	// with pointers is a call per row).
	if name := st.srcs[src].name; resp.File != name {
		resp.File = name
	}
	if len(resp.Fields) != len(f) || len(f) > 0 && &resp.Fields[0] != &f[0] {
		resp.Fields = f
	}
	resp.Line, resp.Weight, resp.Status, resp.Score = line, 1, 0, 0
	if !resp.Time.IsZero() {
		resp.Time = time.Time{}
	}
	w.lastHit = false
	if st.needDate {
		raw := f[st.roles.Date]
		if w.tries < 4096 {
			w.tries++
			if w.tries == 4096 && w.hits*2 < w.tries {
				w.noCache = true
			}
		}
		if w.dayOK && len(raw) == 20 && raw[:10] == string(w.day[:]) {
			if sec, ok := rfc3339Clock(raw); ok {
				w.hits++
				t := w.dayMid.Add(time.Duration(sec) * time.Second)
				if st.outsideDates(t) {
					return false, nil
				}
				resp.Time = t
				w.lastHit = true
				goto score
			}
		}
		w.dayOK = false
		t, ok, err := st.readDate(src, line, raw)
		if !ok {
			return false, err
		}
		if !w.noCache {
			w.cacheDay(raw, t)
		}
		if st.outsideDates(t) {
			return false, nil
		}
		resp.Time = t
	}
score:
	score, status, err := st.readScore(src, line, f[st.roles.Score])
	if status == Invalid {
		return false, err
	}
	if status == Valid {
		st.nScored++
		st.maxScore = max(st.maxScore, score)
	}
	resp.Status, resp.Score = status, score
	return true, nil
}

// cacheDay fills the date cache from raw, which the parser just read as t
// (in the reader's location), when raw has the form YYYY-MM-DDTHH:MM:SSZ,
// the location is UTC and t is that day's midnight plus that time.
func (w *FastRows) cacheDay(raw string, t time.Time) {
	// A Go layout of --date-format might reject another time of day (a
	// 12-hour clock): only the detected families, which read any HH:MM:SS.
	if w.st.loc != time.UTC || len(raw) != 20 || strings.Contains(w.st.opt.DateFormat, "2006") {
		return
	}
	sec, ok := rfc3339Clock(raw)
	if !ok || t.Location() != time.UTC || t.Nanosecond() != 0 {
		return
	}
	y, m, d := t.Date()
	if hh, mm, ss := t.Clock(); hh*3600+mm*60+ss != sec || !sameDay(raw, y, int(m), d) {
		return
	}
	copy(w.day[:], raw[:10])
	w.dayMid, w.dayY, w.dayM, w.dayD, w.dayOK = t.Add(-time.Duration(sec)*time.Second), y, m, d, true
}

// sameDay reports whether v starts with y-m-d as YYYY-MM-DD.
func sameDay(v string, y, m, d int) bool {
	num := func(i, n int) int {
		x := 0
		for _, c := range []byte(v[i : i+n]) {
			if c < '0' || c > '9' {
				return -1
			}
			x = x*10 + int(c-'0')
		}
		return x
	}
	return len(v) >= 10 && v[4] == '-' && v[7] == '-' && num(0, 4) == y && num(5, 2) == m && num(8, 2) == d
}

// rfc3339Clock reads the time of day of a 20-byte YYYY-MM-DDTHH:MM:SSZ
// value as seconds since midnight; ok is false for any other form or an
// hour, minute or second out of range.
func rfc3339Clock(v string) (int, bool) {
	if len(v) != 20 || v[10] != 'T' || v[13] != ':' || v[16] != ':' || v[19] != 'Z' {
		return 0, false
	}
	h1, h2 := uint(v[11])-'0', uint(v[12])-'0'
	m1, m2 := uint(v[14])-'0', uint(v[15])-'0'
	s1, s2 := uint(v[17])-'0', uint(v[18])-'0'
	if max(h1, h2, m1, m2, s1, s2) > 9 {
		return 0, false
	}
	h, m, s := h1*10+h2, m1*10+m2, s1*10+s2
	if h > 23 || m > 59 || s > 59 {
		return 0, false
	}
	return int(h*3600 + m*60 + s), true
}

// Order is the day/month order of the worker's date parser (Undecided
// without dates).
func (w *FastRows) Order() dates.Order {
	if w.st.dp == nil {
		return dates.Undecided
	}
	return w.st.dp.Order()
}

// FastPart is what a stretch of rows contributed: counts and problems.
type FastPart struct {
	stats     Stats
	probs     []fileProblems
	nScored   int64
	maxScore  int
	seen0     bool
	n11       int64
	first11   string
	first11Ln int64
}

// Cut returns what the rows evaluated since the last Cut contributed and
// starts a new part.
func (w *FastRows) Cut() FastPart {
	st := &w.st
	p := FastPart{stats: st.stats, probs: st.probs, nScored: st.nScored, maxScore: st.maxScore,
		seen0: st.seen0, n11: st.n11, first11: st.first11, first11Ln: st.first11Ln}
	st.resetPart()
	return p
}

// Rows is the number of rows the part read.
func (p *FastPart) Rows() int64 { return p.stats.Rows }

// merge adds o, which comes after p in input order.
func (p *FastPart) merge(o *FastPart) {
	s, t := &p.stats, &o.stats
	s.Rows += t.Rows
	s.Valid += t.Valid
	s.Blank += t.Blank
	s.Invalid += t.Invalid
	s.BadDates += t.BadDates
	s.Filtered += t.Filtered
	if p.probs == nil {
		p.probs = make([]fileProblems, len(o.probs))
	}
	for i := range o.probs {
		a, b := &p.probs[i], &o.probs[i]
		mergeProblem(&a.score, &b.score)
		mergeProblem(&a.weight, &b.weight)
		mergeProblem(&a.date, &b.date)
		mergeProblem(&a.group, &b.group)
		mergeProblem(&a.text, &b.text)
		a.had11 = a.had11 || b.had11
	}
	p.nScored += o.nScored
	p.maxScore = max(p.maxScore, o.maxScore)
	p.seen0 = p.seen0 || o.seen0
	if p.n11 == 0 {
		p.first11, p.first11Ln = o.first11, o.first11Ln
	}
	p.n11 += o.n11
}

func mergeProblem(a, b *problem) {
	a.n += b.n
	for _, l := range b.lines {
		if len(a.lines) < 5 {
			a.lines = append(a.lines, l)
		}
	}
}

// Finish hands the parts, in input order, back to the Reader, so that
// Stats, Warnings and the end-of-input checks report what the general
// reader would have. rows is the evaluator whose date parser saw the rows
// last in input order (nil to keep the sample's). It returns the error the
// general reader reports at the end of the input (a 1-11 scale), or nil.
func (p *FastPlan) Finish(parts []FastPart, rows *FastRows) error {
	var all FastPart
	for i := range parts {
		all.merge(&parts[i])
	}
	st := &p.r.readerState
	st.stats = all.stats
	if all.probs != nil {
		st.probs = all.probs
	}
	st.nScored, st.maxScore = all.nScored, all.maxScore
	st.seen0, st.n11, st.first11, st.first11Ln = all.seen0, all.n11, all.first11, all.first11Ln
	if rows != nil && rows.st.dp != nil {
		st.dp = rows.st.dp
	}
	st.cur = len(st.srcs)
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
