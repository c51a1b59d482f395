package render

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/gocarina/gocsv"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/render/internal/csvrow"
)

// compareRow is the typed CSV row of a comparison. The CSV has three rows,
// told apart by the leading "side" column (written, with the key columns,
// by prefixWriter):
//
//	side,<key columns>,n,promoters,...,low_n[,weight_total,effective_n],z,p_value,significant
//	a,EMEA,...result of A...,,,
//	b,APAC,...result of B...,,,
//	diff,,,,,,,,,<diff>,<diff_ci_low>,<diff_ci_high>,,[,,]<z>,<p_value>,<significant>
//
// On the diff row the nps, ci_low and ci_high columns hold the difference
// B − A and its interval; cells that have no meaning there are empty, as are
// z, p_value and significant on the a and b rows. Nil pointers are empty
// cells.
//
// compareWeightedRow has the weight columns between low_n and z, empty on
// the diff row.
type (
	compareCells       = csvrow.Result[*int64, *csvNum, *bool]
	compareWeights     = csvrow.Weights[*csvNum]
	compareTest        = csvrow.Test[*csvNum, *bool]
	compareRow         = csvrow.Compare[*int64, *csvNum, *bool]
	compareWeightedRow = csvrow.CompareWeighted[*int64, *csvNum, *bool]
)

func ptr[T any](v T) *T { return &v }

// sideCells is the result cells of a side's row.
func sideCells(r nps.Result) compareCells {
	return compareCells{
		N: ptr(r.N), Promoters: ptr(r.Promoters), Passives: ptr(r.Passives), Detractors: ptr(r.Detractors),
		PromotersPct: ptr(csvNum(r.PromotersPct)), PassivesPct: ptr(csvNum(r.PassivesPct)),
		DetractorsPct: ptr(csvNum(r.DetractorsPct)), NPS: ptr(csvNum(r.NPS)),
		CILow: ptr(csvNum(r.CILow)), CIHigh: ptr(csvNum(r.CIHigh)), LowN: ptr(r.LowN),
	}
}

// sideWeights is the weight cells of a side's row.
func sideWeights(r nps.Result) compareWeights {
	return compareWeights{WeightTotal: ptr(csvNum(r.WeightTotal)), EffectiveN: ptr(csvNum(r.EffectiveN))}
}

func (rep *CompareReport) weighted() bool { return rep.A.Result.Weighted || rep.B.Result.Weighted }

// keyNames is the union of both sides' key names, A's first.
func (rep *CompareReport) keyNames() []string {
	names := slices.Clone(rep.A.KeyNames)
	for _, n := range rep.B.KeyNames {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return names
}

// keyValues lines a side's values up with names.
func keyValues(s Side, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		if j := slices.Index(s.KeyNames, n); j >= 0 && j < len(s.KeyValues) {
			out[i] = s.KeyValues[j]
		}
	}
	return out
}

// sideNames names the sides for people by their key values ("APAC",
// "2025-Q1", "survey-b.csv"), falling back to "A" and "B".
func (rep *CompareReport) sideNames() (a, b string) {
	name := func(s Side) string {
		parts := make([]string, len(s.KeyValues))
		for i, v := range s.KeyValues {
			parts[i] = termKey(v)
		}
		return strings.Join(parts, " / ")
	}
	a, b = name(rep.A), name(rep.B)
	switch {
	case a == "" || b == "":
		return "A", "B"
	case a == b:
		return "A (" + a + ")", "B (" + b + ")"
	}
	return a, b
}

func writeCompare(w io.Writer, f Format, rep *CompareReport, st Style) error {
	c := rep.Comparison
	weighted := rep.weighted()
	switch f {
	case Table:
		return renderTerminal(w, compareGrid(rep), st)
	case Markdown:
		return renderMarkdown(w, compareGrid(rep))
	case JSON:
		var b jsonBuf
		b.open('{')
		for _, s := range []struct {
			k    string
			side Side
		}{{"a", rep.A}, {"b", rep.B}} {
			b.key(s.k)
			b.open('{')
			b.keyObject(s.side.KeyNames, s.side.KeyValues)
			b.resultMembers(s.side.Result, weighted)
			b.close('}')
		}
		compareMembers(&b, c)
		b.close('}')
		return writePretty(w, &b)
	case JSONL:
		var b jsonBuf
		for _, s := range []struct {
			k    string
			side Side
		}{{"a", rep.A}, {"b", rep.B}} {
			b.open('{')
			b.kstr("side", s.k)
			b.keyObject(s.side.KeyNames, s.side.KeyValues)
			b.resultMembers(s.side.Result, weighted)
			b.close('}')
			b.WriteByte('\n')
		}
		b.open('{')
		b.kstr("side", "diff")
		compareMembers(&b, c)
		b.close('}')
		b.WriteByte('\n')
		_, err := w.Write(b.Bytes())
		return err
	case CSV, TSV:
		names := rep.keyNames()
		header := append([]string{"side"}, names...)
		prefixes := [][]string{
			append([]string{"a"}, keyValues(rep.A, names)...),
			append([]string{"b"}, keyValues(rep.B, names)...),
			append([]string{"diff"}, make([]string, len(names))...),
		}
		a, b := sideCells(rep.A.Result), sideCells(rep.B.Result)
		diff := compareCells{NPS: ptr(csvNum(c.Diff)), CILow: ptr(csvNum(c.DiffCILow)), CIHigh: ptr(csvNum(c.DiffCIHigh))}
		test := compareTest{Z: ptr(csvNum(c.Z)), PValue: ptr(csvNum(c.PValue)), Significant: ptr(c.Significant)}
		var rows any = []compareRow{{Result: a}, {Result: b}, {Result: diff, Test: test}}
		if weighted {
			rows = []compareWeightedRow{
				{Result: a, Weights: sideWeights(rep.A.Result)},
				{Result: b, Weights: sideWeights(rep.B.Result)},
				{Result: diff, Test: test},
			}
		}
		cw := newCSVWriter(w, f)
		if err := gocsv.MarshalCSV(rows, newPrefixWriter(cw, header, prefixes)); err != nil {
			return err
		}
		cw.Flush()
		return cw.Error()
	}
	return fmt.Errorf("unknown format %v", f)
}

