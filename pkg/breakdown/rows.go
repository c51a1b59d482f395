package breakdown

import (
	"cmp"
	"encoding/binary"
	"runtime"
	"slices"
	"sync"
	"unsafe"

	"github.com/npskit/nps/pkg/internal/intern"
	"github.com/npskit/nps/pkg/period"
)

// Rows mode groups by sorting instead of by hashing, for groupings where
// nearly every row is a group of its own (`--by response_id`): a hash
// lookup per row, on tables too large for the caches, and a sort of the
// groups at the end cost more than sorting the rows. An unweighted Grouper
// enters it when it splits its table (splitAt groups). From then on Add
// appends the row's encoded key to an arena of 1 MiB chunks and a 16-byte
// item (the key's prefix, where the key is, the score) to a list: no
// lookup, no table to grow. A fold sorts the held rows, with the groups of
// the tables (the rows before the split, AddN's, the blank and invalid
// counts), adds up those of equal keys and merges them into the run: the
// groups in key order, their counts as a table's payload. Rows are folded
// when they outnumber the run (and foldAt), so memory grows with groups,
// not rows; every read of the groups folds first, and Order is then the
// run's order. A fold that finds most rows in groups seen before sends
// the rows after it to the tables again (hashing): repeated keys are what
// a lookup does best.
type rowsMode struct {
	chunks [][]byte // the keys, none across two chunks (a long one in a chunk of its own)
	used   int      // bytes of the last chunk in use: a row stores no slice (no write barrier)
	held   []sortItem
	run    run
	// hashing: rows go to the tables again; the run stays, and folds take
	// the tables in.
	hashing bool
}

// run is groups in key order: items[i] is a group's key and pays[i] its
// counts.
type run struct {
	items []sortItem
	pays  [][payloadSize]byte
}

const (
	chunkBits = 20
	chunkSize = 1 << chunkBits
	scoreBits = 60 // a held item's score is v >> scoreBits
	refMask   = 1<<scoreBits - 1
	// drained, as a held item's score, marks a group taken from the
	// tables, whose payload is in the arena just before its key.
	drained = 0xf
	// maxRowKey is the longest key a row keeps in rows mode; a longer one
	// is counted in the tables.
	maxRowKey = chunkSize / 16
)

// foldAt is the fewest held rows a fold takes during the pass (a variable
// for the tests), and the length of the held rows' array (32 MiB). Each
// fold makes the run anew, in fresh memory that costs a page fault a page:
// with 2^20 rows (two folds a worker on 3M rows) score --by response_id
// took 1.04x the time and peaked 30 MB higher.
var foldAt = 1 << 21

// mergeHalvesAt is the fewest groups of two runs that Absorb merges in
// two halves (a variable for the tests).
var mergeHalvesAt = 1 << 16

// rowsModeOn says whether Groupers enter rows mode (a variable for the
// tests, which compare the two ways of grouping).
var rowsModeOn = true

// room returns where the next n bytes go, empty (append to it, then
// count them in m.used), and where that is: the last chunk, or a new one
// when the last has not room.
func (m *rowsMode) room(n int) (b []byte, k, off int) {
	if k = len(m.chunks) - 1; k < 0 || len(m.chunks[k])-m.used < n {
		m.chunks = append(m.chunks, make([]byte, max(chunkSize, n)))
		k, m.used = len(m.chunks)-1, 0
	}
	return m.chunks[k][m.used:m.used], k, m.used
}

// at is the arena's bytes from where v points to the end of its chunk.
func (m *rowsMode) at(v uint64) []byte {
	r := v & refMask
	return m.chunks[r>>chunkBits][r&(chunkSize-1):]
}

// rowKey is the encoded key v points at: its length is read from the key,
// nSeg length-prefixed values and, with a period, its ordinal.
func (g *Grouper) rowKey(v uint64) string {
	b := g.rows.at(v)
	n := 0
	for range g.nSeg {
		l, w := binary.Uvarint(b[n:])
		n += w + int(l)
	}
	if g.unit != period.None {
		n += 4
	}
	return unsafe.String(&b[0], n) // a grouping's key has a byte at least
}

