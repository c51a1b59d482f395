package render

import (
	"fmt"
	"iter"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/npskit/nps/pkg/nps"
)

// GroupResult is one group's key values (in ScoreReport.KeyNames order) and result.
type GroupResult struct {
	Key    []string
	Result nps.Result
	// Change is a trend's +1 or -1 for a significant rise or fall from
	// the series' previous period (breakdown.Changes), marked ▲ or ▼
	// beside the NPS in tables; 0 otherwise. The machine formats do not
	// carry it.
	Change int8
}

// ScoreReport is what `nps score` (and the table part of `nps trend`) prints.
type ScoreReport struct {
	KeyNames []string // the --by columns in order, then "period" when grouping by period; empty without grouping
	Overall  nps.Result
	Groups   []GroupResult // empty without grouping
	Blank    int64
	Invalid  int64
	// SkippedDates counts the rows left out for a missing or unreadable
	// date when dates were needed (--period, --since, --until).
	SkippedDates int64
	Confidence   float64 // for the "95% CI" heading
	// MinN is the --min-n threshold, used only to word the low-n footnote
	// ("fewer than 30 responses"); 0 words it without the number.
	MinN int64
	// Each, when set, yields the groups one at a time in place of Groups,
	// for millions of groups (`nps score --by response_id`, `nps trend --by
	// email`): Score and Trend then make a row as a writer reaches it and
	// build the table and chart only for the writers that draw them. It
	// may be called more than once. The overall's Weighted says whether
	// the groups are weighted. Report reads Groups only.
	Each iter.Seq[GroupResult]
	// Batches, when set beside Each, yields the same groups in batches,
	// each made and encoded on one of several goroutines by an encoder of
	// its own from newEncoder, and their bytes in order (or an encoder's
	// error, and then stops): the CSV, TSV and JSON Lines writers read it
	// in place of Each, so that a million rows are encoded on every core
	// (engine.EachEncoded).
	Batches func(newEncoder func() func(b []byte, g *GroupResult) ([]byte, error)) iter.Seq2[[]byte, error]
}

// groups are the report's groups in order.
func (rep *ScoreReport) groups() iter.Seq[GroupResult] {
	if rep.Each != nil {
		return rep.Each
	}
	return slices.Values(rep.Groups)
}

// Score is the model of a score report: JSON {"overall": RESULT, "groups":
// [{"key": {...}, ...RESULT}], "blank": N, "invalid": N} (groups [] without
// grouping), with "skipped_dates": N when rows were left out for their
// date; CSV, TSV and JSON Lines a row per group (key columns first,
// no overall row), or the overall alone without grouping; a table with an
// "Overall" total row and footnotes.
func Score(rep *ScoreReport) *Model {
	weighted := rep.weighted()
	shape := resultFields(nps.Result{}, weighted)
	rows := func(yield func(object) bool) { yield(resultFields(rep.Overall, weighted)) }
	if rep.grouped() {
		shape = keyed(rep.KeyNames, nil, shape)
		rows = func(yield func(object) bool) {
			for g := range rep.groups() {
				if !yield(keyed(rep.KeyNames, g.Key, resultFields(g.Result, weighted))) {
					return
				}
			}
		}
		if rep.Each != nil { // every row is written before the next is made: one row's memory, reused
			rows = func(yield func(object) bool) {
				row := manyScoreRows(rep.KeyNames, weighted)
				var cur GroupResult // not the loop's variable, which would move to the heap
				for cur = range rep.groups() {
					if !yield(row(&cur)) {
						return
					}
				}
			}
		}
	}
	groups := list([]value{})
	if rep.grouped() {
		groups = lazyList(func(yield func(value) bool) {
			for r := range rows {
				if !yield(nested(r)) {
					return
				}
			}
		})
	}
	doc := object{
		{"overall", nested(resultFields(rep.Overall, weighted))},
		{"groups", groups},
		{"blank", count(rep.Blank)},
		{"invalid", count(rep.Invalid)},
	}
	if rep.SkippedDates > 0 {
		doc = append(doc, field{"skipped_dates", count(rep.SkippedDates)})
	}
	m := &Model{title: "Net Promoter Score", doc: doc, records: records{header: columns(shape)}}
	if rep.Each != nil {
		m.many = &manyRows{records: rows, lines: rows}
		m.makeBlocks = func() []block { return []block{scoreGrid(rep)} }
		if rep.Batches != nil {
			m.many.batches = func(newEncoder func() rowEncoder) iter.Seq2[[]byte, error] {
				return rep.Batches(func() func([]byte, *GroupResult) ([]byte, error) {
					encode, row := newEncoder(), manyScoreRows(rep.KeyNames, weighted)
					return func(b []byte, g *GroupResult) ([]byte, error) { return encode(b, row(g)) }
				})
			}
		}
		return m
	}
	m.records.rows = slices.Collect(iter.Seq[object](rows))
	m.lines, m.makeBlocks = m.records.rows, func() []block { return []block{scoreGrid(rep)} }
	return m
}

