// Package followup builds the follow-up worklist of a survey: each
// respondent's latest response with its category, the recommended action
// and a due date, detractors first.
//
// The actions follow the usual guide for closing the loop: thank
// promoters personally and ask for a review or a referral without a hard
// sell; ask passives what would make it a 10 and close the loop with
// them; contact detractors with a prepared plan, at a good moment for
// them. They are a default, overridable per category.
package followup

import (
	"cmp"
	"encoding/binary"
	"encoding/csv"
	"fmt"
	"io"
	"iter"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/gocarina/gocsv"

	"github.com/npskit/nps/pkg/internal/intern"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/usererr"
)

// Due is how many days after the response each category's follow-up is
// due, by nps.Category.
type Due [3]int

// DefaultDue: detractors within 2 days, passives 7, promoters 14.
var DefaultDue = Due{nps.Detractor: 2, nps.Passive: 7, nps.Promoter: 14}

// ParseDue reads a --due value such as "detractors=2d,passives=7d,
// promoters=14d" (days d or weeks w; singular or plural names); the
// categories it leaves out keep their defaults.
func ParseDue(s string) (Due, error) {
	d := DefaultDue
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		name, span, ok := strings.Cut(item, "=")
		cat, okCat := category(name)
		days, okSpan := parseSpan(span)
		if !ok || !okCat || !okSpan {
			return d, fmt.Errorf("%q is not CATEGORY=DAYSd (e.g. detractors=2d, promoters=2w)", item)
		}
		d[cat] = days
	}
	return d, nil
}

func parseSpan(s string) (int, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	unit := 1
	switch {
	case strings.HasSuffix(s, "d"):
		s = s[:len(s)-1]
	case strings.HasSuffix(s, "w"):
		s, unit = s[:len(s)-1], 7
	default:
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 3650 {
		return 0, false
	}
	return n * unit, true
}

// String writes d as ParseDue reads it.
func (d Due) String() string {
	return fmt.Sprintf("detractors=%dd,passives=%dd,promoters=%dd", d[nps.Detractor], d[nps.Passive], d[nps.Promoter])
}

// category reads a category name, singular or plural, any case.
func category(s string) (nps.Category, bool) {
	set, err := nps.ParseCategories(s)
	if err != nil {
		return 0, false
	}
	n := 0
	var c nps.Category
	for k := range set {
		if set[k] {
			n++
			c = nps.Category(k)
		}
	}
	return c, n == 1
}

// Actions are the recommended actions by nps.Category.
type Actions [3]string

// DefaultActions are the guide's wording (docs/user-guide.md).
var DefaultActions = Actions{
	nps.Detractor: "Contact with a prepared plan, at the right time; close the loop",
	nps.Passive:   "Ask what would make it a 10; close the feedback loop",
	nps.Promoter:  "Thank personally; ask for a review or referral, no hard sell",
}

// actionRow is one row of an --actions file.
type actionRow struct {
	Category string `csv:"category"`
	Action   string `csv:"action"`
}

// ReadActions reads an --actions file: CSV with a header naming the
// columns category and action, a row per category (singular or plural);
// categories it leaves out keep the default action. name is for errors,
// which are usage errors (usererr) naming the file and line.
func ReadActions(r io.Reader, name string) (Actions, error) {
	a := DefaultActions
	var rows []actionRow
	if err := gocsv.UnmarshalCSV(csvReader(r), &rows); err != nil {
		return a, usererr.Newf(usererr.Usage, name, 0, "write a CSV with the columns category,action", "%v", err)
	}
	for i, row := range rows {
		c, ok := category(row.Category)
		if !ok {
			return a, usererr.Newf(usererr.Usage, name, int64(i+2), "use detractors, passives or promoters", "%q is not a category", row.Category)
		}
		if act := strings.TrimSpace(row.Action); act != "" {
			a[c] = act
		}
	}
	return a, nil
}

// csvReader reads CSV, or TSV when the first line has a tab and no comma.
func csvReader(r io.Reader) *csv.Reader {
	var head strings.Builder
	buf := make([]byte, 1)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			head.WriteByte(buf[0])
			if buf[0] == '\n' {
				break
			}
		}
		if err != nil {
			break
		}
	}
	line := head.String()
	cr := csv.NewReader(io.MultiReader(strings.NewReader(line), r))
	if strings.Contains(line, "\t") && !strings.Contains(line, ",") {
		cr.Comma = '\t'
	}
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	return cr
}

