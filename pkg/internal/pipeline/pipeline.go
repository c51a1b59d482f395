// Package pipeline is the fast read-and-tally pass of the aggregate
// commands (score, trend, dist, compare, and inspect's counts) over plain
// CSV/TSV, JSON Lines (jsonl.go) and JSON arrays (jsonarray.go), with or
// without --latest-per (latest.go).
//
// It reads what reader.Open detected (reader.FastPlan) with the byte-level
// scanner of pkg/scan and evaluates each row with the survey reader's own
// row logic (reader.FastRows), so filters, dates, scores, weights, counts,
// warnings and errors are those of the general reader; only the reading is
// different:
//
//   - Regular, uncompressed files are split into chunks of ChunkSize bytes;
//     a worker per core reads a chunk with ReadAt into a reused buffer and
//     counts its quotes and newlines. From the counts of the chunks before
//     it, a worker knows whether its chunk starts inside a quoted field and
//     on which line, so it can find the first record boundary in the chunk
//     (scan.NextStart) and number lines exactly. Each worker tallies into
//     its own breakdown.Grouper; the per-chunk counts and problems are
//     merged in file order, the Groupers at the end.
//   - Standard input and gzip are streamed: a goroutine reads (and
//     decompresses) blocks cut at line ends while the caller's goroutine
//     scans and tallies them.
//
// Quote parity gives exact boundaries for valid CSV. A chunk whose region
// does not end cleanly, or a date column whose day/month order the workers
// settle on their own, sends the whole pass back to the sequential mode,
// which is exact by construction. Errors are built by the survey package
// from the same bytes the general reader would have seen.
package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/internal/progress"
	"github.com/npskit/nps/pkg/internal/reader"
	"github.com/npskit/nps/pkg/internal/scan"
	"github.com/npskit/nps/pkg/usererr"
)

// Config says what to tally.
type Config struct {
	Plan *reader.FastPlan
	// Groupings are filled in one pass; their Cols are Reader column
	// indices (in Plan.Cols).
	Groupings []breakdown.Spec
	Weighted  bool
	// Workers is the number of parallel workers (0: GOMAXPROCS); ChunkSize
	// the bytes per chunk (0: DefaultCSVChunkSize for CSV, DefaultChunkSize
	// for JSON Lines); BlockSize the bytes per
	// streamed block (0: DefaultBlockSize). Tests make them small.
	Workers   int
	ChunkSize int
	BlockSize int
	// Sequential forces the streaming mode for every input.
	Sequential bool

	latest *latestSet // the pass's --latest-per store (latest.go)
	list   *lister    // List's output: rows become lines, not tallies (rows.go)
	// keptRows, when set, receives the rows a --latest-per pass kept, and
	// quiet leaves the Reader's counts and warnings as they are: List's
	// two passes with --latest-per (rows.go).
	keptRows *rowSet
	quiet    bool
	// spare holds the blocks of a stream that ended, for the next: a run
	// over hundreds of small gzip files allocated three blocks a file, and
	// collected them again and again.
	spare chan []byte
}

const (
	// DefaultChunkSize is the JSON passes' chunk (JSON Lines, arrays):
	// 512 KiB as for CSV, the copy still in L2 for the count and the
	// extractor. Against 2 MiB on 3M lines of JSON Lines: CPU -4%, peak
	// -2 MiB (25 alternated runs, issue 17).
	DefaultChunkSize = 512 << 10
	// DefaultCSVChunkSize is the CSV pass's chunk: half the L2 cache of a
	// core (1 MiB here), so that the bytes ReadAt copies are still in L2
	// when the quote count and then the scanner read them. 15% faster
	// than 2 MiB at 10M rows (docs/benchmarks.md).
	DefaultCSVChunkSize = 512 << 10
	DefaultBlockSize    = 1 << 20
	pageSize            = 4096
)

