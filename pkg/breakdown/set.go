package breakdown

import (
	"time"

	"github.com/npskit/nps/pkg/period"
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
	Weight float64
}

// Set fills several groupings (a grouping set) from the same rows in one
// pass: per segment column for drivers, overall plus period for a report.
// It is the one place where a row becomes group keys. Not safe for
// concurrent use; merge per-worker Sets with Merge.
type Set struct {
	specs    []Spec
	groupers []*Grouper
	segs     [][]string
	needDate bool
	plain    bool // no segments, no periods, no weights: AddScore may be used
	accs     []Accumulator
	accum    bool   // some grouping has an accumulator
	dropped  []bool // per grouping: more groups than its MaxGroups
}

// NewSet returns an empty Set for specs (one Grouper each; none is taken as
// one overall grouping). weighted selects Tally.AddWeighted.
func NewSet(specs []Spec, weighted bool) *Set {
	if len(specs) == 0 {
		specs = []Spec{{}}
	}
	s := &Set{specs: specs, plain: !weighted, accs: make([]Accumulator, len(specs)), dropped: make([]bool, len(specs))}
	for i, sp := range specs {
		s.groupers = append(s.groupers, NewGrouper(len(sp.Cols), sp.Unit, weighted))
		s.segs = append(s.segs, make([]string, len(sp.Cols)))
		if sp.Unit != period.None {
			s.needDate = true
		}
		if len(sp.Cols) > 0 || sp.Unit != period.None || sp.Acc != nil {
			s.plain = false
		}
		if sp.Acc != nil {
			s.accs[i] = sp.Acc.Empty()
			s.accum = true
		}
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
	s.add(fields, y, m, d, score, weight, nil)
}

// AddRow is Add for a Set that Accumulates: it counts r's score and hands
// r, with its key, to the accumulator of each grouping that has one.
func (s *Set) AddRow(r *Row, y int, m time.Month, d int) {
	s.add(r.Fields, y, m, d, r.Score, r.Weight, r)
}

func (s *Set) add(fields []string, y int, m time.Month, d int, score int, weight float64, r *Row) {
	for i, sp := range s.specs {
		if s.dropped[i] {
			continue
		}
		segs := s.segs[i]
		for k, c := range sp.Cols {
			segs[k] = fields[c]
		}
		var p period.Period
		if sp.Unit != period.None {
			p = period.OfDate(y, m, d, sp.Unit)
		}
		g := s.groupers[i]
		g.Add(segs, p, score, weight)
		if sp.MaxGroups > 0 && g.Len() > sp.MaxGroups {
			s.drop(i)
			continue
		}
		if r != nil && s.accs[i] != nil {
			s.accs[i].Add(Key{Segments: segs, Period: p}, r)
		}
	}
}

// drop gives grouping i up: its groups are forgotten.
func (s *Set) drop(i int) {
	s.dropped[i] = true
	s.groupers[i] = NewGrouper(len(s.specs[i].Cols), s.specs[i].Unit, s.groupers[i].weighted)
}

// Dropped reports whether grouping i had more groups than its MaxGroups
// and was given up: its Grouper then holds nothing.
func (s *Set) Dropped(i int) bool { return s.dropped[i] }

// Accumulator is grouping i's accumulator (nil when it has none).
func (s *Set) Accumulator(i int) Accumulator { return s.accs[i] }

// AddScore counts one valid score with weight 1 in a Plain set.
func (s *Set) AddScore(score int) {
	for _, g := range s.groupers {
		g.overall.Add(score)
	}
}

// Merge adds o, which must have been made with the same specs.
func (s *Set) Merge(o *Set) {
	for i, g := range s.groupers {
		if s.dropped[i] {
			continue
		}
		if o.dropped[i] {
			s.drop(i)
			continue
		}
		g.Merge(o.groupers[i])
		if m := s.specs[i].MaxGroups; m > 0 && g.Len() > m {
			s.drop(i)
			continue
		}
		if s.accs[i] != nil {
			s.accs[i].Merge(o.accs[i])
		}
	}
}

// Groupers are the groupings' tallies, in Spec order.
func (s *Set) Groupers() []*Grouper { return s.groupers }
