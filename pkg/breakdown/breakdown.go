// Package breakdown groups responses into tallies by segment values and
// period in one streaming pass, and shapes the groups into trends (empty
// periods kept, rolling windows).
//
// A group key is encoded into a reused byte buffer as each segment value
// preceded by its length (a uvarint), then the period ordinal (four bytes),
// so no two keys share an encoding whatever bytes the values hold. Keys are
// interned (pkg/internal/intern) with the group's counts beside them:
// adding to a group seen before allocates nothing. Where nearly every row
// is a group of its own (a respondent id), rows are sorted instead
// (rows mode).
package breakdown

import (
	"cmp"
	"encoding/binary"
	"iter"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/npskit/nps/pkg/internal/intern"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
)

// Key identifies a group: the values of the --by columns, in --by order, and
// the period when grouping by period.
type Key struct {
	Segments []string
	Period   period.Period // Unit == period.None when not grouping by period
}

// Compare orders keys: segment values in byte order, in --by order, then
// the period by ordinal. It returns -1, 0 or +1.
func (k Key) Compare(o Key) int {
	if c := compareSegments(k.Segments, o.Segments); c != 0 {
		return c
	}
	switch {
	case k.Period.Ord < o.Period.Ord:
		return -1
	case k.Period.Ord > o.Period.Ord:
		return 1
	}
	return 0
}

