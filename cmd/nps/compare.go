package main

import (
	"context"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/render"
	"github.com/npskit/nps/pkg/usererr"
)

func newCompareCmd(a *app) *cobra.Command {
	var sideA, sideB string
	cmd := &cobra.Command{
		Use:   "compare [FILE...]",
		Short: "Say whether two NPS values differ: two files, two periods or two segments",
		Long: `Compare two NPS values and say whether they differ significantly:

  nps compare A.csv B.csv                      two files
  nps compare FILE --period quarter            the last two quarters
  nps compare FILE --period quarter --a 2025-Q1 --b 2025-Q3
  nps compare FILE --by region --a EMEA --b APAC

The difference is b - a, with its confidence interval, z, the two-sided
p-value and whether it is significant at --confidence. The interval is
MOVER-Tango (built from each side's score interval) unless --ci-method wald
asks for the textbook Wald test. A difference that is not significant is
reported as "no significant difference detected", with the smallest
difference these sample sizes would reliably detect (80% power). The test
assumes independent samples: it is not valid when the same respondents
answer in both.`,
		RunE: func(cmd *cobra.Command, files []string) error {
			format, opt, err := a.begin(render.Table, files)
			if err != nil {
				return err
			}
			var sa, sb side
			switch {
			case len(a.by) > 0 && a.period != "":
				return usererr.Usagef("compare segments with --by, or periods with --period; narrow the other with --where, --since or --until", "compare takes --by or --period, not both")
			case len(a.by) > 0:
				sa, sb, err = a.compareSegments(cmd.Context(), files, sideA, sideB)
			case a.period != "":
				sa, sb, err = a.comparePeriods(cmd.Context(), files, sideA, sideB)
			default:
				sa, sb, err = a.compareFiles(cmd.Context(), files, sideA, sideB)
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
			return a.emit(func(w io.Writer) error { return render.Compare(w, format, rep, a.style()) })
		},
	}
	cmd.Flags().StringVar(&sideA, "a", "", "the first side: a period label (2025-Q1) with --period, a segment value with --by")
	cmd.Flags().StringVar(&sideB, "b", "", "the second side, as --a")
	a.addDBFlags(cmd)
	return cmd
}

// side is one side of a comparison.
type side struct {
	keyNames, keyValues []string
	tally               nps.Tally
}

func (a *app) compareFiles(ctx context.Context, files []string, sideA, sideB string) (side, side, error) {
	if a.db != "" {
		return side{}, side{}, usererr.Usagef("compare two periods (--period) or two segments (--by --a --b) of the table", "compare with --db needs --period or --by")
	}
	if len(files) != 2 {
		return side{}, side{}, usererr.Usagef("give two files, or one data set with --period or --by", "compare needs two files to compare, got %d", len(files))
	}
	if sideA != "" || sideB != "" {
		return side{}, side{}, usererr.Usagef("use --a and --b with --period or --by", "--a and --b do not apply when comparing two files")
	}
	var sides [2]side
	for i, f := range files {
		res, err := a.tally(ctx, []string{f})
		if err != nil {
			return side{}, side{}, err
		}
		sides[i] = side{keyNames: []string{"file"}, keyValues: []string{f}, tally: res.Groupings[0].Overall()}
	}
	return sides[0], sides[1], nil
}

func (a *app) comparePeriods(ctx context.Context, files []string, sideA, sideB string) (side, side, error) {
	unit, err := a.periodUnit(period.None)
	if err != nil {
		return side{}, side{}, err
	}
	var want [2]period.Period
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
	res, err := a.tally(ctx, files, engine.Grouping{Period: unit})
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

func (a *app) compareSegments(ctx context.Context, files []string, sideA, sideB string) (side, side, error) {
	if sideA == "" || sideB == "" {
		return side{}, side{}, usererr.Usagef("name both segments, e.g. --by region --a EMEA --b APAC", "comparing segments needs --a and --b")
	}
	values := [2][]string{splitKey(sideA, len(a.by)), splitKey(sideB, len(a.by))}
	for i, v := range values {
		if v == nil {
			return side{}, side{}, usererr.Usagef("separate the values with commas, in --by order", "--%c %q needs one value per --by column (%d)", "ab"[i], []string{sideA, sideB}[i], len(a.by))
		}
	}
	res, err := a.tally(ctx, files, engine.Grouping{By: a.by})
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
		sides[i] = side{keyNames: a.by, keyValues: v, tally: tally}
	}
	return sides[0], sides[1], nil
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
