package breakdown

import (
	"time"

	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/survey"
)

// Spec is one grouping of a Set: the row fields whose values make the
// segment key, in key order, and the period unit (period.None for none).
type Spec struct {
	Cols []int
	Unit period.Unit
	// MaxGroups, when above 0, gives the grouping up once it has more
	// groups than this (drivers try every column, and a column of ids
	// would otherwise hold a group per row): Set.Dropped then reports it.
	MaxGroups int
	// Acc, when not nil, is an accumulator of another kind filled from
	// the same rows (themes' term counts): each Set gets its own empty
	// copy (Acc.Empty()), handed every row of this grouping with its key
	// by AddRow.
	Acc Accumulator
	// Statuses counts blank and invalid rows per group too (Group.Blank,
	// Group.Invalid): the -f tally shape.
	Statuses bool
}

// Accumulator is a second kind of accumulator, beside the tallies, that a
// Set fills in the same pass. Like a tally it must merge: the fast path
// gives each worker its own and merges them at the end, so the result may
// not depend on how the rows were split (keep what is kept per key and
// deterministic in Row.Input and Row.Line, not in arrival order).
type Accumulator interface {
	// Add takes one valid response of the group key. The key's Segments
	// and the row's Fields are reused after Add returns.
	Add(key Key, r *Row)
	// Merge adds o, an accumulator of the same kind.
	Merge(o Accumulator)
	// Empty returns a new, empty accumulator of the same kind.
	Empty() Accumulator
}

// Row is one valid response as an Accumulator sees it.
type Row struct {
	Fields []string // by reader column; on the fast path only the scanned ones are set
	Input  int      // the input's index, in the order given
	Line   int64    // where the record starts
	Score  int
	Weight float64 // the sum of the weights of the Count responses
	Count  int64   // the responses the row stands for (1 unless pre-aggregated)
}

// Set fills several groupings (a grouping set) from the same rows in one
// pass: per segment column for drivers, overall plus period for a report.
// It is the one place where a row becomes group keys. Not safe for
// concurrent use; merge per-worker Sets with Merge.
type Set struct {
	sets     []grouping
	groupers []*Grouper
	needDate bool
	plain    bool // no segments, no periods, no weights: AddScore may be used
	special  bool // some grouping has a group limit or an accumulator
	accum    bool // some grouping has an accumulator
	statuses bool // some grouping counts blank and invalid rows
	row      Row  // the row AddResponse hands to accumulators, reused
}

// grouping is what Add needs of one Spec, kept together.
type grouping struct {
	cols    []int
	unit    period.Unit
	segs    []string // the key being built, reused
	gr      *Grouper
	max     int         // Spec.MaxGroups
	acc     Accumulator // this Set's own, or nil
	dropped bool        // more groups than max: given up
	// statuses: Spec.Statuses
	statuses bool
	// lastDay and lastPeriod are the date of the row before (dayKey; -1
	// for none) and its period: exports are mostly in date order, and rows
	// of one day then share the calendar arithmetic.
	lastDay    int
	lastPeriod period.Period
}

// dayKey packs a date into one comparable number (d < 32, m < 16).
func dayKey(y int, m time.Month, d int) int { return y<<9 | int(m)<<5 | d }

// period is the period of the date y-m-d in g's unit.
func (g *grouping) period(y int, m time.Month, d int) period.Period {
	if dayKey(y, m, d) == g.lastDay {
		return g.lastPeriod
	}
	return g.newDay(y, m, d)
}

// newDay is period for a date other than the last one.
func (g *grouping) newDay(y int, m time.Month, d int) period.Period {
	g.lastDay, g.lastPeriod = dayKey(y, m, d), period.OfDate(y, m, d, g.unit)
	return g.lastPeriod
}

// NewSet returns an empty Set for specs (one Grouper each; none is taken as
// one overall grouping). weighted selects Tally.AddWeighted.
func NewSet(specs []Spec, weighted bool) *Set {
	if len(specs) == 0 {
		specs = []Spec{{}}
	}
	s := &Set{plain: !weighted}
	for _, sp := range specs {
		gr := NewGrouper(len(sp.Cols), sp.Unit, weighted)
		// A grouping with a limit counts its groups after every row: rows
		// mode would fold for each.
		gr.hashOnly = sp.MaxGroups > 0
		s.groupers = append(s.groupers, gr)
		g := grouping{cols: sp.Cols, unit: sp.Unit, segs: make([]string, len(sp.Cols)), gr: gr, max: sp.MaxGroups, statuses: sp.Statuses, lastDay: -1}
		if sp.Acc != nil {
			g.acc = sp.Acc.Empty()
			s.accum = true
		}
		s.sets = append(s.sets, g)
		if sp.Unit != period.None {
			s.needDate = true
		}
		s.statuses = s.statuses || sp.Statuses
		if len(sp.Cols) > 0 || sp.Unit != period.None || sp.Acc != nil || sp.Statuses {
			s.plain = false
		}
		s.special = s.special || sp.MaxGroups > 0 || sp.Acc != nil
	}
	return s
}

// Accumulates reports whether some grouping has an accumulator, so that
// rows go to AddRow.
func (s *Set) Accumulates() bool { return s.accum }

// NeedsDate reports whether Add uses the date (some grouping has a period).
func (s *Set) NeedsDate() bool { return s.needDate }

// Plain reports whether every grouping is overall only and unweighted, so
// a row's score is all that AddScore needs.
func (s *Set) Plain() bool { return s.plain }