// Run reads every input and returns the tallies. The Reader behind the plan
// then reports the counts and warnings (Stats, Warnings).
func Run(ctx context.Context, cfg Config) (*breakdown.Set, error) {
	csvChunk := cfg.ChunkSize <= 0
	if cfg.ChunkSize <= 0 {
		cfg.ChunkSize = DefaultChunkSize
	}
	if cfg.BlockSize <= 0 {
		cfg.BlockSize = DefaultBlockSize
	}
	cfg.spare = make(chan []byte, blocksInFlight)
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	parallel := !cfg.Sequential && cfg.Workers > 1
	files := true // every input is a file the pass reads again from its start
	for _, in := range cfg.Plan.Inputs {
		if in.Stream != nil || in.Gzip {
			parallel = false
		}
		files = files && in.Stream == nil
	}
	if p := cfg.Plan.Progress(); p != nil && files {
		p.Store(0) // what detecting the formats read is read again
	}
	if len(cfg.Plan.Inputs) > 0 && (cfg.Plan.Inputs[0].JSONL || cfg.Plan.Inputs[0].JSON) {
		return runJSONL(ctx, &cfg, parallel) // jsonl.go; never mixed with CSV
	}
	if csvChunk {
		cfg.ChunkSize = DefaultCSVChunkSize
	}
	if parallel {
		back := cfg.rewind()
		set, err := runParallel(ctx, &cfg)
		if !errors.Is(err, errSequential) {
			return set, err
		}
		back()
	}
	return runSequential(ctx, &cfg)
}

// rewind returns a function that sets the progress counter back to where
// it is now: a pass redone in the sequential mode counts its bytes again.
func (cfg *Config) rewind() func() {
	p := cfg.Plan.Progress()
	if p == nil {
		return func() {}
	}
	at := p.Load()
	return func() { p.Store(at) }
}

// errSequential asks for the pass to be redone in the sequential mode.
var errSequential = errors.New("pipeline: redo sequentially")

func interrupted() error { return usererr.Newf(usererr.Data, "", 0, "", "interrupted") }

// tallies is what every worker tallies into, whatever the format.
type tallies struct {
	cfg  *Config
	plan *reader.FastPlan
	rows *reader.FastRows
	set  *breakdown.Set
	// lines, in a List pass, takes the responses instead of set.
	lines *lines
	held  *latestBatch // responses on their way to cfg.latest (latest.go)
	cells scoreCells   // score-only rows held back (cells.go)
}

func newTallies(cfg *Config) tallies {
	return tallies{
		cfg:   cfg,
		plan:  cfg.Plan,
		rows:  cfg.Plan.NewRows(),
		set:   breakdown.NewSet(cfg.Groupings, cfg.Weighted),
		lines: cfg.list.newLines(),
	}
}

func (t *tallies) base() *tallies { return t }

// tally evaluates the row whose fields are set in t.rows (input src, on
// line) and adds it to its group.
func (t *tallies) tally(src int, line int64) error { return t.tallyAt(src, line, line) }

// tallyAt is tally for a row at position pos of its input (for
// --latest-per, which keeps the later of two rows: the line where lines
// order rows, else the byte offset).
func (t *tallies) tallyAt(src int, line, pos int64) error {
	if t.plan.Inspect {
		t.rows.InspectRow(src, line)
		return nil
	}
	if t.cfg.latest != nil {
		return t.hold(src, line, pos)
	}
	resp, err := t.rows.Eval(src, line)
	if err != nil || resp == nil {
		return err
	}
	if t.lines != nil {
		return t.lines.add(t.rows, resp)
	}
	var (
		y int
		m time.Month
		d int
	)
	if t.set.NeedsDate() {
		y, m, d = t.rows.Date() // from the date cache when it served the row
	}
	t.set.AddResponse(resp, y, m, d)
	return nil
}

// onlyScore says whether a row whose fields are read into the Reader
// columns cols needs nothing but its score cell (tallyScore, cells.go): no
// segments, periods, dates, filters or weights.
func (t *tallies) onlyScore(cols []int) bool {
	col, ok := t.rows.ScoreOnly()
	return ok && len(cols) == 1 && cols[0] == col && t.set.Plain() && !t.plan.Inspect && t.lines == nil
}

// worker evaluates records and tallies them.
type worker struct {
	tallies

	sc    *scan.Scanner
	scIn  int   // input the scanner is set up for, -1 none
	slots []int // scanner slot -> Reader column
	nul   bool  // the data may hold NUL bytes
	text  bool  // the data may hold bytes that are not UTF-8
	// What counts found in the chunk's own bytes, for its read.
	chunkNUL, chunkHigh bool
	// scoreOnly: the scanner's one field is the score, and a row needs
	// nothing else (no segments, periods, dates, filters or weights).
	scoreOnly bool
}

func newWorker(cfg *Config) *worker {
	return &worker{tallies: newTallies(cfg), scIn: -1}
}

