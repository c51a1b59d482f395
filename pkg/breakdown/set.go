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
	// Statuses counts blank and invalid rows per group too (Group.Blank,
	// Group.Invalid): the -f tally shape.
	Statuses bool
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
	plain    bool // no segments, periods, weights or blank and invalid counts: AddScore may be used
	statuses bool // some Spec counts blank and invalid rows
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
		s.statuses = s.statuses || sp.Statuses
		if len(sp.Cols) > 0 || sp.Unit != period.None || sp.Statuses {
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
	for i := range s.specs {
		segs, p := s.key(i, fields, y, m, d)
		s.groupers[i].Add(segs, p, score, weight)
	}
}

// AddN counts n valid scores of a pre-aggregated row, as Add would count
// the row repeated n times: w and w2 are the sums of their weights and
// squared weights (Grouper.AddN).
func (s *Set) AddN(fields []string, y int, m time.Month, d int, score int, n int64, w, w2 float64) {
	for i := range s.specs {
		segs, p := s.key(i, fields, y, m, d)
		s.groupers[i].AddN(segs, p, score, n, w, w2)
	}
}

// AddResponse counts the responses a row stands for (r.Count, with the
// sums r.Weight and r.Weight2), dated y-m-d, as their status asks: valid
// scores as AddN, blank and invalid ones in the groups of the Specs that
// count them (Spec.Statuses, Group.Blank, Group.Invalid).
func (s *Set) AddResponse(r *survey.Response, y int, m time.Month, d int) {
	if r.Status == survey.Valid {
		s.AddN(r.Fields, y, m, d, r.Score, r.Count, r.Weight, r.Weight2)
		return
	}
	if !s.statuses {
		return
	}
	for i := range s.specs {
		if !s.specs[i].Statuses {
			continue
		}
		segs, p := s.key(i, r.Fields, y, m, d)
		if r.Status == survey.Blank {
			s.groupers[i].AddBlank(segs, p, r.Count)
		} else {
			s.groupers[i].AddInvalid(segs, p, r.Count)
		}
	}
}

// key is the row's key in grouping i: its segment values (in a reused
// slice) and period.
func (s *Set) key(i int, fields []string, y int, m time.Month, d int) ([]string, period.Period) {
	sp := &s.specs[i]
	segs := s.segs[i]
	for k, c := range sp.Cols {
		segs[k] = fields[c]
	}
	var p period.Period
	if sp.Unit != period.None {
		p = period.OfDate(y, m, d, sp.Unit)
	}
	return segs, p
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