// holdRow holds back a row of Add in rows mode.
func (g *Grouper) holdRow(segs []string, p period.Period, score int) {
	m := g.rows
	size := 4
	for _, s := range segs[:g.nSeg] {
		size += binary.MaxVarintLen64 + len(s)
	}
	if size > maxRowKey {
		g.count(g.find(segs, p), score, 1, 0)
		return
	}
	b, k, off := m.room(size)
	b = appendKey(b, segs[:g.nSeg], g.unit, p.Ord)
	m.used += len(b)
	var prefix uint64
	if g.nSeg > 0 {
		prefix = segmentPrefix(segs[0]) // g.prefix of the key, without decoding it
	} else {
		prefix = g.prefix(unsafe.String(unsafe.SliceData(b), len(b)))
	}
	m.held = append(m.held, sortItem{prefix, uint64(score)<<scoreBits | uint64(k)<<chunkBits | uint64(off)})
	if len(m.held) >= max(foldAt, len(m.run.items)) {
		g.fold(1)
	}
}

// holdGroup appends the key of a group to the arena as a held item, after a
// copy of its payload (drained), and returns the payload's copy.
func (g *Grouper) holdGroup(key string, pay []byte) []byte {
	m := g.rows
	b, k, off := m.room(payloadSize + len(key))
	b = append(append(b, pay...), key...)
	m.used += len(b)
	m.held = append(m.held, sortItem{g.prefix(key), drained<<scoreBits | uint64(k)<<chunkBits | uint64(off+payloadSize)})
	return b[:payloadSize:payloadSize]
}

// compareRows orders held items and a run's items by key.
func (g *Grouper) compareRows(a, b sortItem) int {
	if c := cmp.Compare(a.prefix, b.prefix); c != 0 {
		return c
	}
	return compareEncoded(g.rowKey(a.v), g.rowKey(b.v), g.nSeg, g.unit != period.None)
}

// fold moves the held rows and the tables' groups into the run, sorting
// on up to workers goroutines. The cache, which views the tables, is
// emptied.
func (g *Grouper) fold(workers int) {
	m := g.rows
	g.addHeld() // rows held for the tables' lookups
	for _, t := range g.keys {
		if t.Len() > 0 {
			t.Drain(func(key string, _ uint64, pay []byte) { g.holdGroup(key, pay) })
		}
	}
	g.cache = [64]cached{}
	items := m.held
	m.held = items[:0]
	if len(items) == 0 {
		return
	}
	sortItems(items, g.compareRows, func(it sortItem, depth int) uint64 { return g.deeper(g.rowKey(it.v), depth) }, workers)
	var add run
	add.items = make([]sortItem, 0, len(items))
	add.pays = make([][payloadSize]byte, 0, len(items))
	for i, it := range items {
		if i == 0 || it.prefix != items[i-1].prefix || g.rowKey(it.v) != g.rowKey(items[i-1].v) {
			add.items = append(add.items, sortItem{it.prefix, it.v & refMask})
			add.pays = append(add.pays, [payloadSize]byte{})
		}
		pay := add.pays[len(add.pays)-1][:]
		if score := int(it.v >> scoreBits); score == drained {
			b := m.at(it.v - payloadSize)
			g.add(pay, g, b[:payloadSize])
		} else {
			g.count(pay, score, 1, 0)
		}
	}
	before := len(m.run.items)
	m.run = g.mergeRuns(m.run, add, g, 0, &[4]uint32{})
	if len(items) >= foldAt && len(m.run.items)-before < len(items)/4 {
		m.hashing = true // most rows were groups seen before
	}
}

// mergeRuns merges the run b of o into g's run a and returns the merged
// run; equal keys add up. b's keys are in g's arena from chunk shift on
// and its pool indices from off on: g has adopted o's chunks and pools (or
// o is g, and shift and off are zero). Runs of another Grouper (Absorb)
// are merged in two halves on two cores when long.
func (g *Grouper) mergeRuns(a, b run, o *Grouper, shift int, off *[4]uint32) run {
	for i := range b.items {
		b.items[i].v += uint64(shift) << chunkBits
	}
	if len(a.items) == 0 && o == g {
		return b
	}
	n := len(a.items) + len(b.items)
	out := run{make([]sortItem, n), make([][payloadSize]byte, n)}
	ia, ib := len(a.items), len(b.items)
	if o != g && n >= mergeHalvesAt && len(a.items) > 0 && runtime.GOMAXPROCS(0) > 1 {
		// every key of the first halves is below a's middle key, and
		// every key of the second at or above it
		ia = len(a.items) / 2
		ib, _ = slices.BinarySearchFunc(b.items, a.items[ia], g.compareRows)
	}
	var n2 int
	var later2 []pending
	var wg sync.WaitGroup
	if ia < len(a.items) || ib < len(b.items) {
		wg.Go(func() {
			n2, later2 = g.mergeInto(out, ia+ib, run{a.items[ia:], a.pays[ia:]}, run{b.items[ib:], b.pays[ib:]}, off)
		})
	}
	n1, later := g.mergeInto(out, 0, run{a.items[:ia], a.pays[:ia]}, run{b.items[:ib], b.pays[:ib]}, off)
	wg.Wait()
	for _, p := range append(later, later2...) {
		g.add(out.pays[p.at][:], o, p.src[:]) // one goroutine: it may use the pools
	}
	if n1 < ia+ib { // equal keys merged in the first half
		copy(out.items[n1:], out.items[ia+ib:ia+ib+n2])
		copy(out.pays[n1:], out.pays[ia+ib:ia+ib+n2])
	}
	return run{out.items[:n1+n2], out.pays[:n1+n2]}
}