// ReadDone reads a --done file: CSV or TSV with a header; the ids are in
// the column named respondent (as followup writes it), else in the column
// named idCol, else in its only column. name is for errors, which are
// usage errors (usererr) naming the file.
func ReadDone(r io.Reader, name, idCol string) (map[string]bool, error) {
	cr := csvReader(r)
	header, err := cr.Read()
	if err != nil {
		return nil, usererr.Newf(usererr.Usage, name, 1, "give a CSV with a header row", "%v", err)
	}
	col := -1
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if h == "respondent" || col < 0 && h == idCol {
			col = i
		}
	}
	if col < 0 && len(header) == 1 {
		col = 0
	}
	if col < 0 {
		return nil, usererr.Newf(usererr.Usage, name, 1, fmt.Sprintf("name the column respondent or %q", idCol), "no respondent column among %q", header)
	}
	done := map[string]bool{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return done, nil
		}
		if err != nil {
			return nil, usererr.Newf(usererr.Usage, name, 0, "write it as CSV", "%v", err)
		}
		if col < len(rec) {
			if id := strings.TrimSpace(rec[col]); id != "" {
				done[id] = true
			}
		}
	}
}

// Item is one respondent on the worklist.
type Item struct {
	Respondent string
	Category   nps.Category
	Score      int
	Date       time.Time
	Due        time.Time
	Fields     []string // the response's columns
}

// List keeps each respondent's latest response. It holds a million
// respondents in memory the garbage collector need not scan: a fixed-size
// record each, their ids interned (pkg/internal/intern) and their fields
// in an arena of bytes; a Go map of ids to items of strings cost most of
// a run in collections (30 s for 3M rows). Add is safe for concurrent
// use: the respondents are split into shards by their id's hash, each
// behind its own lock, so that every core can add; a Batch per core adds
// faster.
type List struct {
	due     Due
	locs    locations
	shards  [1 << shardBits]shard
	mu      sync.Mutex
	batches []*Batch // every Batch made, emptied into the shards by Worklist
}

const shardBits = 6

// shard holds the respondents whose ids hash to it.
type shard struct {
	mu     sync.Mutex
	ids    *intern.Table // respondent id -> its entry (the payload)
	anon   []entry       // the responses with a blank id
	fields arena
	_      [64]byte // keeps shards' locks off each other's cache lines
}

// entryOf is the entry in a payload of shard.ids: kept there, a
// respondent's entry is read with its id, not after it (a cache miss).
func entryOf(pay []byte) *entry { return (*entry)(unsafe.Pointer(&pay[0])) }

// entry is a respondent's latest response.
type entry struct {
	sec      int64  // the date, as Unix seconds
	pos      int64  // position in the input, for ties
	fields   uint64 // where its fields are in the arena (arena.put)
	size     uint32 // the bytes there: a later response's fields that fit go there
	nsec     int32  // and nanoseconds
	loc      int32  // in locs
	id       int32  // in the shard's ids; -1 for a blank id
	score    int8
	category nps.Category
}

func (e *entry) date(locs *locations) time.Time {
	return time.Unix(e.sec, int64(e.nsec)).In(locs.at(e.loc))
}

// beats reports whether e replaces old: a later date, or as late and
// later in the input. That is a total order, so the list keeps the same
// response whatever order they are added in.
func (e *entry) beats(old *entry) bool {
	switch {
	case e.sec != old.sec:
		return e.sec > old.sec
	case e.nsec != old.nsec:
		return e.nsec > old.nsec
	}
	return e.pos > old.pos
}

// NewList returns an empty list with due days d.
func NewList(d Due) *List {
	l := &List{due: d}
	l.Reset()
	return l
}

// Reset empties the list, and the batches of responses not yet in it.
func (l *List) Reset() {
	for i := range l.shards {
		sh := &l.shards[i]
		sh.ids, sh.anon, sh.fields = intern.New(int(unsafe.Sizeof(entry{}))), nil, arena{}
	}
	l.mu.Lock()
	for _, b := range l.batches {
		b.clear()
	}
	l.mu.Unlock()
}

