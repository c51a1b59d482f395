package pipeline

// Listing rows (nps classify): the pass of Run over plain CSV/TSV, where
// each evaluated response becomes an output line instead of a tally. In
// the parallel mode every worker appends the lines of its chunk to a
// buffer of its own, and the buffers are written strictly in input order:
// a worker that finishes a chunk too far ahead of the next one to write
// waits, so a few chunks' lines are held at most, whatever the size of
// the input. The sequential mode writes its lines as it goes.

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"slices"
	"sync"

	"github.com/npskit/nps/pkg/dates"
	"github.com/npskit/nps/pkg/internal/reader"
	"github.com/npskit/nps/pkg/internal/scan"
	"github.com/npskit/nps/pkg/survey"
)

// LineFunc appends the output line of a response to b, or nothing to
// leave the response out. The response and its fields are reused after it
// returns.
type LineFunc func(b []byte, resp *survey.Response) ([]byte, error)

// RecordFunc appends the output line of a kept response straight from its
// record: rec, the record's bytes without the line end, holds every
// column in order, separated by sep. It reports false, appending nothing,
// where the line must be made from the response's fields (LineFunc).
type RecordFunc func(b, rec []byte, sep byte, resp *survey.Response) ([]byte, bool)

// flushAt is how many bytes of lines the sequential mode holds before it
// writes them.
const flushAt = 64 << 10

// Output is where and how List writes its lines.
type Output struct {
	W io.Writer
	// All is a plan of the same Reader with every column (FastPlan with
	// all of them as extra columns): the columns the lines hold.
	All *reader.FastPlan
	// Keep, when set, is asked first whether a response has a line, before
	// the columns the row logic does not read are filled in: rows left out
	// are never split into all their fields.
	Keep func(*survey.Response) bool
	// NewLine makes the LineFunc of one worker.
	NewLine func() LineFunc
	// NewRecord, when set, makes the RecordFunc of one worker, tried
	// before LineFunc on records of inputs whose columns are All's in
	// the same order: a kept row is then not split into its fields.
	NewRecord func() RecordFunc
	// Reset, when set, takes back the lines written to W. Rows whose
	// dates leave their day/month order undecided after the sample (ISO
	// dates) are then listed on every core too: should a worker settle
	// the order on its own, W is reset and the pass redone in order.
	// Without it such inputs are listed in order from the start, since
	// lines once written stay written.
	Reset func() error

	start func() // Each's Visit.Start: the lines are empty, in no order
}

// Visit is what Each does with the responses of a pass.
type Visit struct {
	// All and Keep are Output's.
	All  *reader.FastPlan
	Keep func(*survey.Response) bool
	// New makes the function of one worker, called with the responses of
	// its share of the rows: in input order within a worker, in no order
	// across workers.
	New func() func(*survey.Response) error
	// Start is called as a pass starts. A pass may be redone in order
	// (the day/month order settled by a worker, a chunk that began inside
	// a quoted field): what the functions were given before is void.
	Start func()
}

// Each is List for callers that take each response as it comes rather
// than a line in input order: the workers never wait for one another.
func Each(ctx context.Context, cfg Config, v Visit) error {
	return List(ctx, cfg, Output{
		W: io.Discard, All: v.All, Keep: v.Keep, start: v.Start,
		NewLine: func() LineFunc {
			fn := v.New()
			return func(b []byte, resp *survey.Response) ([]byte, error) { return b, fn(resp) }
		},
	})
}

