package pipeline

// The JSON Lines pass. Every '\n' ends a record, so chunks split at line
// ends with no state to carry: a chunk owns the lines that start in it, and
// a line's number is 1 + the newlines before it (counted per chunk and
// summed in file order, as for CSV). Lines are read by pkg/jsonscan; a line
// it cannot take exactly (nested objects, unknown keys, escaped keys,
// invalid JSON, ...) is read by reader.JSONLLines, the general decoder's
// own logic for one line. Rows are evaluated by reader.FastRows as for CSV.

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/internal/jsonscan"
	"github.com/npskit/nps/pkg/internal/reader"
)

// jworker reads lines of JSON Lines inputs, evaluates and tallies them.
type jworker struct {
	tallies

	in    int // input set up for, -1 none
	sc    *jsonscan.Scanner
	fb    *reader.JSONLLines
	slots []int // scanner slot -> Reader column
	// take handles a row whose fields are set (evaluate, or keep for the
	// date sample); pos is its position (line, or offset in a JSON array).
	take func(i int, line, pos int64) error
	// scoreOnly: a row needs only its score, the one slot: lines tallies
	// the lines the scanner reads by tallyScore, not take. (Never with a
	// date sample to take: its date would be a second slot.)
	scoreOnly bool
	link      link          // what the JSON array chunk just read found (jsonarray.go)
	ends      [runLines]int // where the lines of the scanner's run end
}

func newJWorker(cfg *Config) *jworker {
	w := &jworker{tallies: newTallies(cfg), in: -1}
	w.take = w.tallyAt
	return w
}

// input sets the worker up for input i.
func (w *jworker) input(i int) {
	if w.in == i {
		return
	}
	in := &w.plan.Inputs[i]
	keys := w.plan.JSONLKeys(i)
	slot := make([]int, len(keys))
	for j := range slot {
		slot[j] = -1
	}
	w.slots = w.slots[:0]
	for k, f := range in.Fields {
		if f >= 0 {
			slot[f] = len(w.slots)
			w.slots = append(w.slots, w.plan.Cols[k])
		}
	}
	w.sc = jsonscan.New(keys, slot)
	w.fb = w.plan.JSONLLines(i)
	w.scoreOnly = w.onlyScore(w.slots)
	w.in = i
	w.rows.Clear()
}

// runLines is the most lines a scanner's Run reads.
const runLines = 256

// lines reads the lines of input i in data (whole lines; the last one may
// lack its '\n'), the first of which is line. It returns the number of the
// line after them.
func (w *jworker) lines(i int, data []byte, line int64) (int64, error) {
	w.input(i)
	maxRec := int(reader.MaxRecordBytes())
	sc, fb, rows := w.sc, w.fb, w.rows
	sc.Text(data)
	for from := 0; from < len(data); {
		// The lines the scanner reads in a run, then one by LineAt.
		n := sc.Run(from, w.ends[:])
		for k, end := range w.ends[:n] {
			if end-from > maxRec {
				return line, w.plan.TooLong(i, line-1)
			}
			if err := w.scanned(i, line, k); err != nil {
				return line, err
			}
			line++
			from = end + 1
		}
		if n == len(w.ends) || from >= len(data) {
			continue
		}
		st, end := sc.LineAt(from)
		if st == jsonscan.Fallback {
			if end = bytes.IndexByte(data[from:], '\n'); end < 0 {
				end = len(data)
			} else {
				end += from
			}
		}
		if end-from > maxRec {
			return line, w.plan.TooLong(i, line-1)
		}
		switch st {
		case jsonscan.OK:
			if err := w.scanned(i, line, -1); err != nil {
				return line, err
			}
		case jsonscan.Fallback:
			blank, err := fb.Line(rows, line, data[from:end])
			if err != nil {
				return line, err
			}
			if !blank {
				if err := w.take(i, line, line); err != nil {
					return line, err
				}
			}
		}
		line++
		from = end + 1
	}
	return line, nil
}

// scanned handles the row of line that the scanner read: the k-th line
// of its run, or (k < 0) by LineAt.
func (w *jworker) scanned(i int, line int64, k int) error {
	if w.scoreOnly {
		return w.tallyScore(i, line, w.value(k, 0))
	}
	for s, c := range w.slots {
		w.rows.Set(c, w.value(k, s))
	}
	return w.take(i, line, line)
}