func compareSegments(a, b []string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if c := strings.Compare(a[i], b[i]); c != 0 {
			return c
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return 0
}

// Group is one group's tally. Blank and Invalid count the group's blank
// and invalid scores where they were added (AddBlank, AddInvalid: the
// -f tally shape); they are in no tally.
type Group struct {
	Key            Key
	Tally          nps.Tally
	Blank, Invalid int64
}

// Grouper accumulates tallies per group and overall. Not safe for
// concurrent use; merge per-worker Groupers with Merge or Absorb.
//
// Memory per group, all in: its encoded key's bytes once, interned with
// a 16-byte payload in pointer-free blocks (pkg/internal/intern, about 40
// bytes besides the key), the payload holding the group's counts in the
// smallest integer type that holds them: eleven uint8 counts inline, moved
// to a pool of uint16, then uint32 counts when one overflows, and to a pool
// of full nps.Tally values (int64 counts, weights) beyond that or when
// weighted. A group of a few responses costs about 60 bytes and its key;
// nothing per group holds a pointer, so the garbage collector does not
// scan them. Past splitAt groups an unweighted Grouper groups by sorting
// its rows instead (rows mode, rows.go): a group then costs its key, 32
// bytes in the run, and 16 bytes a row held until the next fold.
type Grouper struct {
	nSeg     int
	unit     period.Unit
	weighted bool

	buf []byte // the key being built, reused
	// keys map encoded keys to counts (payload): one table, split by hash
	// into parts tables once it holds splitAt groups, so that Groupers
	// merge table by table on all cores (Absorb). A group's number is its
	// id in its table, shifted left by partBits when split, or'ed with the
	// table's index.
	keys    []*intern.Table
	p16     [][][11]uint16
	p32     [][][11]uint32
	pT      [][]nps.Tally
	n16     int
	n32     int
	nT      int
	overall nps.Tally
	// blank and invalid count the blank and invalid scores added
	// (AddBlank, AddInvalid) overall; unscored holds them per group, by
	// encoded key (nil until the first: only the -f tally shape has them).
	blank, invalid int64
	unscored       map[string][2]int64
	// cache maps keys of at most one segment to groups without building
	// the key or hashing it: direct-mapped on the segment's length, first
	// and last bytes and the period ordinal. Exports are in time order,
	// so the groups of consecutive rows are few and mostly hit.
	cache [64]cached
	// held are rows of a split, unweighted Grouper not yet added (Add),
	// their keys in heldKeys: added heldRows at a time, the slots they
	// probe loaded first, all at once, so that their cache misses overlap
	// instead of following one another.
	held     []heldRow
	heldKeys []byte
	sink     uint64 // keeps addHeld's loads of slots
	// rows, once set, is rows mode (rows.go): groups by sorting rows;
	// never with hashOnly.
	rows     *rowsMode
	hashOnly bool
}

// heldRow is a row held back by Add: its key is heldKeys[off:end].
type heldRow struct {
	h        uint64
	off, end uint32
	score    int
}

// heldRows is how many rows Add holds back.
const heldRows = 64

type cached struct {
	seg string // the group's own copy
	ord int32
	pay []byte // the group's counts; nil for an empty slot
}

// A group's payload: its level, then eleven uint8 counts (level 8) or the
// index of its counts in the level's pool (bytes 12-15).
const (
	payloadSize = 16
	lvl8        = 0
	lvl16       = 1
	lvl32       = 2
	lvlTally    = 3
	poolBits    = 10 // pool entries per page: 1<<poolBits
)

// NewGrouper groups by nSegments segment values and, unless unit is
// period.None, by period of unit. weighted selects Tally.AddWeighted.
// With no segments and no period there are no groups, only the overall
// tally.
func NewGrouper(nSegments int, unit period.Unit, weighted bool) *Grouper {
	return &Grouper{
		nSeg:     nSegments,
		unit:     unit,
		weighted: weighted,
		keys:     []*intern.Table{intern.New(payloadSize)},
	}
}

// parts is how many tables a split Grouper has (1 << partBits); their
// index is bits of the key's hash that neither a table's slot index nor
// its tag (the top 24) uses.
const (
	partBits  = 6
	parts     = 1 << partBits
	partShift = 32
)

// splitAt is the number of groups from which a Grouper splits its table
// (a variable for the tests). Below it the parts' partly filled blocks
// would cost more than the groups.
var splitAt = 1 << 16

// table is the table that holds, or will hold, the key of hash h.
func (g *Grouper) table(h uint64) *intern.Table {
	return g.keys[h>>partShift&uint64(len(g.keys)-1)]
}

// entry is the table and id in it of group number n.
func (g *Grouper) entry(n int32) (*intern.Table, int) {
	if len(g.keys) == 1 {
		return g.keys[0], int(n)
	}
	return g.keys[n&(parts-1)], int(n >> partBits)
}

// number is the group number of id in table k.
func (g *Grouper) number(k, id int) int32 {
	if len(g.keys) == 1 {
		return int32(id)
	}
	return int32(id<<partBits | k)
}

// intern returns the table, id and payload of the key of hash h, adding
// it when new (added).
func (g *Grouper) intern(key string, h uint64) (t *intern.Table, id int, pay []byte, added bool) {
	t = g.table(h)
	id, pay, added = t.InternHash(key, h)
	return t, id, pay, added
}

// split moves g's groups into parts tables. Payloads move with their
// keys (pool indices stay valid); the cache and unscored counts, which
// view the old table, are made again.
func (g *Grouper) split() {
	old := g.keys[0]
	g.keys = make([]*intern.Table, parts)
	for k := range g.keys {
		g.keys[k] = intern.New(payloadSize)
	}
	old.Drain(func(key string, h uint64, src []byte) {
		_, _, dst, _ := g.intern(key, h)
		copy(dst, src)
	})
	g.cache = [64]cached{}
	if rowsModeOn && !g.weighted && !g.hashOnly {
		g.toRows()
		g.rows.held = make([]sortItem, 0, foldAt) // not grown by doubling: fresh memory costs a page fault a page
	}
	if g.unscored != nil {
		u := g.unscored
		g.unscored = make(map[string][2]int64, len(u))
		for k, c := range u {
			t, id, _, _ := g.intern(k, intern.Hash(k))
			g.unscored[t.Key(id)] = c
		}
	}
}

// grouping reports whether g has groups at all.
func (g *Grouper) grouping() bool { return g.nSeg > 0 || g.unit != period.None }

// Add counts one valid score. segs has nSegments values (not retained: a key
// seen before allocates nothing); p is ignored without a period unit. An
// empty value is a group of its own.
func (g *Grouper) Add(segs []string, p period.Period, score int, weight float64) {
	if g.weighted {
		g.overall.AddWeighted(score, weight)
	} else {
		g.overall.Add(score)
	}
	switch {
	case !g.grouping():
	case g.rows != nil && !g.rows.hashing:
		g.holdRow(segs, p, score)
	case len(g.keys) > 1 && !g.weighted:
		g.hold(segs, p, score)
	default:
		g.count(g.find(segs, p), score, 1, weight)
	}
}

// hold holds back a row of Add; the heldRows-th adds them all.
func (g *Grouper) hold(segs []string, p period.Period, score int) {
	off := len(g.heldKeys)
	g.heldKeys = appendKey(g.heldKeys, segs[:g.nSeg], g.unit, p.Ord)
	k := g.heldKeys[off:]
	g.held = append(g.held, heldRow{intern.Hash(unsafe.String(unsafe.SliceData(k), len(k))), uint32(off), uint32(len(g.heldKeys)), score})
	if len(g.held) == heldRows {
		g.addHeld()
	}
}

// addHeld adds the rows held back.
func (g *Grouper) addHeld() {
	var sink uint64
	for _, r := range g.held {
		sink += g.table(r.h).Slot(r.h)
	}
	g.sink = sink
	for _, r := range g.held {
		k := g.heldKeys[r.off:r.end]
		_, _, pay, _ := g.intern(unsafe.String(unsafe.SliceData(k), len(k)), r.h)
		g.count(pay, r.score, 1, 0)
	}
	g.held, g.heldKeys = g.held[:0], g.heldKeys[:0]
}

// AddN counts n valid scores at once (a pre-aggregated row): their weights
// sum to w and their squared weights to w2, read only when g is weighted.
// It is n calls of Add with weight w/n when the weights are equal.
func (g *Grouper) AddN(segs []string, p period.Period, score int, n int64, w, w2 float64) {
	if !g.weighted {
		g.overall.AddN(score, n)
		if g.grouping() {
			g.count(g.find(segs, p), score, n, 0)
		}
		return
	}
	g.overall.AddWeightedN(score, n, w, w2)
	if g.grouping() {
		g.tally(g.find(segs, p)).AddWeightedN(score, n, w, w2)
	}
}

// AddBlank counts n blank scores overall (Unscored) and in the group of
// segs and p (Group.Blank), for the -f tally shape; they are in no tally.
func (g *Grouper) AddBlank(segs []string, p period.Period, n int64) {
	g.blank += n
	g.addUnscored(segs, p, 0, n)
}

// AddInvalid counts n invalid scores as AddBlank counts blank ones
// (Group.Invalid).
func (g *Grouper) AddInvalid(segs []string, p period.Period, n int64) {
	g.invalid += n
	g.addUnscored(segs, p, 1, n)
}

// addUnscored adds n to the group's blank (k = 0) or invalid (k = 1) count.
func (g *Grouper) addUnscored(segs []string, p period.Period, k int, n int64) {
	if !g.grouping() {
		return
	}
	t, id, _ := g.findID(segs, p)
	if g.unscored == nil {
		g.unscored = map[string][2]int64{}
	}
	key := t.Key(id)
	c := g.unscored[key]
	c[k] += n
	g.unscored[key] = c
}

// Unscored are the numbers of blank and invalid scores added (AddBlank,
// AddInvalid).
func (g *Grouper) Unscored() (blank, invalid int64) { return g.blank, g.invalid }

// Segments is the number of segment values g groups by.
func (g *Grouper) Segments() int { return g.nSeg }

// Unit is the period unit g groups by (period.None for none).
func (g *Grouper) Unit() period.Unit { return g.unit }

// find returns the payload of the group of segs and p, adding it on first
// sight. g must group by something.
func (g *Grouper) find(segs []string, p period.Period) []byte {
	segs = segs[:g.nSeg]
	var c *cached
	var seg string
	ord := p.Ord
	if g.unit == period.None {
		ord = 0
	}
	if g.nSeg <= 1 {
		h := uint32(ord) * 0x9e3779b1
		if g.nSeg == 1 {
			seg = segs[0]
			h += uint32(len(seg)) * 0x85ebca6b
			if len(seg) > 0 {
				h += uint32(seg[0])*0xc2b2ae35 + uint32(seg[len(seg)-1])*0x27d4eb2f
			}
		}
		c = &g.cache[h>>26]
		if c.pay != nil && c.ord == ord && c.seg == seg {
			return c.pay
		}
	}
	t, id, pay := g.findID(segs, p)
	if c != nil {
		c.ord, c.pay, c.seg = ord, pay, ""
		if g.nSeg == 1 {
			c.seg = firstSegment(t.Key(id))
		}
	}
	return pay
}

// findID is find without the cache: the group's table, id and payload.
func (g *Grouper) findID(segs []string, p period.Period) (*intern.Table, int, []byte) {
	ord := p.Ord
	if g.unit == period.None {
		ord = 0
	}
	if len(g.keys) == 1 && g.keys[0].Len() >= splitAt {
		g.split()
	}
	g.buf = appendKey(g.buf[:0], segs[:g.nSeg], g.unit, ord)
	// The table copies a new key's bytes; it keeps no view of g.buf.
	k := unsafe.String(unsafe.SliceData(g.buf), len(g.buf))
	t, id, pay, _ := g.intern(k, intern.Hash(k))
	return t, id, pay
}

// count adds n responses with score to the group whose payload is pay,
// moving its counts to a wider type when they overflow; on a weighted
// Grouper, n is 1 and w its weight.
func (g *Grouper) count(pay []byte, score int, n int64, w float64) {
	if g.weighted {
		g.tally(pay).AddWeighted(score, w)
		return
	}
	for {
		i := int(binary.LittleEndian.Uint32(pay[12:]))
		switch pay[0] {
		case lvl8:
			if c := int64(pay[1+score]) + n; c <= math.MaxUint8 {
				pay[1+score] = byte(c)
				return
			}
		case lvl16:
			e := &g.p16[i>>poolBits][i&(1<<poolBits-1)]
			if c := int64(e[score]) + n; c <= math.MaxUint16 {
				e[score] = uint16(c)
				return
			}
		case lvl32:
			e := &g.p32[i>>poolBits][i&(1<<poolBits-1)]
			if c := int64(e[score]) + n; c <= math.MaxUint32 {
				e[score] = uint32(c)
				return
			}
		default:
			g.pT[i>>poolBits][i&(1<<poolBits-1)].Count[score] += n
			return
		}
		g.promote(pay)
	}
}

// counts returns the unweighted counts of a group below lvlTally.
func (g *Grouper) counts(pay []byte) (c [11]int64) {
	i := int(binary.LittleEndian.Uint32(pay[12:]))
	switch pay[0] {
	case lvl8:
		for s, n := range pay[1:12] {
			c[s] = int64(n)
		}
	case lvl16:
		for s, n := range &g.p16[i>>poolBits][i&(1<<poolBits-1)] {
			c[s] = int64(n)
		}
	case lvl32:
		for s, n := range &g.p32[i>>poolBits][i&(1<<poolBits-1)] {
			c[s] = int64(n)
		}
	}
	return c
}

// promote moves a group's counts to the next wider type. The entry left
// in the narrower pool is not reused: groups that grow are few.
func (g *Grouper) promote(pay []byte) {
	c := g.counts(pay)
	var i int
	switch pay[0] {
	case lvl8:
		i = grow(&g.p16, &g.n16)
		e := &g.p16[i>>poolBits][i&(1<<poolBits-1)]
		for s := range c {
			e[s] = uint16(c[s])
		}
	case lvl16:
		i = grow(&g.p32, &g.n32)
		e := &g.p32[i>>poolBits][i&(1<<poolBits-1)]
		for s := range c {
			e[s] = uint32(c[s])
		}
	default:
		i = grow(&g.pT, &g.nT)
		g.pT[i>>poolBits][i&(1<<poolBits-1)].Count = c
	}
	pay[0]++
	binary.LittleEndian.PutUint32(pay[12:], uint32(i))
}

// grow adds an entry to a pool of pages and returns its index.
func grow[T any](pages *[][]T, n *int) int {
	i := *n
	if i&(1<<poolBits-1) == 0 {
		*pages = append(*pages, make([]T, 1<<poolBits))
	}
	*n++
	return i
}

// tally returns the group's counts as an nps.Tally held in the pool,
// moving them there first.
func (g *Grouper) tally(pay []byte) *nps.Tally {
	for pay[0] != lvlTally {
		g.promote(pay)
	}
	i := int(binary.LittleEndian.Uint32(pay[12:]))
	return &g.pT[i>>poolBits][i&(1<<poolBits-1)]
}

// tallyOf returns a copy of the group's counts as an nps.Tally.
func (g *Grouper) tallyOf(pay []byte) nps.Tally {
	if pay[0] == lvlTally {
		i := int(binary.LittleEndian.Uint32(pay[12:]))
		return g.pT[i>>poolBits][i&(1<<poolBits-1)]
	}
	return nps.Tally{Count: g.counts(pay)}
}

// add adds the counts of o's group (payload src) to g's group (payload dst).
func (g *Grouper) add(dst []byte, o *Grouper, src []byte) {
	if src[0] == lvlTally || g.weighted {
		t := o.tallyOf(src)
		g.tally(dst).Merge(&t)
		return
	}
	for s, n := range o.counts(src) {
		if n > 0 {
			g.count(dst, s, n, 0)
		}
	}
}

// appendKey encodes segment values (length-prefixed) and, with a unit, the
// period ordinal.
func appendKey(b []byte, segs []string, unit period.Unit, ord int32) []byte {
	for _, s := range segs {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	if unit != period.None {
		b = binary.BigEndian.AppendUint32(b, uint32(ord))
	}
	return b
}

// segmentsOf decodes the segment values of an encoded key into segs; they
// share the key's memory.
func segmentsOf(key string, segs []string) {
	off := 0
	for i := range segs {
		l, w := binary.Uvarint([]byte(key[off:min(off+binary.MaxVarintLen64, len(key))]))
		off += w
		segs[i] = key[off : off+int(l)]
		off += int(l)
	}
}

// firstSegment is the first segment value of an encoded key.
func firstSegment(key string) string {
	var s [1]string
	segmentsOf(key, s[:])
	return s[0]
}

// checkSame panics unless o groups as g does.
func (g *Grouper) checkSame(o *Grouper) {
	if o.nSeg != g.nSeg || o.unit != g.unit {
		panic("breakdown: Merge of Groupers that group differently")
	}
}

// Merge adds o's groups into g. Both must group the same way (same number
// of segments and unit); o is left unchanged and shares no memory with g
// that either will write.
func (g *Grouper) Merge(o *Grouper) {
	g.checkSame(o)
	g.addHeld()
	o.addHeld()
	g.overall.Merge(&o.overall)
	g.mergeUnscored(o)
	o.eachGroup(func(key string, pay []byte) { g.addGroup(key, o, pay) })
}

// Absorb is Merge that empties o as it goes, releasing o's memory while g
// grows, so that merging per-worker Groupers of many groups never holds
// two copies of them. o is left empty. g takes o's pools of wider counts
// over, so that a group new to g takes o's payload as it is; Groupers of
// many groups (split) merge table by table on all cores.
func (g *Grouper) Absorb(o *Grouper) {
	g.checkSame(o)
	g.addHeld()
	o.addHeld()
	g.overall.Merge(&o.overall)
	if g.rows != nil || o.rows != nil {
		g.mergeUnscored(o)
		g.absorbRows(o)
		*o = *NewGrouper(o.nSeg, o.unit, o.weighted)
		return
	}
	if len(o.keys) > len(g.keys) {
		g.split()
	}
	g.mergeUnscored(o)
	off := [...]uint32{
		lvl16:    adopt(&g.p16, &g.n16, o.p16, o.n16),
		lvl32:    adopt(&g.p32, &g.n32, o.p32, o.n32),
		lvlTally: adopt(&g.pT, &g.nT, o.pT, o.nT),
	}
	if len(o.keys) == len(g.keys) && len(g.keys) > 1 {
		g.absorbParts(o, &off)
	} else {
		for _, t := range o.keys {
			t.Drain(func(key string, h uint64, src []byte) {
				_, _, dst, added := g.intern(key, h)
				if !absorbed(dst, added, src, &off) {
					g.add(dst, o, src)
				}
			})
		}
	}
	*o = *NewGrouper(o.nSeg, o.unit, o.weighted)
}

// absorbParts is Absorb of a Grouper split as g is: on each core, tables
// taken in turn. What absorbed leaves (groups in both with wider counts)
// is added after, on one core, as it uses the pools.
func (g *Grouper) absorbParts(o *Grouper, off *[4]uint32) {
	type pending struct {
		dst []byte
		src [payloadSize]byte
	}
	workers := min(runtime.GOMAXPROCS(0), parts)
	later := make([][]pending, workers)
	inTurn(workers, parts, func(w, k int) {
		into := g.keys[k]
		o.keys[k].Drain(func(key string, h uint64, src []byte) {
			_, dst, added := into.InternHash(key, h)
			if !absorbed(dst, added, src, off) {
				later[w] = append(later[w], pending{dst, [payloadSize]byte(src)})
			}
		})
	})
	for _, l := range later {
		for _, p := range l {
			g.add(p.dst, o, p.src[:])
		}
	}
}

// inTurn calls do(w, k) once for each task k in [0, n) on workers
// goroutines, each taking the next task when it is done with one, and
// returns when all are done; w is the goroutine's number, for state of
// its own.
func inTurn(workers, n int, do func(w, k int)) {
	var next atomic.Int32
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for k := int(next.Add(1) - 1); k < n; k = int(next.Add(1) - 1) {
				do(w, k)
			}
		})
	}
	wg.Wait()
}

