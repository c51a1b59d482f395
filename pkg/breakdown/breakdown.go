// Package breakdown groups responses into tallies by segment values and
// period in one streaming pass, and shapes the groups into trends (empty
// periods kept, rolling windows).
package breakdown

import (
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
)

// Key identifies a group: the values of the --by columns, in --by order, and
// the period when grouping by period.
type Key struct {
	Segments []string
	Period   period.Period // Unit == period.None when not grouping by period
}

// Group is one group's tally.
type Group struct {
	Key   Key
	Tally nps.Tally
}

// Grouper accumulates tallies per group and overall. Not safe for
// concurrent use; merge per-worker Groupers with Merge.
type Grouper struct{}

// NewGrouper groups by nSegments segment values and, unless unit is
// period.None, by period of unit. weighted selects Tally.AddWeighted.
func NewGrouper(nSegments int, unit period.Unit, weighted bool) *Grouper { panic("contract stub") }

// Add counts one valid score. segs has nSegments values (not retained: a key
// seen before allocates nothing); p is ignored without a period unit.
func (g *Grouper) Add(segs []string, p period.Period, score int, weight float64) {
	panic("contract stub")
}

// Merge adds o's groups into g.
func (g *Grouper) Merge(o *Grouper) { panic("contract stub") }

// Overall is the tally of everything added.
func (g *Grouper) Overall() nps.Tally { panic("contract stub") }

// Groups returns the groups ordered by key: segments by name (byte order),
// then period by time.
func (g *Grouper) Groups() []Group { panic("contract stub") }

// FillPeriods returns groups with the empty periods between each segment
// combination's first and last period inserted (n = 0), for an honest time
// axis. All segment combinations share the overall first..last range.
func FillPeriods(groups []Group) []Group { panic("contract stub") }

// Rolling returns, for each group, the merged tally of that period and the
// n-1 periods before it of the same segments (fewer at the start). groups
// must be filled and ordered as FillPeriods returns them.
func Rolling(groups []Group, n int) []Group { panic("contract stub") }
