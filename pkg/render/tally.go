package render

// The -f tally writer, on its own in this file: it shares nothing with the
// report writers but formatFloat, so that it can move into a writer
// factory as one piece.
//
// A tally is a machine format, written to be read back by nps (a tally
// file loads with no flags) and merged with the tallies of other shards.
// Its cells are therefore written verbatim: a segment value such as
// "=x" is not prefixed with a quote as CSV for spreadsheets is (SPEC §6),
// since a prefixed value would read back as another segment.

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/survey"
)

// Tally is the -f tally output format. It is not in ParseFormat's list:
// only score and trend write it, so the commands parse it themselves
// (IsTallyFormat).
const Tally Format = Markdown + 1

// IsTallyFormat reports whether a --format value asks for the tally.
func IsTallyFormat(s string) bool {
	return strings.EqualFold(strings.TrimSpace(s), "tally")
}

// TallyReport is the tally of a pass in the -f tally shape: one row per
// group, day and score.
type TallyReport struct {
	KeyNames []string // the --by columns, in order
	Dated    bool     // the input has a date column: a date column follows the keys
	Weighted bool     // weight and weight_sq columns follow the count
	Groups   []TallyGroup
}

// TallyGroup is one group of a TallyReport, in key order.
type TallyGroup struct {
	Key            []string // the --by values
	Date           string   // YYYY-MM-DD, when Dated
	Tally          nps.Tally
	Blank, Invalid int64
}

// WriteTally writes rep as CSV: the key columns, date (when Dated), score,
// count, and weight and weight_sq (when Weighted); per group a row for
// each score 0-10 that has responses, then one for blank scores (empty
// score) and one for invalid scores (score "invalid"), with no weights.
// UTF-8, LF line ends.
func WriteTally(w io.Writer, rep *TallyReport) error {
	cw := csv.NewWriter(w)
	header := append([]string(nil), rep.KeyNames...)
	if rep.Dated {
		header = append(header, survey.TallyDate)
	}
	header = append(header, survey.TallyScore, survey.TallyCount)
	if rep.Weighted {
		header = append(header, survey.TallyWeight, survey.TallyWeightSq)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	row := make([]string, 0, len(header))
	write := func(g *TallyGroup, score string, n int64, weights ...float64) error {
		row = append(row[:0], g.Key...)
		if rep.Dated {
			row = append(row, g.Date)
		}
		row = append(row, score, strconv.FormatInt(n, 10))
		if rep.Weighted {
			row = append(row, "", "")
			for i, x := range weights {
				row[len(row)-2+i] = formatFloat(x)
			}
		}
		return cw.Write(row)
	}
	for i := range rep.Groups {
		g := &rep.Groups[i]
		t := &g.Tally
		for s, n := range t.Count {
			if n == 0 {
				continue
			}
			w, w2 := float64(n), float64(n) // an unweighted tally in a weighted report: weight 1 each
			if t.Weighted {
				w, w2 = t.Weight[s], t.Weight2[s]
			}
			if err := write(g, strconv.Itoa(s), n, w, w2); err != nil {
				return err
			}
		}
		if g.Blank > 0 {
			if err := write(g, "", g.Blank); err != nil {
				return err
			}
		}
		if g.Invalid > 0 {
			if err := write(g, survey.TallyInvalid, g.Invalid); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
