package render

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/npskit/nps/pkg/nps"
)

// weighted reports whether any result of the report is weighted; the
// weight columns then appear everywhere in it.
func (rep *ScoreReport) weighted() bool {
	if rep.Overall.Weighted {
		return true
	}
	for _, g := range rep.Groups {
		if g.Result.Weighted {
			return true
		}
	}
	return false
}

func (rep *ScoreReport) grouped() bool { return len(rep.KeyNames) > 0 }

func writeScore(w io.Writer, f Format, rep *ScoreReport, st Style) error {
	switch f {
	case Table:
		return renderTerminal(w, scoreGrid(rep), st)
	case Markdown:
		return renderMarkdown(w, scoreGrid(rep))
	case JSON:
		return scoreJSON(w, rep)
	case JSONL:
		return scoreJSONL(w, rep)
	case CSV, TSV:
		return scoreCSV(w, f, rep)
	}
	return fmt.Errorf("unknown format %v", f)
}

// scoreJSON: {"overall": RESULT, "groups": [{"key": {...}, ...RESULT}],
// "blank": N, "invalid": N}; groups is [] without grouping.
func scoreJSON(w io.Writer, rep *ScoreReport) error {
	weighted := rep.weighted()
	var b jsonBuf
	b.open('{')
	b.key("overall")
	b.open('{')
	b.resultMembers(rep.Overall, weighted)
	b.close('}')
	b.key("groups")
	b.open('[')
	if rep.grouped() {
		for _, g := range rep.Groups {
			b.sep()
			b.open('{')
			b.keyObject(rep.KeyNames, g.Key)
			b.resultMembers(g.Result, weighted)
			b.close('}')
		}
	}
	b.close(']')
	b.kint("blank", rep.Blank)
	b.kint("invalid", rep.Invalid)
	b.close('}')
	return writePretty(w, &b)
}

