package themes

import (
	"encoding/binary"
	"slices"
	"strings"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/nps"
)

// MaxExamples is how many example comments a term keeps per category.
const MaxExamples = 3

// flushAt is how many distinct comments a Counter holds before it turns
// them into term counts: memory stays bounded by the vocabulary, while
// comments that repeat (and exports repeat many) are read once.
const flushAt = 1 << 15

// Options say how comments become terms.
type Options struct {
	Lang Lang // Auto (the default is English: set Auto to detect) or one language for all
	Stem bool // count Snowball stems instead of words
}

// Counter is the themes accumulator: per group key and category, how many
// comments use each term, and the earliest few comments that do as
// examples. It is a breakdown.Accumulator: the engine hands it every valid
// response, one Counter per worker, merged at the end; the counts and
// examples do not depend on how the rows were split (examples are the
// comments of the smallest input and line).
type Counter struct {
	col    int // the comment column
	opt    Options
	an     *analyzer
	groups map[string]*groupCounts
	order  []*groupCounts // in first-seen order, for a stable flush
	last   *groupCounts   // the group of the previous row
	buf    []byte
	limit  int   // flush at this many distinct comments (flushAt; tests make it small)
	nText  int   // distinct comments held in all groups
	nRows  int64 // comments added since the last flush
	// direct: comments seldom repeat here (a flush found nearly as many
	// distinct texts as rows), so each is turned into terms as it comes.
	direct bool
}

// groupCounts is one group's comments and terms.
type groupCounts struct {
	key      breakdown.Key // its own copy
	comments [3]int64      // non-blank comments per category
	texts    map[string]*textCount
	terms    map[string]*TermCount
}

// textCount is a distinct comment not yet turned into terms.
type textCount struct {
	n     [3]int64
	first [3]int64 // the smallest position per category (0: none yet)
}

// TermCount is how many comments of each category use a term, with
// examples.
type TermCount struct {
	Count    [3]int64
	Examples [3]examples
}

// examples are up to MaxExamples distinct comments with their positions,
// the smallest positions kept.
type examples struct {
	n    int
	pos  [MaxExamples]int64
	text [MaxExamples]string
	last string // the text the last add stored
}

// NewCounter returns an empty Counter that reads comments from column col.
func NewCounter(col int, opt Options) *Counter {
	return &Counter{col: col, opt: opt, an: newAnalyzer(opt.Lang, opt.Stem), groups: map[string]*groupCounts{}, limit: flushAt}
}

// Empty returns a new, empty Counter like c.
func (c *Counter) Empty() breakdown.Accumulator { return NewCounter(c.col, c.opt) }

// position orders rows: input, then line (+1, so that 0 is none).
func position(r *breakdown.Row) int64 { return int64(r.Input)<<40 | (r.Line + 1) }

// Add counts the comment of one valid response of group k.
func (c *Counter) Add(k breakdown.Key, r *breakdown.Row) {
	text := strings.TrimSpace(r.Fields[c.col])
	if text == "" {
		return
	}
	g := c.group(k)
	cat := nps.Classify(r.Score)
	g.comments[cat]++
	pos := position(r)
	if c.direct {
		var one textCount
		one.n[cat], one.first[cat] = 1, pos
		c.count(g, text, &one, true)
		return
	}
	c.nRows++
	t := g.texts[text]
	if t == nil {
		t = &textCount{}
		g.texts[strings.Clone(text)] = t
		c.nText++
	}
	t.n[cat]++
	if t.first[cat] == 0 || pos < t.first[cat] {
		t.first[cat] = pos
	}
	if c.nText >= c.limit {
		c.flush()
	}
}

// group returns the counts of key k, made on first sight.
func (c *Counter) group(k breakdown.Key) *groupCounts {
	if g := c.last; g != nil && g.key.Period == k.Period && slices.Equal(g.key.Segments, k.Segments) {
		return g
	}
	c.buf = c.buf[:0]
	for _, s := range k.Segments {
		c.buf = binary.AppendUvarint(c.buf, uint64(len(s)))
		c.buf = append(c.buf, s...)
	}
	c.buf = binary.BigEndian.AppendUint32(c.buf, uint32(k.Period.Ord))
	g := c.groups[string(c.buf)]
	if g == nil {
		segs := make([]string, len(k.Segments))
		for i, s := range k.Segments {
			segs[i] = strings.Clone(s)
		}
		g = &groupCounts{key: breakdown.Key{Segments: segs, Period: k.Period}, texts: map[string]*textCount{}, terms: map[string]*TermCount{}}
		c.groups[string(c.buf)] = g
		c.order = append(c.order, g)
	}
	c.last = g
	return g
}

