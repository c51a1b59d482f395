package render

import (
	"fmt"
	"math"

	"github.com/npskit/nps/pkg/nps"
)

// PlanRow is one group's sample-size plan: its result now and the responses
// a ±Margin interval would need at its current mix.
type PlanRow struct {
	Key     []string // in PlanReport.KeyNames order; nil for the overall row
	Result  nps.Result
	NeededN int64
}

// PlanReport is what `nps sample-size` prints.
type PlanReport struct {
	KeyNames   []string // the --by columns (and "period"); empty without grouping
	Margin     float64  // the wanted half-width, in NPS points
	Confidence float64
	Overall    PlanRow
	Groups     []PlanRow // empty without grouping
}

// Plan is the model of a sample-size plan: JSON {"margin": M,
// "confidence": C, "overall": PLAN, "groups": [{"key": {...}, ...PLAN}]}
// where PLAN is n, nps, current_margin, needed_n and more_needed; a row
// per group, or the overall alone without grouping; a table with an
// "Overall" total row.
func Plan(rep *PlanReport) *Model {
	grouped := len(rep.KeyNames) > 0
	shape := planFields(PlanRow{})
	if grouped {
		shape = keyed(rep.KeyNames, nil, shape)
	}
	var rows []object
	for _, g := range rep.rows() {
		if grouped {
			rows = append(rows, keyed(rep.KeyNames, g.Key, planFields(g)))
		} else {
			rows = append(rows, planFields(g))
		}
	}
	groups := make([]value, len(rep.Groups))
	for i, g := range rep.Groups {
		groups[i] = nested(keyed(rep.KeyNames, g.Key, planFields(g)))
	}
	doc := object{
		{"margin", number(rep.Margin)},
		{"confidence", number(rep.Confidence)},
		{"overall", nested(planFields(rep.Overall))},
		{"groups", list(groups)},
	}
	return &Model{doc: doc, records: recordsOf(shape, rows), lines: rows, blocks: []block{planGrid(rep)}}
}

// rows are the groups, or the overall row alone without grouping.
func (rep *PlanReport) rows() []PlanRow {
	if len(rep.KeyNames) > 0 {
		return rep.Groups
	}
	return []PlanRow{rep.Overall}
}

// planFields are a plan's fields: n and nps as in a result, then the
// interval's half-width now and the responses needed.
func planFields(g PlanRow) object {
	return object{
		{nameN, count(g.Result.N)},
		{nameNPS, number(g.Result.NPS)},
		{"current_margin", number(currentMargin(g.Result))},
		{"needed_n", count(g.NeededN)},
		{"more_needed", count(moreNeeded(g))},
	}
}

// currentMargin is the half-width of the result's interval; NaN when empty.
func currentMargin(r nps.Result) float64 {
	if r.Empty() {
		return math.NaN()
	}
	return (r.CIHigh - r.CILow) / 2
}

func moreNeeded(g PlanRow) int64 { return max(0, g.NeededN-g.Result.N) }

func planGrid(rep *PlanReport) *grid {
	g := &grid{}
	for _, k := range rep.KeyNames {
		g.cols = append(g.cols, column{head: sanitizeTerm(k)})
	}
	for _, h := range []string{"n", "NPS", "± now", fmt.Sprintf("n for ±%s", fmt1(rep.Margin)), "more needed"} {
		g.cols = append(g.cols, column{head: h, right: true})
	}
	cells := func(r PlanRow) []cell {
		return plain(fmt.Sprint(r.Result.N), fmt1(r.Result.NPS), fmt1(currentMargin(r.Result)),
			fmt.Sprint(r.NeededN), fmt.Sprint(moreNeeded(r)))
	}
	label := func(key []string) []cell {
		out := make([]cell, len(key))
		for i, k := range key {
			out[i].text = termKey(k)
		}
		return out
	}
	for _, r := range rep.rows() {
		g.rows = append(g.rows, append(label(fitKey(r.Key, len(rep.KeyNames))), cells(r)...))
	}
	if len(rep.KeyNames) > 0 {
		total := make([]cell, len(rep.KeyNames))
		total[0].text = "Overall"
		g.total = append(total, cells(rep.Overall)...)
	}
	g.notes = []string{fmt.Sprintf("Responses for a ±%s-point %s interval at each row's current mix of promoters, passives and detractors.",
		fmt1(rep.Margin), confPct(rep.Confidence))}
	return g
}