// absorbed adds the counts of src, the payload of a group of a Grouper
// whose pools g has adopted at off, to g's payload dst where it can
// without using a pool: a group new to g (added) takes src, its pool
// index moved by off; uint8 counts that still fit add in place. It
// reports whether it did.
func absorbed(dst []byte, added bool, src []byte, off *[4]uint32) bool {
	if added {
		copy(dst, src)
		if src[0] != lvl8 {
			binary.LittleEndian.PutUint32(dst[12:], binary.LittleEndian.Uint32(src[12:])+off[src[0]])
		}
		return true
	}
	if dst[0] != lvl8 || src[0] != lvl8 {
		return false
	}
	for s := 1; s <= 11; s++ {
		if int(dst[s])+int(src[s]) > math.MaxUint8 {
			return false
		}
	}
	for s := 1; s <= 11; s++ {
		dst[s] += src[s]
	}
	return true
}

// adopt appends the pool pages o, holding on entries, to pages (g's last
// page is left partly empty) and returns the index of o's first entry.
func adopt[T any](pages *[][]T, n *int, o [][]T, on int) uint32 {
	if on == 0 {
		return 0
	}
	off := len(*pages) << poolBits
	*pages = append(*pages, o...)
	*n = off + on
	return uint32(off)
}

// mergeUnscored adds o's blank and invalid counts to g's.
func (g *Grouper) mergeUnscored(o *Grouper) {
	g.blank += o.blank
	g.invalid += o.invalid
	if len(o.unscored) > 0 && g.unscored == nil {
		g.unscored = map[string][2]int64{}
	}
	for k, c := range o.unscored {
		t, id, _, _ := g.intern(k, intern.Hash(k)) // g's own copy of the key
		k = t.Key(id)
		m := g.unscored[k]
		m[0] += c[0]
		m[1] += c[1]
		g.unscored[k] = m
	}
}