// flush turns the distinct comments held into term counts. When nearly
// every comment since the last flush was distinct, the Counter counts
// terms directly from then on: holding comments only pays when they
// repeat. Either way the counts are the same.
func (c *Counter) flush() {
	for _, g := range c.order {
		for text, t := range g.texts {
			c.count(g, text, t, false)
		}
		clear(g.texts)
	}
	if c.nText >= c.limit && c.nRows < int64(c.nText)*11/10 {
		c.direct = true
	}
	c.nText, c.nRows = 0, 0
}

// count adds the terms of text, used t.n times per category (t.first its
// earliest position), to g. clone: text is not the Counter's own (copy it
// to keep it as an example).
func (c *Counter) count(g *groupCounts, text string, t *textCount, clone bool) {
	for _, term := range c.an.Terms(text) {
		tc := g.terms[term]
		if tc == nil {
			tc = &TermCount{}
			g.terms[strings.Clone(term)] = tc
		}
		for cat := range 3 {
			if t.n[cat] > 0 {
				tc.Count[cat] += t.n[cat]
				if tc.Examples[cat].add(t.first[cat], text, clone) {
					clone = false // the copy just kept serves the other terms too
					text = tc.Examples[cat].last
				}
			}
		}
	}
}

// add offers a comment at pos: kept when it is among the MaxExamples
// smallest positions of distinct comments (a copy of it when clone). It
// reports whether it stored text anew; e.last is then the string stored.
func (e *examples) add(pos int64, text string, clone bool) bool {
	for i := 0; i < e.n; i++ {
		if e.text[i] == text {
			if pos < e.pos[i] {
				e.pos[i] = pos
				e.sort()
			}
			return false
		}
	}
	if e.n == MaxExamples && pos >= e.pos[e.n-1] {
		return false
	}
	if clone {
		text = strings.Clone(text)
	}
	if e.n < MaxExamples {
		e.pos[e.n], e.text[e.n] = pos, text
		e.n++
	} else {
		e.pos[e.n-1], e.text[e.n-1] = pos, text
	}
	e.last = text
	e.sort()
	return true
}

func (e *examples) sort() {
	for i := 1; i < e.n; i++ {
		for j := i; j > 0 && e.pos[j] < e.pos[j-1]; j-- {
			e.pos[j], e.pos[j-1] = e.pos[j-1], e.pos[j]
			e.text[j], e.text[j-1] = e.text[j-1], e.text[j]
		}
	}
}

// list is the examples, earliest first.
func (e *examples) list() []string { return slices.Clone(e.text[:e.n]) }

// Merge adds o, another Counter.
func (c *Counter) Merge(other breakdown.Accumulator) {
	o := other.(*Counter)
	c.flush()
	o.flush()
	for _, og := range o.order {
		g := c.group(og.key)
		for cat := range 3 {
			g.comments[cat] += og.comments[cat]
		}
		for term, ot := range og.terms {
			tc := g.terms[term]
			if tc == nil {
				tc = &TermCount{}
				g.terms[term] = tc
			}
			for cat := range 3 {
				tc.Count[cat] += ot.Count[cat]
				for i := 0; i < ot.Examples[cat].n; i++ {
					tc.Examples[cat].add(ot.Examples[cat].pos[i], ot.Examples[cat].text[i], false)
				}
			}
		}
	}
}

// Group is one group's term counts.
type Group struct {
	Key      breakdown.Key
	Comments [3]int64 // non-blank comments per category (nps.Detractor, Passive, Promoter)
	Terms    map[string]*TermCount
}

// Groups returns the groups ordered by key (segments by value, then
// period by time).
func (c *Counter) Groups() []Group {
	c.flush()
	out := make([]Group, 0, len(c.order))
	for _, g := range c.order {
		out = append(out, Group{Key: g.key, Comments: g.comments, Terms: g.terms})
	}
	slices.SortFunc(out, func(a, b Group) int { return a.Key.Compare(b.Key) })
	return out
}