// scanner returns the scanner for input i.
// inputScanner returns a scanner of the fields plan reads from input i,
// and the plan's column of each of its slots (in cols' memory).
func inputScanner(plan *reader.FastPlan, i int, cols []int) (*scan.Scanner, []int) {
	in := &plan.Inputs[i]
	var fields []int
	cols = cols[:0]
	for k, f := range in.Fields {
		if f >= 0 {
			fields = append(fields, f)
			cols = append(cols, plan.Cols[k])
		}
	}
	return scan.New(in.Comma, fields), cols
}

func (w *worker) scanner(i int) *scan.Scanner {
	if w.scIn == i {
		return w.sc
	}
	w.sc, w.slots = inputScanner(w.plan, i, w.slots)
	w.scIn = i
	w.scoreOnly = w.onlyScore(w.slots)
	w.rows.Clear()
	return w.sc
}

// record checks and evaluates the scanner's current record of input i.
func (w *worker) record(i int) error {
	sc := w.sc
	if w.text && reader.NotUTF8(sc.Data()) {
		w.rows.NotUTF8(i, sc.Line)
	}
	if w.nul && reader.NUL(sc.Data()) {
		return w.plan.RecordError(i, sc.Line, 0, bytes.NewReader(sc.Data()))
	}
	if sc.NFields > w.plan.Inputs[i].Width {
		if err := w.plan.WidthError(i, sc.Line, sc.NFields, func(k int) []byte {
			v, _ := sc.Field(k)
			return v
		}); err != nil {
			return err
		}
	}
	if w.scoreOnly {
		return w.tallyScore(i, sc.Line, sc.Fields[0])
	}
	for k, c := range w.slots {
		w.rows.Set(c, sc.Fields[k])
	}
	if w.lines != nil {
		w.lines.rec = sc.Data()
	}
	return w.tally(i, sc.Line)
}

// openInput opens input i as a stream of its text (gunzipped, without the
// byte-order mark).
func (cfg *Config) openInput(i int) (io.Reader, func(), error) {
	in := &cfg.Plan.Inputs[i]
	var r io.Reader
	closeFn := func() {}
	if in.Stream != nil {
		r = in.Stream
	} else {
		f, err := os.Open(in.Name)
		if err != nil {
			return nil, nil, cfg.Plan.OpenError(i, err)
		}
		r, closeFn = progress.Count(f, cfg.Plan.Progress()), func() { f.Close() }
	}
	if in.Gzip {
		br := bufio.NewReaderSize(r, 64<<10)
		zr, err := cfg.Plan.Gunzip(i, br)
		if err != nil {
			closeFn()
			return nil, nil, cfg.Plan.ReadError(i, 0, err)
		}
		r = zr
	}
	if in.BOM {
		var bom [3]byte
		if _, err := io.ReadFull(r, bom[:]); err != nil {
			closeFn()
			return nil, nil, cfg.Plan.ReadError(i, 0, err)
		}
	}
	return r, closeFn, nil
}

// sampleRow is a row read while the date sample is being taken.
type sampleRow struct {
	src       int
	line, pos int64
	values    []string // per slot of the scanner of src (JSON: per Plan.Cols entry)
}

// seq is the sequential mode: every input streamed in order.
type seq struct {
	cfg *Config
	w   *worker
	// The date sample: rows are kept (copied) until SampleSize rows have
	// been read, then the order is decided and they are evaluated.
	sampling   bool
	sampleOnly bool // stop after the sample (the parallel mode's pre-pass)
	sample     []sampleRow
	done       bool
}

func runSequential(ctx context.Context, cfg *Config) (*breakdown.Set, error) {
	cfg.startPass()
	s := &seq{cfg: cfg, w: newWorker(cfg), sampling: cfg.Plan.SampleCol >= 0}
	if err := s.run(ctx); err != nil {
		return nil, err
	}
	counts := s.w.cutCounts()
	set, parts := cfg.kept(s.w.set, []reader.Counts{counts}, s.w.rows)
	if err := cfg.finish(parts, nil, s.w.rows); err != nil {
		return nil, err
	}
	return set, nil
}

func (s *seq) run(ctx context.Context) error {
	for i := range s.cfg.Plan.Inputs {
		if err := s.input(ctx, i); err != nil {
			return err
		}
		if s.done {
			return nil
		}
	}
	return s.endSample()
}

// endSample decides the date order and evaluates the sampled rows.
func (s *seq) endSample() error {
	if !s.sampling {
		return nil
	}
	s.sampling = false
	s.cfg.Plan.Decide()
	s.w.rows.SyncDates(s.cfg.Plan)
	if s.sampleOnly {
		s.done = true
		return nil
	}
	w := s.w
	for _, r := range s.sample {
		w.scanner(r.src)
		for k, c := range w.slots {
			w.rows.Fields()[c] = r.values[k]
		}
		if err := w.tally(r.src, r.line); err != nil {
			return err
		}
	}
	s.sample = nil
	return nil
}