// Add offers a response with a valid score at position pos of the input
// (any numbers that order the responses as the input does); it replaces
// the respondent's other one when it is later, or as late and later in
// the input. A blank id is a respondent of its own. fields are copied.
func (l *List) Add(id string, score int, at time.Time, pos int64, fields []string) {
	b := Batch{l: l, shards: intern.Sharder{Bits: shardBits}}
	b.Add(id, score, at, pos, fields)
	b.flush()
}

// Batch adds responses to a List a shard at a time: a worker's, not safe
// for concurrent use. Putting a response in is two cache misses that
// depend on each other (its id's slot, then the id and its entry); a
// shard's responses are put in under one lock, after intern.Table.Prefetch
// has read all their slots and entries, so that the misses overlap. Which
// response a respondent keeps does not depend on the order responses are
// put in (entry.beats is a total order). Worklist puts in what batches
// still hold.
type Batch struct {
	l      *List
	rows   []pending
	text   []byte         // the rows' ids and encoded fields
	shards intern.Sharder // flush's
}

// pending is a response of a Batch.
type pending struct {
	e         entry
	hash      uint64 // of the id; for a blank id, its shard's number at the top
	from, id  uint32 // in text: id from..from+id, then the fields
	fields    uint32
	anonymous bool
}

// batchRows is how many responses a Batch holds before it puts them in:
// about 16 a shard.
const batchRows = 16 << shardBits

// Batch returns a new batch that adds to l.
func (l *List) Batch() *Batch {
	b := &Batch{l: l, shards: intern.Sharder{Bits: shardBits}}
	l.mu.Lock()
	l.batches = append(l.batches, b)
	l.mu.Unlock()
	return b
}

func (b *Batch) clear() { b.rows, b.text = b.rows[:0], b.text[:0] }

// Add is List.Add, the response held until the batch is full.
func (b *Batch) Add(id string, score int, at time.Time, pos int64, fields []string) {
	id = strings.TrimSpace(id)
	r := pending{e: entry{sec: at.Unix(), nsec: int32(at.Nanosecond()), pos: pos, id: -1, score: int8(score), category: nps.Classify(score), loc: b.l.locs.index(at.Location())}}
	if id == "" {
		r.anonymous, r.hash = true, uint64(pos)%uint64(len(b.l.shards))<<(64-shardBits)
	} else {
		r.hash = intern.Hash(id)
	}
	r.from, r.id = uint32(len(b.text)), uint32(len(id))
	b.text = append(b.text, id...)
	b.text = encodeFields(b.text, fields)
	r.fields = uint32(len(b.text)) - r.from - r.id
	b.rows = append(b.rows, r)
	if len(b.rows) >= batchRows || len(b.text) >= 1<<20 {
		b.flush()
	}
}

// flush puts the batch's responses in the list and empties it.
func (b *Batch) flush() {
	l := b.l
	b.shards.Each(len(b.rows), func(i int) (uint64, string, bool) {
		r := &b.rows[i]
		return r.hash, b.idOf(r), !r.anonymous
	}, func(k int, rows []int32, keys []string, hs []uint64) {
		sh := &l.shards[k]
		sh.mu.Lock()
		sh.ids.Prefetch(keys, hs)
		for _, i := range rows {
			b.put(sh, &b.rows[i])
		}
		sh.mu.Unlock()
	})
	b.clear()
}

func (b *Batch) idOf(r *pending) string {
	return unsafe.String(unsafe.SliceData(b.text[r.from:]), int(r.id))
}

// put puts r in its shard sh, whose lock is held.
func (b *Batch) put(sh *shard, r *pending) {
	e, enc := r.e, b.text[r.from+r.id:r.from+r.id+r.fields]
	if r.anonymous {
		e.fields, e.size = sh.fields.put(0, 0, enc)
		sh.anon = append(sh.anon, e)
		return
	}
	k, pay, added := sh.ids.InternHash(b.idOf(r), r.hash)
	e.id = int32(k)
	if old := entryOf(pay); added || e.beats(old) {
		e.fields, e.size = sh.fields.put(old.fields, old.size, enc) // a new entry's size is 0
		*old = e
	}
}

