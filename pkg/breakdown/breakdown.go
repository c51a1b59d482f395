// Package breakdown groups responses into tallies by segment values and
// period in one streaming pass, and shapes the groups into trends (empty
// periods kept, rolling windows).
//
// A group key is encoded into a reused byte buffer as each segment value
// preceded by its length (a uvarint), then the period ordinal (four bytes),
// so no two keys share an encoding whatever bytes the values hold. Lookups
// use m[string(buf)], which Go does not allocate for: adding to a group seen
// before allocates nothing.
package breakdown

import (
	"encoding/binary"
	"slices"
	"strings"

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

// entry is a group as the Grouper keeps it.
type entry struct {
	segs           []string
	ord            int32
	tally          nps.Tally
	blank, invalid int64
}

// Grouper accumulates tallies per group and overall. Not safe for
// concurrent use; merge per-worker Groupers with Merge.
type Grouper struct {
	nSeg     int
	unit     period.Unit
	weighted bool

	buf     []byte           // the key being built, reused
	index   map[string]int32 // encoded key -> entry number
	chunks  [][]entry        // entries in fixed-size chunks: growing never copies a tally
	n       int32            // number of entries
	overall nps.Tally
	// blank and invalid count the blank and invalid scores added
	// (AddBlank, AddInvalid), overall.
	blank, invalid int64
	// cache maps keys of at most one segment to entries without building
	// the key or hashing it: direct-mapped on the segment's length, first
	// and last bytes and the period ordinal. Exports are in time order,
	// so the groups of consecutive rows are few and mostly hit.
	cache [64]cached
}

type cached struct {
	seg string // the entry's own copy
	ord int32
	idx int32 // entry number + 1; 0 for an empty slot
}

// chunkBits sets the chunk size (256 entries of about 300 bytes).
const chunkBits = 8

func (g *Grouper) entry(i int32) *entry {
	return &g.chunks[i>>chunkBits][i&(1<<chunkBits-1)]
}

// NewGrouper groups by nSegments segment values and, unless unit is
// period.None, by period of unit. weighted selects Tally.AddWeighted.
// With no segments and no period there are no groups, only the overall
// tally.
func NewGrouper(nSegments int, unit period.Unit, weighted bool) *Grouper {
	return &Grouper{
		nSeg:     nSegments,
		unit:     unit,
		weighted: weighted,
		index:    make(map[string]int32),
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
	if !g.grouping() {
		return
	}
	t := &g.find(segs, p).tally
	if g.weighted {
		t.AddWeighted(score, weight)
	} else {
		t.Add(score)
	}
}

// AddN counts n valid scores at once (a pre-aggregated row): their weights
// sum to w and their squared weights to w2, read only when g is weighted.
// It is n calls of Add with weight w/n when the weights are equal.
func (g *Grouper) AddN(segs []string, p period.Period, score int, n int64, w, w2 float64) {
	g.addN(&g.overall, score, n, w, w2)
	if g.grouping() {
		g.addN(&g.find(segs, p).tally, score, n, w, w2)
	}
}

func (g *Grouper) addN(t *nps.Tally, score int, n int64, w, w2 float64) {
	if g.weighted {
		t.AddWeightedN(score, n, w, w2)
	} else {
		t.AddN(score, n)
	}
}

// AddBlank counts n blank scores overall (Unscored) and in the group of
// segs and p (Group.Blank), for the -f tally shape; they are in no tally.
func (g *Grouper) AddBlank(segs []string, p period.Period, n int64) {
	g.blank += n
	if g.grouping() {
		g.find(segs, p).blank += n
	}
}

// AddInvalid counts n invalid scores as AddBlank counts blank ones
// (Group.Invalid).
func (g *Grouper) AddInvalid(segs []string, p period.Period, n int64) {
	g.invalid += n
	if g.grouping() {
		g.find(segs, p).invalid += n
	}
}

// find returns the group of segs and p, adding it on first sight. g must
// group by something.
func (g *Grouper) find(segs []string, p period.Period) *entry {
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
		if c.idx != 0 && c.ord == ord && c.seg == seg {
			return g.entry(c.idx - 1)
		}
	}
	g.buf = appendKey(g.buf[:0], segs, g.unit, p.Ord)
	i, ok := g.index[string(g.buf)]
	if !ok {
		// First sight: the key string holds a copy of the values, so the
		// group's segments are slices of it.
		key := string(g.buf)
		i = g.insert(key, segmentsOf(key, g.nSeg), p.Ord)
	}
	e := g.entry(i)
	if c != nil {
		c.ord, c.idx, c.seg = ord, i+1, ""
		if g.nSeg == 1 {
			c.seg = e.segs[0]
		}
	}
	return e
}

// insert adds an empty group for key.
func (g *Grouper) insert(key string, segs []string, ord int32) int32 {
	if g.unit == period.None {
		ord = 0
	}
	i := g.n
	if i&(1<<chunkBits-1) == 0 {
		g.chunks = append(g.chunks, make([]entry, 1<<chunkBits))
	}
	e := g.entry(i)
	e.segs, e.ord = segs, ord
	g.n++
	g.index[key] = i
	return i
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

// segmentsOf decodes the n segment values of an encoded key; they share
// its memory.
func segmentsOf(key string, n int) []string {
	if n == 0 {
		return nil
	}
	segs := make([]string, n)
	off := 0
	for i := range segs {
		l, w := binary.Uvarint([]byte(key[off:min(off+binary.MaxVarintLen64, len(key))]))
		off += w
		segs[i] = key[off : off+int(l)]
		off += int(l)
	}
	return segs
}

// Merge adds o's groups into g. Both must group the same way (same number
// of segments and unit); o is left unchanged and shares no memory with g
// that either will write.
func (g *Grouper) Merge(o *Grouper) {
	if o.nSeg != g.nSeg || o.unit != g.unit {
		panic("breakdown: Merge of Groupers that group differently")
	}
	g.overall.Merge(&o.overall)
	g.blank += o.blank
	g.invalid += o.invalid
	for k := int32(0); k < o.n; k++ {
		e := o.entry(k)
		g.buf = appendKey(g.buf[:0], e.segs, g.unit, e.ord)
		i, ok := g.index[string(g.buf)]
		if !ok {
			// Segment strings are immutable: share them.
			i = g.insert(string(g.buf), e.segs, e.ord)
		}
		m := g.entry(i)
		m.tally.Merge(&e.tally)
		m.blank += e.blank
		m.invalid += e.invalid
	}
}

// Unscored are the numbers of blank and invalid scores added (AddBlank,
// AddInvalid).
func (g *Grouper) Unscored() (blank, invalid int64) { return g.blank, g.invalid }

// Unit is the period unit g groups by (period.None for none).
func (g *Grouper) Unit() period.Unit { return g.unit }

// Overall is the tally of everything added.
func (g *Grouper) Overall() nps.Tally { return g.overall }

// Len is the number of groups.
func (g *Grouper) Len() int { return int(g.n) }

// Groups returns the groups ordered by key: segments by name (byte order),
// then period by time. It returns nil when g groups by nothing. The
// Segments slices are shared with g and must not be modified.
func (g *Grouper) Groups() []Group {
	if !g.grouping() {
		return nil
	}
	out := make([]Group, g.n)
	for i := range out {
		e := g.entry(int32(i))
		out[i] = Group{Key: Key{Segments: e.segs}, Tally: e.tally, Blank: e.blank, Invalid: e.invalid}
		if g.unit != period.None {
			out[i].Key.Period = period.Period{Unit: g.unit, Ord: e.ord}
		}
	}
	slices.SortFunc(out, func(a, b Group) int { return a.Key.Compare(b.Key) })
	return out
}

// FillPeriods returns groups with the empty periods between each segment
// combination's first and last period inserted (n = 0), for an honest time
// axis. All segment combinations share the overall first..last range.
// The result is ordered as Groups orders it; groups is not modified. Groups
// without a period unit are returned as they are, in key order.
func FillPeriods(groups []Group) []Group {
	out := sortedCopy(groups)
	if len(out) == 0 || out[0].Key.Period.Unit == period.None {
		return out
	}
	unit := out[0].Key.Period.Unit
	first, last := out[0].Key.Period.Ord, out[0].Key.Period.Ord
	weighted := false
	for _, gr := range out {
		first = min(first, gr.Key.Period.Ord)
		last = max(last, gr.Key.Period.Ord)
		weighted = weighted || gr.Tally.Weighted
	}
	span := int(last-first) + 1
	combos := 1
	for i := 1; i < len(out); i++ {
		if compareSegments(out[i].Key.Segments, out[i-1].Key.Segments) != 0 {
			combos++
		}
	}
	filled := make([]Group, 0, combos*span)
	for i := 0; i < len(out); {
		segs := out[i].Key.Segments
		for ord := first; ; ord++ {
			if i < len(out) && out[i].Key.Period.Ord == ord && compareSegments(out[i].Key.Segments, segs) == 0 {
				filled = append(filled, out[i])
				i++
			} else {
				filled = append(filled, Group{
					Key:   Key{Segments: segs, Period: period.Period{Unit: unit, Ord: ord}},
					Tally: nps.Tally{Weighted: weighted},
				})
			}
			if ord == last {
				break
			}
		}
	}
	return filled
}

// Rolling returns, for each group, the merged tally of that period and the
// n-1 periods before it of the same segments (fewer at the start). groups
// must be filled and ordered as FillPeriods returns them. Periods missing
// from groups count as empty periods of the window. With n <= 1 the
// tallies are unchanged. groups is not modified.
func Rolling(groups []Group, n int) []Group {
	out := make([]Group, len(groups))
	copy(out, groups)
	if n <= 1 {
		return out
	}
	for i := range groups {
		cur := groups[i].Key
		if cur.Period.Unit == period.None {
			continue
		}
		oldest := int64(cur.Period.Ord) - int64(n) + 1
		for j := i - 1; j >= 0; j-- {
			prev := groups[j].Key
			if int64(prev.Period.Ord) < oldest || prev.Period.Ord >= cur.Period.Ord ||
				compareSegments(prev.Segments, cur.Segments) != 0 {
				break
			}
			out[i].Tally.Merge(&groups[j].Tally)
		}
	}
	return out
}

// sortedCopy returns groups in key order without modifying it.
func sortedCopy(groups []Group) []Group {
	out := slices.Clone(groups)
	slices.SortStableFunc(out, func(a, b Group) int { return a.Key.Compare(b.Key) })
	return out
}
