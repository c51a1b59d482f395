package render

import (
	"fmt"
	"io"
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
		return scoreGrid(rep, false).renderTerminal(w)
	case Markdown:
		return scoreGrid(rep, true).renderMarkdown(w)
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
// For the terminal, composite cells are padded so that counts, shares and
// interval ends line up; Markdown gets them unpadded. The total (overall)
// row, when given, is formatted with the same widths.
type resultTable struct {
	labelHeader []string
	labels      [][]string
	results     []nps.Result
	totalLabel  []string // nil: no total row
	total       nps.Result
	confidence  float64
	weighted    bool
	md          bool
}

func (t *resultTable) grid() *grid {
	all := append([]nps.Result(nil), t.results...)
	if t.totalLabel != nil {
		all = append(all, t.total)
	}
	anyLow := false
	for _, r := range all {
		if r.LowN && !r.Empty() {
			anyLow = true
		}
	}
	n := len(all)
	ns := make([]string, n)
	effN := make([]string, n)
	npsCells := make([]string, n)
	lo := make([]string, n)
	hi := make([]string, n)
	counts := [3][]string{make([]string, n), make([]string, n), make([]string, n)}
	shares := [3][]string{make([]string, n), make([]string, n), make([]string, n)}
	for i, r := range all {
		ns[i] = strconv.FormatInt(r.N, 10)
		effN[i] = fmt1(r.EffectiveN)
		if r.Empty() {
			effN[i] = dash
		}
		npsCells[i] = fmt1(r.NPS)
		if anyLow {
			switch {
			case r.LowN && !r.Empty():
				npsCells[i] += " *"
			case !t.md:
				npsCells[i] += "  "
			}
		}
		if r.Empty() {
			lo[i], hi[i] = "", ""
		} else {
			lo[i], hi[i] = fmt1(r.CILow), fmt1(r.CIHigh)
		}
		cs := [3]int64{r.Promoters, r.Passives, r.Detractors}
		ps := [3]float64{r.PromotersPct, r.PassivesPct, r.DetractorsPct}
		for k := range 3 {
			counts[k][i] = strconv.FormatInt(cs[k], 10)
			if !r.Empty() {
				shares[k][i] = "(" + fmtPct(ps[k]) + ")"
			}
		}
	}
	if !t.md {
		lo, hi = padLeft(lo), padLeft(hi)
		for k := range 3 {
			counts[k], shares[k] = padLeft(counts[k]), padLeft(shares[k])
		}
	}
	ci := make([]string, n)
	for i, r := range all {
		if r.Empty() {
			ci[i] = dash
		} else {
			ci[i] = lo[i] + " to " + hi[i]
		}
	}
	cat := func(k, i int) string {
		if t.md {
			return strings.TrimSpace(counts[k][i] + " " + shares[k][i])
		}
		return counts[k][i] + " " + shares[k][i] // padded: counts line up
	}

	g := &grid{}
	for _, h := range t.labelHeader {
		g.header = append(g.header, sanitizeTerm(h))
		g.right = append(g.right, false)
	}
	g.header = append(g.header, "n")
	g.right = append(g.right, true)
	if t.weighted {
		g.header = append(g.header, "eff. n")
		g.right = append(g.right, true)
	}
	g.header = append(g.header, "NPS", confLabel(t.confidence), "promoters", "passives", "detractors")
	g.right = append(g.right, true, true, true, true, true)

	row := func(label []string, i int) []string {
		r := make([]string, 0, len(g.header))
		r = append(r, label...)
		r = append(r, ns[i])
		if t.weighted {
			r = append(r, effN[i])
		}
		return append(r, npsCells[i], ci[i], cat(0, i), cat(1, i), cat(2, i))
	}
	for i := range t.results {
		var label []string
		if i < len(t.labels) {
			label = t.labels[i]
		}
		g.rows = append(g.rows, row(fitKey(label, len(t.labelHeader)), i))
	}
	if t.totalLabel != nil {
		g.total = row(fitKey(t.totalLabel, len(t.labelHeader)), len(all)-1)
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
func scoreGrid(rep *ScoreReport, md bool) *grid {
	t := &resultTable{confidence: rep.Confidence, weighted: rep.weighted(), md: md}
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
	g.notes = scoreNotes(rep, g)
	return g
}

func scoreNotes(rep *ScoreReport, g *grid) []string {
	var notes []string
	if gridHasLowN(g) {
		notes = append(notes, lowNNote(rep.MinN))
	}
	if rep.weighted() {
		notes = append(notes, weightedNote)
	}
	if s := notCounted(rep.Blank, rep.Invalid); s != "" {
		notes = append(notes, s)
	}
	return notes
}

// gridHasLowN reports whether any NPS cell carries the low-n marker.
func gridHasLowN(g *grid) bool {
	col := -1
	for i, h := range g.header {
		if h == "NPS" {
			col = i
		}
	}
	if col < 0 {
		return false
	}
	rows := append([][]string(nil), g.rows...)
	if g.total != nil {
		rows = append(rows, g.total)
	}
	for _, r := range rows {
		if col < len(r) && strings.HasSuffix(r[col], "*") {
			return true
		}
	}
	return false
}
