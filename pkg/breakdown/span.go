package breakdown

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/usererr"
)

// MaxPeriods caps the periods a trend spans from its first to its last:
// 20,000 is 54 years of days, 384 years of weeks. A trend longer than that
// is a mistake (dates across centuries), and filling it would cost
// minutes and gigabytes.
const MaxPeriods = 20000

// outlierFactor and the one-year floor (yearOf) say how far a date must be
// from the bulk of the dates to be an outlier: further than ten times the
// time the middle half of the responses spans, and than a year.
const outlierFactor = 10

// yearOf is about one year in periods of u.
func yearOf(u period.Unit) int64 {
	switch u {
	case period.Day:
		return 366
	case period.Week:
		return 53
	case period.Month:
		return 12
	case period.Quarter:
		return 4
	}
	return 1
}

// Outliers returns the periods of groups that lie far outside the bulk of
// the others, in time order (none without a period unit). The bulk is the
// middle half of the responses: the periods from the one that holds the
// first quartile to the one that holds the third (nearest rank, all
// segments together). A period is outlying when it lies further from the
// bulk than ten times the bulk's length, and than a year: a mistyped year
// (0205 or 2205 for 2025) is found however few responses it holds, and
// data that is merely spread out, in waves or over years, never is.
func Outliers(groups []Group) []period.Period {
	if len(groups) == 0 || groups[0].Key.Period.Unit == period.None {
		return nil
	}
	unit := groups[0].Key.Period.Unit
	byOrd := map[int32]int64{}
	var n int64
	for _, g := range groups {
		byOrd[g.Key.Period.Ord] += g.Tally.N()
		n += g.Tally.N()
	}
	if n == 0 {
		return nil
	}
	ords := slices.Sorted(maps.Keys(byOrd))
	q1, q3 := quantile(ords, byOrd, (n+3)/4), quantile(ords, byOrd, (3*n+3)/4)
	far := max(outlierFactor*(int64(q3)-int64(q1)+1), yearOf(unit))
	var out []period.Period
	for _, o := range ords {
		if byOrd[o] > 0 && (int64(q1)-int64(o) > far || int64(o)-int64(q3) > far) {
			out = append(out, period.Period{Unit: unit, Ord: o})
		}
	}
	return out
}

// OutlyingDates are dates far outside the bulk of the others (Outliers)
// that stretch a trend's range to more than stretchFactor times the range
// of the rest: the outlying periods, the valid responses in them, the range
// of the other periods, and the whole range in periods.
type OutlyingDates struct {
	Periods  []period.Period
	N        int64
	From, To period.Period
	Span     int64
}

// stretchFactor and maxStretched say when outlying dates are a problem:
// when they stretch the trend to more than 4 times the range of the other
// dates, a warning; when that makes it longer than 1,000 periods or 10
// years as well, a refusal. Two exports whose dates merely differ (one
// covering a year, the other the months after) are neither: their trend
// is not mostly empty.
const stretchFactor = 4

// maxStretched is the longest range in periods of u that outlying dates
// may stretch a trend to.
func maxStretched(u period.Unit) int64 { return min(1000, 10*yearOf(u)) }

// FindOutlying returns the outlying dates of groups (with a period unit)
// that stretch their range, or nil.
func FindOutlying(groups []Group) *OutlyingDates {
	out := Outliers(groups)
	if len(out) == 0 {
		return nil
	}
	o := &OutlyingDates{Periods: out}
	var bulk []Group
	first, last := groups[0].Key.Period.Ord, groups[0].Key.Period.Ord
	for _, g := range groups {
		first, last = min(first, g.Key.Period.Ord), max(last, g.Key.Period.Ord)
		if slices.Contains(out, g.Key.Period) {
			o.N += g.Tally.N()
		} else if g.Tally.N() > 0 {
			bulk = append(bulk, g)
		}
	}
	o.From, o.To = bounds(bulk)
	o.Span = int64(last) - int64(first) + 1
	if o.Span <= stretchFactor*(int64(o.To.Ord)-int64(o.From.Ord)+1) {
		return nil
	}
	return o
}

// Error says what the dates are and what they do to the trend.
func (o *OutlyingDates) Error() string { return o.text("spans") }

func (o *OutlyingDates) text(spans string) string {
	labels := make([]string, 0, len(o.Periods))
	for _, p := range o.Periods {
		labels = append(labels, p.Label())
	}
	if len(labels) > 5 {
		labels = append(labels[:5], "...")
	}
	return fmt.Sprintf("%d response%s dated %s, far outside the other dates (%s to %s): the trend %s %d %ss, almost all empty",
		o.N, plural(o.N), strings.Join(labels, ", "), o.From.Label(), o.To.Label(), spans, o.Span, o.From.Unit)
}

// Hint says how to fix or leave out the dates.
func (o *OutlyingDates) Hint() string {
	return fmt.Sprintf("fix the date (a mistyped year?), or leave it out with --since %s --until %s", firstDate(o.From), lastDate(o.To))
}

// quantile returns the period that holds the response of rank r (from 1)
// when the responses are in time order.
func quantile(ords []int32, byOrd map[int32]int64, r int64) int32 {
	var cum int64
	for _, o := range ords {
		if cum += byOrd[o]; cum >= r {
			return o
		}
	}
	return ords[len(ords)-1]
}

// checkSpan refuses to fill the periods between first and last of groups
// (sorted, with a period unit) when outlying dates would stretch them past
// maxStretched, or when there would be more than MaxPeriods.
func checkSpan(groups []Group, first, last int32) error {
	unit := groups[0].Key.Period.Unit
	if o := FindOutlying(groups); o != nil && o.Span > maxStretched(unit) {
		return &usererr.Error{Kind: usererr.Usage, Msg: o.text("would span"), Hint: o.Hint(), Err: o}
	}
	if periods := int64(last) - int64(first) + 1; periods > MaxPeriods {
		lo, hi := period.Period{Unit: unit, Ord: first}, period.Period{Unit: unit, Ord: last}
		return usererr.Usagef("use a longer --period, or narrow the dates with --since and --until",
			"the dates span %s to %s: %d %ss, more than a trend shows (%d)", lo.Label(), hi.Label(), periods, unit, MaxPeriods)
	}
	return nil
}

// bounds returns the first and last period of groups.
func bounds(groups []Group) (period.Period, period.Period) {
	lo, hi := groups[0].Key.Period, groups[0].Key.Period
	for _, g := range groups {
		if g.Key.Period.Ord < lo.Ord {
			lo = g.Key.Period
		}
		if g.Key.Period.Ord > hi.Ord {
			hi = g.Key.Period
		}
	}
	return lo, hi
}

// firstDate and lastDate are the first and last day of p as --since and
// --until take them.
func firstDate(p period.Period) string {
	y, m, d := p.FirstDay()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
}

func lastDate(p period.Period) string {
	y, m, d := p.Next().FirstDay()
	return time.Date(y, m, d-1, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
}

func plural(n int64) string {
	if n == 1 {
		return ""
	}
	return "s"
}