// Overall is the tally of everything added.
func (g *Grouper) Overall() nps.Tally { return g.overall }

// Len is the number of groups. In rows mode it folds the rows held.
func (g *Grouper) Len() int {
	if g.rows != nil {
		g.fold(runtime.GOMAXPROCS(0))
		return len(g.rows.run.items)
	}
	g.addHeld()
	n := 0
	for _, t := range g.keys {
		n += t.Len()
	}
	return n
}

// Groups returns the groups ordered by key: segments by name (byte order),
// then period by time. It returns nil when g groups by nothing. The
// Segments slices are shared (with g, and among the groups of a segment
// combination) and must not be modified.
func (g *Grouper) Groups() []Group {
	order := g.Order()
	if order == nil {
		return nil
	}
	return slices.AppendSeq(make([]Group, 0, len(order)), g.GroupsOf(order))
}

// GroupsOf yields groups ids (numbers as Order gives them) one at a time,
// as Group makes them, without holding them: for millions of groups. Groups
// in a row with the same segment values share one Segments slice.
func (g *Grouper) GroupsOf(ids []int32) iter.Seq[Group] {
	return func(yield func(Group) bool) {
		var segs []string
		have, stopped := false, false
		for start := 0; start < len(ids) && !stopped; start += groupsRun {
			g.EachGroup(ids[start:min(start+groupsRun, len(ids))], func(_ int, gr *Group) {
				if stopped {
					return
				}
				out := *gr
				if !have || !slices.Equal(segs, gr.Key.Segments) {
					segs, have = slices.Clone(gr.Key.Segments), true
				}
				out.Key.Segments = segs
				stopped = !yield(out)
			})
		}
	}
}

