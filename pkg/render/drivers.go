package render

import (
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/npskit/nps/pkg/drivers"
	"github.com/npskit/nps/pkg/nps"
)

// DriversReport is what `nps drivers` prints.
type DriversReport struct {
	Overall nps.Result
	Drivers []drivers.Driver // ordered by impact
	// Each, when set, yields the drivers in place of Drivers, one at a
	// time (drivers.Ranked), and N is how many: a column of a million
	// values is written without holding its drivers. It may be called
	// more than once. Report reads Drivers only.
	Each       iter.Seq[drivers.Driver]
	N          int
	Confidence float64
	// Periods names the two last periods when the gaps' change between
	// them was computed (--period), else nil.
	Periods []string
	// Adjust is how the p-values were adjusted (Holm unless said).
	Adjust nps.Adjustment
}

// Drivers is the model of a drivers report: JSON {"overall": RESULT,
// "drivers": [{"column", "value", "n", "share", "nps", "ci_low",
// "ci_high", "rest_nps", "gap", "gap_ci_low", "gap_ci_high", "p_value",
// "p_adjusted", "significant", "impact"}]} in impact order, with
// "prev_gap", "last_gap", "gap_change", "gap_change_ci_low",
// "gap_change_ci_high" and "gap_changed" added per driver (and "periods"
// to the document) when periods were compared; CSV, TSV and JSON Lines a
// row per driver; a table with drags and lifts marked.
func Drivers(rep *DriversReport) *Model {
	// The rows are made as the writers reach them: every writer reads
	// them one at a time, so the report holds none.
	rows := func(yield func(object) bool) {
		for d := range rep.drivers() {
			if !yield(rep.driverFields(d)) {
				return
			}
		}
	}
	items := lazyList(func(yield func(value) bool) {
		for r := range rows {
			if !yield(nested(r)) {
				return
			}
		}
	})
	doc := object{{"overall", nested(resultFields(rep.Overall, rep.Overall.Weighted))}}
	if rep.Periods != nil {
		doc = append(doc, field{"periods", list([]value{text(rep.Periods[0]), text(rep.Periods[1])})})
	}
	doc = append(doc, field{"drivers", items})
	return &Model{doc: doc, records: records{header: columns(rep.driverFields(drivers.Driver{Change: &drivers.Change{}}))},
		many: &manyRows{records: rows, lines: rows}, makeBlocks: func() []block { return []block{driversGrid(rep)} }}
}

// drivers are the report's drivers in order.
func (rep *DriversReport) drivers() iter.Seq[drivers.Driver] {
	if rep.Each != nil {
		return rep.Each
	}
	return slices.Values(rep.Drivers)
}

// count is how many drivers the report has.
func (rep *DriversReport) count() int {
	if rep.Each != nil {
		return rep.N
	}
	return len(rep.Drivers)
}

func (rep *DriversReport) driverFields(d drivers.Driver) object {
	o := object{
		{"column", text(d.Column)},
		{"value", text(d.Value)},
		{nameN, count(d.Result.N)},
		{"share", number(d.Share)},
		{nameNPS, number(d.Result.NPS)},
		{nameCILow, number(d.Result.CILow)},
		{nameCIHigh, number(d.Result.CIHigh)},
		{"rest_nps", number(d.RestNPS)},
		{"gap", number(d.Gap)},
		{"gap_ci_low", number(d.GapLow)},
		{"gap_ci_high", number(d.GapHigh)},
		{"p_value", number(d.PValue)},
		{"p_adjusted", number(d.PAdjusted)},
		{"significant", boolean(d.Significant)},
		{"impact", number(d.Impact)},
	}
	if rep.Periods != nil && d.Change != nil {
		c := d.Change
		o = append(o,
			field{"prev_gap", number(c.PrevGap)},
			field{"last_gap", number(c.LastGap)},
			field{"gap_change", number(c.Diff)},
			field{"gap_change_ci_low", number(c.Low)},
			field{"gap_change_ci_high", number(c.High)},
			field{"gap_changed", boolean(c.Changed)},
		)
	}
	return o
}

