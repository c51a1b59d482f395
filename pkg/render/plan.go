package render

import (
	"fmt"
	"io"
	"math"

	"github.com/gocarina/gocsv"

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

// Plan writes a sample-size plan.
func Plan(w io.Writer, f Format, rep *PlanReport, st Style) error {
	switch f {
	case Table:
		return renderTerminal(w, planGrid(rep), st)
	case Markdown:
		return renderMarkdown(w, planGrid(rep))
	case JSON:
		var b jsonBuf
		b.open('{')
		b.knum("margin", rep.Margin)
		b.knum("confidence", rep.Confidence)
		b.key("overall")
		b.open('{')
		planMembers(&b, rep.Overall)
		b.close('}')
		b.key("groups")
		b.open('[')
		for _, g := range rep.Groups {
			b.sep()
			b.open('{')
			b.keyObject(rep.KeyNames, g.Key)
			planMembers(&b, g)
			b.close('}')
		}
		b.close(']')
		b.close('}')
		return writePretty(w, &b)
	case JSONL:
		var b jsonBuf
		for _, g := range rep.rows() {
			b.open('{')
			if len(rep.KeyNames) > 0 {
				b.keyObject(rep.KeyNames, g.Key)
			}
			planMembers(&b, g)
			b.close('}')
			b.WriteByte('\n')
		}
		_, err := w.Write(b.Bytes())
		return err
	case CSV, TSV:
		var keys [][]string
		var rows []planCSVRow
		for _, g := range rep.rows() {
			if len(rep.KeyNames) > 0 {
				keys = append(keys, fitKey(g.Key, len(rep.KeyNames)))
			}
			rows = append(rows, planCSVRow{g.Result.N, csvNum(g.Result.NPS), csvNum(currentMargin(g.Result)), g.NeededN, moreNeeded(g)})
		}
		cw := newCSVWriter(w, f)
		if err := gocsv.MarshalCSV(rows, newPrefixWriter(cw, rep.KeyNames, keys)); err != nil {
			return err
		}
		cw.Flush()
		return cw.Error()
	}
	return fmt.Errorf("unknown format %v", f)
}

// rows are the groups, or the overall row alone without grouping.
func (rep *PlanReport) rows() []PlanRow {
	if len(rep.KeyNames) > 0 {
		return rep.Groups
	}
	return []PlanRow{rep.Overall}
}

// planCSVRow is the typed CSV row of one plan.
type planCSVRow struct {
	N             int64  `csv:"n"`
	NPS           csvNum `csv:"nps"`
	CurrentMargin csvNum `csv:"current_margin"`
	NeededN       int64  `csv:"needed_n"`
	MoreNeeded    int64  `csv:"more_needed"`
}

func planMembers(b *jsonBuf, g PlanRow) {
	b.kint("n", g.Result.N)
	b.knum("nps", g.Result.NPS)
	b.knum("current_margin", currentMargin(g.Result))
	b.kint("needed_n", g.NeededN)
	b.kint("more_needed", moreNeeded(g))
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
		g.cols = append(g.cols, column{head: k})
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