// List reads every input of out.All once (with --latest-per twice: the
// caller checks CanList) and writes to out.W, in input order, the line
// that a LineFunc gives each response the general reader would yield.
// cfg.Plan is the plan of the row logic's columns alone (FastPlan with no
// extra column), or nil to scan every column of every row (JSON inputs
// always are). The Reader then reports the counts and warnings. On an
// error, part of the lines may have been written.
func List(ctx context.Context, cfg Config, out Output) error {
	if !CanList(out.All) {
		return errors.New("pipeline: List with --latest-per needs files of CSV/TSV or JSON Lines")
	}
	if out.All.LatestCol >= 0 {
		return listLatest(ctx, cfg, out)
	}
	l := &lister{w: out.W, newLine: out.NewLine, newRecord: out.NewRecord, keep: out.Keep, reset: out.Reset, begin: out.start}
	if cfg.Plan == nil || cfg.Plan.SampleCol >= 0 || slices.ContainsFunc(out.All.Inputs, func(in reader.FastInput) bool { return in.JSONL || in.JSON }) {
		// Rows held for the date sample keep the fields of cfg.Plan only,
		// not their bytes; the bytes of a JSON row are not a record of
		// delimited fields to fill the rest in from.
		cfg.Plan = out.All
	} else {
		l.all = out.All
	}
	cfg.list = l
	if _, err := Run(ctx, cfg); err != nil {
		return err
	}
	if l.spoiled {
		// Unreachable for input the general reader accepts (quote parity
		// is exact in valid CSV): refuse rather than print lines twice.
		return errors.New("pipeline: the parallel listing was redone after it had written lines")
	}
	for _, x := range l.made {
		if err := x.flush(); err != nil {
			return err
		}
	}
	return l.err
}

// CanList reports whether List can read the inputs of plan: any the fast
// path reads (plain CSV/TSV, JSON Lines, JSON arrays); with --latest-per,
// files it can read twice whose rows each start a line of their own (no
// JSON array).
func CanList(plan *reader.FastPlan) bool {
	for _, in := range plan.Inputs {
		if plan.LatestCol >= 0 && (in.Stream != nil || in.JSON) {
			return false
		}
	}
	return true
}

// listLatest is List with --latest-per, in two passes over the files. The
// first holds each respondent's latest response as score --latest-per
// does, which leaves the Reader with the general reader's counts and
// warnings, and notes the rows it kept; the second lists those rows, in
// input order, and counts nothing. Holding only where each kept row is,
// not its fields, keeps the memory that of score --latest-per.
func listLatest(ctx context.Context, cfg Config, out Output) error {
	first := cfg
	if first.Plan == nil {
		first.Plan = out.All
	}
	var kept rowSet
	first.keptRows = &kept
	if _, err := Run(ctx, first); err != nil {
		return err
	}
	unlatest := func(p *reader.FastPlan) *reader.FastPlan {
		if p == nil {
			return nil
		}
		q := *p
		q.LatestCol = -1
		return &q
	}
	cfg.Plan, out.All, cfg.quiet = unlatest(cfg.Plan), unlatest(out.All), true
	keep := out.Keep
	out.Keep = func(resp *survey.Response) bool {
		return kept.has(resp.Input, resp.Line) && (keep == nil || keep(resp))
	}
	return List(ctx, cfg, out)
}

// rowSet is a set of rows, by input and line: a bitmap of lines per input.
type rowSet [][]uint64

// add adds the row at pos, input << 40 | line (held.pos).
func (s *rowSet) add(pos uint64) {
	in, line := int(pos>>40), pos&(1<<40-1)
	for len(*s) <= in {
		*s = append(*s, nil)
	}
	words := &(*s)[in]
	if need := int(line/64) + 1; len(*words) < need {
		*words = append(*words, make([]uint64, need-len(*words))...)
	}
	(*words)[line/64] |= 1 << (line % 64)
}

func (s rowSet) has(in int, line int64) bool {
	return in < len(s) && line >= 0 && int(line/64) < len(s[in]) && s[in][line/64]&(1<<(line%64)) != 0
}

// lister is the output side of a List pass.
type lister struct {
	w         io.Writer
	newLine   func() LineFunc
	newRecord func() RecordFunc
	keep      func(*survey.Response) bool
	reset     func() error // Output.Reset
	begin     func()       // Each's Visit.Start, called as a pass starts; unless nil, nothing is ordered
	// all, when set, is the plan of every column, which lines fill in
	// from the record's bytes once a response is kept.
	all     *reader.FastPlan
	made    []*lines // every worker's, in the order made (the sequential one flushes at the end)
	err     error    // of w
	spoiled bool     // the parallel mode wrote lines, then asked for the pass to be redone

	// The parallel mode's lines in flight, per input (ordered.start).
	mu      sync.Mutex
	cond    *sync.Cond
	next    int64            // offset of the next chunk to write
	step    int64            // chunk size
	ahead   int64            // chunks a worker may finish past next before it waits
	pending map[int64][]byte // finished chunks' lines by offset
	waiting int              // workers waiting in deliver
	workers int
	failed  bool // a chunk failed or a write did: the pass fails, lines are dropped
	wrote   bool
	free    [][]byte // written buffers for reuse
}

