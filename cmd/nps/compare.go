package main

import (
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/drivers"
	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/render"
	"github.com/npskit/nps/pkg/usererr"
)

type compareOptions struct {
	base
	filter       filterFlags
	group        groupFlags
	stats        statsFlags
	sideA, sideB string
	adjust       nps.Adjustment
}

func newCompareCmd(a *app, runF func(*compareOptions) error) *cobra.Command {
	o := &compareOptions{base: base{app: a}}
	cmd := &cobra.Command{
		Use:   "compare [FILE...]",
		Short: "Say whether two NPS values differ (files, periods or segments)",
		Long: `Compare two NPS values and say whether the difference is real:

  nps compare A.csv B.csv                      two files
  nps compare FILE --period quarter            the last two quarters
  nps compare FILE --period quarter --a 2025-Q1 --b 2025-Q3
  nps compare FILE --by region --a EMEA --b APAC
  nps compare FILE --by region                 every region against the rest

The difference is b - a, with its confidence interval, z, the two-sided
p-value and whether it is significant at --confidence. The test assumes
independent samples: it is not valid when the same respondents answer in both.

With --by and neither --a nor --b, every value is compared with the rest of
the responses, in the drivers table: p-values adjusted across all the rows by
--adjust (holm, the default; bh; or none).`,
	}
	cmd.RunE = runE(&o.base, o, runF, runCompare)
	cmd.Flags().StringVar(&o.sideA, "a", "", "the first `SIDE`: a period label (2025-Q1) with --period, a segment value with --by")
	cmd.Flags().StringVar(&o.sideB, "b", "", "the second `SIDE`, as --a")
	cmd.Flags().Var(newValue(&o.adjust, nps.Holm, nps.Holm.String(), "string", parseAdjustment),
		"adjust", "with --by and no --a/--b: adjust the p-values by `METHOD`: "+orList(adjustNames))
	completeChoices(cmd, "adjust", adjustNames)
	o.input.AddFlags(cmd)
	o.input.AddWeightFlag(cmd)
	o.input.AddCountFlag(cmd)
	o.input.AddDBFlags(cmd)
	o.filter.AddFlags(cmd, &o.input)
	o.group.AddFlags(cmd, &o.input, period.None)
	o.stats.AddFlags(cmd)
	o.out.AddFlags(cmd, render.Table)
	return cmd
}

func runCompare(o *compareOptions) error {
	a, format, opt := &o.base, o.out.formatOr(render.Table), o.stats.options()
	var sa, sb side
	var err error
	switch {
	case len(o.group.by) > 0 && o.group.unit != period.None:
		return usererr.Usagef("compare segments with --by, or periods with --period; narrow the other with --where, --since or --until", "compare takes --by or --period, not both")
	case len(o.group.by) > 0 && o.sideA == "" && o.sideB == "":
		return o.compareEach()
	case len(o.group.by) > 0:
		sa, sb, err = o.compareSegments()
	case o.group.unit != period.None:
		sa, sb, err = o.comparePeriods()
	default:
		sa, sb, err = o.compareFiles()
	}
	if err != nil {
		return err
	}
	c := nps.Compare(&sa.tally, &sb.tally, opt)
	rep := &render.CompareReport{
		A:          render.Side{KeyNames: sa.keyNames, KeyValues: sa.keyValues, Result: c.A},
		B:          render.Side{KeyNames: sb.keyNames, KeyValues: sb.keyValues, Result: c.B},
		Comparison: c,
		Confidence: opt.Confidence,
	}
	return a.emit(func(w io.Writer) error { return render.Write(w, format, render.Compare(rep), a.style()) })
}

// side is one side of a comparison.
type side struct {
	keyNames, keyValues []string
	tally               nps.Tally
}

func (o *compareOptions) compareFiles() (side, side, error) {
	if o.input.db != "" {
		return side{}, side{}, usererr.Usagef("compare periods with --period, or segments with --by", "compare with --db needs --period or --by")
	}
	if len(o.files) != 2 {
		return side{}, side{}, usererr.Usagef("give two files, or one data set with --period or --by", "compare needs two files to compare, got %d", len(o.files))
	}
	if o.sideA != "" || o.sideB != "" {
		return side{}, side{}, usererr.Usagef("use --a and --b with --period or --by", "--a and --b do not apply when comparing two files")
	}
	var sides [2]side
	for i, f := range o.files {
		res, err := o.tally([]string{f}, &o.filter)
		if err != nil {
			return side{}, side{}, err
		}
		sides[i] = side{keyNames: []string{"file"}, keyValues: []string{f}, tally: res.Groupings[0].Overall()}
	}
	return sides[0], sides[1], nil
}

