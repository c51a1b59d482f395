package render

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/npskit/nps/pkg/nps"
)

// Side is one side of a comparison: how it was chosen and its result.
type Side struct {
	KeyNames  []string // e.g. ["file"], ["period"], ["region"]
	KeyValues []string
	Result    nps.Result
}

// CompareReport is what `nps compare` prints.
type CompareReport struct {
	A, B       Side
	Comparison nps.Comparison
	Confidence float64
}

// Compare is the model of a comparison: JSON {"a": RESULT+key, "b":
// RESULT+key, "diff", "diff_ci_low", "diff_ci_high", "z", "p_value",
// "significant"}; rows a, b and diff; a table with the difference as its
// total row and the one-line verdict.
func Compare(rep *CompareReport) *Model {
	c := rep.Comparison
	weighted := rep.weighted()
	side := func(s Side) object {
		return keyed(s.KeyNames, s.KeyValues, resultFields(s.Result, weighted))
	}
	diff := object{
		{"diff", number(c.Diff)},
		{"diff_ci_low", number(c.DiffCILow)},
		{"diff_ci_high", number(c.DiffCIHigh)},
	}
	test := object{
		{"z", number(c.Z)},
		{"p_value", number(c.PValue)},
		{"significant", boolean(c.Significant)},
	}
	doc := append(object{{"a", nested(side(rep.A))}, {"b", nested(side(rep.B))}}, diff...)
	doc = append(doc, test...)
	lines := []object{
		append(object{{"side", text("a")}}, side(rep.A)...),
		append(object{{"side", text("b")}}, side(rep.B)...),
		append(append(object{{"side", text("diff")}}, diff...), test...),
	}

	// CSV and TSV: three rows under one header, told apart by the side
	// column, with both sides' key columns:
	//
	//	side,<key columns>,n,promoters,...,low_n[,weight_total,effective_n],z,p_value,significant
	//	a,EMEA,...result of A...,,,
	//	b,APAC,...result of B...,,,
	//	diff,,,,,,,,,<diff>,<diff_ci_low>,<diff_ci_high>,,[,,]<z>,<p_value>,<significant>
	//
	// On the diff row the nps, ci_low and ci_high columns hold the
	// difference B − A and its interval; cells that have no meaning there
	// are empty, as are z, p_value and significant on the a and b rows.
	names := rep.keyNames()
	noTest := blanks(test)
	csvSide := func(label string, s Side) object {
		o := append(object{{"side", text(label)}, keyField(names, keyValues(s, names))}, resultFields(s.Result, weighted)...)
		return append(o, noTest...)
	}
	diffRow := object{{"side", text("diff")}, keyField(names, nil)}
	for _, f := range blanks(resultFields(nps.Result{}, weighted)) {
		switch f.name {
		case nameNPS:
			f.val = number(c.Diff)
		case nameCILow:
			f.val = number(c.DiffCILow)
		case nameCIHigh:
			f.val = number(c.DiffCIHigh)
		}
		diffRow = append(diffRow, f)
	}
	diffRow = append(diffRow, test...)
	rows := []object{csvSide("a", rep.A), csvSide("b", rep.B), diffRow}
	return &Model{doc: doc, records: recordsOf(diffRow, rows), lines: lines, blocks: []block{compareGrid(rep)}}
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
	anyLow, _ := t.markers()
	g := t.grid(anyLow, false)
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
	if anyLow {
		g.notes = append(g.notes, lowNNote(0))
	}
	if t.weighted {
		g.notes = append(g.notes, weightedNote)
	}
	return g
}

// verdict is the one-line reading of the comparison, e.g. "APAC is 12.3
// points higher than EMEA (95% CI 4.1 to 20.5, p = 0.003): a significant
// difference at 95%". A difference that is not significant is never called
// proof of no difference (SPEC §5): "...: no significant difference detected
// (95% CI -8.7 to 11.8, p = 0.730); with these sample sizes a difference
// smaller than about 14.2 points could easily go undetected", the number
// being the minimal detectable difference at 80% power (nps.Compare). The
// interval is turned round with the sentence: for "lower" it is the
// interval of A − B, so its numbers read in the stated direction.
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
	stats := fmt.Sprintf("(%s %s to %s, %s)", confLabel(rep.Confidence), fmt1(lo), fmt1(hi), fmtP(c.PValue))
	if c.Significant {
		return what + " " + stats + ": a significant difference at " + level
	}
	s := what + ": no significant difference detected " + stats
	if c.MDD > 0 && !math.IsInf(c.MDD, 0) {
		s += "; with these sample sizes a difference smaller than about " + fmt1(c.MDD) + " points could easily go undetected"
	}
	return s
}
