package render

import (
	"fmt"
	"math"
	"strconv"

	"github.com/npskit/nps/pkg/nps"
)

// DistReport is what `nps dist` prints.
type DistReport struct {
	Tally   nps.Tally
	Result  nps.Result
	Blank   int64
	Invalid int64
	// Confidence labels the interval in the summary line ("95% CI"); 0
	// says just "CI".
	Confidence float64
}

// Dist is the model of the 0-10 distribution: JSON {"n": N, "counts":
// [c0, ..., c10], "shares": [...], ...the other result fields, "blank": N,
// "invalid": N}; a row per score (score, count, share, category); a table
// with bars and a summary line.
func Dist(rep *DistReport) *Model {
	sh := shares(&rep.Tally)
	r := rep.Result
	rows := make([]object, 11)
	counts, shareList := make([]value, 11), make([]value, 11)
	for s := range rows {
		rows[s] = object{
			{"score", count(int64(s))},
			{"count", count(rep.Tally.Count[s])},
			{"share", number(sh[s])},
			{"category", text(nps.Classify(s).String())},
		}
		counts[s], shareList[s] = count(rep.Tally.Count[s]), number(sh[s])
	}
	doc := object{{nameN, count(r.N)}, {"counts", list(counts)}, {"shares", list(shareList)}}
	for _, f := range resultFields(r, r.Weighted) {
		if f.name != nameN { // n is already first
			doc = append(doc, f)
		}
	}
	doc = append(doc, field{"blank", count(rep.Blank)}, field{"invalid", count(rep.Invalid)})
	return &Model{title: "Score distribution", doc: doc, records: recordsOf(rows[0], rows), lines: rows,
		blocks: []block{distChart(rep, sh), distGrid(rep, sh)}}
}

// distChart is the distribution as a bar chart: the share of each score,
// coloured by its category.
func distChart(rep *DistReport, sh [11]float64) *chart {
	s := series{name: "share", y: sh[:], tones: make([]tone, 11)}
	c := &chart{kind: barChart, caption: fmt.Sprintf("Share of responses by score (n = %d)", rep.Result.N), series: []series{s}, unit: "%"}
	for i := range 11 {
		c.x = append(c.x, strconv.Itoa(i))
		s.tones[i] = categoryTone[nps.Classify(i)]
	}
	return c
}

// shares returns the share (percent) of each score: by weight when the tally
// is weighted (as the result's shares are), else by count; NaN when empty.
func shares(t *nps.Tally) [11]float64 {
	var out [11]float64
	var total float64
	for i := range t.Count {
		if t.Weighted {
			total += t.Weight[i]
		} else {
			total += float64(t.Count[i])
		}
	}
	for i := range out {
		v := float64(t.Count[i])
		if t.Weighted {
			v = t.Weight[i]
		}
		if total > 0 {
			out[i] = 100 * v / total
		} else {
			out[i] = math.NaN()
		}
	}
	return out
}

// categoryTone is the colour of a category's bars.
var categoryTone = [...]tone{nps.Detractor: badTone, nps.Passive: fairTone, nps.Promoter: goodTone}

func distGrid(rep *DistReport, sh [11]float64) *grid {
	maxShare := 0.0
	for _, x := range sh {
		if x > maxShare {
			maxShare = x
		}
	}
	g := &grid{cols: []column{
		{head: "score", right: true}, {head: "category"}, {head: "count", right: true},
		{head: "share", right: true}, {head: "bar", bars: true},
	}}
	for s := range 11 {
		cat := nps.Classify(s)
		b := cell{tone: categoryTone[cat]}
		if sh[s] > 0 && maxShare > 0 {
			b.bar = sh[s] / maxShare
		}
		g.rows = append(g.rows, append(plain(strconv.Itoa(s), cat.String(), strconv.FormatInt(rep.Tally.Count[s], 10), fmtPct(sh[s])), b))
	}
	r := rep.Result
	var sum string
	if r.Empty() {
		sum = "n = 0: no responses"
	} else {
		sum = fmt.Sprintf("n = %d, NPS %s (%s %s to %s); promoters %s, passives %s, detractors %s",
			r.N, fmt1(r.NPS), confLabel(rep.Confidence), fmt1(r.CILow), fmt1(r.CIHigh),
			fmtPct(r.PromotersPct), fmtPct(r.PassivesPct), fmtPct(r.DetractorsPct))
		if r.LowN {
			sum += "; low n: read with care"
		}
	}
	g.notes = append(g.notes, "", sum)
	if r.Weighted {
		g.notes = append(g.notes, "Weighted: shares, NPS and interval use the weights; counts are responses.")
	}
	if s := notCounted(rep.Blank, rep.Invalid, 0); s != "" {
		g.notes = append(g.notes, s)
	}
	return g
}