// pending is counts of equal keys that mergeInto left to add: out's group
// at and a payload of the other run.
type pending struct {
	at  int
	src [payloadSize]byte
}

// mergeInto merges runs a and b (b's pool indices from off on) into out
// from at on and returns how many groups it wrote; the counts of equal
// keys that do not add up in place (absorbed) are left to the caller.
func (g *Grouper) mergeInto(out run, at int, a, b run, off *[4]uint32) (int, []pending) {
	var later []pending
	k, i, j := at, 0, 0
	for i < len(a.items) || j < len(b.items) {
		c := -1
		switch {
		case i == len(a.items):
			c = 1
		case j < len(b.items):
			c = g.compareRows(a.items[i], b.items[j])
		}
		if c <= 0 {
			out.items[k], out.pays[k] = a.items[i], a.pays[i]
			i++
			k++
			if c < 0 {
				continue
			}
		}
		if c > 0 {
			out.items[k] = b.items[j]
			absorbed(out.pays[k][:], true, b.pays[j][:], off)
			k++
		} else if !absorbed(out.pays[k-1][:], false, b.pays[j][:], off) {
			later = append(later, pending{k - 1, b.pays[j]})
		}
		j++
	}
	return k - at, later
}

// toRows puts g in rows mode, its groups left in the tables until a fold.
func (g *Grouper) toRows() {
	if g.rows == nil {
		g.rows = &rowsMode{hashing: g.weighted}
	}
}

// absorbRows is Absorb where either Grouper is in rows mode: both are
// folded (o on a core of its own), g adopts o's chunks and pools, and o's
// run is merged into g's.
func (g *Grouper) absorbRows(o *Grouper) {
	g.toRows()
	o.toRows()
	var wg sync.WaitGroup
	wg.Go(func() { o.fold(1) })
	g.fold(max(1, runtime.GOMAXPROCS(0)-1))
	wg.Wait()
	g.rows.held = nil // the groups are about to be read: no more rows held for a while (o is emptied after)
	off := [...]uint32{
		lvl16:    adopt(&g.p16, &g.n16, o.p16, o.n16),
		lvl32:    adopt(&g.p32, &g.n32, o.p32, o.n32),
		lvlTally: adopt(&g.pT, &g.nT, o.pT, o.nT),
	}
	shift := len(g.rows.chunks)
	if len(o.rows.chunks) > 0 { // o's last chunk is g's last now
		g.rows.chunks, g.rows.used = append(g.rows.chunks, o.rows.chunks...), o.rows.used
	}
	g.rows.run = g.mergeRuns(g.rows.run, o.rows.run, o, shift, &off)
	g.rows.hashing = g.rows.hashing || o.rows.hashing
}

// addGroup adds the counts of o's group (key, payload src) to g's group of
// key: held as a group from the tables in rows mode, else in the tables.
func (g *Grouper) addGroup(key string, o *Grouper, src []byte) {
	if g.rows != nil && !g.rows.hashing {
		g.add(g.holdGroup(key, make([]byte, payloadSize)), o, src)
		return
	}
	_, _, dst, _ := g.intern(key, intern.Hash(key))
	g.add(dst, o, src)
}

// eachGroup calls fn with the key and payload of each of g's groups, in no
// particular order; fn must not keep them.
func (g *Grouper) eachGroup(fn func(key string, pay []byte)) {
	g.addHeld()
	if m := g.rows; m != nil {
		g.fold(1)
		for i, it := range m.run.items {
			fn(g.rowKey(it.v), m.run.pays[i][:])
		}
		return
	}
	for _, t := range g.keys {
		for id := range t.Len() {
			fn(t.Key(id), t.Payload(id))
		}
	}
}