// Add counts one valid score of the row whose values are fields (indexed
// by Spec.Cols; not retained) and whose civil date is y-m-d (read only
// when NeedsDate).
func (s *Set) Add(fields []string, y int, m time.Month, d int, score int, weight float64) {
	if s.special {
		s.add(fields, y, m, d, score, 1, weight, weight*weight, nil)
		return
	}
	// g.key written out: the call is not inlined, and this is the hot path.
	for i := range s.sets {
		g := &s.sets[i]
		for k, c := range g.cols {
			g.segs[k] = fields[c]
		}
		var p period.Period
		if g.unit != period.None {
			p = g.period(y, m, d)
		}
		g.gr.Add(g.segs, p, score, weight)
	}
}

// key sets g.segs to the row's segment values and returns its period.
func (g *grouping) key(fields []string, y int, m time.Month, d int) (p period.Period) {
	for k, c := range g.cols {
		g.segs[k] = fields[c]
	}
	if g.unit != period.None {
		p = g.period(y, m, d)
	}
	return p
}

// AddRow is Add for a Set that Accumulates: it counts r's score (r.Count
// times, 1 if 0) and hands r, with its key, to the accumulator of each
// grouping that has one.
func (s *Set) AddRow(r *Row, y int, m time.Month, d int) {
	n := max(r.Count, 1)
	w := r.Weight
	s.add(r.Fields, y, m, d, r.Score, n, w, w*w/float64(n), r)
}

// AddResponse counts what a reader's response stands for: r.Count valid
// scores with the weight sums r.Weight and r.Weight2, in every grouping
// (handed to accumulators too), or r.Count blank or invalid scores in the
// groupings that count them (Spec.Statuses). y-m-d is its civil date,
// read only when NeedsDate. Sources hand every kept response here.
func (s *Set) AddResponse(r *survey.Response, y int, m time.Month, d int) {
	switch r.Status {
	case survey.Valid:
	case survey.Blank:
		s.addUnscored(r.Fields, y, m, d, r.Count, (*Grouper).AddBlank)
		return
	default:
		s.addUnscored(r.Fields, y, m, d, r.Count, (*Grouper).AddInvalid)
		return
	}
	if s.accum {
		s.row = Row{Fields: r.Fields, Input: r.Input, Line: r.Line, Score: r.Score, Weight: r.Weight, Count: r.Count}
		s.add(r.Fields, y, m, d, r.Score, r.Count, r.Weight, r.Weight2, &s.row)
		return
	}
	if r.Count == 1 && r.Weight2 == r.Weight*r.Weight {
		s.Add(r.Fields, y, m, d, r.Score, r.Weight)
		return
	}
	s.add(r.Fields, y, m, d, r.Score, r.Count, r.Weight, r.Weight2, nil)
}

// addUnscored counts n blank or invalid scores (as fn says) in the
// groupings that count them.
func (s *Set) addUnscored(fields []string, y int, m time.Month, d int, n int64, fn func(*Grouper, []string, period.Period, int64)) {
	if !s.statuses {
		return
	}
	for i := range s.sets {
		if g := &s.sets[i]; g.statuses && !g.dropped {
			fn(g.gr, g.segs, g.key(fields, y, m, d), n)
		}
	}
}

// add is Add with group limits, accumulators and rows that stand for n
// responses whose weights sum to w and squared weights to w2.
func (s *Set) add(fields []string, y int, m time.Month, d int, score int, n int64, w, w2 float64, r *Row) {
	for i := range s.sets {
		g := &s.sets[i]
		if g.dropped {
			continue
		}
		p := g.key(fields, y, m, d)
		if n == 1 && w2 == w*w {
			g.gr.Add(g.segs, p, score, w)
		} else {
			g.gr.AddN(g.segs, p, score, n, w, w2)
		}
		if g.max > 0 && g.gr.Len() > g.max {
			s.drop(i)
			continue
		}
		if r != nil && g.acc != nil {
			g.acc.Add(Key{Segments: g.segs, Period: p}, r)
		}
	}
}

// drop gives grouping i up: its groups are forgotten.
func (s *Set) drop(i int) {
	g := &s.sets[i]
	g.dropped = true
	g.gr = NewGrouper(len(g.cols), g.unit, g.gr.weighted)
	s.groupers[i] = g.gr
}

// Dropped reports whether grouping i had more groups than its MaxGroups
// and was given up: its Grouper then holds nothing.
func (s *Set) Dropped(i int) bool { return s.sets[i].dropped }

// Accumulator is grouping i's accumulator (nil when it has none).
func (s *Set) Accumulator(i int) Accumulator { return s.sets[i].acc }

// AddScore counts one valid score with weight 1 in a Plain set.
func (s *Set) AddScore(score int) {
	for _, g := range s.groupers {
		g.overall.Add(score)
	}
}

// AddScores is AddScore n times.
func (s *Set) AddScores(score int, n int64) {
	for _, g := range s.groupers {
		g.overall.AddN(score, n)
	}
}

// Merge adds o, which must have been made with the same specs. o is
// emptied as it is merged (Grouper.Absorb).
func (s *Set) Merge(o *Set) {
	for i := range s.sets {
		g, og := &s.sets[i], &o.sets[i]
		if g.dropped {
			continue
		}
		if og.dropped {
			s.drop(i)
			continue
		}
		g.gr.Absorb(og.gr)
		if g.max > 0 && g.gr.Len() > g.max {
			s.drop(i)
			continue
		}
		if g.acc != nil {
			g.acc.Merge(og.acc)
		}
	}
}

// Groupers are the groupings' tallies, in Spec order.
func (s *Set) Groupers() []*Grouper { return s.groupers }