// manyScoreRows returns a function that makes the row of a group, in the
// same memory each time (a row is written before the next is made), for
// one goroutine. Only the key's texts change from row to row: fields built
// afresh were copied through the stack, 100 bytes each, a stall each time.
func manyScoreRows(keyNames []string, weighted bool) func(*GroupResult) object {
	key := appendKeyValues(nil, keyNames, nil)
	row := object{{"key", nested(key)}}
	results := resultMemo{weighted: weighted}
	return func(g *GroupResult) object {
		for i := range key {
			key[i].val.text = ""
			if i < len(g.Key) {
				key[i].val.text = g.Key[i]
			}
		}
		row = results.appendFields(row[:1], &g.Result)
		return row
	}
}

// resultMemo makes the result fields of the rows of many groups, each
// distinct result's once, as a shared value whose encoding writers keep: a
// group per respondent has a few dozen distinct results among a million
// rows, and formatting their numbers was most of the cost of writing them.
// Results are told apart bit for bit (a -0 is not a 0), in a direct-mapped
// table found without a map's hashing; a result whose slot is taken is
// written as plain fields, so a report has at most resultSlots shared
// values.
type resultMemo struct {
	weighted bool
	slots    [resultSlots]struct {
		key  resultBits
		val  value
		used bool
	}
	n int // shared values made
}

const resultSlots = 256 // a power of two

// resultBits is a result with its numbers as bits.
type resultBits struct {
	counts    [4]int64
	nums      [8]uint64
	lowN, wtd bool
	band      string
}

// appendFields appends r's fields to o: its shared value, or the fields
// themselves when its slot holds another result.
func (m *resultMemo) appendFields(o object, r *nps.Result) object {
	k := resultBits{
		counts: [4]int64{r.N, r.Promoters, r.Passives, r.Detractors},
		nums: [8]uint64{math.Float64bits(r.PromotersPct), math.Float64bits(r.PassivesPct), math.Float64bits(r.DetractorsPct),
			math.Float64bits(r.NPS), math.Float64bits(r.CILow), math.Float64bits(r.CIHigh),
			math.Float64bits(r.WeightTotal), math.Float64bits(r.EffectiveN)},
		lowN: r.LowN, wtd: r.Weighted, band: r.Band,
	}
	// The counts decide an unweighted result: they alone choose the slot.
	h := uint64(r.N)*0x9e3779b97f4a7c15 ^ uint64(r.Promoters)*0xc2b2ae3d27d4eb4f ^ uint64(r.Detractors)*0x165667b19e3779f9
	s := &m.slots[(h^h>>29)%resultSlots]
	switch {
	case !s.used:
		s.key, s.val, s.used = k, shared(m.n, resultFields(*r, m.weighted)), true
		m.n++
	case s.key != k:
		return appendResultFields(o, *r, m.weighted)
	}
	return append(o, field{val: s.val})
}

// weighted reports whether any result of the report is weighted; the
// weight columns then appear everywhere in it. (Groups yielded by Each
// are weighted when the overall is.)
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
	band        bool   // a last column with each result's band
	changes     []int8 // per result: +1 ▲, -1 ▼ after the NPS
	// each, when set, stands for labels, results and changes: rows made
	// again on every call, never held (grid.each).
	each iter.Seq[resultRow]
}

// resultRow is one row of a resultTable.
type resultRow struct {
	label  []string
	result nps.Result
	change int8
}

// rows yields the table's rows (without the total).
func (t *resultTable) rows() iter.Seq[resultRow] {
	if t.each != nil {
		return t.each
	}
	return func(yield func(resultRow) bool) {
		for i, r := range t.results {
			var label []string
			if i < len(t.labels) {
				label = t.labels[i]
			}
			var change int8
			if i < len(t.changes) {
				change = t.changes[i]
			}
			if !yield(resultRow{label, r, change}) {
				return
			}
		}
	}
}