func compareMembers(b *jsonBuf, c nps.Comparison) {
	b.knum("diff", c.Diff)
	b.knum("diff_ci_low", c.DiffCILow)
	b.knum("diff_ci_high", c.DiffCIHigh)
	b.knum("z", c.Z)
	b.knum("p_value", c.PValue)
	b.kbool("significant", c.Significant)
}

// compareGrid: the two sides as result rows, the difference as the total
// row, and the verdict under the table.
func compareGrid(rep *CompareReport) *grid {
	aName, bName := rep.sideNames()
	label := "side"
	if slices.Equal(rep.A.KeyNames, rep.B.KeyNames) && len(rep.A.KeyNames) > 0 {
		label = strings.Join(rep.A.KeyNames, " / ")
	}
	t := &resultTable{
		labelHeader: []string{label},
		labels:      [][]string{{aName}, {bName}},
		results:     []nps.Result{rep.A.Result, rep.B.Result},
		confidence:  rep.Confidence,
		weighted:    rep.weighted(),
	}
	g := t.grid()
	c := rep.Comparison
	g.total = make([]cell, len(g.cols))
	g.total[0].text = "difference"
	if n := bName + " - " + aName; narrow.StringWidth(n) <= 30 {
		g.total[0].text = n // the sign reads B − A
	}
	for i, col := range g.cols {
		switch {
		case col.head == "NPS":
			g.total[i].text = fmtSigned1(c.Diff)
		case i > 0 && g.cols[i-1].head == "NPS":
			g.total[i].text = fmtSigned1(c.DiffCILow) + " to " + fmtSigned1(c.DiffCIHigh)
		}
	}
	g.notes = append(g.notes, "", verdict(rep, aName, bName))
	if t.anyLowN() {
		g.notes = append(g.notes, lowNNote(0))
	}
	if t.weighted {
		g.notes = append(g.notes, weightedNote)
	}
	return g
}

// verdict is the one-line reading of the comparison, e.g. "APAC is 12.3
// points higher than EMEA (95% CI 4.1 to 20.5, p = 0.003): a real
// difference". The interval is turned round with the sentence: for "lower"
// it is the interval of A − B, so its numbers read in the stated direction.
func verdict(rep *CompareReport, aName, bName string) string {
	c := rep.Comparison
	switch {
	case rep.A.Result.Empty():
		return "Cannot compare: " + aName + " has no responses."
	case rep.B.Result.Empty():
		return "Cannot compare: " + bName + " has no responses."
	case math.IsNaN(c.Diff):
		return "Cannot compare: the difference is undefined."
	}
	lo, hi := c.DiffCILow, c.DiffCIHigh
	var what string
	switch d := fmt1(math.Abs(c.Diff)); {
	case d == "0.0":
		what = fmt.Sprintf("%s and %s differ by %s points", bName, aName, d)
	case c.Diff > 0:
		what = fmt.Sprintf("%s is %s points higher than %s", bName, d, aName)
	default:
		what = fmt.Sprintf("%s is %s points lower than %s", bName, d, aName)
		lo, hi = -hi, -lo
	}
	level := "the chosen level"
	if rep.Confidence > 0 && rep.Confidence < 1 {
		level = confPct(rep.Confidence)
	}
	s := fmt.Sprintf("%s (%s %s to %s, %s)", what, confLabel(rep.Confidence), fmt1(lo), fmt1(hi), fmtP(c.PValue))
	if c.Significant {
		return s + ": a real difference"
	}
	return s + ": not a real difference at " + level + " (could be noise)"
}
