package pipeline

// The JSON Lines pass. Every '\n' ends a record, so chunks split at line
// ends with no state to carry: a chunk owns the lines that start in it, and
// a line's number is 1 + the newlines before it (counted per chunk and
// summed in file order, as for CSV). Lines are read by pkg/jsonscan; a line
// it cannot take exactly (nested objects, unknown keys, escaped keys,
// invalid JSON, ...) is read by survey.JSONLLines, the general decoder's
// own logic for one line. Rows are evaluated by survey.FastRows as for CSV.

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/jsonscan"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/survey"
)

// jworker reads lines of JSON Lines inputs, evaluates and tallies them.
type jworker struct {
	cfg  *Config
	plan *survey.FastPlan
	rows *survey.FastRows
	gr   *breakdown.Grouper
	segs []string

	in    int // input set up for, -1 none
	sc    *jsonscan.Scanner
	fb    *survey.JSONLLines
	slots []int // scanner slot -> Reader column
	// take handles a row whose fields are set (evaluate, or keep for the
	// date sample).
	take func(i int, line int64) error
}

func newJWorker(cfg *Config) *jworker {
	w := &jworker{
		cfg:  cfg,
		plan: cfg.Plan,
		rows: cfg.Plan.NewRows(),
		gr:   breakdown.NewGrouper(len(cfg.By), cfg.Unit, cfg.Weighted),
		segs: make([]string, len(cfg.By)),
		in:   -1,
	}
	w.take = w.eval
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
	w.in = i
	w.rows.Clear()
}

// eval evaluates and tallies the row in w.rows.
func (w *jworker) eval(i int, line int64) error {
	resp, err := w.rows.Eval(i, line)
	if err != nil || resp == nil || resp.Status != survey.Valid {
		return err
	}
	for k, c := range w.cfg.By {
		w.segs[k] = resp.Fields[c]
	}
	var p period.Period
	if w.cfg.Unit != period.None {
		p = period.Of(resp.Time, w.cfg.Unit)
	}
	w.gr.Add(w.segs, p, resp.Score, resp.Weight)
	return nil
}

// lines reads the lines of input i in data (whole lines; the last one may
// lack its '\n'), the first of which is line. It returns the number of the
// line after them.
func (w *jworker) lines(i int, data []byte, line int64) (int64, error) {
	w.input(i)
	maxRec := int(survey.MaxRecordBytes())
	sc, fb, rows := w.sc, w.fb, w.rows
	for len(data) > 0 {
		st, end := sc.Line(data)
		if st == jsonscan.Fallback {
			if end = bytes.IndexByte(data, '\n'); end < 0 {
				end = len(data)
			}
		}
		if end > maxRec {
			return line, w.plan.TooLong(i, line-1)
		}
		switch st {
		case jsonscan.OK:
			for k, c := range w.slots {
				rows.Set(c, sc.Values[k])
			}
			if err := w.take(i, line); err != nil {
				return line, err
			}
		case jsonscan.Fallback:
			blank, err := fb.Line(rows, line, data[:end])
			if err != nil {
				return line, err
			}
			if !blank {
				if err := w.take(i, line); err != nil {
					return line, err
				}
			}
		}
		line++
		if end >= len(data) {
			break
		}
		data = data[end+1:]
	}
	return line, nil
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
	ign        []survey.JSONLIgnored
}

func newJSeq(cfg *Config, sampleOnly bool) *jseq {
	s := &jseq{cfg: cfg, w: newJWorker(cfg), sampling: cfg.Plan.SampleCol >= 0, sampleOnly: sampleOnly,
		ign: make([]survey.JSONLIgnored, len(cfg.Plan.Inputs))}
	s.w.take = s.take
	return s
}

// errSampled stops the sample-only pre-pass.
var errSampled = errors.New("pipeline: sample taken")