// mark is a driver's verdict for people.
func mark(d drivers.Driver) (string, tone) {
	switch {
	case !d.Significant:
		return "", noTone
	case d.Gap < 0:
		return "▼ drag", badTone
	}
	return "▲ lift", goodTone
}

func driversGrid(rep *DriversReport) *grid {
	g := &grid{cols: []column{
		{head: "column"}, {head: "value"},
		{head: "n", right: true}, {head: "share", right: true},
		{head: "NPS", right: true}, {head: confLabel(rep.Confidence), right: true, join: " to "},
		{head: "rest", right: true},
		{head: "gap", right: true}, {head: "gap " + confLabel(rep.Confidence), right: true, join: " to "},
		{head: "p adj.", right: true}, {head: "impact", right: true}, {head: ""},
	}}
	if rep.Periods != nil {
		g.cols = append(g.cols, column{head: "gap Δ", right: true})
	}
	rowOf := func(d drivers.Driver) []cell {
		m, tn := mark(d)
		row := []cell{
			{text: sanitizeTerm(d.Column)}, {text: termKey(d.Value)},
			{text: strconv.FormatInt(d.Result.N, 10)}, {text: fmtPct(100 * d.Share)},
			{text: fmt1(d.Result.NPS)}, interval(d.Result.CILow, d.Result.CIHigh),
			{text: fmt1(d.RestNPS)},
			{text: fmtSigned1(d.Gap)}, interval(d.GapLow, d.GapHigh),
			{text: fmtPAdj(d.PAdjusted)}, {text: fmtSigned1(d.Impact)}, {text: m, tone: tn},
		}
		if rep.Periods != nil {
			row = append(row, changeCell(d.Change))
		}
		return row
	}
	g.each = func(yield func([]cell) bool) {
		for d := range rep.drivers() {
			if !yield(rowOf(d)) {
				return
			}
		}
	}
	g.notes = []string{
		fmt.Sprintf("Each value against the rest of the responses; overall NPS %s (n = %d).", fmt1(rep.Overall.NPS), rep.Overall.N),
		"impact: the points the overall NPS would gain if the value scored like the rest.",
		fmt.Sprintf("▼ drag / ▲ lift: significant at %s %s across all %d rows.", confPct(rep.Confidence), adjustedBy[rep.Adjust], rep.count()),
	}
	if rep.Periods != nil {
		g.notes = append(g.notes, fmt.Sprintf("gap Δ: the gap in %s less the gap in %s; * its %s excludes 0 (not adjusted).",
			sanitizeTerm(rep.Periods[1]), sanitizeTerm(rep.Periods[0]), confLabel(rep.Confidence)))
	}
	return g
}

// interval is a cell of an interval's two ends, or a dash.
func interval(lo, hi float64) cell {
	if fmt1(lo) == dash || fmt1(hi) == dash {
		return cell{text: dash}
	}
	return cell{parts: []string{fmt1(lo), fmt1(hi)}}
}

// fmtPAdj is an adjusted p-value in a table: three decimals, "<0.001".
func fmtPAdj(p float64) string {
	s := fmtP(p)
	if strings.HasPrefix(s, "p < ") {
		return "<" + strings.TrimPrefix(s, "p < ")
	}
	return strings.TrimPrefix(s, "p = ")
}

func changeCell(c *drivers.Change) cell {
	if c == nil || fmt1(c.Diff) == dash {
		return cell{text: dash}
	}
	s := fmtSigned1(c.Diff)
	if c.Changed {
		s += " *"
	}
	return cell{text: s}
}

// adjustedBy words how the p-values were adjusted.
var adjustedBy = map[nps.Adjustment]string{
	nps.Holm:              "after Holm's adjustment",
	nps.BenjaminiHochberg: "after the Benjamini-Hochberg adjustment (false discovery rate)",
	nps.NoAdjustment:      "without adjustment for multiple comparisons",
}