// take handles one data record of input i in the sequential mode.
func (s *seq) take(i int) error {
	if !s.sampling {
		return s.w.record(i)
	}
	w, sc := s.w, s.w.sc
	if w.text && reader.NotUTF8(sc.Data()) {
		w.rows.NotUTF8(i, sc.Line)
	}
	if w.nul && reader.NUL(sc.Data()) {
		return s.cfg.Plan.RecordError(i, sc.Line, 0, bytes.NewReader(sc.Data()))
	}
	if sc.NFields > s.cfg.Plan.Inputs[i].Width {
		if err := s.cfg.Plan.WidthError(i, sc.Line, sc.NFields, func(k int) []byte {
			v, _ := sc.Field(k)
			return v
		}); err != nil {
			return err
		}
	}
	row := sampleRow{src: i, line: sc.Line, pos: sc.Line, values: make([]string, len(w.slots))}
	for k := range w.slots {
		row.values[k] = string(sc.Fields[k])
	}
	if sk := s.sampleSlot(i); sk >= 0 {
		s.cfg.Plan.Observe(sc.Fields[sk])
	}
	s.sample = append(s.sample, row)
	if len(s.sample) >= reader.SampleSize {
		return s.endSample()
	}
	return nil
}

// sampleSlot is the scanner slot of the date column in input i, or -1.
func (s *seq) sampleSlot(i int) int {
	f := s.cfg.Plan.Inputs[i].Fields
	sk := -1
	for k := 0; k <= s.cfg.Plan.SampleCol; k++ {
		if f[k] >= 0 {
			sk++
		}
	}
	if f[s.cfg.Plan.SampleCol] < 0 {
		return -1
	}
	return sk
}

// block is a piece of a stream: whole lines, except at the end.
type block struct {
	b   []byte
	err error // io.EOF or a read error after b
}

// blocksInFlight is how many blocks a stream reads into in turn.
const blocksInFlight = 3

// blocks reads r in the background into blocks cut after a line end, so
// that reading (and decompressing) runs beside the scanning. The blocks
// are taken from spare where it has them, and go back to the reader
// through free.
func blocks(ctx context.Context, r io.Reader, size int, spare chan []byte) (<-chan block, chan []byte, func()) {
	out := make(chan block, 2)
	free := make(chan []byte, blocksInFlight)
	for range blocksInFlight {
		free <- spareBlock(spare, size)
	}
	stop := make(chan struct{})
	go func() {
		defer close(out)
		var rest []byte
		for {
			var buf []byte
			select {
			case buf = <-free:
			case <-stop:
				return
			}
			buf = buf[:cap(buf)]
			n := copy(buf, rest)
			if n < len(rest) { // a line longer than a block: grow
				buf = append(buf[:n], rest[n:]...)
				n = len(buf)
				buf = buf[:cap(buf)]
			}
			var err error
			for n < len(buf) && err == nil {
				var m int
				m, err = r.Read(buf[n:])
				n += m
			}
			buf = buf[:n]
			if err != nil {
				rest = nil
				select {
				case out <- block{buf, err}:
				case <-stop:
				}
				return
			}
			cut := bytes.LastIndexByte(buf, '\n') + 1
			if cut == 0 {
				cut = len(buf)
			}
			rest = append(rest[:0], buf[cut:]...)
			select {
			case out <- block{buf[:cut], nil}:
			case <-stop:
				return
			}
			if ctx.Err() != nil {
				return
			}
		}
	}()
	// Stopping does not wait for the goroutine: it may be blocked reading
	// a slow standard input, and ends on its next send.
	return out, free, func() { close(stop) }
}

// stream streams input i in blocks cut at line ends. each is called with
// the bytes carried over from the blocks before followed by the next
// block, and rerr (io.EOF or a read error at the stream's end, else nil);
// it returns where the bytes to carry over start, or done to stop.
func (cfg *Config) stream(ctx context.Context, i int, each func(data []byte, rerr error) (keep int, done bool, err error)) error {
	return cfg.streamAt(ctx, i, 0, each)
}

