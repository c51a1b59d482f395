package pipeline

// --latest-per on the fast path. Every row is evaluated as usual
// (reader.FastRows.EvalHeld); its response is then held per respondent,
// replacing the one held when it is better: a valid score beats a blank
// one, then the later date, then the later row. That is a total order
// (rows never tie on their position), so the response kept for each
// respondent is the greatest of its rows whatever order workers hold them
// in: the parallel pass keeps exactly what the general reader keeps
// (reader.nextLatest), which the differential tests check. Rows without a
// respondent (an empty value) are all kept.
//
// Memory is per respondent, not per row: one entry of an intern.Table
// holding the respondent's id bytes, the response held (a 32-byte record),
// its weight (with weights) and a 4-byte number per grouping column for
// its value (interned in a table of values). Nothing in it holds a
// pointer. The store is split into shards by the id's hash, each behind
// its own lock, so workers share one store and nothing is merged at the
// end. Workers put responses in by the batch (latestBatch), so that the
// cache misses of looking many respondents up overlap.

import (
	"cmp"
	"encoding/binary"
	"slices"
	"sync"
	"time"
	"unsafe"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/internal/intern"
	"github.com/npskit/nps/pkg/internal/reader"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/survey"
)

const latestShardBits = 6

// held is a response held for its respondent. It lives in an intern.Table
// payload (8-byte aligned, no pointers).
type held struct {
	sec   int64  // its time, Unix seconds
	pos   uint64 // input << 40 | the row's position in it (line, or byte offset)
	nsec  int32
	date  int32 // civil date in --tz, y<<9 | m<<5 | d (when grouping by period)
	score int8
	valid bool
	_     [6]byte
}

const heldSize = int(unsafe.Sizeof(held{}))

// beats reports whether a should replace the held b of the same respondent.
func (a *held) beats(b *held) bool {
	switch {
	case a.valid != b.valid:
		return a.valid
	case a.sec != b.sec:
		return a.sec > b.sec
	case a.nsec != b.nsec:
		return a.nsec > b.nsec
	}
	return a.pos > b.pos
}

type latestShard struct {
	mu   sync.Mutex
	ids  *intern.Table // respondent -> the response held
	anon *intern.Table // rows without a respondent, by position
	vals *intern.Table // grouping values
	rows int64         // responses held
	_    [64]byte      // keeps shards' locks off each other's cache lines
}

// latestSet holds the responses of a pass with --latest-per.
type latestSet struct {
	col      int   // the --latest-per column (Reader index)
	cols     []int // the grouping columns (Reader indices) whose values are kept
	weighted bool
	dated    bool
	shards   [1 << latestShardBits]latestShard
	mu       sync.Mutex
	batches  []*latestBatch // the workers' batches, put in the store by tally
}

func newLatestSet(cfg *Config) *latestSet {
	plan := cfg.Plan
	s := &latestSet{col: plan.Cols[plan.LatestCol], weighted: cfg.Weighted}
	for _, g := range cfg.Groupings {
		for _, c := range g.Cols {
			if !slices.Contains(s.cols, c) {
				s.cols = append(s.cols, c)
			}
		}
		s.dated = s.dated || g.Unit != period.None
	}
	payload := heldSize + 4*len(s.cols)
	if s.weighted {
		payload += 8
	}
	for i := range s.shards {
		sh := &s.shards[i]
		sh.ids, sh.anon, sh.vals = intern.New(payload), intern.New(payload), intern.New(0)
	}
	return s
}

// parts are the held response, weight and grouping values in a payload.
func (s *latestSet) parts(p []byte) (*held, *float64, []uint32) {
	h := (*held)(unsafe.Pointer(&p[0]))
	o := heldSize
	var w *float64
	if s.weighted {
		w = (*float64)(unsafe.Pointer(&p[o]))
		o += 8
	}
	return h, w, unsafe.Slice((*uint32)(unsafe.Pointer(unsafe.SliceData(p[o:]))), len(s.cols))
}

// latestBatchRows is how many responses a worker holds before it puts
// them in the store (see latestBatch): about 32 a shard, a run of
// intern.Table.Prefetch (random loads here overlap about twice as well
// 32 at a time as 8 at a time).
const latestBatchRows = 32 << latestShardBits