// groupsRun is how many groups GroupsOf makes with one EachGroup: it
// stops between runs.
const groupsRun = 1024

// Order returns the group numbers ordered as Groups orders the groups, for
// Group: 4 bytes a group, where a Group is about 300. It returns nil when
// g groups by nothing. Keys are compared in their encoding, not decoded,
// and first by an 8-byte prefix per group held beside its number while
// sorting (freed on return), which settles most comparisons without
// reading the keys.
func (g *Grouper) Order() []int32 {
	if !g.grouping() {
		return nil
	}
	if g.rows != nil { // the run is in key order
		out := make([]int32, g.Len())
		for i := range out {
			out[i] = int32(i)
		}
		return out
	}
	items := make([]sortItem, g.Len())
	// Each table's items on any core: reading every entry for its prefix
	// cost as much as sorting them.
	start := make([]int, len(g.keys)+1)
	for k, t := range g.keys {
		start[k+1] = start[k] + t.Len()
	}
	inTurn(min(runtime.GOMAXPROCS(0), len(g.keys)), len(g.keys), func(_, k int) {
		t, its := g.keys[k], items[start[k]:start[k+1]]
		for id := range its {
			p := g.prefix(t.Key(id))
			its[id] = sortItem{prefix: p, v: uint64(g.number(k, id))}
		}
	})
	period := g.unit != period.None
	sortItems(items, func(a, b sortItem) int {
		if c := cmp.Compare(a.prefix, b.prefix); c != 0 {
			return c
		}
		return compareEncoded(g.key(int32(a.v)), g.key(int32(b.v)), g.nSeg, period)
	}, func(it sortItem, depth int) uint64 { return g.deeper(g.key(int32(it.v)), depth) }, runtime.GOMAXPROCS(0))
	out := make([]int32, len(items))
	for i, it := range items {
		out[i] = int32(it.v)
	}
	return out
}