// streamAt is stream from byte off of the input's text: sought to in a
// plain file, read and dropped otherwise.
func (cfg *Config) streamAt(ctx context.Context, i int, off int64, each func(data []byte, rerr error) (keep int, done bool, err error)) error {
	r, closeFn, err := cfg.openInput(i)
	if err != nil {
		return err
	}
	defer closeFn()
	if f, ok := progress.Under(r).(*os.File); ok && off > 0 {
		if _, err := f.Seek(off, io.SeekCurrent); err != nil {
			return cfg.Plan.ReadError(i, 0, err)
		}
	} else if _, err := io.CopyN(io.Discard, r, off); err != nil {
		return cfg.Plan.ReadError(i, 0, err)
	}
	ch, free, stop := blocks(ctx, r, cfg.BlockSize, cfg.spare)
	defer stop()
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
		keep, done, err := each(data, blk.err)
		if done || err != nil {
			return err
		}
		carry = append(carry[:0], data[keep:]...)
		free <- blk.b[:0]
	}
	// The reader has ended (ch is closed), so every block is back in
	// free: they serve the next stream. (A stream stopped early may still
	// have its reader holding one; its blocks are left to it.)
	keepBlocks(free, cfg.spare)
	return nil
}

// spareBlock is a block of size bytes from spare, or a new one. (A block
// grown for a long line, or one of another size, is left to the
// collector.)
func spareBlock(spare chan []byte, size int) []byte {
	select {
	case b := <-spare:
		if cap(b) == size {
			return b[:size]
		}
	default:
	}
	return make([]byte, size)
}

// keepBlocks moves the blocks in free to spare, as many as it holds.
func keepBlocks(free, spare chan []byte) {
	for {
		select {
		case b := <-free:
			select {
			case spare <- b:
			default:
				return
			}
		default:
			return
		}
	}
}