// value is the value of slot on the line scanned (see scanned).
func (w *jworker) value(k, slot int) []byte {
	if k < 0 {
		return w.sc.Value(slot)
	}
	return w.sc.RunValue(k, slot)
}

// jseq is the sequential mode for JSON Lines: every input streamed in
// order, the first SampleSize rows held (copied) until the date order is
// decided.
type jseq struct {
	cfg        *Config
	w          *jworker
	sampling   bool
	sampleOnly bool
	sample     []sampleRow
	done       bool
	ign        []reader.JSONLIgnored
}

func newJSeq(cfg *Config, sampleOnly bool) *jseq {
	s := &jseq{cfg: cfg, w: newJWorker(cfg), sampling: cfg.Plan.SampleCol >= 0, sampleOnly: sampleOnly,
		ign: make([]reader.JSONLIgnored, len(cfg.Plan.Inputs))}
	s.w.take = s.take
	return s
}

// errSampled stops the sample-only pre-pass.
var errSampled = errors.New("pipeline: sample taken")

func (s *jseq) take(i int, line, pos int64) error {
	if s.done {
		return errSampled
	}
	if !s.sampling {
		return s.w.tallyAt(i, line, pos)
	}
	plan := s.cfg.Plan
	f := s.w.rows.Fields()
	row := sampleRow{src: i, line: line, pos: pos, values: make([]string, len(plan.Cols))}
	for k, c := range plan.Cols {
		row.values[k] = strings.Clone(f[c])
	}
	plan.Observe([]byte(row.values[plan.SampleCol]))
	s.sample = append(s.sample, row)
	if len(s.sample) >= reader.SampleSize {
		return s.endSample()
	}
	return nil
}

func (s *jseq) endSample() error {
	if !s.sampling {
		return nil
	}
	s.sampling = false
	plan := s.cfg.Plan
	plan.Decide()
	w := s.w
	w.rows.SyncDates(plan)
	if s.sampleOnly {
		s.done = true
		return nil
	}
	cur := w.in
	f := w.rows.Fields()
	for _, r := range s.sample {
		for k, c := range plan.Cols {
			f[c] = r.values[k]
		}
		if err := w.tallyAt(r.src, r.line, r.pos); err != nil {
			return err
		}
	}
	s.sample = nil
	// The fields of the input being read again hold only what its lines set.
	w.rows.Clear()
	w.in = cur
	return nil
}

func (s *jseq) run(ctx context.Context) error {
	for i := range s.cfg.Plan.Inputs {
		input := s.input
		if s.cfg.Plan.Inputs[i].JSON {
			input = s.array // jsonarray.go
		}
		if err := input(ctx, i); err != nil {
			return err
		}
		s.ign[i].Merge(s.w.fb.CutIgnored())
		if s.done {
			return nil
		}
	}
	return s.endSample()
}

// input streams input i.
func (s *jseq) input(ctx context.Context, i int) error {
	plan := s.cfg.Plan
	s.w.input(i)
	maxRec := int(reader.MaxRecordBytes())
	line := int64(1)
	return s.cfg.stream(ctx, i, func(data []byte, rerr error) (int, bool, error) {
		n := len(data)
		if rerr != io.EOF {
			n = bytes.LastIndexByte(data, '\n') + 1
		}
		var err error
		line, err = s.w.lines(i, data[:n], line)
		if err == errSampled || s.done {
			return 0, true, nil
		}
		if err != nil {
			return 0, false, err
		}
		if rerr != nil && rerr != io.EOF {
			// A read error: the general decoder reports it on the line
			// it was reading.
			return 0, false, plan.ReadError(i, line, rerr)
		}
		if len(data)-n > maxRec {
			return 0, false, plan.TooLong(i, line-1)
		}
		return n, false, nil
	})
}

func runJSONLSequential(ctx context.Context, cfg *Config) (*breakdown.Set, error) {
	cfg.startPass()
	s := newJSeq(cfg, false)
	if err := s.run(ctx); err != nil {
		return nil, err
	}
	counts := s.w.cutCounts()
	set, parts := cfg.kept(s.w.set, []reader.Counts{counts}, s.w.rows)
	if err := cfg.finish(parts, s.ign, s.w.rows); err != nil {
		return nil, err
	}
	return set, nil
}