// latestBatch is a worker's responses on their way to the store. Putting
// one response in is two cache misses (its respondent's slot, then its
// entry) that depend on each other; a batch sorted by shard puts each
// shard's responses in under one lock, after intern.Table.Prefetch has
// read all their slots and then all their entries, so that the misses
// overlap. Which response a respondent keeps does not depend on the order
// responses are put in (beats is a total order), so the batch keeps the
// result exact. The ids and grouping values are copied into the batch:
// the row's bytes may not outlive it (a scratch buffer of the JSON
// scanner, a chunk's buffer).
type latestBatch struct {
	set    *latestSet
	rows   []pending
	text   []byte         // the rows' ids and grouping values, end to end
	ends   []uint32       // where each row's id and then each value ends in text
	shards intern.Sharder // flush's
}

// pending is a response of a latestBatch.
type pending struct {
	h      held
	hash   uint64 // of its id; of its position for a row without one
	weight float64
	anon   bool // no respondent
}

// batch returns a new batch of s for a worker; tally puts what it holds in
// the store before reading it.
func (s *latestSet) batch() *latestBatch {
	b := &latestBatch{set: s, shards: intern.Sharder{Bits: latestShardBits}}
	s.mu.Lock()
	s.batches = append(s.batches, b)
	s.mu.Unlock()
	return b
}

// hold holds the evaluated response resp of input src at position pos
// (its line, or its offset where lines do not order rows); y, m, d is its
// civil date when the groupings need it.
func (b *latestBatch) hold(resp *survey.Response, src int, pos int64, y int, m time.Month, d int) {
	s := b.set
	r := pending{h: held{
		sec: resp.Time.Unix(), nsec: int32(resp.Time.Nanosecond()),
		pos:   uint64(src)<<40 | uint64(pos),
		score: int8(resp.Score), valid: resp.Status == survey.Valid,
	}, weight: resp.Weight}
	if s.dated {
		r.h.date = int32(y)<<9 | int32(m)<<5 | int32(d)
	}
	key := reader.LatestKey(resp.Fields[s.col])
	if key != "" {
		r.hash = intern.Hash(key)
	} else {
		r.hash, r.anon = r.h.pos*0x9e3779b97f4a7c15, true
	}
	b.text = append(b.text, key...)
	b.ends = append(b.ends, uint32(len(b.text)))
	for _, c := range s.cols {
		b.text = append(b.text, resp.Fields[c]...)
		b.ends = append(b.ends, uint32(len(b.text)))
	}
	b.rows = append(b.rows, r)
	if len(b.rows) == latestBatchRows {
		b.flush()
	}
}

// field is field j of row i of the batch (0 its id, then its values of
// the grouping columns), in the batch's memory.
func (b *latestBatch) field(i, j int) string {
	k := i*(1+len(b.set.cols)) + j
	from := uint32(0)
	if k > 0 {
		from = b.ends[k-1]
	}
	return unsafe.String(unsafe.SliceData(b.text[from:]), int(b.ends[k]-from))
}

// flush puts the batch's responses in the store and empties it.
func (b *latestBatch) flush() {
	s := b.set
	b.shards.Each(len(b.rows), func(i int) (uint64, string, bool) {
		r := &b.rows[i]
		return r.hash, b.field(i, 0), !r.anon
	}, func(k int, rows []int32, keys []string, hs []uint64) {
		sh := &s.shards[k]
		sh.mu.Lock()
		sh.ids.Prefetch(keys, hs)
		for _, i := range rows {
			b.put(sh, int(i))
		}
		sh.mu.Unlock()
	})
	b.rows, b.text, b.ends = b.rows[:0], b.text[:0], b.ends[:0]
}

// put puts row i of the batch in its shard sh, whose lock is held.
func (b *latestBatch) put(sh *latestShard, i int) {
	s, r := b.set, &b.rows[i]
	sh.rows++
	var p []byte
	if r.anon {
		var k [8]byte
		binary.LittleEndian.PutUint64(k[:], r.h.pos)
		_, p, _ = sh.anon.Intern(string(k[:]))
	} else {
		var added bool
		_, p, added = sh.ids.InternHash(b.field(i, 0), r.hash)
		if !added && !r.h.beats((*held)(unsafe.Pointer(&p[0]))) {
			return
		}
	}
	hp, w, vals := s.parts(p)
	*hp = r.h
	for k := range s.cols {
		v, _, _ := sh.vals.Intern(b.field(i, 1+k))
		vals[k] = uint32(v)
	}
	if w != nil {
		*w = r.weight
	}
}