// changeMarks are the markers of a significant rise and fall.
var changeMarks = map[int8]string{1: "▲", -1: "▼"}

// lowN reports whether a result carries the low-n marker.
func lowN(r nps.Result) bool { return r.LowN && !r.Empty() }

// markers reports whether any row of the table carries the low-n marker
// and whether any carries a change marker, in one pass over the rows.
func (t *resultTable) markers() (anyLowN, anyChange bool) {
	anyLowN = t.totalLabel != nil && lowN(t.total)
	for r := range t.rows() {
		anyLowN = anyLowN || lowN(r.result)
		anyChange = anyChange || r.change != 0
		if anyLowN && anyChange {
			break
		}
	}
	return anyLowN, anyChange
}

// grid is the table's grid, with a marker part beside each NPS when any
// row carries a marker (markers).
func (t *resultTable) grid(anyLow, anyChange bool) *grid {
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
	if t.band {
		g.cols = append(g.cols, column{head: "band"})
	}
	row := func(label []string, r nps.Result, change int8) []cell {
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
		if anyLow || anyChange { // a marker part, so that the numbers stay aligned
			marker := ""
			if lowN(r) {
				marker = "*"
			}
			marker += changeMarks[change]
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
		if t.band {
			cs = append(cs, cell{text: r.Band})
		}
		return cs
	}
	if t.each != nil {
		g.each = func(yield func([]cell) bool) {
			for r := range t.each {
				if !yield(row(fitKey(r.label, len(t.labelHeader)), r.result, r.change)) {
					return
				}
			}
		}
	} else {
		for r := range t.rows() {
			g.rows = append(g.rows, row(fitKey(r.label, len(t.labelHeader)), r.result, r.change))
		}
	}
	if t.totalLabel != nil {
		g.total = row(fitKey(t.totalLabel, len(t.labelHeader)), t.total, 0)
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

// changeNote is the footnote for the ▲ and ▼ markers.
func changeNote(confidence float64) string {
	return "▲ ▼ significant rise or fall since the previous period (" + confPct(confidence) + " confidence)"
}

const weightedNote = "Weighted: shares, NPS and interval use the weights; n counts responses, eff. n is Kish's effective sample size."

// notCounted is the footer line about blank and invalid scores, "" when
// there were none.
func notCounted(blank, invalid, skippedDates int64) string {
	var parts []string
	if blank > 0 {
		parts = append(parts, fmt.Sprintf("%d blank", blank))
	}
	if invalid > 0 {
		parts = append(parts, fmt.Sprintf("%d invalid", invalid))
	}
	if skippedDates > 0 {
		parts = append(parts, fmt.Sprintf("%d without a readable date", skippedDates))
	}
	if len(parts) == 0 {
		return ""
	}
	return "Not counted: " + strings.Join(parts, ", ") + "."
}

// scoreGrid is the score table: one row per group (key columns first) and
// an "Overall" total row when grouped; the overall result alone otherwise.
func scoreGrid(rep *ScoreReport) *grid {
	t := &resultTable{confidence: rep.Confidence, weighted: rep.weighted(), band: true}
	if rep.grouped() {
		t.labelHeader = rep.KeyNames
		label := func(g GroupResult) []string {
			key := fitKey(g.Key, len(rep.KeyNames))
			label := make([]string, len(key))
			for i, k := range key {
				label[i] = termKey(k)
			}
			return label
		}
		if rep.Each != nil { // millions of groups: rows made as they are written
			t.each = func(yield func(resultRow) bool) {
				for g := range rep.Each {
					if !yield(resultRow{label(g), g.Result, g.Change}) {
						return
					}
				}
			}
		}
		for _, g := range rep.Groups {
			t.labels = append(t.labels, label(g))
			t.results = append(t.results, g.Result)
			t.changes = append(t.changes, g.Change)
		}
		t.totalLabel = []string{"Overall"}
		t.total = rep.Overall
	} else {
		t.results = []nps.Result{rep.Overall}
	}
	anyLow, anyChange := t.markers()
	g := t.grid(anyLow, anyChange)
	if anyLow {
		g.notes = append(g.notes, lowNNote(rep.MinN))
	}
	if anyChange {
		g.notes = append(g.notes, changeNote(rep.Confidence))
	}
	if t.weighted {
		g.notes = append(g.notes, weightedNote)
	}
	if s := notCounted(rep.Blank, rep.Invalid, rep.SkippedDates); s != "" {
		g.notes = append(g.notes, s)
	}
	return g
}
