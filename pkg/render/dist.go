package render

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/gocarina/gocsv"
	"github.com/npskit/nps/pkg/nps"
)

const maxBar = 40 // widest distribution bar, in columns

// ANSI colours of the three categories.
const (
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiGreen  = "\x1b[32m"
	ansiReset  = "\x1b[0m"
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
		return distGrid(rep, sh, st.Color, false).renderTerminal(w)
	case Markdown:
		return distGrid(rep, sh, false, true).renderMarkdown(w)
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

// bar draws share/maxShare of maxBar columns with eighth blocks; a non-zero
// share always shows at least a sliver.
func bar(share, maxShare float64) string {
	if math.IsNaN(share) || share <= 0 || maxShare <= 0 {
		return ""
	}
	eighths := int(math.Round(share / maxShare * maxBar * 8))
	if eighths < 1 {
		eighths = 1
	}
	s := strings.Repeat("█", eighths/8)
	if r := eighths % 8; r > 0 {
		s += string([]rune("▏▎▍▌▋▊▉")[r-1])
	}
	return s
}

func distGrid(rep *DistReport, sh [11]float64, color, md bool) *grid {
	maxShare := 0.0
	for _, x := range sh {
		if x > maxShare {
			maxShare = x
		}
	}
	g := &grid{
		header: []string{"score", "category", "count", "share", ""},
		right:  []bool{true, false, true, true, false},
	}
	if md {
		g.header[4] = "bar"
	}
	for s := range 11 {
		cat := nps.Classify(s)
		b := bar(sh[s], maxShare)
		if color && b != "" {
			c := map[nps.Category]string{nps.Detractor: ansiRed, nps.Passive: ansiYellow, nps.Promoter: ansiGreen}[cat]
			b = c + b + ansiReset
		}
		g.rows = append(g.rows, []string{strconv.Itoa(s), cat.String(), strconv.FormatInt(rep.Tally.Count[s], 10), fmtPct(sh[s]), b})
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
	if md {
		g.notes = g.notes[1:] // Markdown separates notes itself
	}
	if r.Weighted {
		g.notes = append(g.notes, "Weighted: shares, NPS and interval use the weights; counts are responses.")
	}
	if s := notCounted(rep.Blank, rep.Invalid); s != "" {
		g.notes = append(g.notes, s)
	}
	return g
}
