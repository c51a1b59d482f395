package render

// The -f tally writer (factory.go): the tally shape of a pass, for score
// and trend.
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

	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
)

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

// Tallies is the model of a tally: only the tally writer writes it.
func Tallies(rep *TallyReport) *Model {
	return &Model{title: "Tally", tally: rep}
}

// tallyWriter writes -f tally: a Model made by Tallies, as WriteTally.
type tallyWriter struct{}

func (tallyWriter) report(w io.Writer, m *Model, _ Style) error {
	if m.tally == nil {
		return usererr.Usagef("write the tally with nps score -f tally or nps trend -f tally", "this report has no tally to write")
	}
	return WriteTally(w, m.tally)
}

func (tallyWriter) rows(io.Writer, []string, Style) (RowWriter, error) {
	return nil, usererr.Usagef("use -f csv", "rows of responses have no tally")
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