// scoreJSONL writes one compact object per CSV row: each group as in the
// JSON "groups" array, or the overall result alone without grouping.
func scoreJSONL(w io.Writer, rep *ScoreReport) error {
	weighted := rep.weighted()
	var b jsonBuf
	line := func(key []string, r nps.Result) {
		b.open('{')
		if key != nil {
			b.keyObject(rep.KeyNames, key)
		}
		b.resultMembers(r, weighted)
		b.close('}')
		b.WriteByte('\n')
	}
	if rep.grouped() {
		for _, g := range rep.Groups {
			line(g.Key, g.Result)
		}
	} else {
		line(nil, rep.Overall)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// scoreCSV: key columns, then the result fields; one row per group, no
// overall row; without grouping one row of the overall result.
func scoreCSV(w io.Writer, f Format, rep *ScoreReport) error {
	var keys [][]string
	var rs []nps.Result
	if rep.grouped() {
		for _, g := range rep.Groups {
			keys = append(keys, fitKey(g.Key, len(rep.KeyNames)))
			rs = append(rs, g.Result)
		}
	} else {
		rs = []nps.Result{rep.Overall}
	}
	return writeResultsCSV(w, f, rep.KeyNames, keys, rs, rep.weighted())
}

// fitKey returns key with exactly n values (missing ones empty), so a
// malformed group never shifts the result columns.
func fitKey(key []string, n int) []string {
	if len(key) == n {
		return key
	}
	out := make([]string, n)
	copy(out, key)
	return out
}

// resultTable builds the columns every NPS table shares, for results whose
// rows are labelled by labelHeader/labels (key columns; may be none):
//
//	region  n    NPS      95% CI          promoters    passives     detractors
//
// Counts with their shares and the interval's ends are cells of two parts,
// which line up on a terminal. The total (overall) row, when given, is the
// last row, set apart.
type resultTable struct {
	labelHeader []string
	labels      [][]string
	results     []nps.Result
	totalLabel  []string // nil: no total row
	total       nps.Result
	confidence  float64
	weighted    bool
}

// lowN reports whether a result carries the low-n marker.
func lowN(r nps.Result) bool { return r.LowN && !r.Empty() }

// anyLowN reports whether any row of the table carries the low-n marker.
func (t *resultTable) anyLowN() bool {
	if t.totalLabel != nil && lowN(t.total) {
		return true
	}
	return slices.ContainsFunc(t.results, lowN)
}

func (t *resultTable) grid() *grid {
	g := &grid{}
	for _, h := range t.labelHeader {
		g.cols = append(g.cols, column{head: sanitizeTerm(h)})
	}
	g.cols = append(g.cols, column{head: "n", right: true})
	if t.weighted {
		g.cols = append(g.cols, column{head: "eff. n", right: true})
	}
	g.cols = append(g.cols,
		column{head: "NPS", right: true, join: " "},
		column{head: confLabel(t.confidence), right: true, join: " to "},
		column{head: "promoters", right: true, join: " "},
		column{head: "passives", right: true, join: " "},
		column{head: "detractors", right: true, join: " "},
	)
	anyLow := t.anyLowN()
	row := func(label []string, r nps.Result) []cell {
		cs := plain(label...)
		cs = append(cs, cell{text: strconv.FormatInt(r.N, 10)})
		if t.weighted {
			eff := fmt1(r.EffectiveN)
			if r.Empty() {
				eff = dash
			}
			cs = append(cs, cell{text: eff})
		}
		npsCell := cell{text: fmt1(r.NPS)}
		if anyLow { // a marker part, so that the numbers stay aligned
			marker := ""
			if lowN(r) {
				marker = "*"
			}
			npsCell = cell{parts: []string{fmt1(r.NPS), marker}}
		}
		ci := cell{text: dash}
		if !r.Empty() {
			ci = cell{parts: []string{fmt1(r.CILow), fmt1(r.CIHigh)}}
		}
		cs = append(cs, npsCell, ci)
		counts := [3]int64{r.Promoters, r.Passives, r.Detractors}
		shares := [3]float64{r.PromotersPct, r.PassivesPct, r.DetractorsPct}
		for k := range 3 {
			share := ""
			if !r.Empty() {
				share = "(" + fmtPct(shares[k]) + ")"
			}
			cs = append(cs, cell{parts: []string{strconv.FormatInt(counts[k], 10), share}})
		}
		return cs
	}
	for i, r := range t.results {
		var label []string
		if i < len(t.labels) {
			label = t.labels[i]
		}
		g.rows = append(g.rows, row(fitKey(label, len(t.labelHeader)), r))
	}
	if t.totalLabel != nil {
		g.total = row(fitKey(t.totalLabel, len(t.labelHeader)), t.total)
	}
	return g
}

// lowNNote is the footnote for the "*" marker.
func lowNNote(minN int64) string {
	if minN > 0 {
		return fmt.Sprintf("* fewer than %d responses: read with care", minN)
	}
	return "* low n (fewer responses than --min-n): read with care"
}

const weightedNote = "Weighted: shares, NPS and interval use the weights; n counts responses, eff. n is Kish's effective sample size."

// notCounted is the footer line about blank and invalid scores, "" when
// there were none.
func notCounted(blank, invalid int64) string {
	var parts []string
	if blank > 0 {
		parts = append(parts, fmt.Sprintf("%d blank", blank))
	}
	if invalid > 0 {
		parts = append(parts, fmt.Sprintf("%d invalid", invalid))
	}
	if len(parts) == 0 {
		return ""
	}
	return "Not counted: " + strings.Join(parts, ", ") + "."
}

// scoreGrid is the score table: one row per group (key columns first) and
// an "Overall" total row when grouped; the overall result alone otherwise.
func scoreGrid(rep *ScoreReport) *grid {
	t := &resultTable{confidence: rep.Confidence, weighted: rep.weighted()}
	if rep.grouped() {
		t.labelHeader = rep.KeyNames
		for _, g := range rep.Groups {
			key := fitKey(g.Key, len(rep.KeyNames))
			label := make([]string, len(key))
			for i, k := range key {
				label[i] = termKey(k)
			}
			t.labels = append(t.labels, label)
			t.results = append(t.results, g.Result)
		}
		t.totalLabel = []string{"Overall"}
		t.total = rep.Overall
	} else {
		t.results = []nps.Result{rep.Overall}
	}
	g := t.grid()
	if t.anyLowN() {
		g.notes = append(g.notes, lowNNote(rep.MinN))
	}
	if t.weighted {
		g.notes = append(g.notes, weightedNote)
	}
	if s := notCounted(rep.Blank, rep.Invalid); s != "" {
		g.notes = append(g.notes, s)
	}
	return g
}