// sortItem is a group as Order sorts it (its key's prefix, and its number
// in v), or a row or group of rows mode (its key's prefix, and in v where
// the key is in the arena, with a held row's score in the top four bits).
type sortItem struct {
	prefix uint64
	v      uint64
}

// key is the encoded key of group number n.
func (g *Grouper) key(n int32) string {
	if g.rows != nil {
		return g.rowKey(g.rows.run.items[n].v)
	}
	t, id := g.entry(n)
	return t.Key(id)
}

// payload is the payload of group number n.
func (g *Grouper) payload(n int32) []byte {
	if g.rows != nil {
		return g.rows.run.pays[n][:]
	}
	t, id := g.entry(n)
	return t.Payload(id)
}

// prefix is a number that orders encoded keys as compareEncoded does
// whenever two keys' numbers differ: the first segment's first 8 bytes
// (zero-padded, big-endian: a value that ends early is the lesser, as in
// byte order, unless the other goes on with zero bytes, and then they tie),
// or without segments the period ordinal (sign bit flipped).
func (g *Grouper) prefix(key string) uint64 {
	if g.nSeg == 0 {
		return uint64(uint32(ordOf(key)) ^ 1<<31)
	}
	seg, _ := nextSegment(key)
	return segmentPrefix(seg)
}