func (o *compareOptions) comparePeriods() (side, side, error) {
	unit, sideA, sideB := o.group.unit, o.sideA, o.sideB
	var want [2]period.Period
	var err error
	for i, label := range []string{sideA, sideB} {
		if label == "" {
			continue
		}
		if want[i], err = period.Parse(unit, label); err != nil {
			return side{}, side{}, usererr.Usagef("", "--%c: %v", "ab"[i], err)
		}
	}
	if (sideA == "") != (sideB == "") {
		return side{}, side{}, usererr.Usagef("give both, or neither to compare the last two periods", "--a and --b go together")
	}
	res, err := o.tally(o.files, &o.filter, engine.Grouping{Period: unit})
	if err != nil {
		return side{}, side{}, err
	}
	groups := res.Groupings[0].Groups()
	if sideA == "" {
		if len(groups) < 2 {
			return side{}, side{}, usererr.Newf(usererr.Data, "", 0, "use a shorter --period", "only one %s has responses; there is nothing to compare", unit)
		}
		want[0], want[1] = groups[len(groups)-2].Key.Period, groups[len(groups)-1].Key.Period
	}
	var sides [2]side
	for i, p := range want {
		tally, err := findGroup(groups, "ab"[i], p.Label(), func(k breakdown.Key) bool { return k.Period == p })
		if err != nil {
			return side{}, side{}, err
		}
		sides[i] = side{keyNames: []string{"period"}, keyValues: []string{p.Label()}, tally: tally}
	}
	return sides[0], sides[1], nil
}

func (o *compareOptions) compareSegments() (side, side, error) {
	by, sideA, sideB := o.group.by, o.sideA, o.sideB
	if sideA == "" || sideB == "" {
		return side{}, side{}, usererr.Usagef("name both segments, e.g. --by region --a EMEA --b APAC, or neither to compare each with the rest", "--a and --b go together")
	}
	values := [2][]string{splitKey(sideA, len(by)), splitKey(sideB, len(by))}
	for i, v := range values {
		if v == nil {
			return side{}, side{}, usererr.Usagef("separate the values with commas, in --by order", "--%c %q needs one value per --by column (%d)", "ab"[i], []string{sideA, sideB}[i], len(by))
		}
	}
	res, err := o.tally(o.files, &o.filter, engine.Grouping{By: by})
	if err != nil {
		return side{}, side{}, err
	}
	groups := res.Groupings[0].Groups()
	var sides [2]side
	for i, v := range values {
		tally, err := findGroup(groups, "ab"[i], strings.Join(v, ","), func(k breakdown.Key) bool { return slices.Equal(k.Segments, v) })
		if err != nil {
			return side{}, side{}, err
		}
		sides[i] = side{keyNames: by, keyValues: v, tally: tally}
	}
	return sides[0], sides[1], nil
}

// compareEach compares every value of the --by columns (their
// combinations) with the rest of the responses: the drivers table, its
// p-values adjusted by --adjust.
func (o *compareOptions) compareEach() error {
	a, format, opt := &o.base, o.out.formatOr(render.Table), o.stats.options()
	by := o.group.by
	res, err := o.tally(o.files, &o.filter, engine.Grouping{By: by})
	if err != nil {
		return err
	}
	// The values are ranked and written one at a time, never all held:
	// there may be one per respondent (--by email).
	gr := res.Groupings[0]
	order, column := gr.Order(), strings.Join(by, ",")
	var seg drivers.Segment
	segment := func(i int) *drivers.Segment {
		g := gr.Group(order[i])
		seg = drivers.Segment{Column: column, Value: strings.Join(g.Key.Segments, ","), Tally: g.Tally}
		return &seg
	}
	overall := gr.Overall()
	rep := &render.DriversReport{
		Overall:    overall.Result(opt),
		Each:       drivers.Ranked(&overall, len(order), segment, drivers.Options{Options: opt, Adjust: o.adjust}),
		N:          len(order),
		Confidence: opt.Confidence,
		Adjust:     o.adjust,
	}
	return a.emit(func(w io.Writer) error { return render.Write(w, format, render.Drivers(rep), a.style()) })
}

// splitKey splits a --a/--b value into one value per --by column; nil when
// the count is wrong.
func splitKey(s string, n int) []string {
	if n == 1 {
		return []string{s}
	}
	parts := strings.Split(s, ",")
	if len(parts) != n {
		return nil
	}
	return parts
}

// findGroup returns the tally of the group whose key matches, or a usage
// error that lists the keys there are (a mistyped --a/--b is the usual cause).
func findGroup(groups []breakdown.Group, flag byte, want string, match func(breakdown.Key) bool) (nps.Tally, error) {
	var have []string
	for _, g := range groups {
		if match(g.Key) {
			return g.Tally, nil
		}
		have = append(have, strings.Join(engine.KeyValues(g.Key), ","))
	}
	if len(have) > 10 {
		have = append(have[:10], "...")
	}
	return nps.Tally{}, usererr.Usagef("pick one of: "+strings.Join(have, ", "), "--%c %q matches no responses", flag, want)
}