// runJSONL is Run for JSON Lines inputs and JSON arrays.
func runJSONL(ctx context.Context, cfg *Config, parallel bool) (*breakdown.Set, error) {
	if parallel {
		back := cfg.rewind()
		set, err := runJSONLParallel(ctx, cfg)
		if err != errSequential {
			return set, err
		}
		back()
	}
	return runJSONLSequential(ctx, cfg)
}

func runJSONLParallel(ctx context.Context, cfg *Config) (*breakdown.Set, error) {
	plan := cfg.Plan
	if plan.SampleCol >= 0 {
		if err := newJSeq(cfg, true).run(ctx); err != nil {
			return nil, err
		}
	}
	ign := make([]reader.JSONLIgnored, len(plan.Inputs))
	if cfg.list != nil {
		return nil, listParallel(ctx, cfg, newJWorker, ign) // rows.go
	}
	return parallel(ctx, cfg, newJWorker, ign, func(parts []reader.Counts) error {
		return cfg.finish(parts, ign, nil)
	})
}

// dataStart: the data starts after the byte-order mark, on line 1.
func (w *jworker) dataStart(f *os.File, _ int64, i int) (int64, int64, error) {
	in := &w.plan.Inputs[i]
	var bom int64
	if in.BOM {
		bom = 3
	}
	if !in.JSON {
		return bom, 1, nil
	}
	// A JSON array: its elements, on the line after the newlines before.
	pre := make([]byte, in.Start)
	if _, err := f.ReadAt(pre, bom); err != nil {
		return 0, 0, w.plan.ReadError(i, 0, err)
	}
	return bom + in.Start, 1 + int64(bytes.Count(pre, []byte{'\n'})), nil
}

// lookback: the byte before a chunk tells whether a line starts at it.
func (w *jworker) lookback() int64 { return 1 }

func (w *jworker) counts(b []byte) (int64, int64) {
	return 0, int64(bytes.Count(b, []byte{'\n'}))
}

func (w *jworker) read(f *os.File, buf []byte, a0, a, b, size int64, i int, line, _, _ int64, first bool) ([]byte, error, bool) {
	if w.plan.Inputs[i].JSON {
		return w.arrayChunk(f, buf, a0, a, b, size, i, line, first) // jsonarray.go
	}
	buf, err := w.chunk(f, buf, a0, a, b, size, i, line)
	return buf, err, false
}

func (w *jworker) cut(c *chunk) {
	c.part = w.cutCounts()
	c.ign = w.fb.CutIgnored()
	c.link, w.link = w.link, link{}
}

// chunk reads the lines that start in [a, b) of file f. buf holds the
// bytes from a0 (a, or the byte before it) to b; baseLine is the line of
// the byte at a. It returns the buffer (grown when the
// last line reaches past b) and the first error.
func (w *jworker) chunk(f *os.File, buf []byte, a0, a, b, size int64, i int, baseLine int64) ([]byte, error) {
	w.input(i)
	plan := w.plan
	// The first line starting at or after a: after the first '\n' at or
	// after a-1 (a itself for the first chunk).
	s := int64(0)
	line := baseLine
	if a0 < a {
		p := bytes.IndexByte(buf, '\n')
		if p < 0 {
			return buf, nil // no line starts here
		}
		s = int64(p + 1)
		if s > a-a0 {
			line++ // the '\n' at p is at or after a
		}
	}
	if s >= b-a0 {
		return buf, nil
	}
	// The end: the first line start at or after b, reading on.
	e := b - a0
	if b < size && buf[len(buf)-1] != '\n' {
		maxRec := reader.MaxRecordBytes()
		from := len(buf)
		for step := int64(4 << 10); ; step *= 2 {
			more := min(step, size-(a0+int64(len(buf))))
			if more <= 0 {
				e = int64(len(buf))
				break
			}
			old := len(buf)
			buf = append(buf, make([]byte, more)...)
			if _, err := f.ReadAt(buf[old:], a0+int64(old)); err != nil {
				return buf, plan.ReadError(i, 0, err)
			}
			if p := bytes.IndexByte(buf[old:], '\n'); p >= 0 {
				e = int64(old + p + 1)
				break
			}
			if int64(len(buf)-from) > maxRec {
				// The last line is over the limit: lines reports it.
				e = int64(len(buf))
				break
			}
		}
	}
	_, err := w.lines(i, buf[s:e], line)
	return buf, err
}