// deeper is the next 8 bytes of key's first segment after its first
// 8·depth (zero-padded, big-endian), which orders keys alike in those as
// compareEncoded does wherever two keys' numbers differ; 0 when the
// segment has ended, or without segments.
func (g *Grouper) deeper(key string, depth int) uint64 {
	if g.nSeg == 0 {
		return 0
	}
	seg, _ := nextSegment(key)
	if 8*depth >= len(seg) {
		return 0
	}
	return segmentPrefix(seg[8*depth:])
}

// segmentPrefix is a first segment's prefix: its first 8 bytes.
func segmentPrefix(seg string) uint64 {
	var b [8]byte
	copy(b[:], seg)
	return binary.BigEndian.Uint64(b[:])
}

// Group returns group number i (as Order gives them): its key, whose
// values share g's memory, and a copy of its tally. Numbers change when
// groups are added.
func (g *Grouper) Group(i int32) Group {
	gr := Group{Key: Key{Segments: make([]string, g.nSeg)}}
	g.fill(i, &gr)
	return gr
}

// EachGroup calls fn with each of ids' groups (as Group makes them) in
// turn, i its index in ids, reading the entries of each run of
// prefetchRun groups before the first of them is made (Prefetch). gr is
// fn's during the call only: the next group is made in it, segment values
// and all, so that a batch of groups allocates nothing.
func (g *Grouper) EachGroup(ids []int32, fn func(i int, gr *Group)) {
	gr := Group{Key: Key{Segments: make([]string, g.nSeg)}}
	for i, id := range ids {
		if i%prefetchRun == 0 {
			g.Prefetch(ids[i:min(i+prefetchRun, len(ids))])
		}
		g.fill(id, &gr)
		fn(i, &gr)
	}
}

// prefetchRun is how many groups' entries EachGroup reads (Prefetch)
// before it makes them: a run whose entries stay in the nearest caches
// until they are used. A batch of 1,024 at once did not
// (BenchmarkEachResultMany: 301 ms against 247 ms by 64; by 32, 276 ms
// against 270 ms by 64 in a second run).
const prefetchRun = 64

// fill sets gr to group number i, its segment values in gr.Key.Segments
// (nSeg of them). A tally without weights is set by its counts alone: gr's
// weights are left as they were, zero unless gr held a weighted group.
func (g *Grouper) fill(i int32, gr *Group) {
	key := g.key(i)
	segmentsOf(key, gr.Key.Segments)
	if g.unit != period.None {
		gr.Key.Period = period.Period{Unit: g.unit, Ord: ordOf(key)}
	}
	if pay := g.payload(i); pay[0] == lvlTally || gr.Tally.Weighted {
		gr.Tally = g.tallyOf(pay)
	} else {
		gr.Tally.Count = g.counts(pay)
	}
	if g.unscored != nil {
		c := g.unscored[key]
		gr.Blank, gr.Invalid = c[0], c[1]
	}
}