// locations numbers the few locations dates come in, for any goroutine.
type locations struct {
	first atomic.Pointer[time.Location] // location 0, read without the lock
	mu    sync.Mutex
	list  []*time.Location
}

// index is loc's number, added when new.
func (ls *locations) index(loc *time.Location) int32 {
	if ls.first.Load() == loc {
		return 0
	}
	ls.mu.Lock()
	defer ls.mu.Unlock()
	i := slices.Index(ls.list, loc)
	if i < 0 {
		i = len(ls.list)
		ls.list = append(ls.list, loc)
		if i == 0 {
			ls.first.Store(loc)
		}
	}
	return int32(i)
}

// at is location i.
func (ls *locations) at(i int32) *time.Location {
	if i == 0 {
		return ls.first.Load()
	}
	ls.mu.Lock()
	defer ls.mu.Unlock()
	return ls.list[i]
}

// Worklist is the list's items in the worklist's order.
type Worklist struct {
	l     *List
	order []ranked
}

// ranked is an entry's place in the worklist, with what its item needs
// of it: the items are read in this order, and entries all over memory
// would each be a cache miss.
type ranked struct {
	due, sec, pos int64 // due: the day its follow-up is due (Unix seconds)
	fields        uint64
	nsec          int32
	id            int32 // in its shard's ids
	loc           int32
	shard         uint8
	score         int8
	category      nps.Category
}

// Worklist returns the worklist: respondents not in done, of the
// categories in keep, with their due dates; detractors first by due date,
// then passives, then promoters (ties by date, then input order). It
// holds the list, which must not be added to while the worklist is read.
// Every core ranks and sorts a share of the shards; the runs are then
// merged.
func (l *List) Worklist(done map[string]bool, keep nps.CategorySet) *Worklist {
	l.mu.Lock()
	for _, b := range l.batches {
		b.flush()
	}
	l.mu.Unlock()
	runs := make([][]ranked, min(runtime.GOMAXPROCS(0), len(l.shards)))
	var wg sync.WaitGroup
	for p := range runs {
		wg.Go(func() {
			var run []ranked
			for s := p * len(l.shards) / len(runs); s < (p+1)*len(l.shards)/len(runs); s++ {
				sh := &l.shards[s]
				add := func(e *entry) {
					if keep.Has(e.category) && (e.id < 0 || !done[sh.ids.Key(int(e.id))]) {
						run = append(run, ranked{due: l.dueOf(e), sec: e.sec, pos: e.pos, fields: e.fields, nsec: e.nsec, id: e.id, loc: e.loc, shard: uint8(s), score: e.score, category: e.category})
					}
				}
				for id := range sh.ids.Len() {
					add(entryOf(sh.ids.Payload(id)))
				}
				for i := range sh.anon {
					add(&sh.anon[i])
				}
			}
			slices.SortFunc(run, compareRanked) // pos tells any two apart: no stable sort needed
			runs[p] = run
		})
	}
	wg.Wait()
	for len(runs) > 1 { // merged in pairs
		var next [][]ranked
		for k := 0; k+1 < len(runs); k += 2 {
			next = append(next, merge(runs[k], runs[k+1]))
		}
		if len(runs)%2 == 1 {
			next = append(next, runs[len(runs)-1])
		}
		runs = next
	}
	return &Worklist{l: l, order: runs[0]}
}

// compareRanked orders the worklist.
func compareRanked(a, b ranked) int {
	if c := cmp.Compare(a.category, b.category); c != 0 {
		return c
	}
	if c := cmp.Compare(a.due, b.due); c != 0 {
		return c
	}
	if c := cmp.Compare(a.sec, b.sec); c != 0 {
		return c
	}
	if c := cmp.Compare(a.nsec, b.nsec); c != 0 {
		return c
	}
	return cmp.Compare(a.pos, b.pos)
}