// lines is a worker's output.
type lines struct {
	l    *lister
	line LineFunc
	buf  []byte
	// chunked: the parallel mode hands buf over per chunk (deliver);
	// otherwise it is written once it holds flushAt bytes.
	chunked bool
	// rec is the record being evaluated (with lister.all: the bytes every
	// field of a kept response is read from, by a scanner of every field
	// of input in, whose slots hold columns cols).
	rec  []byte
	sc   *scan.Scanner
	in   int
	cols []int
	// record, when set, makes lines from records of input in, when
	// direct: its columns are all of lister.all's, in order.
	record RecordFunc
	direct bool
}

func (l *lister) newLines() *lines {
	if l == nil {
		return nil
	}
	x := &lines{l: l, line: l.newLine(), in: -1}
	if l.newRecord != nil {
		x.record = l.newRecord()
	}
	l.made = append(l.made, x)
	return x
}

// add appends the line of resp, which rows evaluated.
func (x *lines) add(rows *reader.FastRows, resp *survey.Response) error {
	if x.l.keep != nil && !x.l.keep(resp) {
		return nil
	}
	made := false
	if x.l.all != nil {
		x.use(resp.Input)
		if x.direct {
			x.buf, made = x.record(x.buf, lineEnd(x.rec), x.l.all.Inputs[x.in].Comma, resp)
		}
		if !made {
			x.fill(rows, resp)
		}
	}
	if !made {
		var err error
		if x.buf, err = x.line(x.buf, resp); err != nil {
			return err
		}
	}
	if !x.chunked && len(x.buf) >= flushAt {
		return x.flush()
	}
	return nil
}

// fill sets every column of resp from the record's bytes, which the
// pass's scanner has read once already: they are a whole valid record.
func (x *lines) fill(rows *reader.FastRows, resp *survey.Response) {
	x.sc.Reset(x.rec, resp.Line, true)
	x.sc.Next()
	for k, c := range x.cols {
		rows.Set(c, x.sc.Fields[k]) // resp.Fields are the rows' fields
	}
}

// use readies x for the records of input i.
func (x *lines) use(i int) {
	if x.in == i {
		return
	}
	all := x.l.all
	x.sc, x.cols = inputScanner(all, i, x.cols)
	x.in = i
	in := &all.Inputs[i]
	x.direct = x.record != nil && len(in.Fields) == in.Width
	for k, f := range in.Fields {
		x.direct = x.direct && f == all.Cols[k] // the input's field f is column f
	}
}

// lineEnd is a record without its line end (LF or CRLF).
func lineEnd(rec []byte) []byte {
	rec = bytes.TrimSuffix(rec, []byte{'\n'})
	return bytes.TrimSuffix(rec, []byte{'\r'})
}

func (x *lines) flush() error {
	if len(x.buf) == 0 || x.l.err != nil {
		return x.l.err
	}
	_, x.l.err = x.l.w.Write(x.buf)
	x.buf = x.buf[:0]
	return x.l.err
}

// listWorker is a worker of the parallel mode (W: CSV's or JSON's) that
// hands its lines over per chunk, keyed by the chunk's offset.
type listWorker[W chunkReader] struct {
	w  W
	at int64 // offset of the chunk being read
}

func (w *listWorker[W]) base() *tallies                { return w.w.base() }
func (w *listWorker[W]) lookback() int64               { return w.w.lookback() }
func (w *listWorker[W]) counts(b []byte) (q, nl int64) { return w.w.counts(b) }

func (w *listWorker[W]) dataStart(f *os.File, size int64, i int) (int64, int64, error) {
	start, line, err := w.w.dataStart(f, size, i)
	w.base().lines.l.start(start)
	return start, line, err
}

func (w *listWorker[W]) read(f *os.File, buf []byte, a0, a, b, size int64, i int, line, quotesBefore, quotes int64, first bool) ([]byte, error, bool) {
	w.at = a
	return w.w.read(f, buf, a0, a, b, size, i, line, quotesBefore, quotes, first)
}