// input streams input i.
func (s *seq) input(ctx context.Context, i int) error {
	plan := s.cfg.Plan
	w := s.w
	sc := w.scanner(i)
	w.nul = true
	maxRec := int(reader.MaxRecordBytes())
	header := plan.Inputs[i].HeaderRows
	line, prevLine := int64(1), int64(0)
	return s.cfg.stream(ctx, i, func(data []byte, rerr error) (int, bool, error) {
		// Locals for the loop, stored back for the next block.
		hdr, prev := header, prevLine
		atEOF := rerr != nil
		w.nul, w.text = reader.NUL(data), reader.NotUTF8(data)
		sc.Reset(data, line, rerr == io.EOF)
		for sc.Next() {
			if sc.End-sc.Start > maxRec {
				return 0, false, plan.TooLong(i, prev)
			}
			if hdr > 0 {
				hdr--
			} else if err := s.take(i); err != nil {
				return 0, false, err
			}
			prev = sc.Line
			if s.done {
				return 0, true, nil
			}
		}
		keep := len(data)
		switch sc.Err {
		case scan.ErrSyntax:
			// The scanner stops on an invalid record only once it has the
			// line that shows it, so these bytes are enough.
			return 0, false, plan.RecordError(i, sc.Line, prev, bytes.NewReader(data[sc.Start:]))
		case scan.ErrIncomplete:
			if atEOF {
				// A read error inside a record: what the general reader
				// reports for the rest of the bytes and the error.
				return 0, false, plan.RecordError(i, sc.Line, prev, io.MultiReader(bytes.NewReader(data[sc.Start:]), errReader{rerr}))
			}
			keep = sc.Start
			if len(data)-keep > maxRec {
				return 0, false, plan.TooLong(i, prev)
			}
		default:
			if atEOF && rerr != io.EOF {
				return 0, false, plan.RecordError(i, sc.Line, prev, errReader{rerr})
			}
		}
		_, line = sc.Pos()
		header, prevLine = hdr, prev
		return keep, false, nil
	})
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// runParallel is the parallel mode over regular files.
func runParallel(ctx context.Context, cfg *Config) (*breakdown.Set, error) {
	plan := cfg.Plan
	if plan.SampleCol >= 0 {
		// The pre-pass reads only the first SampleSize rows: small blocks
		// (three 1 MiB buffers are a millisecond of page faults).
		pre := *cfg
		pre.BlockSize = min(cfg.BlockSize, 64<<10)
		s := &seq{cfg: &pre, w: newWorker(&pre), sampling: true, sampleOnly: true}
		if err := s.run(ctx); err != nil {
			return nil, err
		}
	}
	if cfg.list != nil {
		return nil, listParallel(ctx, cfg, newWorker, nil) // rows.go
	}
	return parallel(ctx, cfg, newWorker, nil, func(parts []reader.Counts) error {
		return cfg.finish(parts, nil, nil)
	})
}

// finish ends a pass: the Reader then reports its counts and warnings
// (FastPlan.Finish; FinishJSONL with the ignored values ign of JSON
// inputs), unless the pass is quiet.
func (cfg *Config) finish(parts []reader.Counts, ign []reader.JSONLIgnored, rows *reader.FastRows) error {
	switch {
	case cfg.quiet:
		return nil
	case ign != nil:
		return cfg.Plan.FinishJSONL(parts, ign, rows)
	}
	return cfg.Plan.Finish(parts, rows)
}

// chunkReader is what the parallel driver needs of a worker: how a file's
// data starts, how a chunk is counted and how its records are read. Its
// methods are called once a chunk, never a record.
type chunkReader interface {
	base() *tallies
	// dataStart returns where the data of the file of input i starts and
	// the line there.
	dataStart(f *os.File, size int64, i int) (int64, int64, error)
	// lookback is how many bytes before a chunk read needs.
	lookback() int64
	// counts returns the quotes and newlines of a chunk's nominal bytes.
	counts(b []byte) (q, nl int64)
	// read reads the records that start in [a, b) of file f. buf holds the
	// bytes from a0 (a less lookback, not before the data) to b; line is
	// the line at a, quotesBefore the quotes from the data start to a and
	// quotes those in [a, b). It returns the buffer, the first error and
	// whether the region did not end cleanly.
	read(f *os.File, buf []byte, a0, a, b, size int64, i int, line, quotesBefore, quotes int64, first bool) ([]byte, error, bool)
	// cut takes the chunk's part (and whatever else is per chunk) into c.
	cut(c *chunk)
}

// parallel is the parallel mode over regular files with workers made by
// newW; ign (JSON Lines only, else nil) receives each input's ignored
// values, and finish merges the parts in file order.
func parallel[W chunkReader](ctx context.Context, cfg *Config, newW func(*Config) W, ign []reader.JSONLIgnored, finish func([]reader.Counts) error) (*breakdown.Set, error) {
	plan := cfg.Plan
	cfg.startPass()
	workers := make([]W, cfg.Workers)
	for k := range workers {
		workers[k] = newW(cfg)
	}
	var parts []reader.Counts
	for i := range plan.Inputs {
		var g *reader.JSONLIgnored
		if ign != nil {
			g = &ign[i]
		}
		p, err := parallelInput(ctx, cfg, workers, i, g)
		if err != nil {
			return nil, err
		}
		parts = append(parts, p...)
	}
	var rows []*reader.FastRows
	for _, w := range workers {
		rows = append(rows, w.base().rows)
	}
	if plan.OrderChanged(rows) {
		return nil, errSequential
	}
	set := workers[0].base().set
	if cfg.latest == nil {
		for _, w := range workers[1:] {
			set.Merge(w.base().set)
		}
	}
	set, parts = cfg.kept(set, parts, rows[0])
	if err := finish(parts); err != nil {
		return nil, err
	}
	return set, nil
}

// chunk is one ChunkSize piece of a file and what reading it gave.
type chunk struct {
	quotes, newlines int64 // in the nominal range
	counted          bool
	part             reader.Counts
	ign              reader.JSONLIgnored // JSON Lines
	link             link                // JSON arrays
	err              error
	unclean          bool
}

// parallelInput tallies the regular file of input i with all workers and
// returns the per-chunk parts in file order; ign, unless nil, receives the
// input's ignored values.
func parallelInput[W chunkReader](ctx context.Context, cfg *Config, workers []W, i int, ign *reader.JSONLIgnored) ([]reader.Counts, error) {
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
	start, line, err := workers[0].dataStart(f, size, i)
	if err != nil {
		return nil, err
	}
	prog := plan.Progress()
	if prog != nil {
		prog.Add(start) // the header; the chunks add the rest
	}
	cs := int64(cfg.ChunkSize)
	n := int((size - start + cs - 1) / cs)
	if n <= 0 {
		return nil, nil
	}
	chunks := make([]chunk, n)
	var (
		mu      sync.Mutex
		cond    = sync.NewCond(&mu)
		next    atomic.Int64
		stopAt  atomic.Int64 // chunks after this one are not needed
		wg      sync.WaitGroup
		prefixQ = make([]int64, n+1) // quotes before chunk k
		prefixN = make([]int64, n+1)
		known   = 0 // prefixes known for chunks 0..known
	)
	stopAt.Store(int64(n))
	publish := func(k int, q, nl int64) {
		mu.Lock()
		chunks[k].quotes, chunks[k].newlines, chunks[k].counted = q, nl, true
		for known < n && chunks[known].counted {
			prefixQ[known+1] = prefixQ[known] + chunks[known].quotes
			prefixN[known+1] = prefixN[known] + chunks[known].newlines
			known++
		}
		cond.Broadcast()
		mu.Unlock()
	}
	prefix := func(k int) (int64, int64) {
		mu.Lock()
		for known < k {
			cond.Wait()
		}
		q, nl := prefixQ[k], prefixN[k]
		mu.Unlock()
		return q, nl
	}
	for wi, w := range workers {
		wg.Add(1)
		go func(w W) {
			defer wg.Done()
			var base []byte // the worker's buffer; buf is a piece of it
			for round := 0; ; round++ {
				// Chunks are taken as they come; with weights each worker
				// takes every len(workers)-th chunk in order instead, so
				// that which weights a worker adds up, and in what order,
				// is the same in every run, and so are the sums to the
				// last bit (taken as they came, the last digits of
				// weighted results changed from run to run).
				k := wi + round*len(workers)
				if !cfg.Weighted {
					k = int(next.Add(1) - 1)
				}
				if k >= n {
					return
				}
				a := start + int64(k)*cs
				b := min(a+cs, size)
				if int64(k) > stopAt.Load() || ctx.Err() != nil {
					publish(k, 0, 0) // keep the prefix chain going; unused
					continue
				}
				a0 := max(a-w.lookback(), start)
				// The bytes from a0 go at a0's offset in a page of base:
				// the kernel's copy is three times slower when the file's
				// bytes and the buffer are not aligned alike
				// (docs/benchmarks.md, issue 17).
				pad := a0 % pageSize
				if int64(cap(base)) < pad+b-a0+1 {
					// Room to read on past b to the end of the chunk's
					// last record; none is needed at the end of the file
					// (a small file's one chunk).
					extra := int64(64 << 10)
					if b == size {
						extra = 1
					}
					base = make([]byte, pageSize+b-a0+extra)
				}
				buf := base[pad : pad+b-a0]
				if err := readAt(f, buf, a0); err != nil {
					publish(k, 0, 0)
					chunks[k].err = plan.ReadError(i, 0, err)
					lower(&stopAt, k)
					continue
				}
				q, nl := w.counts(buf[a-a0:])
				publish(k, q, nl)
				pq, pn := prefix(k)
				c := &chunks[k]
				buf, c.err, c.unclean = w.read(f, buf, a0, a, b, size, i, line+pn, pq, q, k == 0)
				if int64(cap(buf)) > int64(cap(base))-pad {
					base = buf[:cap(buf)] // grown for a long record: a new array
				}
				w.cut(c)
				if prog != nil {
					prog.Add(b - a) // the chunk's own bytes, once
				}
				if c.err != nil || c.unclean {
					lower(&stopAt, k)
				}
			}
		}(w)
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil, interrupted()
	}
	if in.JSON {
		if err := cfg.arrayChain(ctx, i, chunks, start, cs, size); err != nil {
			return nil, err
		}
	}
	parts := make([]reader.Counts, 0, n)
	for k := range chunks {
		c := &chunks[k]
		if c.unclean {
			return nil, errSequential
		}
		if c.err != nil {
			return nil, c.err
		}
		parts = append(parts, c.part)
		if ign != nil {
			ign.Merge(c.ign)
		}
	}
	return parts, nil
}

// readPiece is the most readAt asks of the kernel at a time. A thread
// that stays in a system call for more than a tick of the runtime's
// monitor (20 µs) loses its P: on two cores the monitor's wake-ups, the
// spinning thread that the handoff starts and the P taken back after the
// call cost more than the calls they overlap. Copying 128 KiB from the
// page cache takes about 20 µs (docs/decisions.md, Performance II, fifth
// session: 1,470 → 880 context switches, 1.6 → 1.8 cores busy on JSON
// Lines).
const readPiece = 128 << 10

// readAt fills buf with the bytes of f from off, readPiece at a time.
func readAt(f *os.File, buf []byte, off int64) error {
	for len(buf) > 0 {
		n := min(len(buf), readPiece)
		if _, err := f.ReadAt(buf[:n], off); err != nil {
			return err
		}
		buf, off = buf[n:], off+int64(n)
	}
	return nil
}

func lower(v *atomic.Int64, k int) {
	for {
		cur := v.Load()
		if int64(k) >= cur || v.CompareAndSwap(cur, int64(k)) {
			return
		}
	}
}

// chunk tallies the records that start in [a, b) of file f. buf holds
// those bytes; baseLine is the line at a and quotesBefore the number of
// quotes from the data start to a. It returns the buffer (grown when the
// last record reaches past b), the first error, and whether the region did
// not end on a record boundary (the quote parity was broken by invalid CSV
// before it: only the sequential mode can tell what is wrong).
func (w *worker) chunk(f *os.File, buf []byte, a, b, size int64, i int, baseLine, quotesBefore int64, quotes int, first bool) ([]byte, error, bool) {
	plan := w.plan
	var s int64
	line := baseLine
	if !first {
		off, nls, ok := scan.NextStart(buf, quotesBefore%2 == 1)
		if !ok {
			return buf, nil, false // no record starts here
		}
		s = int64(off)
		line += int64(nls)
	}
	// Find the end: the first record boundary at or after b, reading on.
	e := b
	if b < size {
		inQuote := (quotesBefore+int64(quotes))%2 == 1
		from := len(buf)
		maxRec := reader.MaxRecordBytes()
		step := int64(4 << 10)
		for ; ; step *= 2 {
			more := min(step, size-(a+int64(len(buf))))
			if more <= 0 {
				e = size
				break
			}
			old := len(buf)
			buf = slices.Grow(buf, int(more))[:old+int(more)]
			if _, err := f.ReadAt(buf[old:], a+int64(old)); err != nil {
				return buf, plan.ReadError(i, 0, err), false
			}
			off, _, ok := scan.NextStart(buf[from:], inQuote)
			if ok {
				e = a + int64(from+off)
				buf = buf[:from+off]
				break
			}
			if int64(len(buf)-from) > maxRec {
				return buf, nil, true
			}
		}
	}
	region := buf[s : e-a]
	sc := w.scanner(i)
	// counts looked at [a, b) for NULs and bytes from 0x80 on; past b only
	// the tail read on is left. After a chunk of ASCII the tail starts on
	// a character and is checked alone; otherwise the region is, once
	// (the tail too may start inside a character).
	tail := buf[b-a : e-a]
	w.nul = w.chunkNUL || reader.NUL(tail)
	if w.chunkHigh {
		w.text = reader.NotUTF8(region)
	} else {
		w.text = reader.NotUTF8(tail)
	}
	sc.Reset(region, line, e == size)
	for sc.Next() {
		if err := w.record(i); err != nil {
			return buf, err, false
		}
	}
	switch sc.Err {
	case scan.ErrSyntax:
		abs := a + s + int64(sc.Start)
		return buf, plan.RecordError(i, sc.Line, 0, io.NewSectionReader(f, abs, size-abs)), false
	case scan.ErrIncomplete:
		return buf, nil, true
	}
	return buf, nil, false
}

func (w *worker) dataStart(f *os.File, size int64, i int) (int64, int64, error) {
	return dataStart(f, size, &w.plan.Inputs[i])
}

func (w *worker) lookback() int64 { return 0 }

func (w *worker) counts(b []byte) (int64, int64) {
	t := scan.Count(b)
	w.chunkNUL, w.chunkHigh = t.NUL, t.High
	return int64(t.Quotes), int64(t.Newlines)
}

func (w *worker) read(f *os.File, buf []byte, _, a, b, size int64, i int, line, quotesBefore, quotes int64, first bool) ([]byte, error, bool) {
	return w.chunk(f, buf, a, b, size, i, line, quotesBefore, int(quotes), first)
}

func (w *worker) cut(c *chunk) { c.part = w.cutCounts() }

// dataStart finds where the data of a file starts (after the byte-order
// mark and the header rows) and the line there.
func dataStart(f *os.File, size int64, in *reader.FastInput) (int64, int64, error) {
	var skip int64
	if in.BOM {
		skip = 3
	}
	sc := scan.New(in.Comma, nil)
	for n := int64(64 << 10); ; n *= 4 {
		m := min(n, size-skip)
		buf := make([]byte, m)
		if _, err := f.ReadAt(buf, skip); err != nil && err != io.EOF {
			return 0, 0, errSequential
		}
		sc.Reset(buf, 1, skip+m == size)
		k := 0
		for k < in.HeaderRows && sc.Next() {
			k++
		}
		if k == in.HeaderRows {
			off, line := sc.Pos()
			return skip + int64(off), line, nil
		}
		if sc.Err != scan.ErrIncomplete || skip+m == size || n > 16<<20 {
			return 0, 0, errSequential
		}
	}
}