func (s *jseq) take(i int, line int64) error {
	if s.done {
		return errSampled
	}
	if !s.sampling {
		return s.w.eval(i, line)
	}
	plan := s.cfg.Plan
	f := s.w.rows.Fields()
	row := sampleRow{src: i, line: line, values: make([]string, len(plan.Cols))}
	for k, c := range plan.Cols {
		row.values[k] = strings.Clone(f[c])
	}
	plan.Observe([]byte(row.values[plan.SampleCol]))
	s.sample = append(s.sample, row)
	if len(s.sample) >= survey.SampleSize {
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
		if err := w.eval(r.src, r.line); err != nil {
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
		if err := s.input(ctx, i); err != nil {
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
	r, closeFn, err := s.cfg.openInput(i)
	if err != nil {
		return err
	}
	defer closeFn()
	ch, free, stop := blocks(ctx, r, s.cfg.BlockSize)
	defer stop()
	s.w.input(i)
	maxRec := int(survey.MaxRecordBytes())
	line := int64(1)
	var carry []byte
	for blk := range ch {
		if ctx.Err() != nil {
			return interrupted()
		}
		data := blk.b
		if len(carry) > 0 {
			carry = append(carry, data...)
			data = carry
		}
		n := len(data)
		if blk.err != io.EOF {
			n = bytes.LastIndexByte(data, '\n') + 1
		}
		line, err = s.w.lines(i, data[:n], line)
		if err == errSampled || s.done {
			return nil
		}
		if err != nil {
			return err
		}
		if blk.err != nil && blk.err != io.EOF {
			// A read error: the general decoder reports it on the line
			// it was reading.
			return plan.ReadError(i, line, blk.err)
		}
		carry = append(carry[:0], data[n:]...)
		if len(carry) > maxRec {
			return plan.TooLong(i, line-1)
		}
		free <- blk.b[:0]
	}
	return nil
}

func runJSONLSequential(ctx context.Context, cfg *Config) (*breakdown.Grouper, error) {
	s := newJSeq(cfg, false)
	if err := s.run(ctx); err != nil {
		return nil, err
	}
	part := s.w.rows.Cut()
	if err := cfg.Plan.FinishJSONL([]survey.FastPart{part}, s.ign, s.w.rows); err != nil {
		return nil, err
	}
	return s.w.gr, nil
}

// runJSONL is Run for JSON Lines inputs.
func runJSONL(ctx context.Context, cfg *Config, parallel bool) (*breakdown.Grouper, error) {
	if parallel {
		gr, err := runJSONLParallel(ctx, cfg)
		if err != errSequential {
			return gr, err
		}
	}
	return runJSONLSequential(ctx, cfg)
}

func runJSONLParallel(ctx context.Context, cfg *Config) (*breakdown.Grouper, error) {
	plan := cfg.Plan
	if plan.SampleCol >= 0 {
		if err := newJSeq(cfg, true).run(ctx); err != nil {
			return nil, err
		}
	}
	workers := make([]*jworker, cfg.Workers)
	for k := range workers {
		workers[k] = newJWorker(cfg)
	}
	var parts []survey.FastPart
	ign := make([]survey.JSONLIgnored, len(plan.Inputs))
	for i := range plan.Inputs {
		p, err := jsonlParallelInput(ctx, cfg, workers, i, &ign[i])
		if err != nil {
			return nil, err
		}
		parts = append(parts, p...)
	}
	var rows []*survey.FastRows
	for _, w := range workers {
		rows = append(rows, w.rows)
	}
	if plan.OrderChanged(rows) {
		return nil, errSequential
	}
	if err := plan.FinishJSONL(parts, ign, nil); err != nil {
		return nil, err
	}
	gr := workers[0].gr
	for _, w := range workers[1:] {
		gr.Merge(w.gr)
	}
	return gr, nil
}

// jchunk is one ChunkSize piece of a JSON Lines file and what reading it
// gave.
type jchunk struct {
	newlines int64 // in the nominal range
	counted  bool
	part     survey.FastPart
	ign      survey.JSONLIgnored
	err      error
}

// jsonlParallelInput tallies the regular file of JSON Lines input i with
// all workers and returns the per-chunk parts in file order; ign receives
// the input's ignored values.
func jsonlParallelInput(ctx context.Context, cfg *Config, workers []*jworker, i int, ign *survey.JSONLIgnored) ([]survey.FastPart, error) {
	plan := cfg.Plan
	in := &plan.Inputs[i]
	f, err := os.Open(in.Name)
	if err != nil {
		return nil, plan.OpenError(i, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, plan.ReadError(i, 0, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, errSequential
	}
	size := fi.Size()
	var start int64
	if in.BOM {
		start = 3
	}
	cs := int64(cfg.ChunkSize)
	n := int((size - start + cs - 1) / cs)
	if n <= 0 {
		return nil, nil
	}
	chunks := make([]jchunk, n)
	var (
		mu      sync.Mutex
		cond    = sync.NewCond(&mu)
		next    atomic.Int64
		stopAt  atomic.Int64 // chunks after this one are not needed
		wg      sync.WaitGroup
		prefixN = make([]int64, n+1) // newlines before chunk k
		known   = 0
	)
	stopAt.Store(int64(n))
	publish := func(k int, nl int64) {
		mu.Lock()
		chunks[k].newlines, chunks[k].counted = nl, true
		for known < n && chunks[known].counted {
			prefixN[known+1] = prefixN[known] + chunks[known].newlines
			known++
		}
		cond.Broadcast()
		mu.Unlock()
	}
	prefix := func(k int) int64 {
		mu.Lock()
		for known < k {
			cond.Wait()
		}
		nl := prefixN[k]
		mu.Unlock()
		return nl
	}
	for _, w := range workers {
		wg.Add(1)
		go func(w *jworker) {
			defer wg.Done()
			var buf []byte
			for {
				k := int(next.Add(1) - 1)
				if k >= n {
					return
				}
				a := start + int64(k)*cs
				b := min(a+cs, size)
				if int64(k) > stopAt.Load() || ctx.Err() != nil {
					publish(k, 0)
					continue
				}
				// The byte before a tells whether a line starts at a.
				a0 := max(a-1, start)
				if int64(cap(buf)) < b-a0+1 {
					buf = make([]byte, b-a0, b-a0+64<<10)
				}
				buf = buf[:b-a0]
				if _, err := f.ReadAt(buf, a0); err != nil {
					publish(k, 0)
					chunks[k].err = plan.ReadError(i, 0, err)
					lower(&stopAt, k)
					continue
				}
				publish(k, int64(bytes.Count(buf[a-a0:], []byte{'\n'})))
				c := &chunks[k]
				buf, c.err = w.chunk(f, buf, a0, a, b, size, i, prefix(k))
				c.part = w.rows.Cut()
				c.ign = w.fb.CutIgnored()
				if c.err != nil {
					lower(&stopAt, k)
				}
			}
		}(w)
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil, interrupted()
	}
	parts := make([]survey.FastPart, 0, n)
	for k := range chunks {
		c := &chunks[k]
		if c.err != nil {
			return nil, c.err
		}
		parts = append(parts, c.part)
		ign.Merge(c.ign)
	}
	return parts, nil
}

// chunk reads the lines that start in [a, b) of file f. buf holds the
// bytes from a0 (a, or the byte before it) to b; nlBefore is the number of
// newlines from the data start to a. It returns the buffer (grown when the
// last line reaches past b) and the first error.
func (w *jworker) chunk(f *os.File, buf []byte, a0, a, b, size int64, i int, nlBefore int64) ([]byte, error) {
	w.input(i)
	plan := w.plan
	// The first line starting at or after a: after the first '\n' at or
	// after a-1 (a itself for the first chunk).
	s := int64(0)
	line := 1 + nlBefore
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
		maxRec := survey.MaxRecordBytes()
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
