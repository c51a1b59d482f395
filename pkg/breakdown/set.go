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
}

// grouping is what Add needs of one Spec, kept together.
type grouping struct {
	cols []int
	unit period.Unit
	segs []string // the key being built, reused
	gr   *Grouper
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
		s.groupers = append(s.groupers, gr)
		s.sets = append(s.sets, grouping{cols: sp.Cols, unit: sp.Unit, segs: make([]string, len(sp.Cols)), gr: gr})
		if sp.Unit != period.None {
			s.needDate = true
		}
		if len(sp.Cols) > 0 || sp.Unit != period.None {
			s.plain = false
		}
	}
	return s
}

// NeedsDate reports whether Add uses the date (some grouping has a period).
func (s *Set) NeedsDate() bool { return s.needDate }

// Plain reports whether every grouping is overall only and unweighted, so
// a row's score is all that AddScore needs.
func (s *Set) Plain() bool { return s.plain }

// Add counts one valid score of the row whose values are fields (indexed
// by Spec.Cols; not retained) and whose civil date is y-m-d (read only
// when NeedsDate).
func (s *Set) Add(fields []string, y int, m time.Month, d int, score int, weight float64) {
	for i := range s.sets {
		g := &s.sets[i]
		for k, c := range g.cols {
			g.segs[k] = fields[c]
		}
		var p period.Period
		if g.unit != period.None {
			p = period.OfDate(y, m, d, g.unit)
		}
		g.gr.Add(g.segs, p, score, weight)
	}
}

// AddScore counts one valid score with weight 1 in a Plain set.
func (s *Set) AddScore(score int) {
	for _, g := range s.groupers {
		g.overall.Add(score)
	}
}

// Merge adds o, which must have been made with the same specs.
func (s *Set) Merge(o *Set) {
	for i, g := range s.groupers {
		g.Merge(o.groupers[i])
	}
}

// Groupers are the groupings' tallies, in Spec order.
func (s *Set) Groupers() []*Grouper { return s.groupers }
