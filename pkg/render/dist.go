package render

import (
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/gocarina/gocsv"
	"github.com/npskit/nps/pkg/nps"
)

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

// distRow is the typed CSV row of one score.
type distRow struct {
	Score    int    `csv:"score"`
	Count    int64  `csv:"count"`
	Share    csvNum `csv:"share"`
	Category string `csv:"category"`
}

func writeDist(w io.Writer, f Format, rep *DistReport, st Style) error {
	sh := shares(&rep.Tally)
	switch f {
	case Table:
		return renderTerminal(w, distGrid(rep, sh), st)
	case Markdown:
		return renderMarkdown(w, distGrid(rep, sh))
	case CSV, TSV:
		rows := make([]distRow, 11)
		for s := range rows {
			rows[s] = distRow{s, rep.Tally.Count[s], csvNum(sh[s]), nps.Classify(s).String()}
		}
		cw := newCSVWriter(w, f)
		if err := gocsv.MarshalCSV(rows, newPrefixWriter(cw, nil, nil)); err != nil {
			return err
		}
		cw.Flush()
		return cw.Error()
	case JSONL:
		var b jsonBuf
		for s := range 11 {
			b.open('{')
			b.kint("score", int64(s))
			b.kint("count", rep.Tally.Count[s])
			b.knum("share", sh[s])
			b.kstr("category", nps.Classify(s).String())
			b.close('}')
			b.WriteByte('\n')
		}
		_, err := w.Write(b.Bytes())
		return err
	case JSON:
		var b jsonBuf
		r := rep.Result
		b.open('{')
		b.kint("n", r.N)
		b.key("counts")
		b.open('[')
		for _, c := range rep.Tally.Count {
			b.sep()
			b.int(c)
		}
		b.close(']')
		b.key("shares")
		b.open('[')
		for _, x := range sh {
			b.sep()
			b.num(x)
		}
		b.close(']')
		b.resultFields(r, r.Weighted, false) // n is already first
		b.kint("blank", rep.Blank)
		b.kint("invalid", rep.Invalid)
		b.close('}')
		return writePretty(w, &b)
	}
	return fmt.Errorf("unknown format %v", f)
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
	if s := notCounted(rep.Blank, rep.Invalid); s != "" {
		g.notes = append(g.notes, s)
	}
	return g
}
