package main

import (
	"cmp"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/drivers"
	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/render"
	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
)

// maxDriverValues is how many distinct values a column may have to be a
// segment column by default (SPEC §2: 2-50).
const maxDriverValues = 50

// maxDriverPeriodGroups bounds a column's (value, period) groups.
const maxDriverPeriodGroups = maxDriverValues * 1000

type driversOptions struct {
	base
	filter filterFlags
	by     []string // segment columns; none: every column without a role that has 2-50 values
	unit   period.Unit
	stats  statsFlags
}

func newDriversCmd(a *app, runF func(*driversOptions) error) *cobra.Command {
	o := &driversOptions{base: base{app: a}}
	cmd := &cobra.Command{
		Use:   "drivers [FILE...]",
		Short: "Rank the segments that lift or drag the NPS",
		Long: `For every value of each segment column, compare its NPS with the NPS of
the rest of the responses: n, share, NPS with its interval, the rest's NPS,
the gap with its interval, a p-value adjusted by Holm across all rows, and
the impact: share × (rest NPS − segment NPS), the points the overall NPS
would gain if the segment scored like the rest. Rows are ranked by impact;
significant drags (▼) and lifts (▲) are marked.

The segment columns are --by a,b,c (each on its own), or by default every
column with 2 to 50 distinct values that is not the score, date, id,
comment or weight column. With --period, each row also says whether its
gap changed between the last two periods.`,
		Example: `  nps drivers responses.csv
  nps drivers responses.csv --by region,plan --period quarter
  nps drivers responses.csv -f json`,
	}
	cmd.RunE = runE(&o.base, o, runF, runDrivers)
	o.input.AddFlags(cmd)
	o.input.AddWeightFlag(cmd)
	o.input.AddCountFlag(cmd)
	o.input.AddDBFlags(cmd)
	o.input.AddRoleFlags(cmd)
	o.filter.AddFlags(cmd, &o.input)
	addGroup(cmd, headingGrouping, func(f *pflag.FlagSet) {
		f.StringSliceVar(&o.by, "by", nil, "segment `COL[,COL...]`, each on its own (default: every column with 2-50 values and no role)")
		f.Var(newValue(&o.unit, period.None, "", "string", parsePeriod), "period", "also compare each gap between the last two periods of `PERIOD`: "+strings.Join(periodNames, ", "))
	})
	o.input.completeColumnList(cmd, "by")
	completeChoices(cmd, "period", periodNames)
	o.stats.AddIntervalFlags(cmd)
	o.out.AddFlags(cmd, render.Table)
	return cmd
}

func runDrivers(o *driversOptions) error {
	a, format, opt := &o.base, o.out.formatOr(render.Table), o.stats.options()
	if o.input.db != "" && len(o.by) == 0 {
		return usererr.Usagef("name the segment columns with --by COL[,COL...]", "drivers with --db needs --by: the database sends the tally of the columns named")
	}
	fixed := []engine.Grouping{{}}
	if o.unit != period.None {
		fixed = append(fixed, engine.Grouping{Period: o.unit})
	}
	q, err := a.query(a.files, &o.filter, fixed...)
	if err != nil {
		return err
	}
	var cols []string
	q.Derive = func(columns []string, roles survey.Roles) []engine.Grouping {
		var gs []engine.Grouping
		cols, gs = driverGroupings(o.by, columns, roles, o.unit)
		return gs
	}
	res, err := engine.Run(a.ctx, q)
	if res != nil {
		a.warn(res.Warnings)
	}
	if err = a.explainEmpty(q, res, err); err != nil {
		return err
	}
	overall := res.Groupings[0].Overall()
	dopt := drivers.Options{Options: opt}
	rep := &render.DriversReport{Overall: overall.Result(opt), Confidence: opt.Confidence}
	var prevOrd, lastOrd int32
	if o.unit != period.None {
		ps := res.Groupings[1].Groups()
		if len(ps) >= 2 {
			prev, last := ps[len(ps)-2], ps[len(ps)-1]
			dopt.Periods, dopt.PrevAll, dopt.LastAll = true, prev.Tally, last.Tally
			prevOrd, lastOrd = prev.Key.Period.Ord, last.Key.Period.Ord
			rep.Periods = []string{prev.Key.Period.Label(), last.Key.Period.Label()}
		}
	}
	step := 1
	if o.unit != period.None {
		step = 2
	}
	byPeriod := map[int]map[string][2]nps.Tally{} // per grouping, its values' tallies in the two periods
	src := driverSegments(res, cols, len(fixed), step, len(o.by) > 0, func(i int, s *drivers.Segment) {
		if !dopt.Periods {
			return
		}
		tallies, ok := byPeriod[i]
		if !ok { // the column's tallies by period, once
			tallies = periodTallies(res.Groupings[i+1].Groups(), prevOrd, lastOrd)
			byPeriod[i] = tallies
		}
		t := tallies[s.Value]
		s.Prev, s.Last = t[0], t[1]
	})
	// The drivers are ranked and written one at a time, never all held:
	// --by may name a column with a value per respondent.
	rep.Each, rep.N = drivers.Ranked(&overall, src.n, src.segment, dopt), src.n
	return a.emit(func(w io.Writer) error { return render.Write(w, format, render.Drivers(rep), a.style()) })
}