// merge merges two sorted runs into a new one.
func merge(a, b []ranked) []ranked {
	out := make([]ranked, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if compareRanked(a[0], b[0]) <= 0 {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}

// Len is the number of items.
func (w *Worklist) Len() int { return len(w.order) }

// Item returns item i, its Fields appended to fields: strings of the
// list's memory. Safe for concurrent use. Read in order, items come
// faster: each prefetchRun-th reads ahead (prefetch).
func (w *Worklist) Item(i int, fields []string) Item {
	if i%prefetchRun == 0 {
		w.prefetch(i)
	}
	r, l := &w.order[i], w.l
	sh := &l.shards[r.shard]
	loc := l.locs.at(r.loc)
	it := Item{Category: r.category, Score: int(r.score), Date: time.Unix(r.sec, int64(r.nsec)).In(loc), Due: time.Unix(r.due, 0).In(loc)}
	if r.id >= 0 {
		it.Respondent = sh.ids.Key(int(r.id))
	}
	it.Fields = sh.fields.get(r.fields, fields)
	return it
}

// prefetchRun is how many items prefetch reads ahead.
const prefetchRun = 32

// prefetch reads the ids and fields of the prefetchRun items from i on,
// none waiting for another, so that their cache misses overlap and Item
// then finds them in cache: in the worklist's order they lie all over
// memory, and those misses were most of the time Item took. Where each
// id is is read for all before any id. It changes nothing; the byte it
// returns keeps the reads.
//
//go:noinline
func (w *Worklist) prefetch(i int) byte {
	run := w.order[i:min(i+prefetchRun, len(w.order))]
	var refs [prefetchRun]uint64
	for k := range run {
		if r := &run[k]; r.id >= 0 {
			refs[k] = w.l.shards[r.shard].ids.Ref(int(r.id))
		}
	}
	var b byte
	for k := range run {
		r := &run[k]
		sh := &w.l.shards[r.shard]
		if r.id >= 0 {
			b ^= sh.ids.TouchRef(refs[k])
		}
		b ^= sh.fields.chunks[r.fields>>32][uint32(r.fields)]
	}
	return b
}

// All yields the items in order; an item's Fields are the next one's.
func (w *Worklist) All() iter.Seq[Item] {
	return func(yield func(Item) bool) {
		var fields []string
		for i := range w.order {
			it := w.Item(i, fields[:0])
			fields = it.Fields
			if !yield(it) {
				return
			}
		}
	}
}

// dueOf is the day e's follow-up is due, as Unix seconds: midnight, due
// days after its date's day, where its date is.
func (l *List) dueOf(e *entry) int64 {
	y, m, d := e.date(&l.locs).Date()
	return time.Date(y, m, d+l.due[e.category], 0, 0, 0, 0, l.locs.at(e.loc)).Unix()
}

// arena holds the fields of the list's responses, each response's as its
// count and then each field's length and bytes (uvarints), in chunks of
// 1 MiB: bytes the garbage collector does not scan.
type arena struct {
	chunks [][]byte
}

const chunkBits = 20

// encodeFields appends fields as the arena holds them.
func encodeFields(b []byte, fields []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(fields)))
	for _, f := range fields {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	return b
}

// put stores the fields enc (encodeFields) where a response's fields
// took size bytes at ref (size 0: none), when they fit, else at the end;
// it returns where they are and the bytes they may take there.
func (a *arena) put(ref uint64, size uint32, enc []byte) (uint64, uint32) {
	if n := len(enc); uint32(n) > size { // a new place, at the end of the last chunk
		k := len(a.chunks) - 1
		if k < 0 || cap(a.chunks[k])-len(a.chunks[k]) < n {
			a.chunks = append(a.chunks, make([]byte, 0, max(1<<chunkBits, n)))
			k++
		}
		ref, size = uint64(k)<<32|uint64(len(a.chunks[k])), uint32(n)
		a.chunks[k] = a.chunks[k][:len(a.chunks[k])+n]
	}
	copy(a.chunks[ref>>32][uint32(ref):], enc)
	return ref, size
}

// get appends the fields stored at ref to dst, as strings of the arena's
// memory.
func (a *arena) get(ref uint64, dst []string) []string {
	b := a.chunks[ref>>32][uint32(ref):]
	n, k := binary.Uvarint(b)
	b = b[k:]
	for range n {
		m, k := binary.Uvarint(b)
		b = b[k:]
		if m == 0 {
			dst = append(dst, "")
		} else {
			dst = append(dst, unsafe.String(&b[0], m))
		}
		b = b[m:]
	}
	return dst
}