// startPass gives a pass with --latest-per an empty store, and tells
// Each's caller (a pass redone in the sequential mode starts again).
func (cfg *Config) startPass() {
	if cfg.Plan.LatestCol >= 0 {
		cfg.latest = newLatestSet(cfg)
	}
	if cfg.list != nil && cfg.list.begin != nil {
		cfg.list.begin()
	}
}

// hold evaluates the row whose fields are set in t.rows (input src, on
// line, at position pos) and holds its response for --latest-per.
func (t *tallies) hold(src int, line, pos int64) error {
	resp, err := t.rows.EvalHeld(src, line)
	if err != nil || resp == nil {
		return err
	}
	var (
		y int
		m time.Month
		d int
	)
	if t.cfg.latest.dated {
		y, m, d = t.rows.Date()
	}
	if t.held == nil || t.held.set != t.cfg.latest {
		t.held = t.cfg.latest.batch()
	}
	t.held.hold(resp, src, pos, y, m, d)
	return nil
}

// kept ends a pass: with --latest-per, the tallies of the responses kept
// and parts with their counts added; else set and parts as they are.
func (cfg *Config) kept(set *breakdown.Set, parts []reader.Counts, rows *reader.FastRows) (*breakdown.Set, []reader.Counts) {
	if cfg.latest == nil {
		return set, parts
	}
	if cfg.keptRows != nil {
		cfg.latest.note(cfg.keptRows)
	}
	set, c := cfg.latest.tally(cfg, len(rows.Fields()))
	cfg.latest = nil
	return set, append(parts, c)
}

// each puts what the workers' batches hold in the store, then calls fn
// with every response held: its shard k, the table of the shard it is in
// and its id there, and its payload.
func (s *latestSet) each(fn func(k int, t *intern.Table, id int, p []byte)) {
	for _, b := range s.batches {
		b.flush()
	}
	for k := range s.shards {
		sh := &s.shards[k]
		for _, t := range []*intern.Table{sh.ids, sh.anon} {
			for id := range t.Len() {
				fn(k, t, id, t.Payload(id))
			}
		}
	}
}

// note adds where each kept response is to kept.
func (s *latestSet) note(kept *rowSet) {
	s.each(func(_ int, _ *intern.Table, _ int, p []byte) {
		h, _, _ := s.parts(p)
		kept.add(h.pos)
	})
}

// tally adds the kept responses to a new Set of cfg's groupings and returns
// it with the counts of what was kept and dropped. With weights the
// responses are added in input order, as the general reader adds them, so
// that sums of weights are the same to the last bit.
func (s *latestSet) tally(cfg *Config, columns int) (*breakdown.Set, reader.Counts) {
	set := breakdown.NewSet(cfg.Groupings, cfg.Weighted)
	fields := make([]string, columns)
	var valid, blank, rows int64
	add := func(sh *latestShard, p []byte) {
		h, w, vals := s.parts(p)
		if !h.valid {
			blank++
			return
		}
		valid++
		for k, c := range s.cols {
			fields[c] = sh.vals.Key(int(vals[k]))
		}
		wt := 1.0
		if w != nil {
			wt = *w
		}
		set.Add(fields, int(h.date>>9), time.Month(h.date>>5&15), int(h.date&31), int(h.score), wt)
	}
	type ref struct {
		pos   uint64
		shard uint16
		anon  bool
		id    int32
	}
	var order []ref
	s.each(func(k int, t *intern.Table, id int, p []byte) {
		sh := &s.shards[k]
		if s.weighted {
			h, _, _ := s.parts(p)
			order = append(order, ref{h.pos, uint16(k), t == sh.anon, int32(id)})
		} else {
			add(sh, p)
		}
	})
	for k := range s.shards {
		rows += s.shards[k].rows
	}
	if s.weighted {
		slices.SortFunc(order, func(a, b ref) int { return cmp.Compare(a.pos, b.pos) })
		for _, r := range order {
			sh := &s.shards[r.shard]
			t := sh.ids
			if r.anon {
				t = sh.anon
			}
			add(sh, t.Payload(int(r.id)))
		}
	}
	return set, reader.KeptCounts(valid, blank, rows-valid-blank)
}