// driverGroupings are the groupings drivers fill in the pass: one per
// segment column (by, or by default every column without a role, given up
// past 50 values), each followed by one by period when unit is not
// period.None. It returns the columns with them.
func driverGroupings(by, columns []string, roles survey.Roles, unit period.Unit) ([]string, []engine.Grouping) {
	cols := by
	if len(cols) == 0 {
		cols = segmentColumns(columns, roles)
	}
	var gs []engine.Grouping
	for _, c := range cols {
		g := engine.Grouping{By: []string{c}}
		if len(by) == 0 {
			g.MaxGroups = maxDriverValues
		}
		gs = append(gs, g)
		if unit != period.None {
			gs = append(gs, engine.Grouping{By: []string{c}, Period: unit, MaxGroups: maxDriverPeriodGroups})
		}
	}
	return cols, gs
}

// driverSource is the segments of the groupings driverGroupings made, by
// number (drivers.Ranked), made when asked for: a column may have a value
// per respondent. kept says which columns are in.
type driverSource struct {
	kept    []bool
	n       int
	segment func(i int) *drivers.Segment
}

// driverSegments are the segments of the groupings driverGroupings made,
// the first at res.Groupings[first], step apart: a column given up (more
// than 50 values) or, unless explicit (--by), with a single value is left
// out. each, when set, completes a segment of grouping i.
func driverSegments(res *engine.Result, cols []string, first, step int, explicit bool, each func(i int, s *drivers.Segment)) driverSource {
	type column struct {
		name  string
		i     int // its grouping
		order []int32
		start int // the number of its first segment
	}
	src := driverSource{kept: make([]bool, len(cols))}
	var kept []column
	for k, c := range cols {
		i := first + k*step
		if res.Dropped[i] {
			continue
		}
		order := res.Groupings[i].Order()
		if !explicit && len(order) < 2 {
			continue
		}
		src.kept[k] = true
		if len(order) > 0 { // no two columns start at the same number
			kept = append(kept, column{name: c, i: i, order: order, start: src.n})
			src.n += len(order)
		}
	}
	var seg drivers.Segment
	src.segment = func(n int) *drivers.Segment {
		k, _ := slices.BinarySearchFunc(kept, n, func(c column, n int) int { return cmp.Compare(c.start, n) })
		if k == len(kept) || kept[k].start > n {
			k-- // the column whose numbers start before n
		}
		c := &kept[k]
		g := res.Groupings[c.i].Group(c.order[n-c.start])
		seg = drivers.Segment{Column: c.name, Value: g.Key.Segments[0], Tally: g.Tally}
		if each != nil {
			each(c.i, &seg)
		}
		return &seg
	}
	return src
}

// segmentColumns are the columns that may segment by default: all but the
// role columns.
func segmentColumns(columns []string, roles survey.Roles) []string {
	skip := []int{roles.Score, roles.Date, roles.ID, roles.Comment, roles.Weight, roles.Count, roles.WeightSq}
	var out []string
	for i, c := range columns {
		if !slices.Contains(skip, i) {
			out = append(out, c)
		}
	}
	return out
}

// periodTallies are each value's tallies in the periods prev and last.
func periodTallies(groups []breakdown.Group, prev, last int32) map[string][2]nps.Tally {
	out := map[string][2]nps.Tally{}
	for _, g := range groups {
		v := g.Key.Segments[0]
		t := out[v]
		switch g.Key.Period.Ord {
		case prev:
			t[0] = g.Tally
		case last:
			t[1] = g.Tally
		}
		out[v] = t
	}
	return out
}
