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
	specs    []Spec
	groupers []*Grouper
	segs     [][]string
	needDate bool
	plain    bool // no segments, no periods, no weights: AddScore may be used
}

// NewSet returns an empty Set for specs (one Grouper each; none is taken as
// one overall grouping). weighted selects Tally.AddWeighted.
func NewSet(specs []Spec, weighted bool) *Set {
	if len(specs) == 0 {
		specs = []Spec{{}}
	}
	s := &Set{specs: specs, plain: !weighted}
	for _, sp := range specs {
		s.groupers = append(s.groupers, NewGrouper(len(sp.Cols), sp.Unit, weighted))
		s.segs = append(s.segs, make([]string, len(sp.Cols)))
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
	for i, sp := range s.specs {
		segs := s.segs[i]
		for k, c := range sp.Cols {
			segs[k] = fields[c]
		}
		var p period.Period
		if sp.Unit != period.None {
			p = period.OfDate(y, m, d, sp.Unit)
		}
		s.groupers[i].Add(segs, p, score, weight)
	}
}

// AddScore counts one valid score with weight 1 in a Plain set.
func (s *Set) AddScore(score int) {
	for _, g := range s.groupers {
		g.overall.Add(score)
	}
}

// Merge adds o, which must have been made with the same specs. o is
// emptied as it is merged (Grouper.Absorb).
func (s *Set) Merge(o *Set) {
	for i, g := range s.groupers {
		g.Absorb(o.groupers[i])
	}
}

// Groupers are the groupings' tallies, in Spec order.
func (s *Set) Groupers() []*Grouper { return s.groupers }