// Prefetch reads the entries of groups ids (at most prefetchRun), none
// waiting for another, so that their cache misses overlap and Group then
// finds them in cache: groups in key order lie all over memory, and
// Group's two misses (where the entry is, then the entry) were most of its
// cost with a million groups. Where each entry is is read for all before
// any entry. It changes nothing; the byte it returns keeps the reads.
//
//go:noinline
func (g *Grouper) Prefetch(ids []int32) byte {
	var refs [prefetchRun]uint64
	ids = ids[:min(len(ids), prefetchRun)]
	if m := g.rows; m != nil { // the run's items in order; keys all over the arena
		var b byte
		for _, n := range ids {
			b ^= m.at(m.run.items[n].v)[0]
		}
		return b
	}
	for i, n := range ids {
		t, id := g.entry(n)
		refs[i] = t.Ref(id)
	}
	var b byte
	for i, n := range ids {
		t, _ := g.entry(n)
		b ^= t.TouchRef(refs[i])
	}
	return b
}

// ordOf is the period ordinal at the end of an encoded key.
func ordOf(key string) int32 {
	return int32(binary.BigEndian.Uint32([]byte(key[len(key)-4:])))
}

// compareEncoded orders two encoded keys of nSeg segments (and a period
// ordinal when period is set) as Key.Compare orders the keys they encode.
func compareEncoded(a, b string, nSeg int, period bool) int {
	for range nSeg {
		var sa, sb string
		sa, a = nextSegment(a)
		sb, b = nextSegment(b)
		if c := strings.Compare(sa, sb); c != 0 {
			return c
		}
	}
	if period {
		return cmp.Compare(ordOf(a), ordOf(b))
	}
	return 0
}

// nextSegment splits the first segment value off an encoded key.
func nextSegment(key string) (seg, rest string) {
	var n uint64
	for i, shift := 0, uint(0); i < len(key); i, shift = i+1, shift+7 {
		c := key[i]
		n |= uint64(c&0x7f) << shift
		if c < 0x80 {
			key = key[i+1:]
			return key[:n], key[n:]
		}
	}
	return "", "" // not reached: keys are encoded by appendKey
}

// FillPeriods returns groups with the empty periods between each segment
// combination's first and last period inserted (n = 0), for an honest time
// axis. All segment combinations share the overall first..last range.
// The result is ordered as Groups orders it; groups is not modified. Groups
// without a period unit are returned as they are, in key order.
//
// It refuses, with a usage error that says what to do, a range stretched
// by dates far outside the others (Outliers: a mistyped year would fill
// hundreds of thousands of empty periods) or longer than MaxPeriods.
func FillPeriods(groups []Group) ([]Group, error) {
	out := sortedCopy(groups)
	if len(out) == 0 || out[0].Key.Period.Unit == period.None {
		return out, nil
	}
	sp := SpanOf(slices.Values(out))
	if err := sp.Check(out); err != nil {
		return nil, err
	}
	combos := 1
	for i := 1; i < len(out); i++ {
		if compareSegments(out[i].Key.Segments, out[i-1].Key.Segments) != 0 {
			combos++
		}
	}
	return slices.AppendSeq(make([]Group, 0, combos*sp.Len()), sp.Fill(slices.Values(out))), nil
}

// Coarsen returns groups regrouped by the longer period unit u (days into
// months): the tallies of each segment combination's periods that fall in
// the same period of u are merged. The result is ordered as Groups orders
// it; groups is not modified.
func Coarsen(groups []Group, u period.Unit) []Group {
	in := sortedCopy(groups)
	out := make([]Group, 0, len(in))
	for _, g := range in {
		k := Key{Segments: g.Key.Segments, Period: g.Key.Period.In(u)}
		if n := len(out); n > 0 && out[n-1].Key.Compare(k) == 0 {
			out[n-1].Tally.Merge(&g.Tally)
			continue
		}
		out = append(out, Group{Key: k, Tally: g.Tally})
	}
	return out
}

// Rolling returns, for each group, the merged tally of that period and the
// n-1 periods before it of the same segments (fewer at the start). groups
// must be filled and ordered as FillPeriods returns them. Periods missing
// from groups count as empty periods of the window. With n <= 1 the
// tallies are unchanged. groups is not modified.
func Rolling(groups []Group, n int) []Group {
	return slices.AppendSeq(make([]Group, 0, len(groups)), Rolled(slices.Values(groups), n))
}

// sortedCopy returns groups in key order without modifying it.
func sortedCopy(groups []Group) []Group {
	out := slices.Clone(groups)
	slices.SortStableFunc(out, func(a, b Group) int { return a.Key.Compare(b.Key) })
	return out
}