func (w *listWorker[W]) cut(c *chunk) {
	w.w.cut(c)
	x := w.base().lines
	x.buf = x.l.deliver(w.at, x.buf, c.err != nil || c.unclean)
}

// listParallel is the parallel mode of List, after the date sample, with
// workers made by newW; ign, for JSON inputs, is parallel's.
func listParallel[W chunkReader](ctx context.Context, cfg *Config, newW func(*Config) W, ign []reader.JSONLIgnored) error {
	plan, l := cfg.Plan, cfg.list
	finish := func(parts []reader.Counts) error { return cfg.finish(parts, ign, nil) }
	if l.begin != nil { // Each: nothing to order, nothing written
		_, err := parallel(ctx, cfg, newW, ign, finish)
		return err
	}
	if l.reset == nil && (plan.SampleCol >= 0 && plan.NewRows().Order() == dates.Undecided || hasArray(plan)) {
		// A worker could settle the day/month order differently from the
		// order of the rows, or a JSON array's elements turn out to be
		// other than the chunks guessed: the pass would be redone, but
		// lines once written stay written.
		return errSequential
	}
	l.cond = sync.NewCond(&l.mu)
	l.step, l.workers, l.ahead = int64(cfg.ChunkSize), cfg.Workers, int64(cfg.Workers)
	stop := context.AfterFunc(ctx, l.wake)
	defer stop()
	_, err := parallel(ctx, cfg, func(cfg *Config) *listWorker[W] {
		w := &listWorker[W]{w: newW(cfg)}
		w.base().lines.chunked = true
		return w
	}, ign, finish)
	if errors.Is(err, errSequential) && l.wrote {
		if l.reset == nil {
			l.w, l.spoiled = io.Discard, true
		} else { // the pass is redone in order: its lines written afresh
			l.wrote = false
			for _, x := range l.made { // the workers', none written
				x.buf = x.buf[:0]
			}
			if rerr := l.reset(); rerr != nil {
				return rerr
			}
		}
	}
	if err == nil && l.err != nil {
		err = l.err
	}
	return err
}

// hasArray reports whether an input of plan is a JSON array.
func hasArray(plan *reader.FastPlan) bool {
	return slices.ContainsFunc(plan.Inputs, func(in reader.FastInput) bool { return in.JSON })
}

// start begins an input whose data starts at offset off.
func (l *lister) start(off int64) {
	l.mu.Lock()
	l.next, l.pending, l.failed = off, map[int64][]byte{}, false
	l.mu.Unlock()
}

// deliver hands over the lines of the chunk at offset at (failed: reading
// it failed, and so does the pass) and returns an empty buffer for the
// next chunk. It writes every chunk that is next in order, then waits
// while at is too far ahead of the next chunk to write.
func (l *lister) deliver(at int64, buf []byte, failed bool) []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	if failed {
		l.failed = true
		l.cond.Broadcast()
	}
	if l.failed {
		return buf[:0]
	}
	l.pending[at] = buf
	for {
		b, ok := l.pending[l.next]
		if !ok {
			break
		}
		delete(l.pending, l.next)
		if l.err == nil && len(b) > 0 {
			_, l.err = l.w.Write(b)
			l.wrote = true
		}
		if l.err != nil {
			l.failed = true
		}
		l.free = append(l.free, b[:0])
		l.next += l.step
		l.cond.Broadcast()
	}
	for at >= l.next+l.ahead*l.step && !l.failed {
		if l.waiting+1 == l.workers {
			// No worker is left to read the chunk at next: its read
			// failed, and so does the pass.
			l.failed = true
			l.cond.Broadcast()
			break
		}
		l.waiting++
		l.cond.Wait()
		l.waiting--
	}
	var out []byte
	if n := len(l.free); n > 0 {
		out, l.free = l.free[n-1], l.free[:n-1]
	}
	return out
}

// wake ends every wait in deliver (the pass was interrupted).
func (l *lister) wake() {
	l.mu.Lock()
	l.failed = true
	l.cond.Broadcast()
	l.mu.Unlock()
}
